"""Queries of help requests. Never commits."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from app.help_requests.models import HelpRequest, WorkClaim


async def get_for_call(session: AsyncSession, call_id: int) -> HelpRequest | None:
    result = await session.execute(
        select(HelpRequest).where(HelpRequest.call_id == call_id)
    )
    return result.scalar_one_or_none()


async def get(
    session: AsyncSession, request_id: int, *, with_history: bool = False
) -> HelpRequest | None:
    query = select(HelpRequest).where(HelpRequest.id == request_id)
    if with_history:
        query = query.options(selectinload(HelpRequest.history))
    result = await session.execute(query)
    return result.scalar_one_or_none()


async def list_requests(
    session: AsyncSession, *, status: str | None, limit: int, offset: int
) -> tuple[list[HelpRequest], int]:
    query = select(HelpRequest)
    if status:
        query = query.where(HelpRequest.status == status)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.execute(
        query.order_by(HelpRequest.id.desc()).limit(limit).offset(offset)
    )
    return list(rows.scalars()), int(total or 0)


def voicemail_unhandled() -> ColumnElement[bool]:
    """A request with a voicemail nobody has marked handled on the work list."""
    handled = exists().where(
        and_(
            WorkClaim.request_id == HelpRequest.id,
            WorkClaim.kind == "voicemail",
            WorkClaim.done_at.is_not(None),
        )
    )
    return and_(HelpRequest.voicemail_url.is_not(None), ~handled)


async def count_unhandled_voicemails(session: AsyncSession) -> int:
    total = await session.scalar(
        select(func.count(HelpRequest.id)).where(voicemail_unhandled())
    )
    return int(total or 0)
