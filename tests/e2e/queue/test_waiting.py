"""Callers waiting: language rules, FIFO, hanging up, callbacks, overflow.

Every test runs over the memory and the Redis queue backend (conftest.py).
"""

from __future__ import annotations

import pytest

from tests.e2e.queue.queue_support import (
    OpenHotline,
    call_row,
    conference_of,
    hanging_up_in_queue,
    heard,
    kinds,
    legs_to,
    of_kind,
    prompt,
    queue_caller,
    rows_of_purpose,
    seconds,
    timeline,
    volunteer,
)
from tests.support.harness import Hotline
from twilio_simulator import (
    CallStatus,
    EntryKind,
    OperatorPhone,
    Press,
    ScriptedCaller,
    Silence,
    Talk,
)

pytestmark = pytest.mark.e2e

ANN, BOB, CHRIS = "+32470000001", "+32470000002", "+32470000003"


# ------------------------------------------------------------------- language rules


async def test_french_caller_reaches_a_dutch_first_operator_only_after_fallback(
    hotline: Hotline,
) -> None:
    ann = await hotline.add_operator("Ann", ANN, ["nl", "fr"], OperatorPhone())
    call = await hotline.call(queue_caller("fr"))
    await hotline.run()

    events = await timeline(hotline, call.sid)
    queued, offered = of_kind(events, "queued"), of_kind(events, "offered")
    assert len(offered) == 1
    assert offered[0].detail["reason"] == "any_language"
    waited = seconds(offered[0].at, queued[0].at)
    fallback_s = hotline.settings.queue.fallback_after_s
    assert fallback_s <= waited < fallback_s + 45  # the first hold tick after it
    row = await call_row(hotline, call.sid)
    assert (row.outcome, row.volunteer_id) == ("bridged", ann)
    (leg,) = legs_to(hotline, ANN)
    assert leg.created_at >= call.created_at
    assert seconds(leg.created_at, call.created_at) >= fallback_s
    # Whispered in Ann's first language, naming the caller's language.
    assert prompt(hotline, "nl", "need_other") in heard(leg)
    assert hotline.state.catalogue["fr"].name in heard(leg)


async def test_english_only_operator_takes_a_french_caller_after_fallback(
    hotline: Hotline,
) -> None:
    bob = await hotline.add_operator("Bob", BOB, ["en"], OperatorPhone())
    call = await hotline.call(queue_caller("fr"))
    await hotline.run()

    events = await timeline(hotline, call.sid)
    (offered,) = of_kind(events, "offered")
    assert offered.detail["reason"] == "english_fallback"
    waited = seconds(offered.at, of_kind(events, "queued")[0].at)
    assert waited >= hotline.settings.queue.fallback_after_s
    row = await call_row(hotline, call.sid)
    assert (row.outcome, row.volunteer_id) == ("bridged", bob)


async def test_english_fallback_waits_while_a_french_speaker_is_busy(
    open_hotline: OpenHotline,
) -> None:
    async with open_hotline(wrapup_s=0) as hotline:
        ann = await hotline.add_operator("Ann", ANN, ["fr"], OperatorPhone(talk_s=None))
        busy_with = await hotline.call(
            queue_caller("fr", talk_s=200), from_="+3225550001"
        )
        await hotline.sim.advance(30)
        bob = await hotline.add_operator("Bob", BOB, ["en"], OperatorPhone())
        waiting = await hotline.call(queue_caller("fr"), from_="+3225550002")
        await hotline.run()

        assert legs_to(hotline, BOB) == []
        for call in (busy_with, waiting):
            row = await call_row(hotline, call.sid)
            assert (row.outcome, row.volunteer_id) == ("bridged", ann)
        (offered,) = of_kind(await timeline(hotline, waiting.sid), "offered")
        assert offered.detail["reason"] == "first_choice"
        assert (await volunteer(hotline, bob)).duty_state == "available"


# ------------------------------------------------------------------------------ FIFO


async def test_callers_of_one_language_are_served_first_come_first_served(
    open_hotline: OpenHotline,
) -> None:
    async with open_hotline(wrapup_s=0) as hotline:
        ann = await hotline.add_operator("Ann", ANN, ["nl"], OperatorPhone(talk_s=None))
        calls = []
        for number in ("+3225550001", "+3225550002", "+3225550003"):
            calls.append(
                await hotline.call(queue_caller("nl", talk_s=15), from_=number)
            )
            await hotline.sim.advance(2)
        await hotline.run()

        accepted_at = []
        for call in calls:
            row = await call_row(hotline, call.sid)
            assert (row.outcome, row.volunteer_id) == ("bridged", ann)
            (accepted,) = of_kind(await timeline(hotline, call.sid), "accepted")
            accepted_at.append(accepted.at)
        assert accepted_at == sorted(accepted_at)
        assert len(set(accepted_at)) == 3
        # The waits grow in arrival order, and Ann was rung once per caller.
        waits = [(await call_row(hotline, c.sid)).wait_s or 0 for c in calls]
        assert waits[0] < waits[1] < waits[2]
        assert len(legs_to(hotline, ANN)) == 3
        # The second caller heard they were number 2 while the first was served.
        assert prompt(hotline, "nl", "hold_position", position=2) in heard(calls[1])


