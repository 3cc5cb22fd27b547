"""The queue store loses everything (Redis restarted empty, or flushed; in memory: the
process restarted) while callers wait: the queue is rebuilt from the database. Every
caller keeps their place, a callback promised before is kept, on-duty operators are
available again (not while still on a call), and nobody is offered twice."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest

from app.queue import dispatcher
from app.queue.backend import QueuedCall
from tests.e2e.queue.queue_support import call_row, legs_to, queue_caller
from tests.faults.conftest import OpenFaultHotline, Store
from tests.support.harness import Hotline
from twilio_simulator import OperatorPhone, Press, ScriptedCaller

pytestmark = pytest.mark.e2e

ANN = "+32470000001"
BOB = "+32470000002"


def overlapping_legs(hotline: Hotline, number: str) -> int:
    """Legs to one operator phone that overlap in time: a double offer."""
    spans = sorted(
        (leg.created_at, leg.end_time or datetime.max.replace(tzinfo=UTC))
        for leg in legs_to(hotline, number)
    )
    return sum(1 for a, b in itertools.pairwise(spans) if b[0] < a[1])


async def waiting(hotline: Hotline, language: str = "nl") -> list[QueuedCall]:
    snapshot = await hotline.state.queue.snapshot(hotline.clock.now().timestamp())
    return [item.entry for item in snapshot.waiting.get(language, ())]


async def test_callers_keep_their_place_and_a_promised_callback_is_kept(
    open_hotline: OpenFaultHotline, store: Store
) -> None:
    async with open_hotline(instances=2) as hotline:
        # Only a French speaker on duty: the Dutch callers hold.
        await hotline.add_operator("Bob", BOB, ["fr"], OperatorPhone())
        first = await hotline.call(queue_caller("nl"), from_="+3225550001")
        await hotline.sim.advance(3)
        hotline.sim.phone("+3225550002", ScriptedCaller([], talk_s=20))  # rung back
        promised = await hotline.call(
            queue_caller("nl", then=(Press("1", after_s=5),)), from_="+3225550002"
        )
        await hotline.sim.advance(3)
        third = await hotline.call(queue_caller("nl"), from_="+3225550003")
        await hotline.sim.advance(60)
        before = await waiting(hotline)
        assert [e.entry_id for e in before] == [
            first.sid,
            f"cb-{promised.sid}",
            third.sid,
        ]

        await store.lose_everything(hotline)
        assert await waiting(hotline) == []
        await hotline.sim.advance(70)  # the hold loops are the heartbeat

        assert await waiting(hotline) == before
        bob = await hotline.state.queue.operator_state(
            "1", hotline.clock.now().timestamp()
        )
        assert bob is not None
        assert bob.status == "available"

        await hotline.add_operator("Ann", ANN, ["nl"], OperatorPhone(talk_s=20))
        await hotline.run()

        assert [leg.to for leg in legs_to(hotline, ANN)] == [ANN, ANN, ANN]
        assert overlapping_legs(hotline, ANN) == 0
        assert (await call_row(hotline, first.sid)).outcome == "bridged"
        assert (await call_row(hotline, third.sid)).outcome == "bridged"
        callback = [c for c in legs_to(hotline) if c.to == promised.from_]
        assert len(callback) == 1
        assert callback[0].start_time is not None  # the promise was kept
        assert await waiting(hotline) == []


async def test_an_operator_on_a_call_is_not_offered_before_it_ends(
    open_hotline: OpenFaultHotline, store: Store
) -> None:
    async with open_hotline(instances=2, wrapup_s=0) as hotline:
        await hotline.add_operator("Bob", BOB, ["fr"], OperatorPhone())
        ann = await hotline.add_operator("Ann", ANN, ["nl"], OperatorPhone(talk_s=200))
        talking = await hotline.call(queue_caller("nl", talk_s=200))
        await hotline.sim.advance(40)
        assert (await call_row(hotline, talking.sid)).outcome == "bridged"
        next_caller = await hotline.call(queue_caller("nl"), from_="+3225550009")
        await hotline.sim.advance(40)

        await store.lose_everything(hotline)
        await dispatcher.dispatch(hotline.state)  # the ticker: rebuilt now
        now = hotline.clock.now().timestamp()
        assert await hotline.state.queue.operator_state(str(ann), now) is None
        assert [e.entry_id for e in await waiting(hotline)] == [next_caller.sid]
        await hotline.sim.advance(60)
        assert len(legs_to(hotline, ANN)) == 1  # still on her first call

        await hotline.run()
        assert len(legs_to(hotline, ANN)) == 2
        assert overlapping_legs(hotline, ANN) == 0
        assert (await call_row(hotline, next_caller.sid)).outcome == "bridged"


async def test_a_ringing_offer_the_store_forgot_is_withdrawn(
    open_hotline: OpenFaultHotline, store: Store
) -> None:
    async with open_hotline(instances=2) as hotline:
        await hotline.add_operator(
            "Ann", ANN, ["nl"], OperatorPhone(answer_after_s=20, talk_s=20)
        )
        call = await hotline.call(queue_caller("nl"))
        await hotline.sim.advance(30)
        (ringing,) = legs_to(hotline, ANN)
        assert ringing.end_time is None

        await store.lose_everything(hotline)
        await dispatcher.dispatch(hotline.state)  # the ticker: rebuilt now

        assert ringing.end_time is not None  # stopped before anyone rings her again
        await hotline.run()
        assert overlapping_legs(hotline, ANN) == 0
        assert (await call_row(hotline, call.sid)).outcome == "bridged"
