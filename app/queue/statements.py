"""The durable queue in webhooks' units of work (app/writer.py): Core statements
built once, run on a synchronous Connection. Never commits."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, bindparam, delete, func, select

from app.calls.models import Call
from app.db import insert_ignoring
from app.queue.backend import QueuedCall
from app.queue.models import QueueEntry
from app.volunteers.models import Volunteer

# Idempotent per entry_id (a retried webhook, an entry restored after a rebuild).
_SAVE = insert_ignoring(QueueEntry, "entry_id")
_DROP = delete(QueueEntry).where(QueueEntry.entry_id == bindparam("entry_id"))
_ENQUEUED_AT = select(QueueEntry.enqueued_at).where(
    QueueEntry.entry_id == bindparam("entry_id")
)
_RECENT_WAITS = (
    select(Call.wait_s)
    .where(
        Call.purpose == "caller",
        Call.outcome == "bridged",
        Call.wait_s.is_not(None),
        Call.started_at >= bindparam("since"),
        Call.language == bindparam("language"),
    )
    .order_by(Call.started_at.desc())
    .limit(bindparam("limit"))
)
_ON_DUTY = select(func.count(Volunteer.id)).where(
    Volunteer.is_operator.is_(True),
    Volunteer.is_active.is_(True),
    Volunteer.duty_state == "available",
)


def save_entry(connection: Connection, entry: QueuedCall, *, now: datetime) -> None:
    """The durable copy of an entry put in the queue (kept if it is there)."""
    row = {
        "entry_id": entry.entry_id,
        "kind": entry.kind,
        "language": entry.language,
        "also_speaks": list(entry.also_speaks),
        "enqueued_at": datetime.fromtimestamp(entry.enqueued_at, UTC),
        "need": entry.need,
        "postcode": entry.postcode,
        "caller_number": entry.caller_number,
        "call_id": entry.call_log_id,
        "restored": 0,
        "created_at": now,
    }
    connection.execute(_SAVE[connection.dialect.name], row)


def drop_entry(connection: Connection, entry_id: str) -> None:
    """The entry left the queue for good; tolerates one that is already gone."""
    connection.execute(_DROP, {"entry_id": entry_id})


def enqueued_at(connection: Connection, entry_id: str) -> datetime | None:
    """When the durable entry was put in the queue (None: not there)."""
    value: datetime | None = connection.scalar(_ENQUEUED_AT, {"entry_id": entry_id})
    return value


def recent_answer_waits(
    connection: Connection, *, since: datetime, language: str, limit: int = 20
) -> list[int]:
    """How long the latest callers in `language` answered by a volunteer since
    `since` waited (s), newest first."""
    rows = connection.scalars(
        _RECENT_WAITS, {"since": since, "language": language, "limit": limit}
    )
    return [int(w) for w in rows if w is not None]


def operators_on_duty(connection: Connection) -> int:
    return int(connection.scalar(_ON_DUTY) or 0)
