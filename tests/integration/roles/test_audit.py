"""The audit log: changes, reveals and exports are written to it, admins read and
export it (the export itself audited), and nobody can change an entry."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry, AuditEntryIsAppendOnly
from app.auth.roles import Role
from tests.integration.roles.accounts import (
    Answer,
    Identity,
    asgi_request,
    identities,
    operator_volunteer,
)
from tests.support.harness import Hotline

pytestmark = pytest.mark.integration


def who(people: list[Identity], role: Role) -> Identity:
    return next(p for p in people if p.role is role)


async def send_json(
    hotline: Hotline, method: str, path: str, identity: Identity, body: object
) -> Answer:
    return await asgi_request(
        hotline,
        method,
        path,
        identity=identity,
        body=json.dumps(body).encode(),
        content_type="application/json",
    )


async def entries(hotline: Hotline) -> list[AuditEntry]:
    async with hotline.session() as session:
        return list(await session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


async def test_changes_and_exports_are_audited_and_admins_read_them(
    hotline: Hotline,
) -> None:
    people = await identities(hotline)
    admin = who(people, Role.ADMIN)
    coordinator = who(people, Role.COORDINATOR)
    volunteer_id = await operator_volunteer(hotline, "+32470990002")
    edited = await send_json(
        hotline,
        "PATCH",
        f"/api/volunteers/{volunteer_id}",
        coordinator,
        {"name": "Omar B.", "weekly_cap": 4},
    )
    export = await asgi_request(
        hotline,
        "GET",
        "/console/calls.csv",
        identity=coordinator,
    )
    page = await asgi_request(
        hotline, "GET", "/api/audit", identity=admin, query={"actor": coordinator.name}
    )
    assert edited.status == 200
    assert export.status == 200
    listed = json.loads(page.body)
    assert [(e["action"], e["subject"], e["detail"]) for e in listed["items"]] == [
        ("calls.export", "calls", {"purpose": "caller"}),
        (
            "volunteer.update",
            f"volunteer:{volunteer_id}",
            {"fields": "name,weekly_cap"},
        ),
    ]
    csv_export = await asgi_request(
        hotline, "GET", "/api/audit/export", identity=admin, query={"format": "csv"}
    )
    lines = csv_export.text.strip().splitlines()
    assert lines[0] == "id,at,actor,action,subject,detail"
    assert any(f"volunteer.update,volunteer:{volunteer_id}" in line for line in lines)
    json_export = await asgi_request(
        hotline, "GET", "/api/audit/export", identity=admin, query={"format": "json"}
    )
    exported = json.loads(json_export.body)
    # The export of the audit log is itself in it (written before the export).
    assert exported[-1]["action"] == "audit.export"
    assert exported[-1]["actor"] == admin.name
    assert (await entries(hotline))[-1].detail == {"format": "json"}


async def test_a_request_changed_by_a_coordinator_is_audited_without_its_values(
    hotline: Hotline,
) -> None:
    people = await identities(hotline)
    coordinator = who(people, Role.COORDINATOR)
    created = await send_json(
        hotline,
        "POST",
        "/api/requests",
        coordinator,
        {
            "phone_number": "0470 55 66 77",
            "requester_name": "Jeanne Dupont",
            "language": "fr",
            "need": "pharmacy",
            "postcode": "1030",
        },
    )
    request_id = json.loads(created.body)["id"]
    await send_json(
        hotline,
        "PATCH",
        f"/api/requests/{request_id}",
        coordinator,
        {"address_street": "Avenue Rogier"},
    )
    mine = [e for e in await entries(hotline) if e.actor == coordinator.name]
    assert [e.action for e in mine][:1] == ["request.created"]
    assert all(e.subject == f"request:{request_id}" for e in mine)
    assert len(mine) >= 2
    written = json.dumps([e.detail for e in mine])
    assert "Rogier" not in written
    assert "Dupont" not in written
    assert "470556677" not in written


async def test_the_admin_console_page_lists_and_exports_the_log(
    hotline: Hotline,
) -> None:
    people = await identities(hotline)
    admin = who(people, Role.ADMIN)
    page = await asgi_request(hotline, "GET", "/console/audit", identity=admin)
    csv_file = await asgi_request(
        hotline,
        "GET",
        "/console/audit.csv",
        identity=admin,
        query={"action": "account"},
    )
    assert page.status == 200
    # The accounts made for the test are in it.
    assert "account.create" in page.text
    assert "account:role-partner" in page.text
    assert csv_file.status == 200
    assert csv_file.headers["content-type"].startswith("text/csv")
    assert csv_file.text.count("account.create") == len(people) - 1


async def test_an_entry_cannot_be_changed_or_deleted(hotline: Hotline) -> None:
    await identities(hotline)
    async with hotline.session() as session:
        entry = await session.scalar(select(AuditEntry).limit(1))
        assert entry is not None
        entry.actor = "someone else"
        with pytest.raises(AuditEntryIsAppendOnly):
            await session.flush()
    async with hotline.session() as session:
        entry = await session.scalar(select(AuditEntry).limit(1))
        assert entry is not None
        await session.delete(entry)
        with pytest.raises(AuditEntryIsAppendOnly):
            await session.flush()


async def test_admins_manage_accounts_and_roles(hotline: Hotline) -> None:
    people = await identities(hotline)
    admin = who(people, Role.ADMIN)
    made = await send_json(
        hotline,
        "POST",
        "/api/accounts",
        admin,
        {"username": "desk", "role": "partner", "organisation": "CPAS Evere"},
    )
    token = json.loads(made.body)["token"]
    desk = Identity("desk", Role.PARTNER, token, None, None)
    as_partner = await asgi_request(hotline, "GET", "/api/requests", identity=desk)
    refused = await asgi_request(hotline, "GET", "/api/calls", identity=desk)
    promoted = await send_json(
        hotline, "PUT", "/api/accounts/desk/role", admin, {"role": "coordinator"}
    )
    as_coordinator = await asgi_request(hotline, "GET", "/api/calls", identity=desk)
    last_admin = await send_json(
        hotline,
        "PUT",
        f"/api/accounts/{admin.name}/role",
        admin,
        {"role": "coordinator"},
    )
    no_organisation = await send_json(
        hotline, "POST", "/api/accounts", admin, {"username": "p2", "role": "partner"}
    )
    assert made.status == 201
    assert as_partner.status == 200
    assert refused.status == 403
    assert promoted.status == 200
    assert json.loads(promoted.body)["organisation"] is None
    assert as_coordinator.status == 200
    assert last_admin.status == 409
    assert no_organisation.status == 400
    actions = [(e.action, e.subject) for e in await entries(hotline)]
    assert ("account.create", "account:desk") in actions
    assert ("account.role", "account:desk") in actions
