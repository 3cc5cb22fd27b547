"""Erasure and export of one person's data, by phone number (admin API)."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from app.abuse.models import Ban
from app.audit.models import AuditEntry
from app.calls.models import Call
from app.config import Settings
from app.help_requests.models import HelpRequest
from app.privacy.anonymise import ERASED
from app.queue.models import QueueEntry
from app.volunteers import service as volunteer_service
from app.volunteers.models import Volunteer
from tests.integration.privacy.privacy_support import (
    OTHER,
    PERSON,
    PERSON_WRITTEN,
    Admin,
    add_volunteer,
    closed_hotline,
    leave_voicemail,
    recording_sids,
    requests_of,
    seed_person,
    snapshot,
    traces,
)
from tests.support.harness import TEST_ACCOUNT_SID, TEST_AUTH_TOKEN, Hotline
from twilio_simulator import OperatorPhone
from twilio_simulator.parties import Press, ScriptedCaller

pytestmark = pytest.mark.integration


async def provider_status(hotline: Hotline, recording_sid: str) -> int:
    """What the simulator's REST API answers for this recording's metadata."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=hotline.sim.rest_app),
        base_url="https://api.twilio.com",
        auth=(TEST_ACCOUNT_SID, TEST_AUTH_TOKEN),
    ) as client:
        response = await client.get(
            f"/2010-04-01/Accounts/{TEST_ACCOUNT_SID}/Recordings/{recording_sid}.json"
        )
    return response.status_code


async def audit_entries(hotline: Hotline, action: str) -> list[AuditEntry]:
    async with hotline.session() as session:
        rows = await session.scalars(
            select(AuditEntry).where(AuditEntry.action == action)
        )
        return list(rows)


async def test_erasure_leaves_no_trace_of_the_person_in_any_table(
    settings: Settings,
) -> None:
    async with closed_hotline(settings) as hotline:
        await seed_person(hotline)
        found = {hit.split(".")[0] for hit in await traces(hotline, PERSON)}
        # The scan finds the person wherever they are: calls and their timeline
        # (the SMS offer's leg), requests, the volunteer record, the ban.
        assert {"call", "help_request", "volunteer", "ban"} <= found
        theirs = [
            *recording_sids(hotline, PERSON_WRITTEN[0]),
            *recording_sids(hotline, PERSON_WRITTEN[2]),
        ]
        others = recording_sids(hotline, OTHER)
        assert theirs
        assert len(others) == 1
        requests = len(await requests_of(hotline, PERSON))
        assert requests >= 2  # the voicemail's, the one entered on their behalf
        assert {await provider_status(hotline, sid) for sid in theirs} == {200}

        response = await Admin(hotline).api(
            "POST", "/api/privacy/erasure", json={"phone_number": "0470 12 34 56"}
        )

        assert response.status_code == 200, response.text
        receipt = response.json()
        assert receipt["number_masked"] == "+32*******56"
        assert receipt["recordings_deleted"] == len(theirs)
        assert receipt["requests_anonymised"] == requests
        assert receipt["requests_closed"] == requests
        assert receipt["calls_anonymised"] >= 2
        assert receipt["call_events_deleted"] > 0
        assert receipt["volunteer_removed"] is True
        assert (receipt["bans_removed"], receipt["bans_kept"]) == (1, 0)
        assert await traces(hotline, PERSON) == []
        # Deleted at the provider through its REST API; the other caller's stays.
        assert hotline.sim.deleted_recordings == set(theirs)
        assert {await provider_status(hotline, sid) for sid in theirs} == {404}
        assert await provider_status(hotline, others[0]) == 200
        (kept,) = await requests_of(hotline, OTHER)
        assert kept.voicemail_url is not None
        assert await traces(hotline, OTHER) != []
        # What stays of the person's requests: the figures, not the person.
        async with hotline.session() as session:
            erased = list(
                await session.scalars(
                    select(HelpRequest).where(HelpRequest.caller_number == ERASED)
                )
            )
        assert len(erased) == requests
        assert {(r.status, r.close_reason) for r in erased} == {
            ("closed", "no_longer_needed")
        }
        assert {r.need for r in erased} >= {"groceries"}
        assert all(r.requester_name is None and r.notes is None for r in erased)
        # The receipt in the audit log: counts and the masked number only.
        (entry,) = await audit_entries(hotline, "privacy.erase")
        assert entry.actor == "privacy-admin"
        assert entry.subject == "number:+32*******56"
        assert entry.detail is not None
        assert entry.detail["recordings_deleted"] == str(len(theirs))


