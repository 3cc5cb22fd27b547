"""The ban list page: what a coordinator sees, adds and lifts."""

from __future__ import annotations

import pytest

from tests.integration.abuse.abuse_support import row_counts
from tests.support.console import console_client, signed_in
from tests.support.harness import Hotline
from twilio_simulator.parties import ScriptedCaller

pytestmark = pytest.mark.integration

PEST = "+32470666777"


async def test_needs_a_signed_in_coordinator(hotline: Hotline) -> None:
    async with console_client(hotline.app) as client:
        response = await client.get("/console/bans")

    assert response.status_code == 303
    assert response.headers["location"].startswith("/console/login")


async def test_a_ban_added_on_the_page_is_listed_masked_and_refuses_calls(
    hotline: Hotline,
) -> None:
    async with signed_in(hotline) as client:
        empty = await client.get("/console/bans")
        added = await client.post(
            "/console/bans",
            {"number_prefix": "0470 66 67 77", "reason": "insults", "until": ""},
        )
        listed = await client.get(added.headers["location"])

    assert "Nobody is banned." in empty.text
    assert added.status_code == 303
    assert "The ban is in force." in listed.text
    assert "insults" in listed.text
    assert "Until lifted" in listed.text
    assert "+32*******77" in listed.text
    assert PEST not in listed.text
    call = await hotline.call(ScriptedCaller([], then="hang-up"), from_=PEST)
    await hotline.run()
    assert call.transcript.heard() == [
        hotline.state.catalogue["nl"].text("caller_banned")
    ]
    assert await row_counts(hotline) == (0, 0)


async def test_a_prefix_is_shown_in_full_and_can_be_lifted(hotline: Hotline) -> None:
    async with signed_in(hotline, language="fr") as client:
        await client.get("/console/bans")
        await client.post(
            "/console/bans",
            {"number_prefix": "+3290", "reason": "spam", "until": "2026-12-31"},
        )
        page = await client.get("/console/bans")
        ban_id = (await hotline.api("GET", "/api/bans")).json()[0]["id"]
        lifted = await client.post(f"/console/bans/{ban_id}/remove")
        after = await client.get(lifted.headers["location"])

    assert "+3290" in page.text
    assert "Un blocage" in page.text
    assert "Le blocage a été levé." in after.text
    assert "Personne n\u2019est bloqué." in after.text


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (
            {"number_prefix": "3290", "reason": "spam", "until": ""},
            "Enter a phone number, or a prefix",
        ),
        ({"number_prefix": PEST, "reason": "", "until": ""}, "Say why"),
        (
            {"number_prefix": PEST, "reason": "spam", "until": "2020-01-01"},
            "Choose a day that has not passed yet.",
        ),
        (
            {"number_prefix": PEST, "reason": "spam", "until": "someday"},
            "Choose a day that has not passed yet.",
        ),
    ],
)
async def test_invalid_input_is_explained_beside_the_field_and_kept(
    hotline: Hotline, form: dict[str, str], message: str
) -> None:
    async with signed_in(hotline) as client:
        await client.get("/console/bans")
        response = await client.post("/console/bans", form)

    assert response.status_code == 422
    assert message in response.text
    assert f'value="{form["number_prefix"]}"' in response.text
    assert (await hotline.api("GET", "/api/bans")).json() == []


async def test_banning_twice_is_explained(hotline: Hotline) -> None:
    form = {"number_prefix": PEST, "reason": "spam", "until": ""}
    async with signed_in(hotline) as client:
        await client.get("/console/bans")
        await client.post("/console/bans", form)
        await client.get("/console/bans")
        again = await client.post("/console/bans", form)

    assert again.status_code == 409
    assert "banned already" in again.text


async def test_a_form_without_the_csrf_token_is_refused(hotline: Hotline) -> None:
    async with signed_in(hotline) as client:
        response = await client.http.post(
            "/console/bans", data={"number_prefix": PEST, "reason": "x"}
        )

    assert response.status_code == 403
    assert (await hotline.api("GET", "/api/bans")).json() == []
