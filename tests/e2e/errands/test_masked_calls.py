"""Masked calls: the neighbour calls the hotline from their registered phone and is
bridged with the requester, who sees the hotline's number; the operator's note is on
the same menu; unknown codes and other neighbours' codes are refused and logged."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.calls.models import Call, CallEvent
from app.errands import keypad
from app.help_requests.models import HelpRequest
from app.matching import service as matching_service
from tests.e2e.errands.errands_support import (
    ANNA,
    BERT,
    REQUESTER,
    add_neighbour,
    history,
    request,
    request_on_behalf,
    take,
)
from tests.support.harness import HOTLINE_NUMBER, Hotline
from twilio_simulator.parties import OperatorPhone, Press, ScriptedCaller
from twilio_simulator.state import SimCall

pytestmark = pytest.mark.e2e

NOTE_URL = "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1"


def _legs_to(hotline: Hotline, number: str) -> list[SimCall]:
    return [
        c
        for c in hotline.sim.calls.values()
        if c.to == number and c.direction == "outbound-dial"
    ]


def _neighbour_call(hotline: Hotline, phone: str) -> SimCall:
    [call] = [
        c
        for c in hotline.sim.calls.values()
        if c.from_ == phone and c.to == HOTLINE_NUMBER
    ]
    return call


async def _refusals(hotline: Hotline) -> list[str]:
    async with hotline.session() as session:
        rows = await session.execute(
            select(CallEvent).where(CallEvent.kind == "errand_code_refused")
        )
        return [str(e.detail["reason"]) for e in rows.scalars()]


async def test_neighbour_presses_1_and_is_bridged_showing_the_hotline_number(
    hotline: Hotline,
) -> None:
    """A request that came by phone: the caller menu, a neighbour's YES, then the
    neighbour calls the hotline and presses 1."""
    await hotline.add_operator(
        "Op", "+32470000001", ["fr", "nl"], OperatorPhone(talk_s=30)
    )
    await add_neighbour(hotline, "Anna Peeters", ANNA)
    hotline.sim.phone(REQUESTER, ScriptedCaller([], talk_s=40))
    await hotline.call(
        ScriptedCaller([Press("2"), Press("1"), Press("1030")], talk_s=20),
        from_=REQUESTER,
    )
    await hotline.run()
    assert await matching_service.tick(hotline.state) == 1
    async with hotline.session() as session:
        taken = (await session.execute(select(HelpRequest))).scalar_one()
    assert taken.short_code
    await take(hotline, ANNA, taken.short_code)

    await hotline.call(ScriptedCaller([Press("1")], talk_s=40), from_=ANNA)
    await hotline.run()

    heard = _neighbour_call(hotline, ANNA).transcript.format()
    assert keypad.spelled(taken.short_code) in heard
    [leg] = _legs_to(hotline, REQUESTER)
    assert leg.from_ == HOTLINE_NUMBER  # the number the requester knows
    assert leg.from_ != ANNA
    assert leg.duration_s is not None
    assert leg.duration_s >= 30
    kinds = {e.kind: e.detail for e in await history(hotline, taken.id)}
    assert kinds["masked_call"]["call_sid"] == _neighbour_call(hotline, ANNA).sid
    assert kinds["masked_call_ended"]["status"] == "completed"
    async with hotline.session() as session:
        call = (
            await session.execute(select(Call).where(Call.purpose == "neighbour"))
        ).scalar_one()
    assert call.outcome == "errand_call"
    # No second errand: the neighbour's call wrote no help request of its own.
    async with hotline.session() as session:
        requests = (await session.execute(select(HelpRequest))).scalars().all()
    assert len(requests) == 1


async def test_neighbour_hears_the_operators_note_then_calls(
    hotline: Hotline,
) -> None:
    await add_neighbour(hotline, "Anna Peeters", ANNA, languages=["en", "fr"])
    made = await request_on_behalf(hotline, details_consent=True)
    assert made.short_code
    async with hotline.session() as session:
        row = await session.get(HelpRequest, made.id)
        assert row is not None
        row.wrapup_recording_url = NOTE_URL  # the operator's wrap-up note
        await session.commit()
    [details] = await take(hotline, ANNA, made.short_code)
    assert "press 2" in details
    hotline.sim.phone(REQUESTER, ScriptedCaller([], talk_s=10))

    await hotline.call(ScriptedCaller([Press("2"), Press("1")]), from_=ANNA)
    await hotline.run()

    heard = _neighbour_call(hotline, ANNA).transcript.format()
    assert "The operator's note" in heard
    assert NOTE_URL in heard
    assert heard.index(NOTE_URL) < heard.index("We are calling the person")
    [leg] = _legs_to(hotline, REQUESTER)
    assert leg.from_ == HOTLINE_NUMBER


async def test_unknown_and_foreign_codes_are_refused_and_logged(
    hotline: Hotline,
) -> None:
    await add_neighbour(hotline, "Anna Peeters", ANNA, languages=["en", "fr"])
    await add_neighbour(hotline, "Bert Claes", BERT)
    other_requester = "+3225559999"
    anna_request = await request_on_behalf(hotline)
    bert_request = await request_on_behalf(hotline, phone_number=other_requester)
    assert anna_request.short_code
    assert bert_request.short_code
    await take(hotline, ANNA, anna_request.short_code)
    await take(hotline, BERT, bert_request.short_code)
    codes = {anna_request.short_code, bert_request.short_code}
    unknown = next(
        keys
        for keys in ("2222", "3456", "9876", "5432")
        if not codes & set(keypad.candidates(keys))
    )
    hotline.sim.phone(REQUESTER, ScriptedCaller([], talk_s=10))
    hotline.sim.phone(other_requester, ScriptedCaller([], talk_s=10))

    await hotline.call(
        ScriptedCaller(
            [
                Press("*"),
                Press(keypad.keys_for(bert_request.short_code)),
                Press(unknown),
                Press(keypad.keys_for(anna_request.short_code)),
            ]
        ),
        from_=ANNA,
    )
    await hotline.run()

    heard = _neighbour_call(hotline, ANNA).transcript.format()
    assert heard.count("We cannot connect you with this code") == 2
    assert _legs_to(hotline, other_requester) == []  # never Bert's requester
    [leg] = _legs_to(hotline, REQUESTER)  # her own code, typed, is bridged
    assert leg.from_ == HOTLINE_NUMBER
    assert await _refusals(hotline) == ["not_theirs", "unknown"]
    refused = [
        e
        for e in await history(hotline, bert_request.id)
        if e.kind == "masked_call_refused"
    ]
    assert len(refused) == 1
    assert refused[0].actor.startswith("volunteer:")
    mine = await request(hotline, anna_request.id)
    assert mine.status == "matched"


async def test_refused_three_times_the_line_says_goodbye(hotline: Hotline) -> None:
    await add_neighbour(hotline, "Anna Peeters", ANNA, languages=["en", "fr"])
    made = await request_on_behalf(hotline)
    assert made.short_code
    await take(hotline, ANNA, made.short_code)
    unknown = next(
        keys
        for keys in ("2222", "3456", "9876", "5432")
        if made.short_code not in keypad.candidates(keys)
    )

    await hotline.call(
        ScriptedCaller([Press("*"), Press(unknown), Press(unknown), Press(unknown)]),
        from_=ANNA,
    )
    await hotline.run()

    heard = _neighbour_call(hotline, ANNA).transcript.format()
    assert heard.count("We cannot connect you with this code") == 3
    assert "Goodbye" in heard
    assert _legs_to(hotline, REQUESTER) == []
    assert await _refusals(hotline) == ["unknown"] * 3


async def test_a_neighbour_with_a_personal_code_enters_it_first(
    hotline: Hotline,
) -> None:
    await add_neighbour(
        hotline, "Anna Peeters", ANNA, languages=["en", "fr"], duty_pin="4711"
    )
    made = await request_on_behalf(hotline)
    assert made.short_code
    await take(hotline, ANNA, made.short_code)
    hotline.sim.phone(REQUESTER, ScriptedCaller([], talk_s=10))

    await hotline.call(
        ScriptedCaller([Press("1234#"), Press("4711#"), Press("1")]), from_=ANNA
    )
    await hotline.run()

    heard = _neighbour_call(hotline, ANNA).transcript.format()
    assert heard.index("That code is not right") < heard.index("Hello Anna")
    [leg] = _legs_to(hotline, REQUESTER)
    assert leg.from_ == HOTLINE_NUMBER


async def test_a_wrong_personal_code_never_reaches_the_requester(
    hotline: Hotline,
) -> None:
    await add_neighbour(
        hotline, "Anna Peeters", ANNA, languages=["en", "fr"], duty_pin="4711"
    )
    made = await request_on_behalf(hotline)
    assert made.short_code
    await take(hotline, ANNA, made.short_code)

    await hotline.call(
        ScriptedCaller([Press("1#"), Press("1#"), Press("1#"), Press("1")]),
        from_=ANNA,
    )
    await hotline.run()

    heard = _neighbour_call(hotline, ANNA).transcript.format()
    assert "Hello Anna" not in heard
    assert _legs_to(hotline, REQUESTER) == []


async def test_a_requester_who_does_not_answer_is_on_the_history(
    hotline: Hotline,
) -> None:
    await add_neighbour(hotline, "Anna Peeters", ANNA, languages=["en", "fr"])
    made = await request_on_behalf(hotline)
    assert made.short_code
    await take(hotline, ANNA, made.short_code)
    hotline.sim.phone(REQUESTER, OperatorPhone.no_answer())

    await hotline.call(ScriptedCaller([Press("1")]), from_=ANNA)
    await hotline.run()

    heard = _neighbour_call(hotline, ANNA).transcript.format()
    assert "The person did not answer" in heard
    ended = [
        e for e in await history(hotline, made.id) if e.kind == "masked_call_ended"
    ]
    assert [e.detail["status"] for e in ended] == ["no-answer"]
