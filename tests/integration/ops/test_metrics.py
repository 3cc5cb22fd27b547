"""/metrics: names and values after scripted calls through the simulator."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from app.config import OpsSettings, Settings
from tests.integration.ops.scraping import METRICS_TOKEN, get, scrape, value
from tests.support.harness import Hotline, hotline_harness
from twilio_simulator.parties import OperatorPhone, Press, ScriptedCaller

pytestmark = pytest.mark.integration

# The smoke test's caller (tests/e2e/test_first_call.py): French, groceries, 1030.
FRENCH_GROCERIES = [Press("2"), Press("1"), Press("1030")]


async def test_a_bridged_call_counts_its_webhooks_and_offer(
    ops_hotline: Hotline,
) -> None:
    await ops_hotline.add_operator(
        "Marie", "+32470000001", ["fr", "nl"], OperatorPhone(talk_s=90)
    )
    before = await scrape(ops_hotline)
    await ops_hotline.call(ScriptedCaller(FRENCH_GROCERIES, talk_s=60))
    await ops_hotline.run()
    after = await scrape(ops_hotline)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("hotline_offers_total", outcome="made") == 1
    assert delta("hotline_offers_total", outcome="accepted") == 1
    assert delta("hotline_offers_total", outcome="missed") == 0
    voice = {"method": "POST", "route": "/twilio/voice"}
    assert delta("hotline_http_requests_total", status="200", **voice) == 1
    assert delta("hotline_http_request_duration_seconds_count", **voice) == 1
    assert delta("hotline_http_request_duration_seconds_sum", **voice) > 0
    # Route templates, never ids: one series for every offer's answer webhook.
    routes = {
        dict(labels)["route"] for name, labels in after if "route" in dict(labels)
    }
    assert any("{" in route for route in routes), routes
    assert not any("CA" in route for route in routes), routes
    # Nobody waits any more; the one operator is back in the pool.
    assert value(after, "hotline_callers_waiting", language="fr") == 0
    assert value(after, "hotline_longest_wait_seconds", language="fr") == 0
    states = ("available", "wrap_up", "ringing", "on_call")
    assert sum(value(after, "hotline_operators", state=s) for s in states) == 1
    assert value(after, "hotline_offers_pending") == 0


async def test_a_caller_on_hold_shows_per_language_with_the_longest_wait(
    ops_hotline: Hotline,
) -> None:
    await ops_hotline.call(ScriptedCaller(FRENCH_GROCERIES, talk_s=60))
    await ops_hotline.sim.advance(60)
    samples = await scrape(ops_hotline)
    assert value(samples, "hotline_callers_waiting", language="fr") == 1
    assert value(samples, "hotline_callers_waiting", language="nl") == 0
    assert value(samples, "hotline_longest_wait_seconds", language="fr") >= 10
    assert value(samples, "hotline_operators", state="available") == 0


async def test_metrics_need_the_bearer_token(ops_hotline: Hotline) -> None:
    assert (await get(ops_hotline, "/metrics")).status_code == 401
    wrong = {"Authorization": "Bearer not-it"}
    assert (await get(ops_hotline, "/metrics", wrong)).status_code == 401
    right = {"Authorization": f"Bearer {METRICS_TOKEN}"}
    assert (await get(ops_hotline, "/metrics", right)).status_code == 200


@pytest.mark.parametrize(("env", "status"), [("dev", 200), ("test", 403)])
async def test_without_a_token_metrics_are_open_in_dev_only(
    settings: Settings, env: str, status: int
) -> None:
    open_settings = settings.model_copy(update={"env": env, "ops": OpsSettings()})
    async with hotline_harness(open_settings) as hotline:
        assert (await get(hotline, "/metrics")).status_code == status


def test_the_token_is_a_secret() -> None:
    ops = OpsSettings(metrics_token=SecretStr("hidden"))
    assert "hidden" not in repr(ops)
