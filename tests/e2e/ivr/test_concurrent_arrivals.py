"""Many first webhooks at once: they are looked up and written in groups, and each
caller must still get their own answer and exactly their own rows."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from app.calls.models import Call
from app.help_requests.models import HelpRequest
from tests.e2e.ivr.probe import BASE_URL, call_by_sid, orphan_counts, post_webhook
from tests.support.harness import HOTLINE_NUMBER, Hotline
from twilio_simulator.parties import OperatorPhone, Press, ScriptedCaller

pytestmark = pytest.mark.e2e

RETURNING = "+32470123456"
OPERATOR = "+32470999001"


def sid(i: int) -> str:
    return f"CA{i:032x}"


async def test_a_burst_of_first_webhooks_gets_one_answer_and_one_record_each(
    hotline: Hotline,
) -> None:
    await hotline.add_operator("Marie", OPERATOR, ["fr"], OperatorPhone())
    earlier = await hotline.call(
        ScriptedCaller([Press("4"), Press("1"), Press("1000")], talk_s=5),
        from_=RETURNING,
    )
    await hotline.run()

    arrivals = {sid(i): f"+3224{i:06d}" for i in range(1, 31)}  # new callers
    arrivals[sid(100)] = RETURNING
    arrivals[sid(101)] = OPERATOR
    order = [*arrivals, sid(5), sid(6)]  # two Twilio retries inside the burst
    answers = await asyncio.gather(
        *(
            post_webhook(
                hotline.app,
                f"{BASE_URL}/twilio/voice",
                {"CallSid": s, "From": arrivals[s], "To": HOTLINE_NUMBER},
            )
            for s in order
        )
    )

    assert {a.status_code for a in answers} == {200}
    by_sid = dict(zip(order, answers, strict=True))
    catalogue = hotline.state.catalogue
    de, nl = catalogue["de"], catalogue["nl"]
    welcome_back = de.text("returning_welcome", name=de.text("hotline_name"))
    assert welcome_back in by_sid[sid(100)].text
    assert "Marie" in by_sid[sid(101)].text  # the operator's duty line
    new_caller = by_sid[sid(1)].text
    assert nl.text("welcome", name=nl.text("hotline_name")) in new_caller
    assert all(by_sid[sid(i)].text == new_caller for i in range(2, 31))
    assert answers[-2].text == answers[-1].text == new_caller  # retries: same answer

    async with hotline.session() as session:
        for s, number in arrivals.items():
            if number == OPERATOR:
                continue
            call = await call_by_sid(session, s)
            assert call.caller_e164 == number
            request = await session.scalar(
                select(HelpRequest).where(HelpRequest.call_id == call.id)
            )
            assert request is not None
            assert request.caller_number == number
        calls = await session.scalar(
            select(func.count()).select_from(Call).where(Call.purpose == "caller")
        )
        requests = await session.scalar(select(func.count()).select_from(HelpRequest))
    assert calls == requests == 1 + 31  # the earlier call, 30 new, 1 returning
    assert earlier.sid not in arrivals
    assert await orphan_counts(hotline.state.sessionmaker) == {
        "call_event": 0,
        "help_request_event": 0,
        "help_request_without_history": 0,
    }


@pytest.mark.parametrize("returning_first", [True, False])
async def test_a_group_mixing_returning_and_new_callers_writes_each_row_right(
    hotline: Hotline, returning_first: bool
) -> None:
    # A returning caller's first rows carry their language; a new caller's do not.
    # Both kinds in one group must be written, each with its own values.
    await hotline.call(
        ScriptedCaller([Press("2"), Press("1"), Press("1000")], talk_s=5),
        from_=RETURNING,
    )
    await hotline.run()
    new = [(sid(i), f"+3224{i:06d}") for i in range(1, 6)]
    arrivals = (
        [(sid(100), RETURNING), *new]
        if returning_first
        else [*new, (sid(100), RETURNING)]
    )
    answers = await asyncio.gather(
        *(
            post_webhook(
                hotline.app,
                f"{BASE_URL}/twilio/voice",
                {"CallSid": s, "From": number, "To": HOTLINE_NUMBER},
            )
            for s, number in arrivals
        )
    )

    assert {a.status_code for a in answers} == {200}
    async with hotline.session() as session:
        returning = await call_by_sid(session, sid(100))
        assert returning.language == "fr"
        request = await session.scalar(
            select(HelpRequest).where(HelpRequest.call_id == returning.id)
        )
        assert request is not None
        assert request.language == "fr"
        for s, _ in new:
            assert (await call_by_sid(session, s)).language is None
