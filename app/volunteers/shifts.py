"""Weekly shifts: when should an operator be put on or off duty? Pure; no clock here.

Shifts act on their edges only: a manual change inside a shift (an operator who goes
off duty early) is respected until the next shift edge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Literal


@dataclass(frozen=True, slots=True)
class Shift:
    weekday: int  # 0 = Monday
    starts: time
    ends: time  # before `starts`: the shift ends the next day


def span_in_week(shift: Shift, monday: datetime) -> tuple[datetime, datetime]:
    """The shift's span in the week of `monday` (local midnight, aware), in local
    wall-clock time: a shift ending before it starts ends the next day."""
    day = monday + timedelta(days=shift.weekday)
    start = day.replace(hour=shift.starts.hour, minute=shift.starts.minute)
    end = day.replace(hour=shift.ends.hour, minute=shift.ends.minute)
    if end <= start:
        end += timedelta(days=1)
    return start, end


def _occurrences(shift: Shift, now: datetime) -> list[tuple[datetime, datetime]]:
    """This shift's spans around `now` (local, aware): last week's and this week's."""
    monday = (now - timedelta(days=now.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return [span_in_week(shift, monday + timedelta(days=7 * week)) for week in (-1, 0)]


def transition(
    shifts: Sequence[Shift],
    *,
    duty_state: str,
    duty_changed_at: datetime | None,
    now: datetime,
) -> Literal["on", "off"] | None:
    """'on' / 'off' when a shift edge passed since the last duty change, else None."""
    if not shifts:
        return None
    spans = [span for shift in shifts for span in _occurrences(shift, now)]
    current = [start for start, end in spans if start <= now < end]
    if current:
        started = max(current)
        if duty_state == "offline" and (
            duty_changed_at is None or duty_changed_at < started
        ):
            return "on"
        return None
    ended = [end for _, end in spans if end <= now]
    if duty_state == "available" and ended:
        last_end = max(ended)
        if duty_changed_at is None or duty_changed_at < last_end:
            return "off"
    return None
