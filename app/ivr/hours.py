"""Opening hours: is the hotline staffed at a given moment, and how to say when it
is. Pure; no clock here.

Belgian public holidays (the `holidays` package, national holidays of "BE") close
the line all day when `IvrSettings.closed_on_public_holidays` is set.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from functools import cache
from zoneinfo import ZoneInfo

import holidays

from app.config import IvrSettings
from app.ivr.prompts import LanguagePack

EVERY_DAY = frozenset(range(7))


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@cache
def _public_holidays(country: str, year: int) -> frozenset[date]:
    # A plain set: `day in HolidayBase` converts and checks the year on every call,
    # and every webhook asks.
    return frozenset(holidays.country_holidays(country, years=year))


def is_public_holiday(day: date, country: str = "BE") -> bool:
    return day in _public_holidays(country, day.year)


def is_holiday(now: datetime, hours: IvrSettings) -> bool:
    """Today (local time) is a public holiday on which the line is closed."""
    if not hours.closed_on_public_holidays:
        return False
    local = now.astimezone(_zone(hours.timezone))
    return is_public_holiday(local.date(), hours.holiday_country)


def is_open(now: datetime, hours: IvrSettings) -> bool:
    """Opening hours are local time; `open_until` before `open_from` spans midnight.
    Closed all day on public holidays (unless configured otherwise)."""
    if is_holiday(now, hours):
        return False
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


def spoken_days(pack: LanguagePack, days: Sequence[int]) -> str:
    """The opening days in natural words of `pack`'s language: "every day",
    "Monday to Friday", "on Monday, Wednesday and Friday" (0 = Monday)."""
    chosen = sorted(set(days))
    if set(chosen) >= EVERY_DAY:
        return pack.text("days_every")
    names = [pack.text(f"weekday_{day}") for day in chosen]
    if not names:
        return pack.text("days_none")
    if len(names) >= 3 and chosen == list(range(chosen[0], chosen[-1] + 1)):
        return pack.text("days_range", first=names[0], last=names[-1])
    if len(names) == 1:
        return pack.text("days_one", day=names[0])
    return pack.text("days_list", rest=", ".join(names[:-1]), last=names[-1])
