"""Queries of resilience (SQL only; never commits)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.help_requests.models import HelpRequestEvent


async def count_request_events(
    session: AsyncSession, request_id: int, kinds: Iterable[str]
) -> int:
    """How many of these events the request's history holds (those added in this
    session included: the session flushes first)."""
    count = await session.scalar(
        select(func.count(HelpRequestEvent.id)).where(
            HelpRequestEvent.request_id == request_id,
            HelpRequestEvent.kind.in_(list(kinds)),
        )
    )
    return int(count or 0)
