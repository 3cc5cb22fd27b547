"""Queries of the queue flow (SQL only)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.calls.models import Call
from app.queue.backend import QueuedCall
from app.queue.models import QueueEntry


async def save_entry(
    session: AsyncSession, entry: QueuedCall, *, now: datetime
) -> QueueEntry:
    """The durable copy of an entry put in the queue; idempotent per entry_id (a
    retried webhook, or an entry restored after the queue was rebuilt)."""
    row = await get_entry(session, entry.entry_id)
    if row is not None:
        return row
    row = QueueEntry(
        entry_id=entry.entry_id,
        kind=entry.kind,
        language=entry.language,
        also_speaks=list(entry.also_speaks),
        enqueued_at=datetime.fromtimestamp(entry.enqueued_at, UTC),
        need=entry.need,
        postcode=entry.postcode,
        caller_number=entry.caller_number,
        call_id=entry.call_log_id,
        restored=0,
        created_at=now,
    )
    session.add(row)
    await session.flush()
    return row


async def get_entry(session: AsyncSession, entry_id: str) -> QueueEntry | None:
    result: QueueEntry | None = await session.scalar(
        select(QueueEntry).where(QueueEntry.entry_id == entry_id)
    )
    return result


async def drop_entry(session: AsyncSession, entry_id: str) -> None:
    """The entry left the queue for good; tolerates one that is already gone."""
    await session.execute(delete(QueueEntry).where(QueueEntry.entry_id == entry_id))


async def move_entry(
    session: AsyncSession, entry_id: str, *, enqueued_at: datetime
) -> None:
    await session.execute(
        update(QueueEntry)
        .where(QueueEntry.entry_id == entry_id)
        .values(enqueued_at=enqueued_at)
    )


async def queued_entries(session: AsyncSession) -> list[tuple[QueueEntry, Call | None]]:
    """Every durable entry with its call, in queue order (oldest first)."""
    rows = await session.execute(
        select(QueueEntry, Call)
        .outerjoin(Call, Call.id == QueueEntry.call_id)
        .order_by(QueueEntry.enqueued_at, QueueEntry.entry_id)
    )
    return [(entry, call) for entry, call in rows]


async def mark_restored(session: AsyncSession, entry_ids: list[str]) -> None:
    if entry_ids:
        await session.execute(
            update(QueueEntry)
            .where(QueueEntry.entry_id.in_(entry_ids))
            .values(restored=QueueEntry.restored + 1)
        )


async def open_operator_legs(
    session: AsyncSession, *, started_before: datetime
) -> list[Call]:
    """Operators' offer legs that have not ended (ringing, whispering or on a call),
    placed before `started_before`."""
    result = await session.scalars(
        select(Call).where(
            Call.purpose == "operator_offer",
            Call.ended_at.is_(None),
            Call.started_at < started_before,
        )
    )
    return list(result)
