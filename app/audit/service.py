"""Writing and reading the audit log.

`record` is what every other domain calls when someone sees a person's full
details, exports data, or changes a request, a volunteer, an account or a setting.
It adds the entry to the caller's transaction without committing: the entry is
written with the change it records, or not at all.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.audit import repository
from app.audit.models import AuditEntry
from app.audit.schemas import AuditEntryRead, AuditFilter, AuditPage

# The actor of what the app does by itself (the retention purge, shifts).
SYSTEM = "system"
# The actor of the command line (hotline ...), run by whoever holds the server.
CLI = "cli"

CSV_COLUMNS = ("id", "at", "actor", "action", "subject", "detail")
EXPORT_BATCH = 500


async def record(
    session: AsyncSession,
    *,
    actor: str,
    action: str,
    subject: str,
    detail: dict[str, str] | None = None,
    now: datetime,
) -> None:
    """Add one entry to the caller's transaction (flushed, not committed).

    `actor`: an account's user name, CLI or SYSTEM; `action`: "<thing>.<verb>"
    ("request.reveal"); `subject`: "<thing>:<id>" or a collection ("calls");
    `detail`: field names, filters or counts, never the personal data itself.
    """
    note(session, actor=actor, action=action, subject=subject, detail=detail, now=now)
    await session.flush()


def note(
    session: AsyncSession,
    *,
    actor: str,
    action: str,
    subject: str,
    detail: dict[str, str] | None = None,
    now: datetime,
) -> None:
    """`record` for code that cannot await: the entry is written at the session's
    next flush, in the same transaction."""
    repository.add(
        session,
        AuditEntry(
            at=now,
            actor=actor[:80],
            action=action[:60],
            subject=subject[:120],
            detail=dict(detail) if detail else None,
        ),
    )


def is_account(actor: str) -> bool:
    """True for an account's user name (they never hold ':'), False for "system"
    and for "volunteer:3"-style actors of SMS replies and calls."""
    return actor not in (SYSTEM, CLI) and ":" not in actor


async def list_entries(
    session: AsyncSession, filters: AuditFilter, *, limit: int, offset: int
) -> AuditPage:
    rows, total = await repository.page(session, filters, limit=limit, offset=offset)
    return AuditPage(
        total=total, items=[AuditEntryRead.model_validate(row) for row in rows]
    )


async def export_rows(
    sessionmaker: async_sessionmaker[AsyncSession],
    filters: AuditFilter,
    *,
    batch: int = EXPORT_BATCH,
) -> AsyncIterator[AuditEntryRead]:
    """Matching entries oldest first, read a batch at a time, each batch in its own
    short session: a long export holds no transaction while a client downloads."""
    after_id = 0
    while True:
        async with sessionmaker() as session:
            rows = await repository.batch_after(
                session, filters, after_id=after_id, limit=batch
            )
        for row in rows:
            yield AuditEntryRead.model_validate(row)
        if len(rows) < batch:
            return
        after_id = rows[-1].id


def _csv_line(values: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(values)
    return buffer.getvalue()


async def export_csv(
    sessionmaker: async_sessionmaker[AsyncSession], filters: AuditFilter
) -> AsyncIterator[str]:
    """The matching entries as CSV lines, a header first, oldest first."""
    yield _csv_line(list(CSV_COLUMNS))
    async for entry in export_rows(sessionmaker, filters):
        yield _csv_line(
            [
                str(entry.id),
                entry.at.isoformat(),
                entry.actor,
                entry.action,
                entry.subject,
                json.dumps(entry.detail, sort_keys=True) if entry.detail else "",
            ]
        )


async def export_json(
    sessionmaker: async_sessionmaker[AsyncSession], filters: AuditFilter
) -> AsyncIterator[str]:
    """The matching entries as one JSON array, written entry by entry."""
    yield "["
    first = True
    async for entry in export_rows(sessionmaker, filters):
        yield ("" if first else ",") + entry.model_dump_json()
        first = False
    yield "]"


async def purge_before(session: AsyncSession, *, before: datetime) -> int:
    """Delete entries older than `before` (retention); not committed. How many."""
    return await repository.delete_before(session, before)


async def record_export(
    session: AsyncSession,
    *,
    actor: str,
    subject: str,
    filters: dict[str, object] | None = None,
    now: datetime,
) -> None:
    """An export of data ("calls", "requests", "audit", "report:<table>") and the
    filters it was made with, written to the log and committed before the export
    streams (a download cut short was still handed out)."""
    detail = {
        key: str(value)
        for key, value in (filters or {}).items()
        if value is not None and value != ""
    }
    await record(
        session,
        actor=actor,
        action=f"{subject.split(':', 1)[0]}.export",
        subject=subject,
        detail=detail or None,
        now=now,
    )
    await session.commit()
