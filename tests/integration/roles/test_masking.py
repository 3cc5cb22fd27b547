"""Phone numbers, names and addresses are masked in every answer (API and console,
lists, pages and exports) until someone allowed reveals them, which is written to
the audit log first; a partner sees only its own organisation's requests."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.auth.roles import Role
from app.calls import service as call_service
from app.volunteers import service as volunteer_service
from app.volunteers.schemas import VolunteerCreate
from tests.integration.roles.accounts import (
    PARTNER_ORGANISATION,
    Answer,
    Identity,
    asgi_request,
    identities,
)
from tests.integration.roles.route_table import PATH_VALUES, ROUTES
from tests.integration.roles.test_every_route import app_routes
from tests.support.harness import Hotline

pytestmark = pytest.mark.integration

CALLER = "+32470123456"
CALLER_DIGITS = "470123456"
NAME = "Maria Peeters"
STREET = "Rue des Coteaux"
OTHER_CALLER = "+32471654321"
VOLUNTEER_PHONE = "+32475111222"
# What no masked answer may carry, in any form.
SECRETS = (CALLER_DIGITS, "Peeters", "Coteaux", "471654321", "475111222")


def request_body(organisation: str | None = None) -> dict[str, object]:
    body: dict[str, object] = {
        "phone_number": "0470 12 34 56",
        "requester_name": NAME,
        "language": "fr",
        "need": "groceries",
        "postcode": "1030",
        "address_street": STREET,
        "address_number": "37",
        "address_box": "B2",
        "notes": f"call her son first on {OTHER_CALLER}",
    }
    if organisation:
        body["organisation"] = organisation
    return body


def who(people: list[Identity], role: Role) -> Identity:
    return next(p for p in people if p.role is role)


async def post_json(
    hotline: Hotline, path: str, identity: Identity, body: object = None
) -> Answer:
    return await asgi_request(
        hotline,
        "POST",
        path,
        identity=identity,
        body=json.dumps(body if body is not None else {}).encode(),
        content_type="application/json",
    )


async def audit_entries(hotline: Hotline, action: str) -> list[AuditEntry]:
    async with hotline.session() as session:
        rows = await session.scalars(
            select(AuditEntry).where(AuditEntry.action == action)
        )
        return list(rows)


def leaked(answer: Answer) -> list[str]:
    return [secret for secret in SECRETS if secret in answer.text]


async def seed(hotline: Hotline, people: list[Identity]) -> dict[str, str]:
    """A request entered by a coordinator, a call from another number and a
    volunteer; the ids to put in paths."""
    created = await post_json(
        hotline, "/api/requests", who(people, Role.COORDINATOR), request_body()
    )
    assert created.status == 201, created.text
    assert not leaked(created), created.text
    request_id = json.loads(created.body)["id"]
    async with hotline.session() as session:
        call = call_service.new_call(
            twilio_call_sid="CA" + "7" * 32,
            purpose="caller",
            direction="inbound",
            from_number=OTHER_CALLER,
            to_number="+3228089654",
            status="completed",
            now=hotline.clock.now(),
        )
        session.add(call)
        volunteer, _ = await volunteer_service.create(
            session,
            VolunteerCreate(
                name="Anna",
                phone_number=VOLUNTEER_PHONE,
                languages=["fr"],
                is_operator=True,
            ),
            now=hotline.clock.now(),
        )
        await session.commit()
        return {
            "request_id": str(request_id),
            "call_id": str(call.id),
            "volunteer_id": str(volunteer.id),
        }


async def test_no_answer_shows_a_number_name_or_address_in_full(
    hotline: Hotline,
) -> None:
    people = await identities(hotline)
    ids = await seed(hotline, people)
    values = {**PATH_VALUES, **ids}
    checked = 0
    leaks: list[str] = []
    for method, path in sorted(set(app_routes(hotline)) & set(ROUTES)):
        if method != "GET" or not (path.startswith(("/api/", "/console"))):
            continue
        if path.endswith("/live") or path.startswith("/console/login"):
            continue
        url = path
        for name, value in values.items():
            url = url.replace(f"{{{name}:int}}", value).replace(f"{{{name}}}", value)
        for identity in people[1:]:
            answer = await asgi_request(hotline, "GET", url, identity=identity)
            if answer.status == 200:
                checked += 1
                leaks += [f"{url} as {identity.name}: {s}" for s in leaked(answer)]
    assert not leaks, "\n".join(leaks)
    # The sweep saw the seeded data: lists, pages and exports answered.
    assert checked > 60


async def test_revealing_a_request_is_audited_and_shows_it_in_full(
    hotline: Hotline,
) -> None:
    people = await identities(hotline)
    ids = await seed(hotline, people)
    coordinator = who(people, Role.COORDINATOR)
    before = await audit_entries(hotline, "request.reveal")
    page = await asgi_request(
        hotline, "GET", f"/api/requests/{ids['request_id']}", identity=coordinator
    )
    shown = await post_json(
        hotline, f"/api/requests/{ids['request_id']}/reveal", coordinator
    )
    after = await audit_entries(hotline, "request.reveal")
    assert page.status == 200
    assert not leaked(page)
    assert shown.status == 200
    full = json.loads(shown.body)
    assert full["caller_number"] == CALLER
    assert full["requester_name"] == NAME
    assert full["address_street"] == STREET
    assert full.get("voicemail_url") is None
    assert len(after) == len(before) + 1
    entry = after[-1]
    assert entry.actor == coordinator.name
    assert entry.subject == f"request:{ids['request_id']}"
    assert CALLER_DIGITS not in json.dumps(entry.detail)


async def test_an_operator_may_not_reveal(hotline: Hotline) -> None:
    people = await identities(hotline)
    ids = await seed(hotline, people)
    refused = await post_json(
        hotline, f"/api/requests/{ids['request_id']}/reveal", who(people, Role.OPERATOR)
    )
    assert refused.status == 403
    assert await audit_entries(hotline, "request.reveal") == []


async def test_revealing_a_call_and_a_volunteer_is_audited(hotline: Hotline) -> None:
    people = await identities(hotline)
    ids = await seed(hotline, people)
    admin = who(people, Role.ADMIN)
    call = await post_json(hotline, f"/api/calls/{ids['call_id']}/reveal", admin)
    volunteer = await post_json(
        hotline, f"/api/volunteers/{ids['volunteer_id']}/reveal", admin
    )
    assert json.loads(call.body)["caller_e164"] == OTHER_CALLER
    assert json.loads(volunteer.body)["phone_number"] == VOLUNTEER_PHONE
    assert [e.subject for e in await audit_entries(hotline, "call.reveal")] == [
        f"call:{ids['call_id']}"
    ]
    assert [e.actor for e in await audit_entries(hotline, "volunteer.reveal")] == [
        admin.name
    ]


async def test_the_console_page_is_masked_until_the_reveal_button(
    hotline: Hotline,
) -> None:
    people = await identities(hotline)
    ids = await seed(hotline, people)
    coordinator = who(people, Role.COORDINATOR)
    path = f"/console/requests/{ids['request_id']}"
    page = await asgi_request(hotline, "GET", path, identity=coordinator)
    shown = await asgi_request(
        hotline,
        "POST",
        f"{path}/reveal",
        identity=coordinator,
        body=f"csrf_token={coordinator.csrf_token}".encode(),
        content_type="application/x-www-form-urlencoded",
    )
    assert page.status == 200
    assert not leaked(page)
    assert "Show number, name and address in full" in page.text
    assert shown.status == 200
    assert NAME in shown.text
    assert STREET in shown.text
    entries = await audit_entries(hotline, "request.reveal")
    assert [(e.actor, (e.detail or {}).get("via")) for e in entries] == [
        (coordinator.name, "console")
    ]


async def test_a_partner_sees_only_its_organisation(hotline: Hotline) -> None:
    people = await identities(hotline)
    ids = await seed(hotline, people)  # a coordinator's request, no organisation
    partner = who(people, Role.PARTNER)
    own = await post_json(
        hotline, "/api/requests", partner, request_body("Another organisation")
    )
    own_id = json.loads(own.body)["id"]
    listed = await asgi_request(hotline, "GET", "/api/requests", identity=partner)
    other = await asgi_request(
        hotline, "GET", f"/api/requests/{ids['request_id']}", identity=partner
    )
    other_reveal = await post_json(
        hotline, f"/api/requests/{ids['request_id']}/reveal", partner
    )
    own_reveal = await post_json(hotline, f"/api/requests/{own_id}/reveal", partner)
    board = await asgi_request(hotline, "GET", "/console/requests", identity=partner)
    assert own.status == 201
    # Whatever the body said, the partner's request is its own organisation's.
    assert json.loads(own.body)["organisation"] == PARTNER_ORGANISATION
    assert [item["id"] for item in json.loads(listed.body)["items"]] == [own_id]
    assert other.status == 404
    assert other_reveal.status == 404
    assert own_reveal.status == 200
    assert json.loads(own_reveal.body)["requester_name"] == NAME
    assert f"/console/requests/{own_id}" in board.text
    assert f'/console/requests/{ids["request_id"]}"' not in board.text
    reveals = await audit_entries(hotline, "request.reveal")
    assert [e.subject for e in reveals] == [f"request:{own_id}"]


async def test_a_volunteer_saved_with_the_masked_number_keeps_the_number(
    hotline: Hotline,
) -> None:
    people = await identities(hotline)
    ids = await seed(hotline, people)
    coordinator = who(people, Role.COORDINATOR)
    path = f"/console/volunteers/{ids['volunteer_id']}"
    page = await asgi_request(hotline, "GET", path, identity=coordinator)
    form = (
        f"csrf_token={coordinator.csrf_token}&name=Anna+V.&phone_number=%2B32*******22"
        "&languages=fr&roles=operator&weekly_cap=3"
    )
    saved = await asgi_request(
        hotline,
        "POST",
        path,
        identity=coordinator,
        body=form.encode(),
        content_type="application/x-www-form-urlencoded",
    )
    async with hotline.session() as session:
        volunteer = await volunteer_service.get(session, int(ids["volunteer_id"]))
    assert 'value="+32*******22"' in page.text
    assert saved.status == 303, saved.text
    assert (volunteer.name, volunteer.phone_number) == ("Anna V.", VOLUNTEER_PHONE)
