"""Rate limits: calls per number, console logins per address, API requests per token."""

from __future__ import annotations

import pytest

from tests.integration.abuse.abuse_support import OpenHotline, row_counts
from tests.support.console import PASSWORD, console_client, create_coordinator
from tests.support.harness import Hotline
from twilio_simulator.parties import ScriptedCaller

pytestmark = pytest.mark.integration

CALLER = "+32470123456"


async def place_call(hotline: Hotline, number: str = CALLER) -> list[str]:
    call = await hotline.call(ScriptedCaller([], then="hang-up"), from_=number)
    await hotline.run()
    return call.transcript.heard()


class TestCallsPerNumber:
    async def test_over_the_limit_the_caller_is_asked_to_call_later(
        self, open_hotline: OpenHotline
    ) -> None:
        async with open_hotline(caller_calls_per_hour=2) as hotline:
            allowed = [await place_call(hotline) for _ in range(2)]
            refused = await place_call(hotline)
            other_number = await place_call(hotline, "+32470999888")
            counts = await row_counts(hotline)

        later = hotline.state.catalogue["nl"].text("caller_call_later")
        assert all(later not in heard for heard in allowed)
        assert refused == [later]
        assert later not in other_number
        assert counts == (3, 3)  # the refused call wrote nothing


class TestLoginsPerAddress:
    async def test_many_names_from_one_address_are_throttled(
        self, open_hotline: OpenHotline
    ) -> None:
        async with open_hotline(login_attempts_per_ip=3) as hotline:
            await create_coordinator(hotline, "carla")
            async with console_client(hotline.app) as client:
                wrong = [await client.log_in(f"user{i}", "nope") for i in range(3)]
                throttled = await client.log_in("carla", PASSWORD)

        assert [r.status_code for r in wrong] == [401, 401, 401]
        assert throttled.status_code == 429
        assert "Too many" in throttled.text or "too many" in throttled.text
        assert throttled.headers["Retry-After"] == "600"


class TestApiPerToken:
    async def test_over_the_limit_the_token_gets_429_json(
        self, open_hotline: OpenHotline
    ) -> None:
        async with open_hotline(api_requests_per_minute=3) as hotline:
            answers = [await hotline.api("GET", "/api/bans") for _ in range(4)]
            other_token = await hotline.api(
                "GET", "/api/bans", headers={"Authorization": "Bearer other"}
            )

        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        assert answers[-1].json()["error"] == "TooManyRequests"
        assert "Retry-After" in answers[-1].headers
        assert other_token.status_code == 401  # counted apart, then refused
