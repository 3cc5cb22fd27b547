"""Unit tests for app/volunteers/shifts.transition: shifts act on their edges only."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.volunteers.shifts import Shift, transition

BRUSSELS = ZoneInfo("Europe/Brussels")
MONDAY_DAY = Shift(weekday=0, starts=time(9, 0), ends=time(17, 0))
SUNDAY_NIGHT = Shift(weekday=6, starts=time(22, 0), ends=time(6, 0))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """Monday 2024-06-03 + `day` days, Brussels wall-clock time."""
    return datetime(2024, 6, 3, hour, minute, tzinfo=BRUSSELS) + timedelta(days=day)


LONG_AGO = at(-20, 12)


class TestNoShifts:
    @pytest.mark.parametrize("state", ["offline", "available", "away"])
    def test_nothing_to_do(self, state: str) -> None:
        assert (
            transition([], duty_state=state, duty_changed_at=None, now=at(0, 9)) is None
        )


class TestShiftStart:
    @pytest.mark.parametrize("changed_at", [None, LONG_AGO, at(0, 8, 59)])
    def test_offline_operator_is_put_on_at_shift_start(
        self, changed_at: datetime | None
    ) -> None:
        result = transition(
            [MONDAY_DAY], duty_state="offline", duty_changed_at=changed_at, now=at(0, 9)
        )

        assert result == "on"

    def test_put_on_later_in_the_shift_when_the_edge_was_missed(self) -> None:
        result = transition(
            [MONDAY_DAY], duty_state="offline", duty_changed_at=LONG_AGO, now=at(0, 15)
        )

        assert result == "on"

    def test_not_before_the_shift_starts(self) -> None:
        result = transition(
            [MONDAY_DAY],
            duty_state="offline",
            duty_changed_at=LONG_AGO,
            now=at(0, 8, 59),
        )

        assert result is None

    def test_already_available_needs_nothing(self) -> None:
        result = transition(
            [MONDAY_DAY],
            duty_state="available",
            duty_changed_at=LONG_AGO,
            now=at(0, 10),
        )

        assert result is None

    def test_away_operator_is_left_alone(self) -> None:
        result = transition(
            [MONDAY_DAY], duty_state="away", duty_changed_at=LONG_AGO, now=at(0, 10)
        )

        assert result is None

    def test_manual_off_inside_the_shift_is_respected(self) -> None:
        result = transition(
            [MONDAY_DAY],
            duty_state="offline",
            duty_changed_at=at(0, 11),
            now=at(0, 12),
        )

        assert result is None

    def test_manual_off_exactly_at_the_start_is_respected(self) -> None:
        result = transition(
            [MONDAY_DAY], duty_state="offline", duty_changed_at=at(0, 9), now=at(0, 10)
        )

        assert result is None


class TestShiftEnd:
    @pytest.mark.parametrize("now", [at(0, 17), at(0, 23), at(3, 12), at(6, 23)])
    def test_available_operator_is_put_off_after_the_end(self, now: datetime) -> None:
        result = transition(
            [MONDAY_DAY], duty_state="available", duty_changed_at=at(0, 9), now=now
        )

        assert result == "off"

    def test_still_on_one_minute_before_the_end(self) -> None:
        result = transition(
            [MONDAY_DAY],
            duty_state="available",
            duty_changed_at=at(0, 9),
            now=at(0, 16, 59),
        )

        assert result is None

    def test_manual_on_after_the_shift_is_respected(self) -> None:
        result = transition(
            [MONDAY_DAY],
            duty_state="available",
            duty_changed_at=at(0, 17, 30),
            now=at(0, 18),
        )

        assert result is None

    @pytest.mark.parametrize("state", ["offline", "away"])
    def test_only_available_operators_are_put_off(self, state: str) -> None:
        result = transition(
            [MONDAY_DAY], duty_state=state, duty_changed_at=at(0, 9), now=at(0, 18)
        )

        assert result is None

    def test_available_without_a_recorded_change_is_put_off(self) -> None:
        result = transition(
            [MONDAY_DAY], duty_state="available", duty_changed_at=None, now=at(1, 8)
        )

        assert result == "off"

    def test_between_two_shifts_on_one_day(self) -> None:
        shifts = [
            Shift(0, time(8, 0), time(10, 0)),
            Shift(0, time(14, 0), time(16, 0)),
        ]

        gap = transition(
            shifts, duty_state="available", duty_changed_at=at(0, 8), now=at(0, 12)
        )
        second = transition(
            shifts, duty_state="offline", duty_changed_at=at(0, 10), now=at(0, 14)
        )

        assert (gap, second) == ("off", "on")


class TestOvernightShift:
    def test_on_late_sunday_evening(self) -> None:
        result = transition(
            [SUNDAY_NIGHT],
            duty_state="offline",
            duty_changed_at=LONG_AGO,
            now=at(6, 22, 30),
        )

        assert result == "on"

    def test_still_on_after_midnight_in_the_new_week(self) -> None:
        # Monday 02:00 is in last week's Sunday-night occurrence.
        result = transition(
            [SUNDAY_NIGHT],
            duty_state="offline",
            duty_changed_at=LONG_AGO,
            now=at(0, 2),
        )

        assert result == "on"

    def test_available_operator_stays_on_after_midnight(self) -> None:
        result = transition(
            [SUNDAY_NIGHT],
            duty_state="available",
            duty_changed_at=at(-1, 22),
            now=at(0, 5, 59),
        )

        assert result is None

    def test_off_on_monday_morning(self) -> None:
        result = transition(
            [SUNDAY_NIGHT],
            duty_state="available",
            duty_changed_at=at(-1, 22),
            now=at(0, 6),
        )

        assert result == "off"

    def test_across_the_spring_clock_change(self) -> None:
        # Sunday 2024-03-31 the clocks go forward at 02:00 in Brussels.
        night = datetime(2024, 3, 31, 22, 0, tzinfo=BRUSSELS)

        on = transition(
            [SUNDAY_NIGHT],
            duty_state="offline",
            duty_changed_at=night - timedelta(days=2),
            now=night,
        )
        off = transition(
            [SUNDAY_NIGHT],
            duty_state="available",
            duty_changed_at=night,
            now=night + timedelta(hours=8),
        )

        assert (on, off) == ("on", "off")


_times = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))
_shifts = st.lists(
    st.builds(Shift, st.integers(0, 6), _times, _times).filter(
        lambda s: s.starts != s.ends
    ),
    min_size=1,
    max_size=4,
)
_instants = st.integers(0, 14 * 24 * 60).map(
    lambda minutes: at(0, 0) + timedelta(minutes=minutes)
)


@given(
    shifts=_shifts,
    now=_instants,
    state=st.sampled_from(["offline", "available"]),
    changed_minutes_ago=st.none() | st.integers(0, 30 * 24 * 60),
)
def test_applying_the_transition_settles_it(
    shifts: list[Shift],
    now: datetime,
    state: str,
    changed_minutes_ago: int | None,
) -> None:
    changed = (
        None
        if changed_minutes_ago is None
        else now - timedelta(minutes=changed_minutes_ago)
    )

    result = transition(shifts, duty_state=state, duty_changed_at=changed, now=now)

    if result is not None:
        assert result == ("on" if state == "offline" else "off")
        new_state = "available" if result == "on" else "offline"
        again = transition(shifts, duty_state=new_state, duty_changed_at=now, now=now)
        assert again is None
