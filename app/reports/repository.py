"""Aggregate queries for the figures. Never commits; SQL only."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.calls.models import Call


async def call_totals(
    session: AsyncSession, *, start: datetime, end: datetime, service_level_s: int
) -> tuple[int, int, int, float | None, int]:
    """Callers' calls started in [start, end): (calls, answered, abandoned,
    average wait of the answered ones, answered within `service_level_s`)."""
    answered = Call.outcome == "bridged"
    row = (
        await session.execute(
            select(
                func.count(Call.id),
                func.count(case((answered, 1))),
                func.count(case((Call.outcome == "abandoned", 1))),
                func.avg(case((answered, Call.wait_s))),
                func.count(case((and_(answered, Call.wait_s <= service_level_s), 1))),
            ).where(
                Call.purpose == "caller",
                Call.started_at >= start,
                Call.started_at < end,
            )
        )
    ).one()
    average = float(row[3]) if row[3] is not None else None
    return int(row[0]), int(row[1]), int(row[2]), average, int(row[4])
