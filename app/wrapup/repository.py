"""Queries of the wrap-up: which caller an offer bridged, when a wrap-up began.
Never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.calls.models import Call, CallEvent


async def caller_call_of_offer(session: AsyncSession, offer_id: str) -> Call | None:
    """The caller's call (live or called back) an accepted offer bridged: its
    "accepted" event is written once per offer (dedupe key)."""
    result = await session.execute(
        select(Call)
        .join(CallEvent, CallEvent.call_id == Call.id)
        .where(CallEvent.dedupe_key == f"accepted:{offer_id}")
    )
    return result.scalar_one_or_none()


async def wrapup_started_at(session: AsyncSession, leg_id: int) -> datetime | None:
    result = await session.execute(
        select(CallEvent.occurred_at)
        .where(CallEvent.call_id == leg_id, CallEvent.kind == "wrapup_started")
        .order_by(CallEvent.id)
        .limit(1)
    )
    return result.scalar_one_or_none()
