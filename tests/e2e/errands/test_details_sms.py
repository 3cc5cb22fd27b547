"""The winner's details SMS: what the offer never says, in the neighbour's language,
only with the requester's consent; the requester's number left out by setting."""

from __future__ import annotations

import pytest

from app.config import ErrandSettings, Settings
from tests.e2e.errands.errands_support import (
    ANNA,
    BERT,
    DETAILS,
    REQUESTER,
    add_neighbour,
    request_on_behalf,
    take,
    texts_to,
)
from tests.support.harness import Hotline, hotline_harness

pytestmark = pytest.mark.e2e


async def test_winner_gets_name_address_needs_urgency_and_access_in_dutch(
    hotline: Hotline,
) -> None:
    await add_neighbour(hotline, "Anna Peeters", ANNA, languages=["nl", "fr"])
    await add_neighbour(hotline, "Bert Claes", BERT, languages=["fr"])
    request = await request_on_behalf(hotline, details_consent=True, **DETAILS)
    assert request.short_code
    offers = texts_to(hotline, ANNA) + texts_to(hotline, BERT)
    assert len(offers) == 2
    for offer in offers:  # the offer: need, neighbourhood and code, nothing more
        assert request.short_code in offer
        assert "Maria" not in offer
        assert "Royale" not in offer
        assert REQUESTER not in offer

    [details] = await take(hotline, ANNA, request.short_code)

    lines = details.splitlines()
    assert lines[0].startswith(f"Dank u! Vraag {request.short_code} is voor u")
    assert "Naam: Maria" in lines
    assert "Janssens" not in details  # the first name only
    assert "Adres: Rue Royale 12 bus 3, 1030 Schaarbeek" in lines
    assert "Nodig: bread, milk and apples" in lines
    assert "Wanneer: vandaag" in lines
    assert "Toegang: third floor, bell 3B, a friendly dog" in lines
    assert f"Telefoon: {REQUESTER} (spreekt Français)." in lines
    assert any("druk 1" in line for line in lines)  # how to call masked
    assert lines[-1] == f"Antwoord KLAAR {request.short_code} als het gedaan is."
    # The loser hears only that it is taken, in French.
    [taken] = await take(hotline, BERT, request.short_code)
    assert "Maria" not in taken
    assert request.short_code in taken


async def test_without_consent_the_winner_gets_no_name_address_or_needs(
    hotline: Hotline,
) -> None:
    await add_neighbour(hotline, "Anna Peeters", ANNA, languages=["fr"])
    request = await request_on_behalf(hotline, details_consent=False, **DETAILS)
    assert request.short_code

    [details] = await take(hotline, ANNA, request.short_code)

    for private in ("Maria", "Royale", "bread", "third floor", "aujourd"):
        assert private not in details
    assert REQUESTER in details  # the number is shown unless the setting says not
    assert "n'a pas souhaité" in details
    assert f"FINI {request.short_code}" in details


async def test_the_requester_number_can_be_left_out(settings: Settings) -> None:
    hidden = settings.model_copy(
        update={"errands": ErrandSettings(is_requester_number_in_sms=False)}
    )
    async with hotline_harness(hidden) as hotline:
        await add_neighbour(hotline, "Anna Peeters", ANNA, languages=["en", "fr"])
        request = await request_on_behalf(hotline, details_consent=True, **DETAILS)
        assert request.short_code

        [details] = await take(hotline, ANNA, request.short_code)

        assert REQUESTER not in details
        assert "They speak Français." in details
        assert "Name: Maria" in details
        assert f"call {hotline.settings.twilio.hotline_number}" in details
