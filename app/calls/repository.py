"""Queries of the call log. Never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from app.calls.models import Call, CallEvent


async def get_by_sid(session: AsyncSession, twilio_call_sid: str) -> Call | None:
    result = await session.execute(
        select(Call).where(Call.twilio_call_sid == twilio_call_sid)
    )
    return result.scalar_one_or_none()


async def get_with_events(session: AsyncSession, call_id: int) -> Call | None:
    result = await session.execute(
        select(Call).where(Call.id == call_id).options(selectinload(Call.events))
    )
    return result.scalar_one_or_none()


async def events_of_kind(
    session: AsyncSession, call_id: int, kind: str
) -> list[CallEvent]:
    result = await session.execute(
        select(CallEvent)
        .where(CallEvent.call_id == call_id, CallEvent.kind == kind)
        .order_by(CallEvent.id)
    )
    return list(result.scalars())


async def event_exists(session: AsyncSession, dedupe_key: str) -> bool:
    result = await session.execute(
        select(CallEvent.id).where(CallEvent.dedupe_key == dedupe_key).limit(1)
    )
    return result.scalar_one_or_none() is not None


async def list_calls(
    session: AsyncSession,
    *,
    purpose: str | None,
    since: datetime | None,
    limit: int,
    offset: int,
) -> tuple[list[Call], int]:
    query = select(Call)
    if purpose:
        query = query.where(Call.purpose == purpose)
    if since:
        query = query.where(Call.started_at >= since)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.execute(
        query.order_by(Call.id.desc()).limit(limit).offset(offset)
    )
    return list(rows.scalars()), int(total or 0)
