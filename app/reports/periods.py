"""A report's period: inclusive local dates, their UTC bounds, and the local calendar.

Pure: no I/O, no SQL. The period is read from the reader's `from`/`to` dates in the
coordinators' time zone; `LocalCalendar` describes how UTC instants map onto that
zone's wall clock over the period, so the repository can bucket calls by local day
and hour inside SQL on any database.
"""

from __future__ import annotations

import calendar
import itertools
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from app.errors import BadRequest

MAX_DAYS = 366
DEFAULT_DAYS = 7
# Only YYYY-MM-DD: date.fromisoformat() also takes "20261025" and "2026-W43-7".
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

PeriodField = Literal["from", "to"]


class InvalidPeriod(BadRequest):
    """The reader's dates cannot make a report. `code` names the console message
    (rep-error-<code>), `field` the form field it belongs beside."""

    def __init__(
        self, message: str, *, code: str, field: PeriodField, **args: Any
    ) -> None:
        super().__init__(message)
        self.code = code
        self.field = field
        self.message_args = args


@dataclass(frozen=True)
class LocalCalendar:
    """UTC epoch seconds -> local wall-clock seconds over one period.

    `offsets` holds (from_epoch_s, utc_offset_s) segments in time order, the first
    starting at the period's start: between two DST changes the offset is constant.
    `origin_s` is the first day's local midnight read as if it were UTC, so
    (local_s - origin_s) // 86400 is the day index and local_s % 86400 // 3600 the
    hour of day, DST or not.
    """

    origin_s: int
    offsets: tuple[tuple[int, int], ...]

    def local_s(self, epoch_s: int) -> int:
        offset = self.offsets[0][1]
        for since, value in self.offsets:
            if epoch_s >= since:
                offset = value
        return epoch_s + offset


@dataclass(frozen=True)
class Period:
    first_day: date
    last_day: date
    zone: ZoneInfo

    @property
    def start(self) -> datetime:
        """The first day's local midnight (aware)."""
        return datetime.combine(self.first_day, time(0), self.zone)

    @property
    def end(self) -> datetime:
        """The local midnight after the last day (exclusive bound)."""
        return datetime.combine(self.last_day + timedelta(days=1), time(0), self.zone)

    @property
    def day_count(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def days(self) -> list[date]:
        return [self.first_day + timedelta(days=i) for i in range(self.day_count)]

    def calendar(self) -> LocalCalendar:
        return LocalCalendar(
            origin_s=calendar.timegm(self.first_day.timetuple()),
            offsets=tuple(_offset_segments(self)),
        )


def _offset_s(epoch_s: int, zone: ZoneInfo) -> int:
    offset = datetime.fromtimestamp(epoch_s, UTC).astimezone(zone).utcoffset()
    assert offset is not None
    return int(offset.total_seconds())


def _offset_segments(period: Period) -> list[tuple[int, int]]:
    """Where the zone's UTC offset changes within the period, to the second.

    Samples the offset at each local midnight and bisects the days whose two ends
    differ: exact for zones that change their offset at most once a day (all of
    them in practice), and at most ~370 zoneinfo look-ups for a year.
    """
    zone = period.zone
    edges = [
        int(datetime.combine(day, time(0), zone).timestamp())
        for day in [*period.days, period.last_day + timedelta(days=1)]
    ]
    segments = [(edges[0], _offset_s(edges[0], zone))]
    for low, high in itertools.pairwise(edges):
        before, after = _offset_s(low, zone), _offset_s(high - 1, zone)
        if before == after:
            continue
        lo, hi = low, high - 1  # offset(lo) == before, offset(hi) == after
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if _offset_s(mid, zone) == before:
                lo = mid
            else:
                hi = mid
        segments.append((hi, after))
    return segments


def _parse_day(text: str | None, field: PeriodField) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidPeriod(
            f"{field!r} must be a date written YYYY-MM-DD, not {text[:20]!r}",
            code="date",
            field=field,
        ) from None


def parse_period(
    from_text: str | None, to_text: str | None, *, today: date, zone: ZoneInfo
) -> Period:
    """The reader's inclusive local dates; by default the last 7 days up to today.

    Without `to` the period ends today; without `from` it covers the 7 days up to
    `to`. Refuses an end before the start and more than MAX_DAYS days.
    """
    first = _parse_day(from_text, "from")
    last = _parse_day(to_text, "to") or today
    if first is None:
        first = last - timedelta(days=DEFAULT_DAYS - 1)
    if last < first:
        raise InvalidPeriod(
            f"the end date {last.isoformat()} is before the start date "
            f"{first.isoformat()}",
            code="order",
            field="to",
        )
    days = (last - first).days + 1
    if days > MAX_DAYS:
        raise InvalidPeriod(
            f"a report covers at most {MAX_DAYS} days; this period has {days}",
            code="too-long",
            field="to",
            max=MAX_DAYS,
            days=days,
        )
    return Period(first, last, zone)
