"""ORM model of the durable queue: who is waiting, since when, and who was promised
a callback. Redis (or the memory backend) is the fast copy the dispatcher reads; this
table is what the queue is rebuilt from when that copy is lost (app/queue/recovery.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime


class QueueEntry(Base):
    """One entry in the queue (a live caller holding, or a callback promised), from
    the moment it is enqueued until it leaves the queue (accepted by an operator,
    the caller hung up, chose a message, or a live entry became a callback)."""

    __tablename__ = "queue_entry"
    __table_args__ = (Index("ix_queue_entry_enqueued_at", "enqueued_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The caller's CallSid, or "cb-" + CallSid for a callback promise.
    entry_id: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # live, callback
    language: Mapped[str] = mapped_column(String(5))
    # A caller who chose no language: the line's other main languages.
    also_speaks: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The caller's place in the line (FIFO by enqueued_at, then entry_id).
    enqueued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    need: Mapped[str] = mapped_column(String(20))
    postcode: Mapped[str | None] = mapped_column(String(4))
    caller_number: Mapped[str] = mapped_column(String(40))
    call_id: Mapped[int | None] = mapped_column(
        ForeignKey("call.id", ondelete="CASCADE"), index=True
    )
    # How many times the queue was rebuilt with this entry in it (observability).
    restored: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
