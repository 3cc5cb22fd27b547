"""The hotline's figures over a period, in the coordinators' time zone.

Definitions (also shown in the console's help text):
- answered: a caller bridged to an operator; abandoned: hung up while waiting;
- average speed of answer: the mean wait of answered callers;
- service level: answered within `console.service_level_s` (60 s) out of the callers
  who were answered or abandoned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from app.reports import repository


@dataclass(frozen=True)
class CallFigures:
    calls: int
    answered: int
    abandoned: int
    average_answer_s: float | None
    answered_within_target: int

    @property
    def service_level(self) -> float | None:
        offered = self.answered + self.abandoned
        return self.answered_within_target / offered if offered else None


def day_bounds(now: datetime, timezone: str) -> tuple[datetime, datetime]:
    """Local midnight to local midnight (DST-safe) around `now`, as aware datetimes."""
    zone = ZoneInfo(timezone)
    day = now.astimezone(zone).date()
    start = datetime.combine(day, time(0), zone)
    end = datetime.combine(day + timedelta(days=1), time(0), zone)
    return start, end


async def call_figures(
    session: AsyncSession, *, start: datetime, end: datetime, service_level_s: int
) -> CallFigures:
    calls, answered, abandoned, average, within = await repository.call_totals(
        session, start=start, end=end, service_level_s=service_level_s
    )
    return CallFigures(calls, answered, abandoned, average, within)
