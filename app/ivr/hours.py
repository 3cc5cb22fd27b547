"""Opening hours: is the hotline staffed at a given moment? Pure; no clock here."""

from __future__ import annotations

from datetime import datetime, time
from functools import cache
from zoneinfo import ZoneInfo

from app.config import IvrSettings


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def is_open(now: datetime, hours: IvrSettings) -> bool:
    """Opening hours are local time; `open_until` before `open_from` spans midnight."""
    local = now.astimezone(_zone(hours.timezone))
    start, end, t = hours.open_from, hours.open_until, local.time()
    if start == end:
        return local.weekday() in hours.open_days
    if start < end:
        return local.weekday() in hours.open_days and start <= t < end
    # Overnight: the part after midnight belongs to the previous day's opening.
    if t >= start:
        return local.weekday() in hours.open_days
    previous_day = (local.weekday() - 1) % 7
    return t < end and previous_day in hours.open_days


def format_hour(value: time) -> str:
    return value.strftime("%H:%M")
