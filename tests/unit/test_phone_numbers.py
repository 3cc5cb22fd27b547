"""Unit tests for app/phone_numbers.py: Belgian formats to E.164, garbage to None."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.phone_numbers import to_e164


class TestToE164:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("02 808 96 54", "+3228089654"),
            ("02/808.96.54", "+3228089654"),
            ("+32 2 808 96 54", "+3228089654"),
            ("0032 2 555 12 34", "+3225551234"),
            ("0470 12 34 56", "+32470123456"),
            ("0470123456", "+32470123456"),
            ("+32 (0)470 12 34 56", "+32470123456"),
            ("+3228089654", "+3228089654"),
            ("+33 1 42 68 53 00", "+33142685300"),
        ],
    )
    def test_belgian_and_international_formats(self, raw: str, expected: str) -> None:
        assert to_e164(raw) == expected

    @pytest.mark.parametrize(
        "raw",
        [
            None,
            "",
            "anonymous",
            "Anonymous",
            "restricted",
            "unknown",
            "+266696687",  # Twilio's placeholder for a hidden caller ID
            "client:operator",
            "0470",
            "0470 12 34 56 78 90",
            "+32 1",
            "1" * 41,
            "hello",
        ],
    )
    def test_hidden_or_invalid_numbers_are_none(self, raw: str | None) -> None:
        assert to_e164(raw) is None

    def test_region_decides_national_numbers(self) -> None:
        assert to_e164("01 42 68 53 00", region="FR") == "+33142685300"
        assert to_e164("01 42 68 53 00") is None

    @given(st.text(max_size=60))
    def test_never_raises_on_arbitrary_text(self, raw: str) -> None:
        result = to_e164(raw)

        assert result is None or (result.startswith("+") and result[1:].isdigit())

    @given(st.from_regex(r"\A04[5-9]\d{7}\Z"))
    def test_normalising_is_idempotent(self, raw: str) -> None:
        once = to_e164(raw)

        assert once is not None
        assert to_e164(once) == once
