"""The requester's call while their request is open: where it stands in their
language, then 1 a volunteer (the same errand, not a second one) or 2 no longer
needed (closed, and the neighbour is told by SMS)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from app.calls.models import Call
from app.config import Settings
from app.help_requests.models import HelpRequest
from app.matching import service as matching_service
from tests.e2e.errands.errands_support import (
    ANNA,
    REQUESTER,
    add_neighbour,
    history,
    request,
    request_on_behalf,
    take,
    texts_to,
)
from tests.support.harness import HOTLINE_NUMBER, Hotline, hotline_harness
from twilio_simulator.parties import OperatorPhone, Press, ScriptedCaller
from twilio_simulator.state import SimCall

pytestmark = pytest.mark.e2e


def _requester_call(hotline: Hotline) -> SimCall:
    [call] = [
        c
        for c in hotline.sim.calls.values()
        if c.from_ == REQUESTER and c.to == HOTLINE_NUMBER
    ]
    return call


async def test_no_longer_needed_closes_and_tells_the_neighbour(
    hotline: Hotline,
) -> None:
    await add_neighbour(hotline, "Anna Peeters", ANNA, languages=["en", "fr"])
    made = await request_on_behalf(hotline)
    assert made.short_code
    hotline.sim.phone(REQUESTER, ScriptedCaller([], talk_s=5))  # the confirmation
    await take(hotline, ANNA, made.short_code)

    await hotline.call(ScriptedCaller([Press("2")]), from_=REQUESTER)
    await hotline.run()

    heard = _requester_call(hotline).transcript.format()
    assert "Un voisin, Anna, va vous aider pour courses et vous appellera." in heard
    assert "Si vous n'avez plus besoin d'aide, appuyez sur 2." in heard
    assert "Nous avons annulé votre demande." in heard
    closed = await request(hotline, made.id)
    assert closed.status == "closed"
    assert closed.close_reason == "no_longer_needed"
    events = await history(hotline, made.id)
    assert [e.kind for e in events][-2:] == ["status_call", "closed"]
    assert events[-1].actor == "requester"
    told = texts_to(hotline, ANNA)[-1]
    assert told.startswith(f"Request {made.short_code} is no longer needed")
    async with hotline.session() as session:
        call = (
            await session.execute(select(Call).where(Call.from_number == REQUESTER))
        ).scalar_one()
        requests = (await session.execute(select(HelpRequest))).scalars().all()
    assert call.outcome == "no_longer_needed"
    assert len(requests) == 1  # the status call started no second errand
    # A later YES of the neighbour changes nothing.
    await take(hotline, ANNA, made.short_code)
    assert (await request(hotline, made.id)).status == "closed"


async def test_a_request_still_looking_for_a_neighbour_and_1_reaches_a_volunteer(
    hotline: Hotline,
) -> None:
    operator = OperatorPhone(talk_s=30)
    await hotline.add_operator("Op", "+32470000001", ["fr", "nl"], operator)
    await add_neighbour(hotline, "Anna Peeters", ANNA)
    made = await request_on_behalf(hotline)  # offered to Anna, no answer yet
    assert made.status == "offered"

    await hotline.call(ScriptedCaller([Press("1")], talk_s=30), from_=REQUESTER)
    await hotline.run()

    heard = _requester_call(hotline).transcript.format()
    assert "nous cherchons un voisin près de chez vous" in heard
    async with hotline.session() as session:
        call = (
            await session.execute(select(Call).where(Call.from_number == REQUESTER))
        ).scalar_one()
    assert call.outcome == "bridged"
    # Before matching, the call's own request is attached to the open one.
    await matching_service.tick(hotline.state)
    async with hotline.session() as session:
        rows = (await session.execute(select(HelpRequest))).scalars().all()
    own = [r for r in rows if r.id != made.id]
    assert [(r.status, r.close_reason, r.need) for r in own] == [
        ("closed", "duplicate", "groceries")
    ]
    kinds = [e.kind for e in await history(hotline, made.id)]
    assert "status_call" in kinds
    assert "call_attached" in kinds


async def test_an_escalated_request_says_a_coordinator_will_call_and_silence_queues(
    hotline: Hotline,
) -> None:
    await hotline.add_operator(
        "Op", "+32470000001", ["fr", "nl"], OperatorPhone(talk_s=30)
    )
    made = await request_on_behalf(hotline)  # no neighbour within reach
    assert made.escalated_at is not None

    await hotline.call(ScriptedCaller([], talk_s=30), from_=REQUESTER)
    await hotline.run()

    heard = _requester_call(hotline).transcript.format()
    assert "Un coordinateur vous appellera bientôt." in heard
    assert "enqueued" in heard  # silence: staying on the line for a volunteer
    async with hotline.session() as session:
        call = (
            await session.execute(select(Call).where(Call.from_number == REQUESTER))
        ).scalar_one()
    assert call.outcome == "bridged"
    assert (await request(hotline, made.id)).status == "new"


@pytest.fixture
async def triage_hotline(settings: Settings) -> AsyncIterator[Hotline]:
    matching = settings.matching.model_copy(update={"mode": "triage"})
    async with hotline_harness(settings.model_copy(update={"matching": matching})) as h:
        yield h


async def test_a_request_awaiting_a_coordinators_approval_is_announced(
    triage_hotline: Hotline,
) -> None:
    hotline = triage_hotline
    made = await request_on_behalf(hotline)
    assert made.is_awaiting_approval
    assert made.status == "new"

    await hotline.call(ScriptedCaller([Press("2")]), from_=REQUESTER)
    await hotline.run()

    heard = _requester_call(hotline).transcript.format()
    assert "nous cherchons un voisin près de chez vous" in heard
    closed = await request(hotline, made.id)
    assert (closed.status, closed.close_reason) == ("closed", "no_longer_needed")
