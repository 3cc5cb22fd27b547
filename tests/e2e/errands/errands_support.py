"""Shared steps of the errands e2e tests: neighbours, a request taken by one of them,
and what the database then says."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from app.help_requests.models import HelpRequest, HelpRequestEvent
from app.volunteers import service as volunteer_service
from app.volunteers.schemas import VolunteerCreate
from tests.support.harness import HOTLINE_NUMBER, Hotline

REQUESTER = "+3225551234"
ANNA = "+32470100001"
BERT = "+32470100002"

DETAILS: dict[str, Any] = {
    "requester_name": "Maria Janssens",
    "address_street": "Rue Royale",
    "address_number": "12",
    "address_box": "3",
    "needs_text": "bread, milk and apples",
    "urgency": "today",
    "access_notes": "third floor, bell 3B, a friendly dog",
}


async def add_neighbour(
    hotline: Hotline,
    name: str,
    phone: str,
    *,
    languages: Sequence[str] = ("nl", "fr"),
    is_operator: bool = False,
    duty_pin: str | None = None,
) -> int:
    data = VolunteerCreate.model_validate(
        {
            "duty_pin": duty_pin,
            "name": name,
            "phone_number": phone,
            "languages": list(languages),
            "is_field": True,
            "is_operator": is_operator,
            "home_postcode": "1030",
            "needs": ["groceries", "pharmacy"],
        }
    )
    async with hotline.session() as session:
        volunteer, _ = await volunteer_service.create(
            session, data, now=hotline.clock.now()
        )
        return volunteer.id


async def request_on_behalf(hotline: Hotline, **fields: Any) -> HelpRequest:
    """A request entered through the API (its first SMS wave goes out at once)."""
    body = {
        "phone_number": REQUESTER,
        "requester_name": "Maria Janssens",
        "language": "fr",
        "need": "groceries",
        "postcode": "1030",
        **fields,
    }
    answer = await hotline.api("POST", "/api/requests", json=body)
    assert answer.status_code == 201, answer.text
    return await request(hotline, answer.json()["id"])


async def request(hotline: Hotline, request_id: int) -> HelpRequest:
    async with hotline.session() as session:
        found = await session.get(HelpRequest, request_id)
        assert found is not None
        return found


async def take(hotline: Hotline, phone: str, code: str) -> list[str]:
    """The neighbour at `phone` texts YES; returns the SMS answer they get."""
    reply = await hotline.sim.send_sms(
        from_=phone, to=HOTLINE_NUMBER, body=f"YES {code}"
    )
    await hotline.run()
    return reply


async def history(hotline: Hotline, request_id: int) -> list[HelpRequestEvent]:
    async with hotline.session() as session:
        rows = await session.execute(
            select(HelpRequestEvent)
            .where(HelpRequestEvent.request_id == request_id)
            .order_by(HelpRequestEvent.id)
        )
        return list(rows.scalars())


def texts_to(hotline: Hotline, number: str) -> list[str]:
    return [m.body for m in hotline.sim.messages if m.to == number]
