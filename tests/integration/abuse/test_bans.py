"""The ban list: managed through the coordinator API; a banned caller hears one polite
sentence in the line's default language, the call ends, and nothing is written."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.integration.abuse.abuse_support import row_counts
from tests.support.harness import Hotline
from twilio_simulator.parties import ScriptedCaller

pytestmark = pytest.mark.integration

PEST = "+32470666777"


async def ban(hotline: Hotline, prefix: str, **extra: object) -> int:
    response = await hotline.api(
        "POST",
        "/api/bans",
        json={"number_prefix": prefix, "reason": "abusive calls", **extra},
    )
    assert response.status_code == 201, response.text
    ban_id: int = response.json()["id"]
    return ban_id


async def place_call(hotline: Hotline, number: str) -> list[str]:
    call = await hotline.call(ScriptedCaller([], then="hang-up"), from_=number)
    await hotline.run()
    return call.transcript.heard()


class TestApi:
    async def test_add_list_remove(self, hotline: Hotline) -> None:
        ban_id = await ban(hotline, "0470 66 67 77")

        listed = (await hotline.api("GET", "/api/bans")).json()
        removed = await hotline.api("DELETE", f"/api/bans/{ban_id}")
        after = (await hotline.api("GET", "/api/bans")).json()

        assert [
            (b["number_prefix"], b["is_active"], b["created_by"]) for b in listed
        ] == [(PEST, True, "coordinator")]
        assert listed[0]["reason"] == "abusive calls"
        assert removed.status_code == 204
        assert after == []

    async def test_a_number_banned_twice_is_a_conflict(self, hotline: Hotline) -> None:
        await ban(hotline, PEST)

        again = await hotline.api(
            "POST", "/api/bans", json={"number_prefix": PEST, "reason": "again"}
        )

        assert again.status_code == 409
        assert again.json()["error"] == "AlreadyBanned"

    @pytest.mark.parametrize(
        "body",
        [
            {"number_prefix": "3290", "reason": "no plus"},
            {"number_prefix": "+", "reason": "empty"},
            {"number_prefix": "+32", "reason": " "},
            {"number_prefix": "+32", "reason": "x", "expires_at": "2027-01-01T00:00"},
        ],
    )
    async def test_invalid_bans_are_refused(
        self, hotline: Hotline, body: dict[str, str]
    ) -> None:
        response = await hotline.api("POST", "/api/bans", json=body)

        assert response.status_code == 422

    async def test_removing_an_unknown_ban_is_not_found(self, hotline: Hotline) -> None:
        response = await hotline.api("DELETE", "/api/bans/999")

        assert response.status_code == 404

    @pytest.mark.parametrize(
        ("method", "path"),
        [("GET", "/api/bans"), ("POST", "/api/bans"), ("DELETE", "/api/bans/1")],
    )
    async def test_needs_a_coordinator_token(
        self, hotline: Hotline, method: str, path: str
    ) -> None:
        response = await hotline.api(
            method, path, headers={"Authorization": "Bearer wrong"}
        )

        assert response.status_code == 401


class TestBannedCaller:
    async def test_hears_the_polite_message_and_nothing_is_written(
        self, hotline: Hotline
    ) -> None:
        await ban(hotline, PEST)
        before = await row_counts(hotline)

        heard = await place_call(hotline, PEST)

        nl = hotline.state.catalogue["nl"]  # the line's default language
        assert heard == [nl.text("caller_banned")]
        assert await row_counts(hotline) == before == (0, 0)

    async def test_a_prefix_bans_every_number_under_it(self, hotline: Hotline) -> None:
        await ban(hotline, "+3247066")

        heard = await place_call(hotline, "+32470661234")
        other = await place_call(hotline, "+32470551234")

        assert heard == [hotline.state.catalogue["nl"].text("caller_banned")]
        assert other != heard
        assert await row_counts(hotline) == (1, 1)

    async def test_an_expired_ban_lets_the_caller_through(
        self, hotline: Hotline
    ) -> None:
        expires_at = hotline.clock.now() + timedelta(minutes=30)
        await ban(hotline, PEST, expires_at=expires_at.isoformat())
        assert await place_call(hotline, PEST) == [
            hotline.state.catalogue["nl"].text("caller_banned")
        ]

        await hotline.sim.advance(3600)
        heard = await place_call(hotline, PEST)

        assert hotline.state.catalogue["nl"].text("caller_banned") not in heard
        assert await row_counts(hotline) == (1, 1)
        listed = (await hotline.api("GET", "/api/bans")).json()
        assert listed[0]["is_active"] is False

    async def test_a_lifted_ban_applies_at_once(self, hotline: Hotline) -> None:
        ban_id = await ban(hotline, PEST)
        await place_call(hotline, PEST)

        await hotline.api("DELETE", f"/api/bans/{ban_id}")
        heard = await place_call(hotline, PEST)

        assert hotline.state.catalogue["nl"].text("caller_banned") not in heard
        assert await row_counts(hotline) == (1, 1)
