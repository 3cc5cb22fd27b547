"""Ban list queries only; never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.abuse.models import Ban


async def list_bans(session: AsyncSession) -> Sequence[Ban]:
    rows = await session.execute(select(Ban).order_by(Ban.number_prefix))
    return rows.scalars().all()


async def get(session: AsyncSession, ban_id: int) -> Ban | None:
    return await session.get(Ban, ban_id)


async def by_prefix(session: AsyncSession, number_prefix: str) -> Ban | None:
    rows = await session.execute(select(Ban).where(Ban.number_prefix == number_prefix))
    return rows.scalar_one_or_none()


async def delete_ban(session: AsyncSession, ban_id: int) -> None:
    await session.execute(delete(Ban).where(Ban.id == ban_id))


async def active_bans(
    session: AsyncSession, now: datetime
) -> list[tuple[str, datetime | None]]:
    """(prefix, expires_at) of every ban still in force at `now`."""
    rows = await session.execute(
        select(Ban.number_prefix, Ban.expires_at).where(
            or_(Ban.expires_at.is_(None), Ban.expires_at > now)
        )
    )
    return [(prefix, expires_at) for prefix, expires_at in rows]
