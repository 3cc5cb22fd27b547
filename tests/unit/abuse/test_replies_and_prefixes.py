"""START words in every language, and how ban prefixes are written down."""

from __future__ import annotations

import pytest

from app.abuse.schemas import normalize_prefix
from app.matching.sms import Reply, Unreadable, parse_reply


@pytest.mark.parametrize(
    "body",
    ["START", "start", "Begin", "COMMENCER", "debut", "Début", "anfang", "unstop"],
)
def test_start_words_undo_stop(body: str) -> None:
    assert parse_reply(body) == Reply("start")


def test_start_takes_no_code() -> None:
    assert isinstance(parse_reply("START K7Q2"), Unreadable)


def test_stop_is_still_stop() -> None:
    assert parse_reply("arrêt") == Reply("stop")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0470 12 34 56", "+32470123456"),
        ("+32 470/12.34.56", "+32470123456"),
        ("+3290", "+3290"),
        ("+44", "+44"),
    ],
)
def test_numbers_become_e164_and_prefixes_stay(typed: str, stored: str) -> None:
    assert normalize_prefix(typed) == stored


@pytest.mark.parametrize("typed", ["3290", "+", "+0", "+32x", "+1234567890123456"])
def test_anything_else_is_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="prefix"):
        normalize_prefix(typed)
