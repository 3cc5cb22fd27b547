"""SMS: START undoes STOP, a coordinator clears an opt-out, a repeated YES is
answered once, and code guessing is ignored after a few bad codes."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from app.volunteers.models import Volunteer
from tests.integration.abuse.abuse_support import OpenHotline, field_volunteer
from tests.support.harness import HOTLINE_NUMBER, Hotline

pytestmark = pytest.mark.integration

ANNA = "+32470100001"
BERT = "+32470100002"
REQUESTER = "+32470555111"


def on_behalf() -> dict[str, Any]:
    return {
        "phone_number": REQUESTER,
        "requester_name": "Maria Janssens",
        "language": "fr",
        "need": "groceries",
        "postcode": "1030",
    }


async def sms(hotline: Hotline, sender: str, body: str) -> list[str]:
    return await hotline.sim.send_sms(from_=sender, to=HOTLINE_NUMBER, body=body)


async def is_opted_out(hotline: Hotline, volunteer_id: int) -> bool:
    async with hotline.session() as session:
        volunteer = await session.get(Volunteer, volunteer_id)
        assert volunteer is not None
        return volunteer.is_sms_opted_out


async def offered(hotline: Hotline) -> tuple[int, str]:
    """A request entered by API, offered by SMS: its id and short code."""
    response = await hotline.api("POST", "/api/requests", json=on_behalf())
    assert response.status_code == 201, response.text
    body = response.json()
    return body["id"], body["short_code"]


async def offered_code(hotline: Hotline) -> str:
    return (await offered(hotline))[1]


class TestStartAfterStop:
    @pytest.mark.parametrize("word", ["START", "begin", "Commencer", "début", "ANFANG"])
    async def test_start_in_any_language_undoes_stop(
        self, hotline: Hotline, word: str
    ) -> None:
        anna = await field_volunteer(hotline, ANNA)
        await sms(hotline, ANNA, "STOP")
        assert await is_opted_out(hotline, anna)

        reply = await sms(hotline, ANNA, word)

        assert not await is_opted_out(hotline, anna)
        fr = hotline.state.catalogue["fr"]
        assert reply == [fr.text("sms_start")]

    async def test_stop_says_how_to_start_again(self, hotline: Hotline) -> None:
        await field_volunteer(hotline, ANNA)

        reply = await sms(hotline, ANNA, "stop")

        assert "COMMENCER" in reply[0]

    async def test_requests_reach_the_volunteer_again_after_start(
        self, hotline: Hotline
    ) -> None:
        await field_volunteer(hotline, ANNA)
        await sms(hotline, ANNA, "STOP")
        await sms(hotline, ANNA, "START")
        hotline.sim.messages.clear()

        code = await offered_code(hotline)

        assert [(m.to, code in m.body) for m in hotline.sim.messages] == [(ANNA, True)]


class TestCoordinatorClearsOptOut:
    async def test_patch_clears_the_opt_out(self, hotline: Hotline) -> None:
        anna = await field_volunteer(hotline, ANNA)
        await sms(hotline, ANNA, "STOP")

        response = await hotline.api(
            "PATCH", f"/api/volunteers/{anna}", json={"is_sms_opted_out": False}
        )

        assert response.status_code == 200, response.text
        assert response.json()["is_sms_opted_out"] is False
        assert not await is_opted_out(hotline, anna)

    async def test_null_is_refused(self, hotline: Hotline) -> None:
        anna = await field_volunteer(hotline, ANNA)

        response = await hotline.api(
            "PATCH", f"/api/volunteers/{anna}", json={"is_sms_opted_out": None}
        )

        assert response.status_code == 422


class TestRepeatedYes:
    async def test_the_winner_hears_it_is_theirs_once(self, hotline: Hotline) -> None:
        await field_volunteer(hotline, ANNA)
        code = await offered_code(hotline)

        first = await sms(hotline, ANNA, f"YES {code}")
        second = await sms(hotline, ANNA, f"oui {code}")

        assert len(first) == 1
        assert REQUESTER in first[0]
        assert second == []

    async def test_the_loser_hears_it_is_taken_once(self, hotline: Hotline) -> None:
        await field_volunteer(hotline, ANNA)
        await field_volunteer(hotline, BERT, name="Bert Claes")
        code = await offered_code(hotline)
        await sms(hotline, ANNA, f"YES {code}")

        first = await sms(hotline, BERT, f"YES {code}")
        second = await sms(hotline, BERT, f"YES {code}")

        fr = hotline.state.catalogue["fr"]
        assert first == [fr.text("sms_taken", code=code)]
        assert second == []

    async def test_after_a_coordinator_assigned_it_a_yes_gets_no_second_sms(
        self, hotline: Hotline
    ) -> None:
        anna = await field_volunteer(hotline, ANNA)
        request_id, code = await offered(hotline)
        assigned = await hotline.api(
            "POST",
            f"/api/requests/{request_id}/assign",
            json={"volunteer_id": anna},
        )
        assert assigned.status_code == 200, assigned.text

        assert await sms(hotline, ANNA, f"YES {code}") == []


class TestCodeGuessing:
    async def test_after_the_bad_codes_allowed_replies_are_ignored_and_logged(
        self, open_hotline: OpenHotline, caplog: pytest.LogCaptureFixture
    ) -> None:
        async with open_hotline(sms_bad_codes=3) as hotline:
            await field_volunteer(hotline, ANNA)
            code = await offered_code(hotline)
            guesses = [await sms(hotline, ANNA, f"YES {g}") for g in ("AAAA", "BBBB")]
            third = await sms(hotline, ANNA, "YES CCCC")
            # The app's loggers may not propagate to the root: listen on ours.
            service_logger = logging.getLogger("app.matching.service")
            service_logger.addHandler(caplog.handler)
            try:
                ignored = await sms(hotline, ANNA, "YES DDDD")
                even_the_right_code = await sms(hotline, ANNA, f"YES {code}")
            finally:
                service_logger.removeHandler(caplog.handler)

        assert all(len(reply) == 1 for reply in [*guesses, third])
        assert ignored == []
        assert even_the_right_code == []
        logged = [r.getMessage() for r in caplog.records if "ignored" in r.getMessage()]
        assert logged
        assert ANNA not in " ".join(logged)
        assert "+32" in logged[0]  # masked, not omitted

    async def test_strangers_guessing_are_ignored_too(
        self, open_hotline: OpenHotline
    ) -> None:
        async with open_hotline(sms_bad_codes=2) as hotline:
            replies = [await sms(hotline, "+32470999999", "YES K7Q2") for _ in range(3)]

        assert [len(r) for r in replies] == [1, 1, 0]

    async def test_help_and_good_replies_do_not_count(
        self, open_hotline: OpenHotline
    ) -> None:
        async with open_hotline(sms_bad_codes=1) as hotline:
            await field_volunteer(hotline, ANNA)
            code = await offered_code(hotline)
            help_replies = [await sms(hotline, ANNA, "HELP") for _ in range(3)]
            yes = await sms(hotline, ANNA, f"YES {code}")

        assert all(len(r) == 1 for r in help_replies)
        assert len(yes) == 1
