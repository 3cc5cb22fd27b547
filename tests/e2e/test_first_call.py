"""Smoke: one caller through the whole IVR into the queue and to a volunteer."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.calls.models import Call, CallEvent
from app.help_requests.models import HelpRequest
from tests.support.harness import Hotline
from twilio_simulator.parties import OperatorPhone, Press, ScriptedCaller

pytestmark = pytest.mark.e2e


async def test_french_groceries_call_reaches_a_volunteer(hotline: Hotline) -> None:
    await hotline.add_operator(
        "Marie", "+32470000001", ["fr", "nl"], OperatorPhone(talk_s=90)
    )
    caller = ScriptedCaller([Press("2"), Press("1"), Press("1030")], talk_s=60)
    call = await hotline.call(caller)
    await hotline.run()
    async with hotline.session() as session:
        row = (
            await session.execute(select(Call).where(Call.twilio_call_sid == call.sid))
        ).scalar_one()
        request = (await session.execute(select(HelpRequest))).scalar_one()
        kinds = [
            e.kind
            for e in (
                await session.execute(
                    select(CallEvent)
                    .where(CallEvent.call_id == row.id)
                    .order_by(CallEvent.id)
                )
            ).scalars()
        ]
    assert (request.language, request.need, request.postcode) == (
        "fr",
        "groceries",
        "1030",
    )
    assert row.outcome == "bridged"
    assert {"queued", "offered", "accepted", "bridged"} <= set(kinds)