# ------------------------------------------------------------------------ hanging up


async def test_caller_who_hangs_up_in_queue_is_logged_abandoned_and_removed_at_once(
    hotline: Hotline,
) -> None:
    # Ann speaks only Dutch: the French caller waits without an offer.
    await hotline.add_operator("Ann", ANN, ["nl"], OperatorPhone())
    call = await hotline.call(hanging_up_in_queue("fr", after_s=20))
    await hotline.sim.advance(20)
    assert await hotline.state.queue.get_entry(call.sid) is not None
    await hotline.sim.advance(10)  # enqueued at ~7 s, hung up at ~27 s
    assert call.status is CallStatus.COMPLETED
    assert await hotline.state.queue.get_entry(call.sid) is None
    assert await hotline.state.queue.waiting_count() == 0
    await hotline.run()

    row = await call_row(hotline, call.sid)
    assert row.outcome == "abandoned"
    assert row.wait_s == 20
    assert row.volunteer_id is None
    events = await timeline(hotline, call.sid)
    (abandoned,) = of_kind(events, "abandoned")
    assert abandoned.detail == {"wait_s": 20}
    assert of_kind(events, "offered") == []
    assert legs_to(hotline) == []


async def test_caller_hanging_up_while_an_operator_rings_cancels_the_ringing(
    hotline: Hotline,
) -> None:
    ann = await hotline.add_operator(
        "Ann", ANN, ["nl"], OperatorPhone(answer_after_s=20)
    )
    call = await hotline.call(hanging_up_in_queue("nl", after_s=5))
    await hotline.run()

    (leg,) = legs_to(hotline, ANN)
    assert leg.status is CallStatus.CANCELED
    assert leg.transcript.of_kind(EntryKind.ANSWERED) == []
    assert leg.end_time is not None
    assert seconds(leg.end_time, leg.created_at) == pytest.approx(5, abs=1)
    row = await call_row(hotline, call.sid)
    assert (row.outcome, row.wait_s) == ("abandoned", 5)
    events = await timeline(hotline, call.sid)
    (withdrawn,) = of_kind(events, "offer_withdrawn")
    assert withdrawn.detail["reason"] == "caller_hung_up"
    assert of_kind(events, "accepted") == []
    # Not Ann's fault: still on duty, nothing missed, back in the pool.
    ok = await volunteer(hotline, ann)
    assert (ok.duty_state, ok.missed_offers) == ("available", 0)
    now = hotline.clock.now().timestamp()
    state = await hotline.state.queue.operator_state(str(ann), now)
    assert state is not None
    assert state.status == "available"


# ------------------------------------------------------------------------- callbacks


async def test_caller_pressing_1_while_holding_is_called_back_and_bridged(
    open_hotline: OpenHotline,
) -> None:
    caller_number = "+3225550002"
    async with open_hotline(wrapup_s=0) as hotline:
        ann = await hotline.add_operator("Ann", ANN, ["nl"], OperatorPhone(talk_s=None))
        first = await hotline.call(queue_caller("nl", talk_s=60), from_="+3225550001")
        await hotline.sim.advance(2)
        # Ann is busy: the second caller asks to be called back instead of holding.
        wants_callback = await hotline.call(
            queue_caller("nl", then=(Press("1", after_s=12),)), from_=caller_number
        )
        hotline.sim.phone(caller_number, ScriptedCaller(talk_s=30))
        await hotline.run()

        assert prompt(hotline, "nl", "callback_confirmed") in heard(wants_callback)
        row = await call_row(hotline, wants_callback.sid)
        assert row.outcome == "callback"
        flow = await kinds(hotline, wants_callback.sid)
        assert flow.index("queued") < flow.index("callback_requested")
        assert flow.index("callback_requested") < flow.index("offered")
        assert flow.index("offered") < flow.index("accepted")
        events = await timeline(hotline, wants_callback.sid)
        assert of_kind(events, "offered")[0].detail["kind"] == "callback"
        assert of_kind(events, "accepted")[0].detail["kind"] == "callback"
        assert row.volunteer_id == ann

        # Ann heard a callback whisper, accepted, and we rang the caller back.
        first_leg, second_leg = legs_to(hotline, ANN)
        assert prompt(
            hotline, "nl", "whisper_callback", language="", need="", postcode=""
        ).split(":")[0] in heard(second_leg)
        (callback_leg,) = legs_to(hotline, caller_number)
        assert callback_leg.created_at >= second_leg.created_at
        assert conference_of(callback_leg) is not None
        assert conference_of(callback_leg) == conference_of(second_leg)
        (callback_row,) = await rows_of_purpose(hotline, "callback")
        assert callback_row.twilio_call_sid == callback_leg.sid
        assert (callback_row.outcome, callback_row.volunteer_id) == ("bridged", ann)
        assert await hotline.state.queue.waiting_count() == 0
        assert (await call_row(hotline, first.sid)).outcome == "bridged"
        assert first_leg.end_time is not None


