"""Unit tests for app/volunteers/coverage.week_coverage: next week's operators per
open hour and language, read from weekly shifts in Brussels wall-clock time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from app.config import IvrSettings
from app.volunteers.coverage import OperatorShifts, next_monday, week_coverage
from app.volunteers.schemas import WeekCoverage
from app.volunteers.shifts import Shift

BRUSSELS = ZoneInfo("Europe/Brussels")
LANGUAGES = ("nl", "fr", "en", "de")
ALWAYS_OPEN = IvrSettings(open_from=time(0), open_until=time(0))
# Wednesday 18 November 2026, noon in Brussels: next week is 23-29 November.
NOW = datetime(2026, 11, 18, 12, 0, tzinfo=BRUSSELS)


def operator(*shifts: Shift, languages: Sequence[str] = ("nl",)) -> OperatorShifts:
    return OperatorShifts(languages=tuple(languages), shifts=shifts)


def shift(weekday: int, starts: int | time, ends: int | time) -> Shift:
    def at(value: int | time) -> time:
        return value if isinstance(value, time) else time(value)

    return Shift(weekday, at(starts), at(ends))


def grid(coverage: WeekCoverage, language: str = "nl") -> dict[int, list[int | None]]:
    """Hour -> the seven days' operator counts (None: closed or no such hour)."""
    (found,) = [lang for lang in coverage.languages if lang.language == language]
    return {row.hour: [cell.operators for cell in row.cells] for row in found.hours}


def cover(
    *operators: OperatorShifts,
    now: datetime = NOW,
    hours: IvrSettings = ALWAYS_OPEN,
) -> WeekCoverage:
    return week_coverage(operators, now=now, hours=hours, languages=LANGUAGES)


class TestWhichWeek:
    @pytest.mark.parametrize(
        ("now", "monday"),
        [
            (datetime(2026, 11, 18, 12, 0, tzinfo=BRUSSELS), date(2026, 11, 23)),
            (datetime(2026, 11, 16, 0, 0, tzinfo=BRUSSELS), date(2026, 11, 23)),
            (datetime(2026, 11, 22, 23, 59, tzinfo=BRUSSELS), date(2026, 11, 23)),
            # 23:30 UTC on Sunday is already Monday 00:30 in Brussels.
            (datetime(2026, 11, 22, 23, 30, tzinfo=UTC), date(2026, 11, 30)),
        ],
    )
    def test_next_week_starts_on_the_local_monday_after_this_week(
        self, now: datetime, monday: date
    ) -> None:
        coverage = cover(now=now)

        assert next_monday(now, BRUSSELS) == monday
        assert coverage.week_start == monday
        assert coverage.days[0] == monday
        assert [day.weekday() for day in coverage.days] == list(range(7))


class TestCounting:
    def test_a_day_shift_covers_its_whole_hours_on_its_day_only(self) -> None:
        coverage = cover(operator(shift(0, 9, 17)))

        hours = grid(coverage)
        assert [hours[h][0] for h in (8, 9, 16, 17)] == [0, 1, 1, 0]
        assert hours[9][1:] == [0] * 6
        (dutch,) = [lang for lang in coverage.languages if lang.language == "nl"]
        assert dutch.gaps == 7 * 24 - 8

    def test_an_hour_covered_only_in_part_is_a_gap(self) -> None:
        hours = grid(cover(operator(shift(1, time(9, 30), time(11, 15)))))

        assert [hours[h][1] for h in (9, 10, 11)] == [0, 1, 0]

    def test_back_to_back_shifts_cover_the_hour_between_them(self) -> None:
        hours = grid(
            cover(operator(shift(2, time(9), time(12, 30)), shift(2, time(12, 30), 17)))
        )

        assert hours[12][2] == 1

    def test_operators_count_once_per_language_they_speak(self) -> None:
        coverage = cover(
            operator(shift(0, 9, 10), languages=("nl", "fr")),
            operator(shift(0, 9, 10), languages=("nl",)),
        )

        assert grid(coverage, "nl")[9][0] == 2
        assert grid(coverage, "fr")[9][0] == 1
        assert grid(coverage, "en")[9][0] == 0
        assert [lang.language for lang in coverage.languages] == list(LANGUAGES)

    def test_no_operator_at_all_makes_every_open_hour_a_gap(self) -> None:
        coverage = cover()

        assert all(lang.gaps == 7 * 24 for lang in coverage.languages)
        assert all(
            cell.is_gap
            for lang in coverage.languages
            for row in lang.hours
            for cell in row.cells
        )


