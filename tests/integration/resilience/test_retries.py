"""Retries through the simulator's REST API failing on purpose: an SMS, a
confirmation call and a callback are tried again with backoff, and what still fails
after the last attempt lands in the coordinators' work list; nothing is dropped
after one attempt."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from prometheus_client import REGISTRY
from pydantic import SecretStr
from sqlalchemy import select

from app.config import OpsSettings, QueueSettings, Settings
from app.help_requests.models import HelpRequestEvent
from app.resilience import service as resilience_service
from tests.e2e.queue.queue_support import legs_to, rows_of_purpose
from tests.integration.matching.test_on_behalf import field_volunteer, on_behalf
from tests.integration.ops.scraping import METRICS_TOKEN, scrape, value
from tests.support.harness import HOTLINE_NUMBER, Hotline, hotline_harness
from twilio_simulator import OperatorPhone, Press, ScriptedCaller

pytestmark = pytest.mark.integration

ANNA = "+32470100001"
REQUESTER = "+32470555111"
CALLER = "+3225550202"
OPERATOR = "+32470000009"


def _count(name: str, operation: str) -> float:
    return REGISTRY.get_sample_value(name, {"operation": operation}) or 0.0


def retries(operation: str) -> float:
    return _count("hotline_retries_total", operation)


def exhausted(operation: str) -> float:
    return _count("hotline_retries_exhausted_total", operation)


async def history(hotline: Hotline, request_id: int) -> list[HelpRequestEvent]:
    async with hotline.session() as session:
        rows = await session.execute(
            select(HelpRequestEvent)
            .where(HelpRequestEvent.request_id == request_id)
            .order_by(HelpRequestEvent.id)
        )
        return list(rows.scalars())


async def escalations(hotline: Hotline) -> list[dict[str, Any]]:
    work = (await hotline.api("GET", "/api/work")).json()
    items: list[dict[str, Any]] = work["escalations"]
    return items


async def redial_until_done(hotline: Hotline) -> None:
    """Let the virtual clock reach each redial, and the ticker ring it."""
    while due := await hotline.state.resilience.due(math.inf, 1):
        wait_s = due[0].due_at - hotline.clock.now().timestamp()
        await hotline.sim.advance(max(0.0, wait_s))
        await resilience_service.tick(hotline.state)
        await hotline.run()


async def test_an_sms_that_fails_twice_is_sent_on_the_third_attempt(
    hotline: Hotline,
) -> None:
    await field_volunteer(hotline, "Anna Peeters", ANNA, "1210")
    before = retries("sms")
    hotline.sim.rest_faults.fail("Messages", times=2)

    response = await hotline.api("POST", "/api/requests", json=on_behalf())

    assert response.status_code == 201, response.text
    assert hotline.sim.rest_faults.injected == 2
    assert [m.to for m in hotline.sim.messages] == [ANNA]
    assert retries("sms") - before == 2
    assert await escalations(hotline) == []


async def test_an_sms_still_failing_after_the_last_attempt_is_in_the_work_list(
    hotline: Hotline,
) -> None:
    await field_volunteer(hotline, "Anna Peeters", ANNA, "1210")
    before = exhausted("sms")
    hotline.sim.rest_faults.fail("Messages", times=100, to=ANNA)

    response = await hotline.api("POST", "/api/requests", json=on_behalf())

    assert response.status_code == 201, response.text
    attempts = hotline.settings.resilience.retry_attempts
    assert hotline.sim.rest_faults.injected == attempts
    assert hotline.sim.messages == []
    assert exhausted("sms") - before == 1
    (item,) = await escalations(hotline)
    assert (item["request_id"], item["reason"]) == (response.json()["id"], "sms_failed")


async def test_a_confirmation_call_that_cannot_be_placed_is_redialled_then_escalated(
    hotline: Hotline,
) -> None:
    await field_volunteer(hotline, "Anna Peeters", ANNA, "1210")
    created = (await hotline.api("POST", "/api/requests", json=on_behalf())).json()
    hotline.sim.rest_faults.fail("Calls", times=100, to=REQUESTER)
    before = retries("confirmation")

    await hotline.sim.send_sms(
        from_=ANNA, to=HOTLINE_NUMBER, body=f"oui {created['short_code']}"
    )
    await hotline.run()
    # Matched: Anna has the details, the requester could not be rung yet.
    assert await escalations(hotline) == []
    await redial_until_done(hotline)

    redials = hotline.settings.resilience.redial_attempts
    attempts = hotline.settings.resilience.retry_attempts
    assert hotline.sim.rest_faults.injected == redials * attempts
    assert retries("confirmation") - before == redials - 1
    kinds = [e.kind for e in await history(hotline, created["id"])]
    assert kinds.count("confirmation_failed") == redials
    assert kinds.count("confirmation_retry_scheduled") == redials - 1
    (item,) = await escalations(hotline)
    assert (item["request_id"], item["reason"], item["status"]) == (
        created["id"],
        "confirmation_failed",
        "matched",
    )


@asynccontextmanager
async def _no_wrapup(settings: Settings) -> AsyncIterator[Hotline]:
    queue = QueueSettings.model_validate({**settings.queue.model_dump(), "wrapup_s": 0})
    async with hotline_harness(settings.model_copy(update={"queue": queue})) as h:
        yield h


async def _callback_requested(hotline: Hotline) -> None:
    """Nobody on duty: the caller asks to be called back (1), then an operator
    comes on duty and accepts the callback."""
    steps = [Press("2"), Press("3"), Press("1000"), Press("1")]
    await hotline.call(ScriptedCaller(steps), from_=CALLER)
    await hotline.run()
    await hotline.add_operator("Op", OPERATOR, ["fr"], OperatorPhone(talk_s=None))


async def test_a_callback_nobody_answered_is_rung_again_and_reaches_the_caller(
    resilient_settings: Settings,
) -> None:
    async with _no_wrapup(resilient_settings) as hotline:
        await _callback_requested(hotline)
        await hotline.run()  # rung once, no answer (the caller's phone has no party)
        assert len(legs_to(hotline, CALLER)) == 1
        work = (await hotline.api("GET", "/api/work")).json()
        assert work["callbacks"] == []  # not yet: a redial is due

        hotline.sim.phone(CALLER, ScriptedCaller(talk_s=10))
        await redial_until_done(hotline)

        first, second = legs_to(hotline, CALLER)
        assert second.created_at > first.created_at
        assert [c.outcome for c in await rows_of_purpose(hotline, "callback")] == [
            "callback_unanswered",
            "bridged",
        ]
        assert (await hotline.api("GET", "/api/work")).json()["callbacks"] == []


async def test_a_callback_unanswered_at_every_attempt_lands_in_the_work_list(
    resilient_settings: Settings,
) -> None:
    async with _no_wrapup(resilient_settings) as hotline:
        before = exhausted("callback")
        await _callback_requested(hotline)
        await hotline.run()
        await redial_until_done(hotline)

        redials = hotline.settings.resilience.redial_attempts
        assert len(legs_to(hotline, CALLER)) == redials
        assert exhausted("callback") - before == 1
        (item,) = (await hotline.api("GET", "/api/work")).json()["callbacks"]
        assert item["attempts"] == redials


async def test_a_callback_the_provider_refuses_to_place_is_rung_again_later(
    resilient_settings: Settings,
) -> None:
    async with _no_wrapup(resilient_settings) as hotline:
        attempts = hotline.settings.resilience.retry_attempts
        hotline.sim.rest_faults.fail("Calls", times=attempts, to=CALLER)
        before = retries("callback_call")
        await _callback_requested(hotline)
        await hotline.run()
        assert legs_to(hotline, CALLER) == []  # every attempt refused
        assert retries("callback_call") - before == attempts - 1

        hotline.sim.phone(CALLER, ScriptedCaller(talk_s=10))
        await redial_until_done(hotline)

        (leg,) = legs_to(hotline, CALLER)
        (row,) = await rows_of_purpose(hotline, "callback")
        assert (row.twilio_call_sid, row.outcome) == (leg.sid, "bridged")


async def test_retries_are_counted_on_the_metrics_endpoint(
    resilient_settings: Settings,
) -> None:
    tuned = resilient_settings.model_copy(
        update={"ops": OpsSettings(metrics_token=SecretStr(METRICS_TOKEN))}
    )
    async with hotline_harness(tuned) as hotline:
        await field_volunteer(hotline, "Anna Peeters", ANNA, "1210")
        before = await scrape(hotline)
        hotline.sim.rest_faults.fail("Messages", times=2)
        await hotline.api("POST", "/api/requests", json=on_behalf())
        after = await scrape(hotline)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("hotline_retries_total", operation="sms") == 2
    assert delta("hotline_sms_total", outcome="sent") == 1
    assert delta("hotline_retries_exhausted_total", operation="sms") == 0
    assert (
        "hotline_outage_journal_total",
        frozenset({("outcome", "replayed")}),
    ) in after