# -------------------------------------------------------------- overflow: never music


async def test_with_nobody_on_duty_the_caller_is_offered_voicemail_not_music(
    hotline: Hotline,
) -> None:
    call = await hotline.call(queue_caller("nl", then=(Press("2"), Talk(5, "#"))))
    await hotline.run()

    said = call.transcript.heard()
    menu_at = said.index(prompt(hotline, "nl", "overflow_callback_option"))
    assert said[menu_at - 1] == prompt(hotline, "nl", "nobody_available")
    assert prompt(hotline, "nl", "no_input") not in said
    assert call.transcript.of_kind(EntryKind.ENQUEUED, EntryKind.PAUSED) == []
    assert prompt(hotline, "nl", "voicemail_thanks") in said
    assert "voicemail_offered" in await kinds(hotline, call.sid)
    assert (await call_row(hotline, call.sid)).outcome == "voicemail"
    assert await hotline.state.queue.waiting_count() == 0


async def test_with_nobody_on_duty_the_caller_can_ask_for_a_callback(
    hotline: Hotline,
) -> None:
    call = await hotline.call(queue_caller("nl", then=(Press("1"),)))
    await hotline.run()

    assert prompt(hotline, "nl", "callback_confirmed") in heard(call)
    assert call.transcript.of_kind(EntryKind.ENQUEUED) == []
    row = await call_row(hotline, call.sid)
    assert row.outcome == "callback"
    # The request waits for the next operator on duty, visible to coordinators.
    response = await hotline.api("GET", "/api/queue")
    assert response.status_code == 200
    (waiting,) = response.json()["waiting"]
    assert (waiting["entry_id"], waiting["kind"]) == (f"cb-{call.sid}", "callback")


async def test_caller_who_reaches_the_maximum_wait_is_offered_the_overflow_menu(
    open_hotline: OpenHotline,
) -> None:
    async with open_hotline(max_wait_s=30) as hotline:
        # Only a French speaker on duty: the Dutch caller is never offered.
        await hotline.add_operator("Ann", ANN, ["fr"], OperatorPhone())
        call = await hotline.call(queue_caller("nl", then=(Silence(), Press("1"))))
        await hotline.run()

        (enqueued,) = call.transcript.of_kind(EntryKind.ENQUEUED)
        left = [
            e
            for e in call.transcript.of_kind(EntryKind.LEFT_QUEUE)
            if "leave" in e.text
        ]
        assert len(left) == 1
        waited = seconds(left[0].at, enqueued.at)
        assert 30 <= waited < 30 + 45
        said = call.transcript.heard()
        assert said.index(prompt(hotline, "nl", "nobody_available")) < said.index(
            prompt(hotline, "nl", "overflow_message_option")
        )
        assert legs_to(hotline) == []
        flow = await kinds(hotline, call.sid)
        assert flow.index("queued") < flow.index("callback_requested")
        assert (await call_row(hotline, call.sid)).outcome == "callback"


async def test_caller_holding_when_the_last_operator_goes_off_duty_gets_the_overflow(
    hotline: Hotline,
) -> None:
    ann = await hotline.add_operator("Ann", ANN, ["fr"], OperatorPhone())
    call = await hotline.call(queue_caller("nl", then=(Silence(), Press("1"))))
    await hotline.sim.advance(20)
    response = await hotline.api(
        "PUT", f"/api/volunteers/{ann}/duty", json={"on_duty": False}
    )
    assert response.json()["duty_state"] == "offline"
    await hotline.run()

    assert any("leave" in e.text for e in call.transcript.of_kind(EntryKind.LEFT_QUEUE))
    assert prompt(hotline, "nl", "overflow_message_option") in heard(call)
    assert call.end_time is not None
    assert seconds(call.end_time, call.created_at) < 120
    assert (await call_row(hotline, call.sid)).outcome == "callback"
