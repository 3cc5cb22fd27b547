"""ORM models of the call log: one row per call leg, plus its append-only timeline."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, UTCDateTime


class Call(Base):
    __tablename__ = "call"

    id: Mapped[int] = mapped_column(primary_key=True)
    twilio_call_sid: Mapped[str] = mapped_column(String(34), unique=True)
    # caller (someone dialled the hotline), operator_offer (we rang a volunteer),
    # callback (we rang a caller back), confirmation (we rang a requester),
    # operator_duty (a volunteer called in to go on/off duty).
    purpose: Mapped[str] = mapped_column(String(20))
    direction: Mapped[str] = mapped_column(String(20))
    from_number: Mapped[str] = mapped_column(String(40))
    to_number: Mapped[str] = mapped_column(String(40))
    caller_e164: Mapped[str | None] = mapped_column(String(20), index=True)
    language: Mapped[str | None] = mapped_column(String(5))
    # The hotline line (number) a caller dialled: settings' LineSettings.key.
    line: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    status_sequence: Mapped[int] = mapped_column(Integer, default=-1)
    # How the call ended for the hotline: queued, bridged, abandoned, callback,
    # voicemail, operator_duty, offer_* …; None while the call is live.
    outcome: Mapped[str | None] = mapped_column(String(30))
    volunteer_id: Mapped[int | None] = mapped_column(
        ForeignKey("volunteer.id", ondelete="SET NULL"), index=True
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    duration_s: Mapped[int | None] = mapped_column(Integer)
    wait_s: Mapped[int | None] = mapped_column(Integer)

    # The hold loop's estimate reads the latest bridged callers' waits in a
    # language (app/queue/statements.py) on every announcement: without it, a scan
    # of the whole hour's calls, longer as a surge goes on.
    __table_args__ = (
        Index(
            "ix_call_outcome_language_started_at", "outcome", "language", "started_at"
        ),
    )

    events: Mapped[list[CallEvent]] = relationship(
        back_populates="call", order_by="CallEvent.id", cascade="all, delete-orphan"
    )


class CallEvent(Base):
    __tablename__ = "call_event"
    __table_args__ = (Index("ix_call_event_call_id_id", "call_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("call.id", ondelete="CASCADE"))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(40))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Set for events a retried webhook could record twice (status callbacks, …).
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)

    call: Mapped[Call] = relationship(back_populates="events")
