"""Offers to operators: accept, no answer, decline, voicemail, away, idle, wrap-up.

Every test runs over the memory and the Redis queue backend (conftest.py).
"""

from __future__ import annotations

import pytest

from tests.e2e.queue.queue_support import (
    OpenHotline,
    call_row,
    conference_of,
    heard,
    kinds,
    legs_to,
    of_kind,
    prompt,
    queue_caller,
    rows_of_purpose,
    rung_order,
    seconds,
    timeline,
    volunteer,
)
from tests.support.harness import Hotline
from twilio_simulator import CallStatus, EntryKind, OperatorPhone

pytestmark = pytest.mark.e2e

ANN, BOB = "+32470000001", "+32470000002"
PHONES = {ANN: "Ann", BOB: "Bob"}


async def test_caller_is_bridged_with_an_operator_who_accepts(hotline: Hotline) -> None:
    ann = await hotline.add_operator("Ann", ANN, ["nl"], OperatorPhone(talk_s=90))
    call = await hotline.call(queue_caller("nl", talk_s=45))
    await hotline.run()

    row = await call_row(hotline, call.sid)
    assert row.outcome == "bridged"
    assert row.volunteer_id == ann
    events = await timeline(hotline, call.sid)
    assert [k for k in await kinds(hotline, call.sid) if k != "hung_up"][-4:] == [
        "queued",
        "offered",
        "accepted",
        "bridged",
    ]
    queued, accepted = of_kind(events, "queued")[0], of_kind(events, "accepted")[0]
    assert row.wait_s == int(seconds(accepted.at, queued.at))
    assert 0 < row.wait_s < 30  # ring 3 s + whisper + a key press
    assert of_kind(events, "offered")[0].detail["reason"] == "first_choice"

    (leg,) = legs_to(hotline, ANN)
    assert conference_of(leg) is not None
    assert conference_of(leg) == conference_of(call)
    assert prompt(hotline, "nl", "connecting") in heard(call)
    (leg_row,) = await rows_of_purpose(hotline, "operator_offer")
    assert (leg_row.outcome, leg_row.volunteer_id) == ("accepted", ann)
    assert "wrap_up" in [e.kind for e in await timeline(hotline, leg.sid)]
    assert (await volunteer(hotline, ann)).missed_offers == 0


async def test_unanswered_offer_goes_to_the_next_operator_and_caller_keeps_place(
    hotline: Hotline,
) -> None:
    ann = await hotline.add_operator("Ann", ANN, ["nl"], OperatorPhone.no_answer())
    await hotline.sim.advance(10)  # Ann has been idle longest: she is rung first
    bob = await hotline.add_operator("Bob", BOB, ["nl"], OperatorPhone(talk_s=60))
    call = await hotline.call(queue_caller("nl"))
    await hotline.run()

    # Ann rang out once; then Bob, not Ann a second time.
    assert rung_order(hotline, PHONES) == ["Ann", "Bob"]
    assert legs_to(hotline, ANN)[0].status is CallStatus.NO_ANSWER
    events = await timeline(hotline, call.sid)
    assert [k for k in await kinds(hotline, call.sid) if k != "hung_up"][-6:] == [
        "queued",
        "offered",
        "offer_ended",
        "offered",
        "accepted",
        "bridged",
    ]
    ended = of_kind(events, "offer_ended")[0]
    assert ended.detail["reason"] == "no_answer"
    assert ended.detail["volunteer_id"] == str(ann)
    # Kept their place: queued once, wait counted from the first enqueue.
    row = await call_row(hotline, call.sid)
    assert (row.outcome, row.volunteer_id) == ("bridged", bob)
    queued = of_kind(events, "queued")
    assert len(queued) == 1
    assert row.wait_s is not None
    assert row.wait_s >= hotline.settings.queue.offer_timeout_s
    assert prompt(hotline, "nl", "hold_position", position=2) not in heard(call)
    missed = await volunteer(hotline, ann)
    assert (missed.duty_state, missed.missed_offers) == ("available", 1)


async def test_operator_who_presses_2_declines_and_the_next_operator_is_rung(
    hotline: Hotline,
) -> None:
    ann = await hotline.add_operator("Ann", ANN, ["nl"], OperatorPhone.declining())
    await hotline.sim.advance(10)
    bob = await hotline.add_operator("Bob", BOB, ["nl"], OperatorPhone(talk_s=60))
    call = await hotline.call(queue_caller("nl"))
    await hotline.run()

    assert rung_order(hotline, PHONES) == ["Ann", "Bob"]
    (ann_leg,) = legs_to(hotline, ANN)
    assert prompt(hotline, "nl", "offer_declined") in heard(ann_leg)
    assert conference_of(ann_leg) is None
    ended = of_kind(await timeline(hotline, call.sid), "offer_ended")
    assert [e.detail["reason"] for e in ended] == ["declined"]
    row = await call_row(hotline, call.sid)
    assert (row.outcome, row.volunteer_id) == ("bridged", bob)
    # Declining is a choice, not a miss: Ann stays on duty with a clean slate.
    declined = await volunteer(hotline, ann)
    assert (declined.duty_state, declined.missed_offers) == ("available", 0)