async def test_an_active_ban_of_the_number_is_kept_and_said_so(
    settings: Settings,
) -> None:
    async with closed_hotline(settings) as hotline:
        await leave_voicemail(hotline, PERSON)
        async with hotline.session() as session:
            session.add(
                Ban(
                    number_prefix=PERSON,
                    reason="abusive calls",
                    expires_at=hotline.clock.now() + timedelta(days=30),
                    created_by="coordinator",
                    created_at=hotline.clock.now(),
                )
            )
            await session.commit()

        response = await Admin(hotline).api(
            "POST", "/api/privacy/erasure", json={"phone_number": PERSON}
        )

        assert response.status_code == 200, response.text
        assert (response.json()["bans_removed"], response.json()["bans_kept"]) == (
            0,
            1,
        )
        assert await traces(hotline, PERSON) == [f"ban.number_prefix: '{PERSON}'"]


async def test_a_volunteer_on_duty_is_not_erased_and_nothing_changes(
    settings: Settings,
) -> None:
    async with closed_hotline(settings) as hotline:
        await leave_voicemail(hotline, PERSON)
        volunteer_id = await add_volunteer(hotline, PERSON)
        async with hotline.session() as session:
            volunteer = await session.get(Volunteer, volunteer_id)
            assert volunteer is not None
            volunteer.duty_state = "available"
            await session.commit()
        admin = Admin(hotline)
        await admin.token()
        before = await snapshot(hotline)

        response = await admin.api(
            "POST", "/api/privacy/erasure", json={"phone_number": PERSON}
        )

        assert response.status_code == 409
        assert "off duty" in response.json()["detail"]
        assert await snapshot(hotline) == before
        assert hotline.sim.deleted_recordings == set()


async def test_erasure_of_a_number_the_hotline_never_saw_is_an_empty_receipt(
    hotline: Hotline,
) -> None:
    response = await Admin(hotline).api(
        "POST", "/api/privacy/erasure", json={"phone_number": "+32478000000"}
    )

    assert response.status_code == 200
    body = response.json()
    assert body["calls_anonymised"] == body["requests_anonymised"] == 0
    assert body["volunteer_removed"] is False
    assert len(await audit_entries(hotline, "privacy.erase")) == 1


