"""After DONE, a short call asks the requester "did your neighbour come?": 1 yes,
2 no (the request goes back to the coordinators' work list)."""

from __future__ import annotations

from datetime import time

import pytest

from app.config import IvrSettings, Settings
from app.errands import followup
from tests.e2e.errands.errands_support import (
    ANNA,
    REQUESTER,
    add_neighbour,
    history,
    request,
    request_on_behalf,
    take,
)
from tests.support.harness import HOTLINE_NUMBER, Hotline, hotline_harness
from twilio_simulator.parties import Press, ScriptedCaller
from twilio_simulator.state import SimCall

pytestmark = pytest.mark.e2e


async def _done_errand(hotline: Hotline) -> int:
    """A request Anna took and reported done; the requester's phone answers the
    confirmation call."""
    await add_neighbour(hotline, "Anna Peeters", ANNA, languages=["en", "fr"])
    made = await request_on_behalf(hotline)
    assert made.short_code
    hotline.sim.phone(REQUESTER, ScriptedCaller([], talk_s=5))
    await take(hotline, ANNA, made.short_code)
    await hotline.sim.send_sms(
        from_=ANNA, to=HOTLINE_NUMBER, body=f"DONE {made.short_code}"
    )
    assert (await request(hotline, made.id)).status == "done"
    return made.id


def _followup_calls(hotline: Hotline) -> list[SimCall]:
    return [
        c
        for c in hotline.sim.calls.values()
        if c.to == REQUESTER and "voisin est-il passé" in c.transcript.format()
    ]


async def _after_delay(hotline: Hotline) -> int:
    await hotline.clock.sleep(hotline.settings.errands.followup_delay_s + 1)
    placed = await followup.tick(hotline.state)
    await hotline.run()
    return placed


async def test_yes_the_neighbour_came(hotline: Hotline) -> None:
    request_id = await _done_errand(hotline)
    assert await followup.tick(hotline.state) == 0  # not yet: an hour after DONE

    hotline.sim.phone(REQUESTER, ScriptedCaller([Press("1")]))
    assert await _after_delay(hotline) == 1

    [call] = _followup_calls(hotline)
    heard = call.transcript.format()
    assert "Un voisin, Anna, devait vous aider pour courses." in heard
    assert "nous en sommes heureux" in heard
    done = await request(hotline, request_id)
    assert done.status == "done"
    assert done.followup_answer == "came"
    kinds = [e.kind for e in await history(hotline, request_id)]
    assert kinds[-2:] == ["followup_call", "followup_came"]
    assert await followup.tick(hotline.state) == 0  # once per request


async def test_no_puts_the_request_on_the_work_list(hotline: Hotline) -> None:
    request_id = await _done_errand(hotline)
    hotline.sim.phone(REQUESTER, ScriptedCaller([Press("2")]))

    assert await _after_delay(hotline) == 1

    [call] = _followup_calls(hotline)
    assert "Un coordinateur vous appellera bientôt." in call.transcript.format()
    back = await request(hotline, request_id)
    assert back.followup_answer == "did_not_come"
    assert back.status == "new"
    assert back.escalated_at is not None
    work = (await hotline.api("GET", "/api/work")).json()
    [item] = work["escalations"]
    assert item["request_id"] == request_id
    assert item["reason"] == "neighbour_did_not_come"


async def test_an_unanswered_followup_is_on_the_history(hotline: Hotline) -> None:
    request_id = await _done_errand(hotline)
    hotline.sim.phone(REQUESTER, ScriptedCaller([], then="hang-up"))

    assert await _after_delay(hotline) == 1

    unanswered = await request(hotline, request_id)
    assert unanswered.followup_answer == "no_answer"
    assert unanswered.status == "done"
    assert "followup_unanswered" in [e.kind for e in await history(hotline, request_id)]


async def test_nobody_is_rung_while_the_line_is_closed(settings: Settings) -> None:
    # The harness starts on a Monday at 10:00 Brussels time.
    closed = settings.model_copy(
        update={"ivr": IvrSettings(open_from=time(18, 0), open_until=time(20, 0))}
    )
    async with hotline_harness(closed) as hotline:
        await _done_errand(hotline)
        hotline.sim.phone(REQUESTER, ScriptedCaller([Press("1")]))

        assert await _after_delay(hotline) == 0
        assert _followup_calls(hotline) == []
