"""Coordinators drive a help request by hand: match now, assign, close, re-open."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from app.help_requests.models import HelpRequest, HelpRequestEvent
from app.matching import service as matching_service
from app.volunteers import service as volunteer_service
from app.volunteers.schemas import VolunteerCreate
from tests.support.harness import Hotline
from twilio_simulator.parties import ScriptedCaller

pytestmark = pytest.mark.integration

REQUESTER = "+3225551234"


async def _request(hotline: Hotline, *, postcode: str | None = "1030") -> int:
    now = hotline.clock.now()
    async with hotline.session() as session:
        request = HelpRequest(
            caller_number=REQUESTER,
            language="fr",
            need="groceries",
            postcode=postcode,
            status="new",
            source="api",
            created_at=now,
            updated_at=now,
        )
        session.add(request)
        await session.commit()
        return request.id


async def _field_volunteer(hotline: Hotline, phone: str, postcode: str) -> int:
    data = VolunteerCreate(
        name="Anna Peeters",
        phone_number=phone,
        languages=["fr", "nl"],
        is_field=True,
        home_postcode=postcode,
        needs=["groceries"],
    )
    async with hotline.session() as session:
        volunteer, _ = await volunteer_service.create(
            session, data, now=hotline.clock.now()
        )
        return volunteer.id


async def _history(hotline: Hotline, request_id: int) -> list[str]:
    async with hotline.session() as session:
        rows = await session.execute(
            select(HelpRequestEvent.kind)
            .where(HelpRequestEvent.request_id == request_id)
            .order_by(HelpRequestEvent.id)
        )
        return list(rows.scalars())


async def test_match_now_texts_the_first_wave(hotline: Hotline) -> None:
    await _field_volunteer(hotline, "+32470100001", "1030")
    request_id = await _request(hotline)

    response = await hotline.api("POST", f"/api/requests/{request_id}/match")

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "offered"
    assert body["short_code"]
    assert [m.to for m in hotline.sim.messages] == ["+32470100001"]
    assert body["short_code"] in hotline.sim.messages[0].body
    assert REQUESTER not in hotline.sim.messages[0].body
    assert (await _history(hotline, request_id))[-2:] == [
        "match_requested",
        "wave_sent",
    ]


async def test_assign_by_hand_sends_details_and_calls_the_requester(
    hotline: Hotline,
) -> None:
    volunteer_id = await _field_volunteer(hotline, "+32470100001", "9000")
    request_id = await _request(hotline)
    hotline.sim.phone(REQUESTER, ScriptedCaller([], talk_s=20))

    response = await hotline.api(
        "POST",
        f"/api/requests/{request_id}/assign",
        json={"volunteer_id": volunteer_id},
    )
    await hotline.run()

    assert response.status_code == 200, response.text
    assert response.json()["status"] == "matched"
    assert response.json()["volunteer_id"] == volunteer_id
    details = [m for m in hotline.sim.messages if m.to == "+32470100001"]
    assert len(details) == 1
    assert REQUESTER in details[0].body
    history = await _history(hotline, request_id)
    assert "assigned" in history
    assert "confirmation_delivered" in history


async def test_assign_refuses_a_volunteer_who_is_not_in_the_field(
    hotline: Hotline,
) -> None:
    operator_id = await hotline.add_operator(
        "Op", "+32470000001", ["fr"], None, on_duty=False
    )
    request_id = await _request(hotline)

    response = await hotline.api(
        "POST", f"/api/requests/{request_id}/assign", json={"volunteer_id": operator_id}
    )

    assert response.status_code == 400
    assert response.json()["error"] == "BadRequest"


async def test_close_with_a_reason_then_reopen_starts_over(hotline: Hotline) -> None:
    request_id = await _request(hotline)

    closed = await hotline.api(
        "POST",
        f"/api/requests/{request_id}/close",
        json={"reason": "no_longer_needed", "note": "family helps"},
    )
    again = await hotline.api(
        "POST", f"/api/requests/{request_id}/close", json={"reason": "duplicate"}
    )
    reopened = await hotline.api("POST", f"/api/requests/{request_id}/reopen")

    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"
    assert closed.json()["close_reason"] == "no_longer_needed"
    assert again.status_code == 409
    assert reopened.status_code == 200
    assert reopened.json()["status"] == "new"
    assert reopened.json()["close_reason"] is None
    assert (await _history(hotline, request_id))[-2:] == ["closed", "reopened"]


async def test_close_rejects_an_unknown_reason(hotline: Hotline) -> None:
    request_id = await _request(hotline)

    response = await hotline.api(
        "POST", f"/api/requests/{request_id}/close", json={"reason": "bored"}
    )

    assert response.status_code == 422


async def test_a_request_without_postcode_is_escalated_for_a_coordinator(
    hotline: Hotline,
) -> None:
    await _field_volunteer(hotline, "+32470100001", "1030")
    request_id = await _request(hotline, postcode=None)

    await matching_service.tick(hotline.state)

    async with hotline.session() as session:
        request = await session.get(HelpRequest, request_id)
        assert request is not None
        assert request.escalated_at is not None
    assert hotline.sim.messages == []
    assert (await _history(hotline, request_id))[-1] == "escalated"


async def test_lifecycle_endpoints_need_a_coordinator(hotline: Hotline) -> None:
    request_id = await _request(hotline)
    transport = httpx.ASGITransport(app=hotline.app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://hotline.test"
    ) as client:
        response = await client.post(
            f"/api/requests/{request_id}/close", json={"reason": "duplicate"}
        )

    assert response.status_code == 401
