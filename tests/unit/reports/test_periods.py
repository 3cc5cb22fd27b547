"""Reading a report's period, and the local calendar across DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from app.reports.periods import InvalidPeriod, Period, parse_period

BRUSSELS = ZoneInfo("Europe/Brussels")
TODAY = date(2026, 11, 23)


def parse(from_text: str | None, to_text: str | None) -> Period:
    return parse_period(from_text, to_text, today=TODAY, zone=BRUSSELS)


class TestParsePeriod:
    def test_no_dates_mean_the_last_seven_days_up_to_today(self) -> None:
        period = parse(None, None)

        assert (period.first_day, period.last_day) == (date(2026, 11, 17), TODAY)
        assert period.day_count == 7

    def test_empty_fields_count_as_missing(self) -> None:
        assert parse("", "  ") == parse(None, None)

    def test_only_an_end_gives_the_seven_days_before_it(self) -> None:
        period = parse(None, "2026-10-31")

        assert period.first_day == date(2026, 10, 25)

    def test_only_a_start_runs_to_today(self) -> None:
        assert parse("2026-11-01", None).last_day == TODAY

    def test_one_day_and_a_leap_year_are_allowed(self) -> None:
        assert parse("2026-11-20", "2026-11-20").day_count == 1
        assert parse("2024-01-01", "2024-12-31").day_count == 366

    def test_an_end_before_the_start_is_refused_on_the_end_field(self) -> None:
        with pytest.raises(InvalidPeriod) as refused:
            parse("2026-11-20", "2026-11-19")

        assert (refused.value.code, refused.value.field) == ("order", "to")
        assert refused.value.status_code == 400
        assert "before the start date" in refused.value.message

    def test_more_than_366_days_is_refused_with_the_count(self) -> None:
        with pytest.raises(InvalidPeriod) as refused:
            parse("2025-01-01", "2026-01-02")

        assert refused.value.code == "too-long"
        assert refused.value.message_args == {"max": 366, "days": 367}

    @pytest.mark.parametrize(
        "text", ["2026-1-5", "20261025", "2026-W43-7", "2026-02-30", "yesterday"]
    )
    def test_anything_but_a_real_yyyy_mm_dd_date_is_refused(self, text: str) -> None:
        with pytest.raises(InvalidPeriod) as refused:
            parse(text, "2026-11-20")

        assert (refused.value.code, refused.value.field) == ("date", "from")


class TestLocalCalendar:
    def test_bounds_are_local_midnights_across_the_autumn_change(self) -> None:
        period = parse("2026-10-25", "2026-10-25")

        assert period.start == datetime(2026, 10, 24, 22, tzinfo=UTC)
        assert period.end == datetime(2026, 10, 25, 23, tzinfo=UTC)  # 25 hours

    def test_offsets_change_at_the_exact_second(self) -> None:
        spring = parse("2026-03-28", "2026-03-30").calendar()
        autumn = parse("2026-10-24", "2026-10-26").calendar()
        winter = parse("2026-11-01", "2026-11-30").calendar()

        change = int(datetime(2026, 3, 29, 1, tzinfo=UTC).timestamp())
        assert spring.offsets[1:] == ((change, 7200),)
        assert spring.offsets[0][1] == 3600
        change = int(datetime(2026, 10, 25, 1, tzinfo=UTC).timestamp())
        assert autumn.offsets[1:] == ((change, 3600),)
        assert len(winter.offsets) == 1

    @pytest.mark.parametrize(
        ("utc", "day", "hour"),
        [
            ("2026-10-24 22:00:00", 1, 0),  # 00:00 CEST on the 25th
            ("2026-10-25 00:59:59", 1, 2),  # 02:59:59 CEST
            ("2026-10-25 01:00:00", 1, 2),  # 02:00 CET, the hour again
            ("2026-10-25 22:59:59", 1, 23),
            ("2026-10-25 23:00:00", 2, 0),
        ],
    )
    def test_local_seconds_give_the_local_day_and_hour(
        self, utc: str, day: int, hour: int
    ) -> None:
        calendar = parse("2026-10-24", "2026-10-26").calendar()
        moment = int(datetime.fromisoformat(utc).replace(tzinfo=UTC).timestamp())

        local = calendar.local_s(moment) - calendar.origin_s

        assert divmod(local // 3600, 24) == (day, hour)

    def test_a_half_hour_zone_keeps_its_offset(self) -> None:
        kolkata = parse_period(
            "2026-11-01", "2026-11-02", today=TODAY, zone=ZoneInfo("Asia/Kolkata")
        )

        assert kolkata.calendar().offsets == ((int(kolkata.start.timestamp()), 19800),)
