"""A request entered on someone's behalf (JSON API) enters matching as a call's does;
its details can be corrected; the policy's candidates come with their distance."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from app.help_requests.models import HelpRequest, HelpRequestEvent
from app.logging import mask_phone
from app.matching import service as matching_service
from app.volunteers import service as volunteer_service
from app.volunteers.schemas import VolunteerCreate
from tests.support.harness import HOTLINE_NUMBER, Hotline
from twilio_simulator.parties import ScriptedCaller

pytestmark = pytest.mark.integration

REQUESTER = "+32470555111"


def on_behalf(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "phone_number": "0470 55 51 11",
        "requester_name": "Maria Janssens",
        "language": "fr",
        "need": "groceries",
        "postcode": "1030",
        "address_street": "Rue Royale Sainte-Marie",
        "address_number": "12",
        "notes": "Third floor, no lift",
        "organisation": "CPAS Schaerbeek",
    }
    body.update(changes)
    return body


async def field_volunteer(
    hotline: Hotline,
    name: str,
    phone: str,
    postcode: str,
    *,
    languages: tuple[str, ...] = ("fr", "nl"),
    radius_km: float | None = None,
) -> int:
    data = VolunteerCreate(
        name=name,
        phone_number=phone,
        languages=list(languages),
        is_field=True,
        home_postcode=postcode,
        needs=["groceries"],
        radius_km=radius_km,
    )
    async with hotline.session() as session:
        volunteer, _ = await volunteer_service.create(
            session, data, now=hotline.clock.now()
        )
        return volunteer.id


async def history(hotline: Hotline, request_id: int) -> list[HelpRequestEvent]:
    async with hotline.session() as session:
        rows = await session.execute(
            select(HelpRequestEvent)
            .where(HelpRequestEvent.request_id == request_id)
            .order_by(HelpRequestEvent.id)
        )
        return list(rows.scalars())


async def request_count(hotline: Hotline) -> int:
    async with hotline.session() as session:
        return int(await session.scalar(select(func.count(HelpRequest.id))) or 0)


async def test_a_request_entered_by_api_is_offered_then_a_yes_matches_it(
    hotline: Hotline,
) -> None:
    anna = await field_volunteer(hotline, "Anna Peeters", "+32470100001", "1210")
    await field_volunteer(hotline, "Far Away", "+32470100003", "8000")
    hotline.sim.phone(REQUESTER, ScriptedCaller([], talk_s=20))

    response = await hotline.api("POST", "/api/requests", json=on_behalf())

    assert response.status_code == 201, response.text
    created = response.json()
    assert (created["status"], created["source"], created["created_by"]) == (
        "offered",
        "api",
        "coordinator",
    )
    # Stored as E.164, answered masked (app/auth/masking.py).
    assert created["caller_number"] == mask_phone(REQUESTER)
    assert created["organisation"] == "CPAS Schaerbeek"
    assert [m.to for m in hotline.sim.messages] == ["+32470100001"]
    assert created["short_code"] in hotline.sim.messages[0].body
    assert [e.kind for e in await history(hotline, created["id"])] == [
        "created",
        "wave_sent",
    ]
    # The tick does not send the same first wave again.
    assert await matching_service.tick(hotline.state) == 0

    reply = await hotline.sim.send_sms(
        from_="+32470100001", to=HOTLINE_NUMBER, body=f"YES {created['short_code']}"
    )
    await hotline.run()

    assert any(REQUESTER in body for body in reply)  # the details reach Anna
    detail = (await hotline.api("GET", f"/api/requests/{created['id']}")).json()
    assert detail["status"] == "matched"
    assert detail["group"] == "matched"
    assert detail["volunteer_id"] == anna
    assert detail["volunteer_name"] == "Anna Peeters"
    assert [(o["volunteer_name"], o["response"]) for o in detail["offers"]] == [
        ("Anna Peeters", "accepted")
    ]
    assert detail["offers"][0]["distance_km"] == pytest.approx(1.62, abs=0.01)
    kinds = [h["kind"] for h in detail["history"]]
    assert kinds[:3] == ["created", "wave_sent", "matched"]
    assert "confirmation_delivered" in kinds


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"phone_number": "12"}, "phone_number"),
        ({"postcode": "10300"}, "postcode"),
        ({"postcode": "9999"}, "postcode"),  # four digits, but no such postcode
        ({"need": "taxi"}, "need"),
        ({"language": "es"}, "language"),
        ({"requester_name": ""}, "requester_name"),
        ({"notes": "x" * 2001}, "notes"),
        ({"volunteer_id": 3}, "volunteer_id"),
    ],
)
async def test_invalid_details_are_refused_and_nothing_is_created(
    hotline: Hotline, changes: dict[str, Any], field: str
) -> None:
    await field_volunteer(hotline, "Anna Peeters", "+32470100001", "1030")

    response = await hotline.api("POST", "/api/requests", json=on_behalf(**changes))

    assert response.status_code == 422
    errors = response.json()["detail"]
    assert [e["loc"] for e in errors] == [["body", field]]
    assert errors[0]["msg"]
    assert await request_count(hotline) == 0
    assert hotline.sim.messages == []


async def test_unknown_postcode_is_explained(hotline: Hotline) -> None:
    response = await hotline.api(
        "POST", "/api/requests", json=on_behalf(postcode="9999")
    )

    assert response.json()["detail"][0]["msg"] == (
        "9999 is not a Belgian postcode in use"
    )


async def test_creating_needs_a_coordinator_token(hotline: Hotline) -> None:
    response = await hotline.api(
        "POST",
        "/api/requests",
        json=on_behalf(),
        headers={"Authorization": "Bearer hlt_nope"},
    )

    assert response.status_code == 401
    assert await request_count(hotline) == 0


async def test_a_request_nobody_can_reach_is_escalated_at_once(
    hotline: Hotline,
) -> None:
    await field_volunteer(hotline, "Far Away", "+32470100003", "8000")

    created = (await hotline.api("POST", "/api/requests", json=on_behalf())).json()

    detail = (await hotline.api("GET", f"/api/requests/{created['id']}")).json()
    assert detail["group"] == "escalated"
    assert detail["history"][-1]["kind"] == "escalated"
    assert hotline.sim.messages == []


async def test_details_are_edited_and_the_history_says_what_changed(
    hotline: Hotline,
) -> None:
    created = (await hotline.api("POST", "/api/requests", json=on_behalf())).json()
    path = f"/api/requests/{created['id']}"

    edited = await hotline.api(
        "PATCH",
        path,
        json={"postcode": "1210", "need": "pharmacy", "address_box": "3B"},
    )
    unknown = await hotline.api("PATCH", path, json={"postcode": "9999"})
    removed = await hotline.api("PATCH", path, json={"need": None})
    cleared = await hotline.api("PATCH", path, json={"notes": None})

    assert edited.status_code == 200, edited.text
    assert (edited.json()["postcode"], edited.json()["need"]) == ("1210", "pharmacy")
    # Masked in the answer: the box is set, the name (not given) kept.
    assert edited.json()["address_box"] == "•••"
    assert edited.json()["requester_name"] == "M. J."
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "postcode"]
    assert removed.status_code == 422
    assert cleared.json()["notes"] is None
    events = [e for e in await history(hotline, created["id"]) if e.actor != "system"]
    assert [(e.kind, e.actor) for e in events] == [
        ("created", "coordinator"),
        ("details_edited", "coordinator"),
        ("details_edited", "coordinator"),
    ]
    assert events[1].detail == {
        "fields": ["address_box", "need", "postcode"],
        "need": "pharmacy",
        "postcode": "1210",
    }
    assert events[2].detail == {"fields": ["notes"]}
    assert (await hotline.api("PATCH", "/api/requests/999", json={})).status_code == (
        404
    )


async def test_candidates_are_ranked_by_distance_with_their_reasons(
    hotline: Hotline,
) -> None:
    await field_volunteer(hotline, "Near Nora", "+32470100001", "1030")
    await field_volunteer(hotline, "Mid Marc", "+32470100002", "1000")
    await field_volunteer(
        hotline, "Dutch Only", "+32470100004", "1030", languages=("nl",)
    )
    await field_volunteer(hotline, "Far Away", "+32470100003", "8000")
    await field_volunteer(hotline, "Long Reach", "+32470100005", "8000", radius_km=100)
    created = (await hotline.api("POST", "/api/requests", json=on_behalf())).json()

    response = await hotline.api("GET", f"/api/requests/{created['id']}/candidates")

    assert response.status_code == 200
    candidates = response.json()
    assert [(c["name"], c["distance_km"]) for c in candidates] == [
        ("Near Nora", 0.0),
        ("Mid Marc", 2.8),
        ("Long Reach", 90.2),
    ]
    nora = candidates[0]
    assert nora["radius_km"] == hotline.settings.matching.default_radius_km
    assert (nora["runs_this_week"], nora["weekly_cap"]) == (0, 3)
    assert nora["offer_response"] == "pending"  # the first wave texted all three
    assert candidates[2]["radius_km"] == 100
