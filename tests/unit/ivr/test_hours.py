"""Unit tests for app/ivr/hours.py: opening hours in Brussels local time."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.config import IvrSettings
from app.ivr.hours import format_hour, is_holiday, is_open, spoken_days
from app.ivr.prompts import load_catalogue

BRUSSELS = ZoneInfo("Europe/Brussels")
WEEKDAYS = (0, 1, 2, 3, 4)


def hours(
    open_from: time = time(8, 0),
    open_until: time = time(20, 0),
    open_days: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6),
    *,
    holidays: bool = False,
) -> IvrSettings:
    """Opening hours alone (public holidays: TestPublicHolidays)."""
    return IvrSettings(
        open_from=open_from,
        open_until=open_until,
        open_days=open_days,
        closed_on_public_holidays=holidays,
    )


def local(day: int, hour: int, minute: int = 0) -> datetime:
    """Monday 2024-06-03 + `day` days, Brussels wall-clock time."""
    return datetime(2024, 6, 3 + day, hour, minute, tzinfo=BRUSSELS)


class TestDaytimeHours:
    @pytest.mark.parametrize(
        ("hour", "minute", "expected"),
        [
            (7, 59, False),
            (8, 0, True),
            (12, 30, True),
            (19, 59, True),
            (20, 0, False),
            (23, 0, False),
            (0, 0, False),
        ],
    )
    def test_open_from_inclusive_until_exclusive(
        self, hour: int, minute: int, expected: bool
    ) -> None:
        assert is_open(local(0, hour, minute), hours()) is expected

    def test_closed_day_is_closed_all_day(self) -> None:
        settings = hours(open_days=WEEKDAYS)

        assert is_open(local(4, 12), settings) is True  # Friday
        assert is_open(local(5, 12), settings) is False  # Saturday
        assert is_open(local(6, 12), settings) is False  # Sunday

    def test_utc_instant_is_judged_in_brussels_time(self) -> None:
        # 06:30 UTC is 08:30 in Brussels in summer (UTC+2).
        assert is_open(datetime(2024, 6, 3, 6, 30, tzinfo=UTC), hours()) is True
        # 18:30 UTC is 20:30 in Brussels: already closed.
        assert is_open(datetime(2024, 6, 3, 18, 30, tzinfo=UTC), hours()) is False


NIGHT_FROM, NIGHT_UNTIL = time(22, 0), time(6, 0)


class TestOvernightHours:
    @pytest.mark.parametrize(
        ("hour", "expected"),
        [(21, False), (22, True), (23, True), (0, True), (5, True), (6, False)],
    )
    def test_span_crosses_midnight(self, hour: int, expected: bool) -> None:
        assert is_open(local(1, hour), hours(NIGHT_FROM, NIGHT_UNTIL)) is expected

    def test_after_midnight_belongs_to_the_previous_days_opening(self) -> None:
        # Open Monday to Friday nights: Friday night runs into Saturday morning,
        # Sunday night (Sunday closed) does not open Monday morning.
        settings = hours(NIGHT_FROM, NIGHT_UNTIL, WEEKDAYS)

        assert is_open(local(5, 2), settings) is True  # Saturday 02:00
        assert is_open(local(5, 23), settings) is False  # Saturday 23:00
        assert is_open(local(0, 2), settings) is False  # Monday 02:00
        assert is_open(local(0, 23), settings) is True  # Monday 23:00


class TestAlwaysOpen:
    @given(
        instant=st.datetimes(
            min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)
        ).map(lambda d: d.replace(tzinfo=UTC))
    )
    def test_equal_from_and_until_means_open_around_the_clock(
        self, instant: datetime
    ) -> None:
        assert is_open(instant, hours(time(0, 0), time(0, 0))) is True

    def test_around_the_clock_still_respects_closed_days(self) -> None:
        settings = hours(time(9, 0), time(9, 0), open_days=(0,))

        assert is_open(local(0, 3), settings) is True
        assert is_open(local(1, 12), settings) is False


class TestDaylightSaving:
    def test_opening_follows_the_spring_forward_in_brussels(self) -> None:
        # 2024-03-31 02:00 CET -> 03:00 CEST. 06:30 UTC: 07:30 on Saturday (CET)
        # but 08:30 on Sunday (CEST).
        assert is_open(datetime(2024, 3, 30, 6, 30, tzinfo=UTC), hours()) is False
        assert is_open(datetime(2024, 3, 31, 6, 30, tzinfo=UTC), hours()) is True

    def test_closing_follows_the_fall_back_in_brussels(self) -> None:
        # 2024-10-27 03:00 CEST -> 02:00 CET. 19:30 UTC: 21:30 on Saturday (CEST),
        # 20:30 on Sunday (CET): both closed; 18:30 UTC is 19:30 CET, still open.
        assert is_open(datetime(2024, 10, 26, 18, 30, tzinfo=UTC), hours()) is False
        assert is_open(datetime(2024, 10, 27, 18, 30, tzinfo=UTC), hours()) is True

    def test_repeated_autumn_hour_is_open_both_times(self) -> None:
        settings = hours(time(1, 0), time(4, 0))
        start = datetime(2024, 10, 26, 22, 0, tzinfo=UTC)  # Sunday 00:00 CEST
        opened = [
            is_open(start + timedelta(minutes=30 * i), settings) for i in range(12)
        ]

        # 00:00, 00:30 CEST closed; 01:00-02:59 CEST and 02:00-03:59 CET open
        # (4 real hours for 3 wall-clock hours); 04:00, 04:30 CET closed.
        assert opened == [False, False, *[True] * 8, False, False]


def test_format_hour_is_zero_padded_24h() -> None:
    assert format_hour(time(8, 5)) == "08:05"
    assert format_hour(time(20, 0)) == "20:00"


class TestPublicHolidays:
    @pytest.mark.parametrize(
        "day",
        [
            datetime(2026, 1, 1, 12, tzinfo=BRUSSELS),  # New Year
            datetime(2026, 4, 6, 12, tzinfo=BRUSSELS),  # Easter Monday
            datetime(2026, 7, 21, 12, tzinfo=BRUSSELS),  # National Day
            datetime(2026, 11, 11, 12, tzinfo=BRUSSELS),  # Armistice
            datetime(2026, 12, 25, 12, tzinfo=BRUSSELS),  # Christmas
        ],
    )
    def test_the_line_is_closed_on_belgian_public_holidays(self, day: datetime) -> None:
        assert is_open(day, hours(holidays=True)) is False
        assert is_holiday(day, hours(holidays=True)) is True
        assert is_open(day, hours(holidays=False)) is True

    def test_an_ordinary_day_is_not_a_holiday(self) -> None:
        day = datetime(2026, 7, 22, 12, tzinfo=BRUSSELS)

        assert is_holiday(day, hours(holidays=True)) is False
        assert is_open(day, hours(holidays=True)) is True

    def test_the_holiday_follows_the_brussels_date(self) -> None:
        # 23:30 UTC on 31 December is already New Year's Day in Brussels.
        instant = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)

        assert is_holiday(instant, hours(holidays=True)) is True

    def test_holidays_are_on_by_default(self) -> None:
        assert IvrSettings().closed_on_public_holidays is True


CATALOGUE = load_catalogue(("nl", "fr", "en", "de"))


@pytest.mark.parametrize(
    ("language", "days", "expected"),
    [
        ("en", (0, 1, 2, 3, 4, 5, 6), "every day"),
        ("en", (0, 1, 2, 3, 4), "Monday to Friday"),
        ("en", (0, 2, 4), "on Monday, Wednesday and Friday"),
        ("en", (5, 6), "on Saturday and Sunday"),
        ("en", (6,), "on Sunday"),
        ("nl", (0, 1, 2, 3, 4, 5, 6), "elke dag"),
        ("nl", (0, 1, 2, 3, 4), "van maandag tot en met vrijdag"),
        ("nl", (1, 3), "op dinsdag en donderdag"),
        ("fr", (0, 1, 2, 3, 4, 5), "du lundi au samedi"),
        ("fr", (0, 2, 4), "le lundi, mercredi et vendredi"),
        ("de", (0, 1, 2, 3, 4), "Montag bis Freitag"),
        ("de", (5,), "am Samstag"),
    ],
)
def test_opening_days_in_natural_words(
    language: str, days: tuple[int, ...], expected: str
) -> None:
    assert spoken_days(CATALOGUE[language], days) == expected
