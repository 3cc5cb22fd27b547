"""The winner's details SMS: consent decides name, address, needs, urgency and
access; a setting decides the requester's number."""

from __future__ import annotations

from datetime import date

import pytest

from app.errands.details import Place, address, details_sms, first_name
from app.help_requests.models import HelpRequest
from app.ivr.prompts import LanguagePack, PromptCatalogue, load_catalogue

LANGUAGES = ("nl", "fr", "en", "de")
SCHAERBEEK = Place(name="Schaerbeek", postcode="1030")


@pytest.fixture(scope="module")
def catalogue() -> PromptCatalogue:
    return load_catalogue(LANGUAGES)


def _request(**changes: object) -> HelpRequest:
    values: dict[str, object] = {
        "short_code": "K7Q2",
        "need": "groceries",
        "postcode": "1030",
        "language": "fr",
        "caller_number": "+3225551234",
        "requester_name": "Maria Janssens",
        "address_street": "Rue Royale",
        "address_number": "12",
        "address_box": None,
        "needs_text": "bread and milk",
        "urgency": "week",
        "needed_by": None,
        "access_notes": "bell 3B",
        "details_consent": True,
        "wrapup_recording_url": None,
        **changes,
    }
    return HelpRequest(**values)


def _sms(
    pack: LanguagePack,
    catalogue: PromptCatalogue,
    request: HelpRequest,
    *,
    shown: bool = True,
) -> str:
    return details_sms(
        pack=pack,
        requester_pack=catalogue["fr"],
        request=request,
        place=SCHAERBEEK,
        hotline_number="+3228089654",
        is_number_shown=shown,
    )


def test_with_consent_every_detail_is_on_its_own_line(
    catalogue: PromptCatalogue,
) -> None:
    lines = _sms(catalogue["en"], catalogue, _request()).splitlines()

    assert lines == [
        "Thank you! Request K7Q2 is yours: groceries in Schaerbeek (1030).",
        "Name: Maria",
        "Address: Rue Royale 12, 1030 Schaerbeek",
        "Needed: bread and milk",
        "When: this week",
        "Access: bell 3B",
        "Phone: +3225551234 (speaks Français).",
        "To call them without showing your number, call +3228089654 from this phone"
        " and press 1.",
        "Reply DONE K7Q2 when it is done.",
    ]


def test_without_consent_only_what_the_offer_said(catalogue: PromptCatalogue) -> None:
    sms = _sms(catalogue["en"], catalogue, _request(details_consent=False))

    for private in ("Maria", "Royale", "bread", "week", "bell"):
        assert private not in sms
    assert "did not agree" in sms


def test_the_number_left_out_by_setting(catalogue: PromptCatalogue) -> None:
    sms = _sms(catalogue["en"], catalogue, _request(), shown=False)

    assert "+3225551234" not in sms
    assert "They speak Français." in sms


def test_a_date_wins_over_the_urgency_in_the_readers_language(
    catalogue: PromptCatalogue,
) -> None:
    request = _request(needed_by=date(2026, 12, 3))

    assert "Wann: spätestens Donnerstag, 3. Dezember 2026" in _sms(
        catalogue["de"], catalogue, request
    )
    assert "Quand : au plus tard le jeudi 3 décembre 2026" in _sms(
        catalogue["fr"], catalogue, request
    )


def test_a_recorded_note_is_announced(catalogue: PromptCatalogue) -> None:
    request = _request(wrapup_recording_url="https://api.twilio.com/x/RE1")

    assert "druk 2" in _sms(catalogue["nl"], catalogue, request)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", "Rue Royale 12 bus 3"),
        ("fr", "Rue Royale 12 boîte 3"),
        ("en", "Rue Royale 12 box 3"),
        ("de", "Rue Royale 12 Bus 3"),
    ],
)
def test_the_box_in_each_language(
    catalogue: PromptCatalogue, language: str, expected: str
) -> None:
    assert address(catalogue[language], _request(address_box="3")) == expected


def test_no_street_no_address(catalogue: PromptCatalogue) -> None:
    assert address(catalogue["en"], _request(address_street=None)) is None


@pytest.mark.parametrize(
    ("name", "first"), [("Maria Janssens", "Maria"), ("  ", None), (None, None)]
)
def test_first_name(name: str | None, first: str | None) -> None:
    assert first_name(name) == first
