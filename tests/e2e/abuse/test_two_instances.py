"""Two app instances: a ban added on one keeps the caller out of both, and with Redis
the rate limits count every instance's hits together."""

from __future__ import annotations

import pytest

from tests.integration.abuse.abuse_support import OpenHotline, row_counts
from tests.support.harness import Hotline
from twilio_simulator.parties import ScriptedCaller

pytestmark = pytest.mark.e2e

PEST = "+32470666777"
CALLER = "+32470123456"
# In memory each instance counts alone: sharing is what Redis is for.
REDIS_ONLY = pytest.mark.parametrize(
    "limits_kind", [pytest.param("redis", marks=pytest.mark.redis)], indirect=True
)


async def place_call(hotline: Hotline, number: str) -> list[str]:
    call = await hotline.call(ScriptedCaller([], then="hang-up"), from_=number)
    await hotline.run()
    return call.transcript.heard()


async def test_a_ban_reaches_the_other_instance_within_the_refresh(
    open_hotline: OpenHotline,
) -> None:
    async with open_hotline(ban_refresh_s=5) as hotline:
        # Both instances have read the (empty) ban list.
        for _ in range(2):
            await place_call(hotline, "+32470000001")
        response = await hotline.api(
            "POST", "/api/bans", json={"number_prefix": PEST, "reason": "threats"}
        )
        assert response.status_code == 201
        await hotline.sim.advance(6)
        heard = [await place_call(hotline, PEST) for _ in range(4)]
        other_instance_knows = await hotline.apps[1].state.hotline.bans.is_banned(PEST)
        counts = await row_counts(hotline)

    banned = hotline.state.catalogue["nl"].text("caller_banned")
    assert heard == [[banned]] * 4
    assert other_instance_knows
    assert counts == (2, 2)


@REDIS_ONLY
async def test_the_call_limit_is_shared_with_redis(open_hotline: OpenHotline) -> None:
    async with open_hotline(caller_calls_per_hour=2) as hotline:
        heard = [await place_call(hotline, CALLER) for _ in range(4)]
        counts = await row_counts(hotline)

    later = hotline.state.catalogue["nl"].text("caller_call_later")
    assert [h == [later] for h in heard] == [False, False, True, True]
    assert counts == (2, 2)


@REDIS_ONLY
async def test_code_guessing_is_stopped_across_instances_with_redis(
    open_hotline: OpenHotline,
) -> None:
    async with open_hotline(sms_bad_codes=2) as hotline:
        replies = [
            await hotline.sim.send_sms(
                from_="+32470999999",
                to=hotline.settings.twilio.hotline_number,
                body=f"YES {code}",
            )
            for code in ("AAAA", "BBBB", "CCCC", "DDDD")
        ]

    assert [len(r) for r in replies] == [1, 1, 0, 0]