class TestShiftsCrossingMidnight:
    def test_a_night_shift_covers_the_evening_and_the_next_morning(self) -> None:
        hours = grid(cover(operator(shift(2, 22, 6))))  # Wednesday 22:00-06:00

        assert [hours[h][2] for h in (21, 22, 23)] == [0, 1, 1]
        assert [hours[h][3] for h in (0, 5, 6)] == [1, 1, 0]

    def test_last_weeks_sunday_night_reaches_into_monday(self) -> None:
        hours = grid(cover(operator(shift(6, 22, 2))))  # Sunday 22:00-02:00

        assert [hours[h][0] for h in (0, 1, 2)] == [1, 1, 0]  # Monday morning
        assert [hours[h][6] for h in (21, 22, 23)] == [0, 1, 1]  # Sunday evening


class TestOpeningHours:
    def test_only_open_hours_are_rows_and_closed_days_are_not_gaps(self) -> None:
        weekdays = IvrSettings(
            open_from=time(8), open_until=time(20), open_days=(0, 1, 2, 3, 4)
        )

        coverage = cover(operator(shift(5, 9, 17)), hours=weekdays)

        hours = grid(coverage)
        assert list(hours) == list(range(8, 20))
        assert hours[9] == [0, 0, 0, 0, 0, None, None]
        (dutch,) = [lang for lang in coverage.languages if lang.language == "nl"]
        assert dutch.gaps == 5 * 12

    def test_overnight_opening_hours_list_the_evening_first(self) -> None:
        nights = IvrSettings(open_from=time(20), open_until=time(2), open_days=(0,))

        hours = grid(cover(operator(shift(0, 20, 2)), hours=nights))

        assert list(hours) == [20, 21, 22, 23, 0, 1]
        # Monday night's opening runs into Tuesday; Monday 00:00-02:00 belongs to
        # Sunday's opening, which is closed.
        assert hours[23] == [1, None, None, None, None, None, None]
        assert hours[1] == [None, 1, None, None, None, None, None]

    def test_an_hour_open_in_part_needs_only_its_open_part_covered(self) -> None:
        half_past = IvrSettings(open_from=time(8, 30), open_until=time(17, 30))

        hours = grid(
            cover(operator(shift(0, time(8, 30), time(17, 30))), hours=half_past)
        )

        assert hours[8][0] == 1
        assert hours[17][0] == 1
        assert hours[8][1] == 0


class TestSummerTime:
    def test_spring_week_has_no_two_oclock_on_the_sunday(self) -> None:
        # Clocks go from 02:00 to 03:00 on Sunday 29 March 2026.
        coverage = cover(
            operator(shift(6, 1, 4), shift(6, 9, 17)),
            now=datetime(2026, 3, 18, 12, tzinfo=BRUSSELS),
        )

        hours = grid(coverage)
        assert coverage.days[-1] == date(2026, 3, 29)
        assert [hours[h][6] for h in (0, 1, 2, 3, 4)] == [0, 1, None, 1, 0]
        # Shifts keep their wall-clock hours across the change.
        assert [hours[h][6] for h in (8, 9, 16, 17)] == [0, 1, 1, 0]
        assert [hours[h][5] for h in (8, 9, 16, 17)] == [0, 0, 0, 0]
        (dutch,) = [lang for lang in coverage.languages if lang.language == "nl"]
        assert dutch.gaps == 7 * 24 - 1 - 2 - 8

    def test_autumn_weeks_two_oclock_lasts_two_hours(self) -> None:
        # Clocks go from 03:00 back to 02:00 on Sunday 25 October 2026.
        coverage = cover(
            operator(shift(6, 0, 4)),
            operator(shift(6, 1, time(2, 30))),
            now=datetime(2026, 10, 14, 12, tzinfo=BRUSSELS),
        )

        hours = grid(coverage)
        assert coverage.days[-1] == date(2026, 10, 25)
        assert [hours[h][6] for h in (0, 1, 2, 3)] == [1, 2, 1, 1]