async def test_offer_answered_by_voicemail_is_withdrawn_and_the_next_operator_rung(
    hotline: Hotline,
) -> None:
    ann = await hotline.add_operator("Ann", ANN, ["nl"], OperatorPhone.voicemail())
    await hotline.sim.advance(10)
    bob = await hotline.add_operator("Bob", BOB, ["nl"], OperatorPhone(talk_s=60))
    call = await hotline.call(queue_caller("nl"))
    await hotline.run()

    assert rung_order(hotline, PHONES) == ["Ann", "Bob"]
    (ann_leg,) = legs_to(hotline, ANN)
    # The machine picked up; it heard no whisper and the leg was hung up.
    assert ann_leg.answered_by == "machine_start"
    assert heard(ann_leg) == ""
    assert ann_leg.status is CallStatus.COMPLETED
    ended = of_kind(await timeline(hotline, call.sid), "offer_ended")
    assert [e.detail["reason"] for e in ended] == ["voicemail"]
    row = await call_row(hotline, call.sid)
    assert (row.outcome, row.volunteer_id) == ("bridged", bob)
    assert (await volunteer(hotline, ann)).missed_offers == 1


async def test_two_unanswered_offers_in_a_row_set_the_operator_away(
    hotline: Hotline,
) -> None:
    ann = await hotline.add_operator("Ann", ANN, ["nl"], OperatorPhone.no_answer())
    call = await hotline.call(queue_caller("nl"))
    await hotline.run()

    assert rung_order(hotline, PHONES) == ["Ann", "Ann"]
    ended = of_kind(await timeline(hotline, call.sid), "offer_ended")
    assert [(e.detail["reason"], e.detail["operator_away"]) for e in ended] == [
        ("no_answer", False),
        ("no_answer", True),
    ]
    away = await volunteer(hotline, ann)
    assert (away.duty_state, away.missed_offers) == ("away", 2)
    now = hotline.clock.now().timestamp()
    assert await hotline.state.queue.operator_state(str(ann), now) is None
    # Nobody left on duty: the caller is offered a callback instead of more music.
    assert prompt(hotline, "nl", "overflow_message_option") in heard(call)
    assert "callback_requested" in await kinds(hotline, call.sid)


async def test_longest_idle_operator_is_offered_the_call_first(
    hotline: Hotline,
) -> None:
    ann = await hotline.add_operator("Ann", ANN, ["nl"], OperatorPhone(talk_s=60))
    await hotline.sim.advance(10)
    bob = await hotline.add_operator("Bob", BOB, ["nl"], OperatorPhone(talk_s=60))
    await hotline.sim.advance(10)
    # Ann goes off and on duty again: now Bob has been idle longest.
    for on_duty in (False, True):
        response = await hotline.api(
            "PUT", f"/api/volunteers/{ann}/duty", json={"on_duty": on_duty}
        )
        assert response.status_code == 200, response.text
    call = await hotline.call(queue_caller("nl"))
    await hotline.run()

    assert rung_order(hotline, PHONES) == ["Bob"]
    row = await call_row(hotline, call.sid)
    assert (row.outcome, row.volunteer_id) == ("bridged", bob)


async def test_operator_is_not_offered_a_call_during_wrap_up(
    open_hotline: OpenHotline,
) -> None:
    async with open_hotline(wrapup_s=60) as hotline:
        ann = await hotline.add_operator("Ann", ANN, ["nl"], OperatorPhone(talk_s=None))
        first = await hotline.call(queue_caller("nl", talk_s=20), from_="+3225550001")
        await hotline.sim.advance(2)
        second = await hotline.call(queue_caller("nl", talk_s=20), from_="+3225550002")
        await hotline.run()

        first_leg, second_leg = legs_to(hotline, ANN)
        assert first_leg.end_time is not None
        assert second_leg.created_at >= first_leg.end_time
        wrap_up = of_kind(await timeline(hotline, first_leg.sid), "wrap_up")
        assert len(wrap_up) == 1
        offered = of_kind(await timeline(hotline, second.sid), "offered")
        assert len(offered) == 1
        gap = seconds(offered[0].at, first_leg.end_time)
        assert 60 <= gap < 60 + 45  # the next hold-loop tick after wrap-up
        for call in (first, second):
            row = await call_row(hotline, call.sid)
            assert (row.outcome, row.volunteer_id) == ("bridged", ann)
        assert all(
            leg.transcript.of_kind(EntryKind.CONFERENCE_JOINED)
            for leg in (first_leg, second_leg)
        )
