"""Queries of the audit log: add, filter, count, purge by age. Never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.models import AuditEntry
from app.audit.schemas import AuditFilter


def add(session: AsyncSession, entry: AuditEntry) -> None:
    session.add(entry)


def _filtered(filters: AuditFilter) -> Select[AuditEntry]:
    query = select(AuditEntry)
    if filters.actor:
        query = query.where(AuditEntry.actor == filters.actor)
    if filters.action:
        # "request" matches every request.* action; "request.reveal" only itself.
        if "." in filters.action:
            query = query.where(AuditEntry.action == filters.action)
        else:
            query = query.where(AuditEntry.action.startswith(filters.action + "."))
    if filters.subject:
        query = query.where(AuditEntry.subject == filters.subject)
    if filters.since is not None:
        query = query.where(AuditEntry.at >= filters.since)
    if filters.until is not None:
        query = query.where(AuditEntry.at < filters.until)
    return query


async def page(
    session: AsyncSession, filters: AuditFilter, *, limit: int, offset: int
) -> tuple[list[AuditEntry], int]:
    """Entries newest first, and how many match in all."""
    query = _filtered(filters)
    total = await session.scalar(
        select(func.count()).select_from(query.order_by(None).subquery())
    )
    rows = await session.scalars(
        query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(rows), int(total or 0)


async def batch_after(
    session: AsyncSession, filters: AuditFilter, *, after_id: int, limit: int
) -> list[AuditEntry]:
    """The next `limit` matching entries by id, oldest first (keyset, for exports)."""
    rows = await session.scalars(
        _filtered(filters)
        .where(AuditEntry.id > after_id)
        .order_by(AuditEntry.id)
        .limit(limit)
    )
    return list(rows)


async def delete_before(session: AsyncSession, before: datetime) -> int:
    """Remove entries older than `before` (the retention purge); how many."""
    result = await session.execute(
        delete(AuditEntry)
        .where(AuditEntry.at < before)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)
