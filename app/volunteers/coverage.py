"""Next week's phone coverage: per hour and language, how many operators are on shift.
Pure; the caller passes `now` (no clock, no I/O here).

Shifts are read as app.volunteers.shifts reads them when it puts operators on and off
duty: weekly, in local wall-clock time, ending the next day when they end before they
start. An operator counts for an hour only if their shifts span the whole open part
of it: a shift from 9:30 leaves 9:00-9:30 bare, so 9:00 is a gap if nobody else is on.
Spans are compared as real instants (UTC), so a DST night counts the hours that exist:
the spring night has no 2:00 (no cell), the autumn night's 2:00 lasts two hours.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.config import IvrSettings
from app.volunteers.schemas import (
    CoverageCell,
    CoverageHour,
    LanguageCoverage,
    WeekCoverage,
)
from app.volunteers.shifts import Shift, span_in_week

Span = tuple[datetime, datetime]  # [start, end) in UTC
DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class OperatorShifts:
    """An active operator as coverage sees them: what they speak, when they work."""

    languages: tuple[str, ...]
    shifts: tuple[Shift, ...]


def next_monday(now: datetime, zone: ZoneInfo) -> date:
    """The local Monday after `now`'s week (a Monday's next Monday is 7 days on)."""
    today = now.astimezone(zone).date()
    return today + timedelta(days=7 - today.weekday())


def _instant(day: date, clock: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, clock, zone).astimezone(UTC)


def _merged(spans: Iterable[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _openings(day: date, hours: IvrSettings, zone: ZoneInfo) -> list[Span]:
    """Opening periods that may reach into `day`: the day before's (overnight) and
    its own. Same rules as app.ivr.hours.is_open."""
    spans = []
    for opened in (day - DAY, day):
        if opened.weekday() not in hours.open_days:
            continue
        if hours.open_from == hours.open_until:
            spans.append(
                (_instant(opened, time(0), zone), _instant(opened + DAY, time(0), zone))
            )
        elif hours.open_from < hours.open_until:
            spans.append(
                (
                    _instant(opened, hours.open_from, zone),
                    _instant(opened, hours.open_until, zone),
                )
            )
        else:
            spans.append(
                (
                    _instant(opened, hours.open_from, zone),
                    _instant(opened + DAY, hours.open_until, zone),
                )
            )
    return spans


def _open_parts(slot: Span, openings: Sequence[Span]) -> list[Span]:
    parts = []
    for start, end in openings:
        part = (max(slot[0], start), min(slot[1], end))
        if part[0] < part[1]:
            parts.append(part)
    return parts


def _spans(shifts: Iterable[Shift], weeks: Iterable[datetime]) -> list[Span]:
    local = [span_in_week(shift, week) for shift in shifts for week in weeks]
    return _merged((start.astimezone(UTC), end.astimezone(UTC)) for start, end in local)


def _hour_end(day: date, hour: int, zone: ZoneInfo) -> datetime:
    if hour == 23:
        return _instant(day + DAY, time(0), zone)
    return _instant(day, time(hour + 1), zone)


@dataclass(frozen=True, slots=True)
class _Staff:
    languages: tuple[str, ...]  # those the table shows
    spans: list[Span]  # merged: sorted, disjoint
    starts: list[datetime]

    def covers(self, needed: Sequence[Span]) -> bool:
        for start, end in needed:
            # Only the last span starting by `start` can hold [start, end).
            index = bisect_right(self.starts, start) - 1
            if index < 0 or self.spans[index][1] < end:
                return False
        return True


def _staff(
    operator: OperatorShifts, weeks: Sequence[datetime], languages: Sequence[str]
) -> _Staff:
    spans = _spans(operator.shifts, weeks)
    spoken = tuple(language for language in languages if language in operator.languages)
    return _Staff(spoken, spans, [start for start, _ in spans])


def week_coverage(
    operators: Iterable[OperatorShifts],
    *,
    now: datetime,
    hours: IvrSettings,
    languages: Sequence[str],
) -> WeekCoverage:
    """Next week (Monday to Sunday, local) per language: for every hour the hotline
    is open, the number of operators speaking it whose shifts cover that hour."""
    zone = ZoneInfo(hours.timezone)
    monday = next_monday(now, zone)
    days = [monday + DAY * offset for offset in range(7)]
    # The week before too: its Sunday-night shifts reach into our Monday.
    weeks = [datetime.combine(day, time(0), zone) for day in (monday - 7 * DAY, monday)]
    staff = [_staff(op, weeks, languages) for op in operators]
    staff = [member for member in staff if member.languages and member.spans]
    counts: dict[tuple[int, int], dict[str, int] | None] = {}
    for column, day in enumerate(days):
        openings = _openings(day, hours, zone)
        for hour in range(24):
            slot = (_instant(day, time(hour), zone), _hour_end(day, hour, zone))
            needed = _open_parts(slot, openings) if slot[0] < slot[1] else []
            if not needed:
                counts[column, hour] = None
                continue
            tally = dict.fromkeys(languages, 0)
            for member in staff:
                if member.covers(needed):
                    for language in member.languages:
                        tally[language] += 1
            counts[column, hour] = tally
    first = hours.open_from.hour
    rows = sorted(
        (h for h in range(24) if any(counts[c, h] is not None for c in range(7))),
        key=lambda h: (h - first) % 24,
    )
    return WeekCoverage(
        week_start=monday,
        timezone=hours.timezone,
        days=days,
        languages=[_language(language, days, rows, counts) for language in languages],
    )


def _language(
    language: str,
    days: Sequence[date],
    rows: Sequence[int],
    counts: dict[tuple[int, int], dict[str, int] | None],
) -> LanguageCoverage:
    hour_rows = []
    for hour in rows:
        cells = []
        for column, day in enumerate(days):
            tally = counts[column, hour]
            cells.append(
                CoverageCell(
                    day=day, operators=None if tally is None else tally[language]
                )
            )
        hour_rows.append(CoverageHour(hour=hour, cells=cells))
    gaps = sum(cell.is_gap for row in hour_rows for cell in row.cells)
    return LanguageCoverage(language=language, gaps=gaps, hours=hour_rows)
