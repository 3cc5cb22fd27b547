"""Queries of the queue flow (SQL only)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.calls.models import Call


async def recent_answer_waits(
    session: AsyncSession, *, since: datetime, language: str | None, limit: int = 20
) -> list[int]:
    """How long the latest callers answered by a volunteer since `since` waited (s),
    newest first; in `language` when given."""
    query = select(Call.wait_s).where(
        Call.purpose == "caller",
        Call.outcome == "bridged",
        Call.wait_s.is_not(None),
        Call.started_at >= since,
    )
    if language is not None:
        query = query.where(Call.language == language)
    result = await session.scalars(query.order_by(Call.started_at.desc()).limit(limit))
    return [int(w) for w in result if w is not None]
