"""Operators on and off duty by phone; two app instances serving one call stream.

Every test runs over the memory and the Redis queue backend (conftest.py); with
Redis, the two instances share nothing but the database and the Redis server.
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
    timeline,
    volunteer,
)
from tests.support.harness import Hotline
from twilio_simulator import CallStatus, OperatorPhone, Press, ScriptedCaller

pytestmark = pytest.mark.e2e

ANN = "+32470000001"


async def test_operator_goes_on_duty_by_calling_from_their_number_and_pressing_1(
    hotline: Hotline,
) -> None:
    ann = await hotline.add_operator("Ann", ANN, ["nl"], OperatorPhone(), on_duty=False)
    duty_call = await hotline.call(ScriptedCaller([Press("1")]), from_=ANN)
    await hotline.run()

    assert prompt(hotline, "nl", "duty_on") in heard(duty_call)
    assert (await volunteer(hotline, ann)).duty_state == "available"
    now = hotline.clock.now().timestamp()
    live = await hotline.state.queue.operator_state(str(ann), now)
    assert live is not None
    assert live.status == "available"
    row = await call_row(hotline, duty_call.sid)
    assert (row.purpose, row.outcome, row.volunteer_id) == (
        "operator_duty",
        "duty_on",
        ann,
    )
    assert await kinds(hotline, duty_call.sid) == ["duty_line", "duty_on", "hung_up"]
    # Not a caller: no help request was queued.
    assert await rows_of_purpose(hotline, "caller") == []

    # And now they are rung for the next caller.
    caller = await hotline.call(queue_caller("nl"))
    await hotline.run()
    assert (await call_row(hotline, caller.sid)).volunteer_id == ann


async def test_operator_goes_off_duty_by_phone_by_pressing_2(hotline: Hotline) -> None:
    ann = await hotline.add_operator("Ann", ANN, ["nl"], OperatorPhone())
    duty_call = await hotline.call(ScriptedCaller([Press("2")]), from_=ANN)
    await hotline.run()

    assert prompt(hotline, "nl", "duty_off") in heard(duty_call)
    assert (await volunteer(hotline, ann)).duty_state == "offline"
    now = hotline.clock.now().timestamp()
    assert await hotline.state.queue.operator_state(str(ann), now) is None
    assert (await call_row(hotline, duty_call.sid)).outcome == "duty_off"

    # Nobody is on duty any more: a caller gets the overflow menu and Ann no ring.
    caller = await hotline.call(queue_caller("nl", then=(Press("1"),)))
    await hotline.run()
    assert prompt(hotline, "nl", "nobody_available") in heard(caller)
    assert legs_to(hotline, ANN) == []


async def test_two_instances_serve_one_call_stream_without_double_offers(
    open_hotline: OpenHotline, backend_kind: str
) -> None:
    async with open_hotline(instances=2, wrapup_s=5) as hotline:
        operators = {
            "+32470000001": ("Ann", ["nl"]),
            "+32470000002": ("Bob", ["nl", "fr"]),
            "+32470000003": ("Chloé", ["fr"]),
        }
        phones = {n: OperatorPhone(talk_s=None) for n in operators}
        ids = {
            number: await hotline.add_operator(name, number, langs, phones[number])
            for number, (name, langs) in operators.items()
        }
        callers = []
        for i, language in enumerate(["nl", "fr", "nl", "fr", "nl"]):
            number = f"+322555000{i + 1}"
            callers.append(
                await hotline.call(queue_caller(language, talk_s=40), from_=number)
            )
        await hotline.run()

        # Redis: each instance has its own client; only the server is shared.
        backends = {id(app.state.hotline.queue) for app in hotline.apps}
        assert len(backends) == (2 if backend_kind == "redis" else 1)
        for call in callers:
            row = await call_row(hotline, call.sid)
            assert row.outcome == "bridged", call.transcript.format()
            assert row.volunteer_id in ids.values()
            events = await timeline(hotline, call.sid)
            assert len(of_kind(events, "offered")) == 1
            assert len(of_kind(events, "accepted")) == 1
            assert of_kind(events, "offer_ended") == []
        # Every ring was answered and accepted: no operator was rung twice at once.
        legs = legs_to(hotline, *operators)
        assert len(legs) == len(callers)
        assert all(leg.status is CallStatus.COMPLETED for leg in legs)
        assert all(conference_of(leg) for leg in legs)
        assert sum(phone.rung for phone in phones.values()) == len(callers)
        rooms = [conference_of(call) for call in callers]
        assert len(set(rooms)) == len(callers)
        offer_rows = await rows_of_purpose(hotline, "operator_offer")
        assert [r.outcome for r in offer_rows] == ["accepted"] * len(callers)
        assert await hotline.state.queue.waiting_count() == 0
