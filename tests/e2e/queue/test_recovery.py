"""The handoff from the queue to an operator survives a failed redirect.

After an operator accepts, the caller is moved into the room by a REST request to the
provider. If that request fails (or the instance that accepted stops before making
it), the caller's own hold loop makes the handoff; and if the operator is gone by
then, the caller is offered a callback or voicemail, never endless hold music. A
caller the queue lost is put back in their place from the database; a caller the
queue let go on purpose (an accept not yet on record) is never put back.
"""

from __future__ import annotations

import logging

import pytest

from app.queue import recovery
from app.queue import repository as queue_repository
from app.queue.legs import epoch, room_name
from tests.e2e.queue.queue_support import (
    call_row,
    conference_of,
    heard,
    kinds,
    legs_to,
    lose_entry,
    prompt,
    queue_caller,
)
from tests.support.harness import Hotline
from twilio_simulator import OperatorPhone, Press, Silence

pytestmark = pytest.mark.e2e

ANN = "+32470000001"
BOB = "+32470000002"


def fail_redirects(hotline: Hotline, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every REST redirect of a call fails; returns the CallSids it was asked for."""
    asked: list[str] = []

    async def unreachable(call_sid: str, url: str) -> None:
        asked.append(call_sid)
        raise RuntimeError("provider unreachable")

    monkeypatch.setattr(hotline.state.telephony, "redirect_call", unreachable)
    return asked


async def test_the_hold_loop_brings_the_caller_in_when_the_redirect_failed(
    hotline: Hotline, monkeypatch: pytest.MonkeyPatch
) -> None:
    ann = await hotline.add_operator("Ann", ANN, ["nl"], OperatorPhone(talk_s=120))
    asked = fail_redirects(hotline, monkeypatch)
    call = await hotline.call(queue_caller("nl", talk_s=30))
    await hotline.run()

    assert asked == [call.sid]
    (leg,) = legs_to(hotline, ANN)
    assert conference_of(call) is not None
    assert conference_of(call) == conference_of(leg)
    assert prompt(hotline, "nl", "connecting") in heard(call)
    row = await call_row(hotline, call.sid)
    assert (row.outcome, row.volunteer_id) == ("bridged", ann)
    flow = await kinds(hotline, call.sid)
    assert flow.index("accepted") < flow.index("bridged")


async def test_a_caller_whose_operator_left_before_the_handoff_gets_the_overflow(
    hotline: Hotline, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ann accepts, waits alone in the room for 5 s and hangs up; the redirect failed.
    await hotline.add_operator("Ann", ANN, ["nl"], OperatorPhone(talk_s=5))
    fail_redirects(hotline, monkeypatch)
    call = await hotline.call(queue_caller("nl", then=(Silence(), Press("1"))))
    await hotline.run()

    assert conference_of(call) is None
    said = heard(call)
    assert prompt(hotline, "nl", "overflow_message_option") in said
    assert call.end_time is not None
    assert "callback_requested" in await kinds(hotline, call.sid)


async def test_a_caller_lost_from_the_queue_is_put_back_in_their_place(
    hotline: Hotline,
) -> None:
    # Only a French speaker on duty: the Dutch caller holds and is never offered.
    await hotline.add_operator("Ann", ANN, ["fr"], OperatorPhone())
    call = await hotline.call(queue_caller("nl"))
    await hotline.sim.advance(15)
    before = await hotline.state.queue.get_entry(call.sid)
    assert before is not None
    # The store loses this one entry (a failover that lost the last writes).
    await lose_entry(hotline.state.queue, call.sid)
    await hotline.sim.advance(70)  # the next hold announcement looks twice

    assert await hotline.state.queue.get_entry(call.sid) == before
    await hotline.add_operator("Bob", BOB, ["nl"], OperatorPhone(talk_s=20))
    await hotline.run()
    row = await call_row(hotline, call.sid)
    assert row.outcome == "bridged"
    assert prompt(hotline, "nl", "overflow_message_option") not in heard(call)


async def test_a_caller_lost_from_queue_and_database_gets_the_overflow(
    hotline: Hotline,
) -> None:
    await hotline.add_operator("Ann", ANN, ["fr"], OperatorPhone())
    call = await hotline.call(queue_caller("nl", then=(Silence(), Press("1"))))
    await hotline.sim.advance(15)
    await lose_entry(hotline.state.queue, call.sid)
    async with hotline.session() as session:
        await queue_repository.drop_entry(session, call.sid)
        await session.commit()
    await hotline.run()

    said = heard(call)
    calm = prompt(hotline, "nl", "hold_music_note")
    assert calm in said  # the first look: maybe an accept is being recorded
    assert said.index(calm) < said.index(
        prompt(hotline, "nl", "overflow_message_option")
    )
    assert "callback_requested" in await kinds(hotline, call.sid)


async def test_a_caller_whose_accept_is_not_on_record_yet_is_not_put_back(
    hotline: Hotline, caplog: pytest.LogCaptureFixture
) -> None:
    # Another instance accepted Ann's offer in the queue and is slow to record it
    # (and to redirect the caller): its webhook is still running. The queue let
    # the caller go on purpose, so their hold loop must not put them back for Bob,
    # however late it looks; it brings them into Ann's room itself.
    await hotline.add_operator("Ann", ANN, ["nl"], OperatorPhone.no_answer())
    call = await hotline.call(queue_caller("nl", talk_s=60))
    offer = None
    while offer is None:
        await hotline.sim.advance(1)
        offer = await hotline.state.queue.offer_for_entry(call.sid)
    accepted = await hotline.state.queue.accept(
        offer.offer_id, epoch(hotline.clock.now())
    )
    assert accepted is not None
    await hotline.add_operator("Bob", BOB, ["nl"], OperatorPhone(talk_s=20))
    with caplog.at_level(logging.WARNING, logger=recovery.__name__):
        await hotline.run()

    assert not [r for r in caplog.records if r.msg == recovery.PUT_BACK_MESSAGE]
    assert legs_to(hotline, BOB) == []
    assert await hotline.state.queue.get_entry(call.sid) is None
    assert conference_of(call) == f'"{room_name(offer.offer_id)}"'
    assert prompt(hotline, "nl", "overflow_message_option") not in heard(call)
