"""The live board: waiting callers, operators, today's figures, and its actions."""

from __future__ import annotations

import asyncio

import pytest

from app.auth import service as auth_service
from app.console import board as board_pages
from app.queue.backend import QueuedCall
from tests.support.console import open_session, signed_in
from tests.support.harness import Hotline
from twilio_simulator import OperatorPhone, Press, ScriptedCaller

pytestmark = pytest.mark.integration

CALLER = "+3225551234"


async def advance_until_queued(hotline: Hotline, count: int = 1) -> None:
    for _ in range(300):
        if await hotline.state.queue.waiting_count() >= count:
            return
        await hotline.sim.advance(1)
    raise AssertionError("the caller never reached the queue")


async def test_a_waiting_caller_shows_masked_with_need_and_municipality(
    hotline: Hotline,
) -> None:
    await hotline.add_operator(
        "Marie", "+32470990001", ["fr"], OperatorPhone(answer_after_s=15)
    )
    await hotline.call(
        ScriptedCaller([Press("2"), Press("1"), Press("1030")], talk_s=30),
        from_=CALLER,
    )
    await advance_until_queued(hotline)

    async with signed_in(hotline) as client:
        waiting = (await client.get("/console")).text
        await hotline.run()
        after = (await client.get("/console")).text
        api = (await hotline.api("GET", "/api/board")).json()

    assert "One caller waiting" in waiting
    assert "+32******34" in waiting
    assert CALLER not in waiting
    assert "Groceries" in waiting
    assert "1030 Schaerbeek" in waiting
    assert "Ringing an operator" in waiting
    assert "Marie" in waiting
    assert "Nobody is waiting right now." in after
    assert "Nobody waiting" in after
    assert api["today"]["calls"] == 1
    assert api["today"]["answered"] == 1
    assert api["today"]["service_level"] == 1.0
    assert api["languages"] == []


async def test_operator_states_and_set_away_then_available(hotline: Hotline) -> None:
    marie = await hotline.add_operator("Marie", "+32470990001", ["fr", "nl"], None)
    async with signed_in(hotline) as client:
        before = (await client.get("/console")).text
        away = await client.post(f"/console/operators/{marie}/away")
        page_away = (await client.get(away.headers["location"])).text
        back = await client.post(f"/console/operators/{marie}/available")
        page_back = (await client.get(back.headers["location"])).text

    assert "One operator on duty" in before
    assert "FR, NL" in before
    assert "Available" in before
    assert away.status_code == back.status_code == 303
    assert "The operator is set away" in page_away
    assert "Away" in page_away
    assert "The operator is available again." in page_back
    state = await hotline.state.queue.operator_state(
        str(marie), hotline.clock.now().timestamp()
    )
    assert state is not None
    assert state.status == "available"


async def test_an_away_operator_is_offered_no_caller(hotline: Hotline) -> None:
    marie = await hotline.add_operator("Marie", "+32470990001", ["fr"], OperatorPhone())
    async with signed_in(hotline) as client:
        await client.post(f"/console/operators/{marie}/away")
    assert (
        await hotline.state.queue.operator_state(
            str(marie), hotline.clock.now().timestamp()
        )
        is None
    )


def callback_entry(entry_id: str, enqueued_at: float) -> QueuedCall:
    return QueuedCall(
        entry_id=entry_id,
        language="nl",
        enqueued_at=enqueued_at,
        kind="callback" if entry_id.startswith("cb-") else "live",
        need="pharmacy",
        postcode="3000",
        caller_number="+3216123456",
        call_log_id=None,
    )


async def test_ring_now_puts_a_callback_first_in_line(hotline: Hotline) -> None:
    now = hotline.clock.now().timestamp()
    queue = hotline.state.queue
    await queue.enqueue(callback_entry("CA" + "1" * 32, now - 300))
    await queue.enqueue(callback_entry("cb-CA" + "2" * 32, now - 100))

    async with signed_in(hotline) as client:
        page = (await client.get("/console")).text
        response = await client.post(f"/console/callbacks/cb-CA{'2' * 32}/ring")
        gone = await client.post(f"/console/callbacks/cb-CA{'9' * 32}/ring")

    assert "Callback asked" in page
    assert "Ring now" in page
    assert response.status_code == 303
    assert await queue.position("cb-CA" + "2" * 32) == 1
    assert await queue.position("CA" + "1" * 32) == 2
    assert gone.status_code == 404
    assert "This no longer exists." in gone.text


class _OpenRequest:
    async def is_disconnected(self) -> bool:
        return False


async def test_the_live_stream_sends_the_board_again_when_it_changes(
    hotline: Hotline,
) -> None:
    hotline.settings.console.live_poll_s = 0.02
    viewer, token = await open_session(hotline)
    events = board_pages.board_events(
        _OpenRequest(), hotline.state, viewer, session_token=token
    )

    first = await anext(events)
    await hotline.add_operator("Marie", "+32470990001", ["fr"], None)
    second = await asyncio.wait_for(anext(events), timeout=2)
    await events.aclose()

    assert first.startswith("event: board\n")
    assert "Nobody is on duty." in first
    assert "Marie" in second
    assert all(
        line.startswith(("event:", "data:")) for line in second.strip().splitlines()
    )


async def test_the_live_stream_ends_with_the_session(hotline: Hotline) -> None:
    hotline.settings.console.live_poll_s = 0.02
    viewer, token = await open_session(hotline)
    events = board_pages.board_events(
        _OpenRequest(), hotline.state, viewer, session_token=token
    )
    await anext(events)
    async with hotline.session() as session:
        await auth_service.log_out(session, token)

    with pytest.raises(StopAsyncIteration):
        await asyncio.wait_for(anext(events), timeout=20)