async def test_export_holds_the_calls_requests_and_volunteer_record_without_urls(
    settings: Settings,
) -> None:
    async with closed_hotline(settings) as hotline:
        await seed_person(hotline)

        response = await Admin(hotline).api(
            "POST", "/api/privacy/export", json={"phone_number": "0470/12.34.56"}
        )

        assert response.status_code == 200, response.text
        held = response.json()
        assert held["phone_number"] == PERSON
        assert len(held["calls"]) >= 2
        voicemails = [c for c in held["calls"] if c["outcome"] == "voicemail"]
        assert voicemails
        assert all(c["caller_e164"] == PERSON for c in held["calls"])
        assert "recording" in {e["kind"] for e in voicemails[0]["events"]}
        requests = await requests_of(hotline, PERSON)
        assert [r["id"] for r in held["requests"]] == [r.id for r in requests]
        behalf = next(r for r in held["requests"] if r["source"] == "api")
        assert behalf["requester_name"] == "Maria Peeters"
        assert behalf["address_street"] == "Rue Royale"
        assert behalf["history"][0]["kind"] == "created"
        assert any(r["has_voicemail"] for r in held["requests"])
        assert held["volunteer"]["name"] == "Maria Peeters"
        assert held["volunteer"]["shifts"] == [
            {"weekday": 6, "starts": "09:00:00", "ends": "12:00:00"}
        ]
        assert "duty_token_sha256" not in held["volunteer"]
        assert "duty_pin_hash" not in held["volunteer"]
        assert [b["number_prefix"] for b in held["bans"]] == [PERSON]
        # A recording is listed, never linked: provider URLs stay on the server.
        assert "Recordings/" not in response.text
        assert "api.twilio.com" not in response.text
        (entry,) = await audit_entries(hotline, "privacy.export")
        assert entry.subject == "number:+32*******56"
        assert entry.detail == {
            "calls": str(len(held["calls"])),
            "requests": "3",
            "volunteer": "yes",
        }


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/api/privacy/erasure", {"phone_number": PERSON}),
        ("POST", "/api/privacy/export", {"phone_number": PERSON}),
        ("POST", "/api/privacy/purge?dry_run=true", None),
    ],
)
async def test_only_an_admin_may_erase_export_or_purge(
    hotline: Hotline, method: str, path: str, body: dict[str, str] | None
) -> None:
    as_coordinator = await hotline.api(method, path, json=body)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=hotline.app), base_url="http://hotline.test"
    ) as client:
        anonymous = await client.request(method, path, json=body)
    as_admin = await Admin(hotline).api(method, path, json=body)

    assert (as_coordinator.status_code, anonymous.status_code) == (403, 401)
    assert as_admin.status_code == 200


async def test_an_invalid_number_is_refused(hotline: Hotline) -> None:
    response = await Admin(hotline).api(
        "POST", "/api/privacy/erasure", json={"phone_number": "12"}
    )

    assert response.status_code == 422
    assert await audit_entries(hotline, "privacy.erase") == []


async def test_a_number_promised_a_callback_is_not_erased_until_it_is_over(
    hotline: Hotline,
) -> None:
    # Nobody on duty: a caller who stays silent at the overflow choice is promised
    # a callback (the durable queue keeps the promise).
    await hotline.call(
        ScriptedCaller([Press("1", after_s=0.5), Press("0", after_s=0.5)]),
        from_=PERSON,
    )
    await hotline.run()
    async with hotline.session() as session:
        kinds = list(await session.scalars(select(QueueEntry.kind)))
    assert kinds == ["callback"]
    admin = Admin(hotline)
    await admin.token()
    before = await snapshot(hotline)

    response = await admin.api(
        "POST", "/api/privacy/erasure", json={"phone_number": PERSON}
    )

    assert response.status_code == 409
    assert "callback" in response.json()["detail"]
    assert await snapshot(hotline) == before


async def test_an_operator_is_erased_from_the_calls_they_answered(
    hotline: Hotline,
) -> None:
    volunteer_id = await hotline.add_operator(
        "Maria", PERSON, ["fr", "nl"], OperatorPhone(talk_s=90)
    )
    call = await hotline.call(
        ScriptedCaller([Press("2"), Press("1"), Press("1030")], talk_s=60),
        from_=OTHER,
    )
    await hotline.run()
    async with hotline.session() as session:
        volunteer = await session.get(Volunteer, volunteer_id)
        assert volunteer is not None
        await volunteer_service.set_duty(
            session, hotline.state, volunteer, on_duty=False, source="test"
        )
    assert "call" in {hit.split(".")[0] for hit in await traces(hotline, PERSON)}

    response = await Admin(hotline).api(
        "POST", "/api/privacy/erasure", json={"phone_number": PERSON}
    )

    assert response.status_code == 200, response.text
    assert response.json()["volunteer_removed"] is True
    assert response.json()["calls_anonymised"] >= 1
    assert await traces(hotline, PERSON) == []
    # The caller's own call is theirs: kept in full, without the operator's link.
    async with hotline.session() as session:
        answered = await session.scalar(
            select(Call).where(Call.twilio_call_sid == call.sid)
        )
    assert answered is not None
    assert (answered.caller_e164, answered.outcome) == (OTHER, "bridged")
    assert answered.volunteer_id is None
