"""ORM models of help requests and their timestamped history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, UTCDateTime


class HelpRequest(Base):
    __tablename__ = "help_request"
    __table_args__ = (
        Index("ix_help_request_status_created_at", "status", "created_at"),
        # A call from a number with an open request hears where it stands.
        Index("ix_help_request_caller_number_status", "caller_number", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int | None] = mapped_column(
        ForeignKey("call.id", ondelete="SET NULL"), unique=True
    )
    caller_number: Mapped[str] = mapped_column(String(40))  # E.164 when parseable
    language: Mapped[str | None] = mapped_column(String(5))
    # The hotline line its call came in on (None: entered on someone's behalf).
    line: Mapped[str | None] = mapped_column(String(20))
    need: Mapped[str | None] = mapped_column(String(20))
    postcode: Mapped[str | None] = mapped_column(String(4))
    # new, offered, matched, done, closed
    status: Mapped[str] = mapped_column(String(12), default="new")
    close_reason: Mapped[str | None] = mapped_column(String(30))
    source: Mapped[str] = mapped_column(
        String(20), default="call"
    )  # call, voicemail, api, console (entered on someone's behalf)
    # Entered on someone's behalf: who they are and who entered the request.
    requester_name: Mapped[str | None] = mapped_column(String(120))
    address_street: Mapped[str | None] = mapped_column(String(120))
    address_number: Mapped[str | None] = mapped_column(String(10))
    address_box: Mapped[str | None] = mapped_column(String(10))
    organisation: Mapped[str | None] = mapped_column(String(120))
    created_by: Mapped[str | None] = mapped_column(String(60))
    # What a neighbour needs to know (the operator's page, the console, on-behalf):
    # the postcode above completes the address.
    needs_text: Mapped[str | None] = mapped_column(Text)  # in the requester's words
    urgency: Mapped[str | None] = mapped_column(String(10))  # today, week, no_rush
    needed_by: Mapped[date | None] = mapped_column(Date)
    access_notes: Mapped[str | None] = mapped_column(String(500))  # floor, bell, dog
    # The requester agreed that the one neighbour who takes the errand gets these.
    details_consent: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    # The operator's wrap-up by phone: neighbour, solved, coordinator (None: none).
    wrapup_outcome: Mapped[str | None] = mapped_column(String(12))
    # The operator's spoken note ("the name, the address and what is needed").
    wrapup_recording_sid: Mapped[str | None] = mapped_column(String(40))
    wrapup_recording_url: Mapped[str | None] = mapped_column(String(512))
    wrapup_recording_duration_s: Mapped[int | None] = mapped_column(Integer)
    # Matching waits until then: an operator is on the call or in its wrap-up.
    held_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Triage: a coordinator approves the request before it goes to neighbours.
    is_awaiting_approval: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by: Mapped[str | None] = mapped_column(String(60))
    voicemail_url: Mapped[str | None] = mapped_column(String(512))
    voicemail_duration_s: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)
    short_code: Mapped[str | None] = mapped_column(String(8), unique=True)
    volunteer_id: Mapped[int | None] = mapped_column(
        ForeignKey("volunteer.id", ondelete="SET NULL"), index=True
    )
    wave: Mapped[int] = mapped_column(Integer, default=0)
    next_wave_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # Set when automatic matching gave up: a coordinator must act.
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    matched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The follow-up call after DONE ("did your neighbour come?"): when it was
    # placed (set once, by a conditional UPDATE) and the answer: came,
    # did_not_come, no_answer.
    followup_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    followup_answer: Mapped[str | None] = mapped_column(String(12))

    history: Mapped[list[HelpRequestEvent]] = relationship(
        back_populates="request",
        order_by="HelpRequestEvent.id",
        cascade="all, delete-orphan",
    )


class HelpRequestEvent(Base):
    __tablename__ = "help_request_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("help_request.id", ondelete="CASCADE"), index=True
    )
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(60), default="system")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    request: Mapped[HelpRequest] = relationship(back_populates="history")


class HelpRequestCall(Base):
    """A later call of the same number attached to its open request (one errand)."""

    __tablename__ = "help_request_call"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("help_request.id", ondelete="CASCADE"), index=True
    )
    call_id: Mapped[int] = mapped_column(
        ForeignKey("call.id", ondelete="CASCADE"), unique=True
    )
    attached_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MatchOffer(Base):
    """One SMS offer of a request to a field volunteer, and how they answered."""

    __tablename__ = "match_offer"
    __table_args__ = (
        Index(
            "ix_match_offer_request_id_volunteer_id",
            "request_id",
            "volunteer_id",
            unique=True,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("help_request.id", ondelete="CASCADE")
    )
    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("volunteer.id", ondelete="CASCADE"), index=True
    )
    wave: Mapped[int] = mapped_column(Integer)
    distance_km: Mapped[float | None] = mapped_column()
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # pending, accepted, declined, too_late, withdrawn
    response: Mapped[str] = mapped_column(String(12), default="pending")
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class WorkClaim(Base):
    """A coordinator took one item of the work list ("I'll call back").

    One row per (request, kind): claiming is an INSERT that the unique index makes
    atomic, so two coordinators never call the same person. `done_at` marks the item
    handled (voicemail listened to, person reached, escalation dealt with).
    """

    __tablename__ = "work_claim"
    __table_args__ = (
        Index("ix_work_claim_request_id_kind", "request_id", "kind", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("help_request.id", ondelete="CASCADE")
    )
    # callback, voicemail, escalation
    kind: Mapped[str] = mapped_column(String(20))
    claimed_by: Mapped[str] = mapped_column(String(60))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
