"""ORM models of volunteers: one person, two possible roles.

A phone operator answers hotline calls from home; a field volunteer does grocery
runs in their neighbourhood. The same person may do both.
"""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, UTCDateTime


class Volunteer(Base):
    __tablename__ = "volunteer"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    phone_number: Mapped[str] = mapped_column(String(20), unique=True)  # E.164
    languages: Mapped[list[str]] = mapped_column(JSON)  # ordered, first = first choice
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # SHA-256 of the volunteer's personal token for the duty JSON endpoint.
    duty_token_sha256: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Phone operator role.
    is_operator: Mapped[bool] = mapped_column(Boolean, default=False)
    # offline, available, away: the duty state. Ringing / on a call / wrap-up live in
    # the queue backend, shared by every app instance.
    duty_state: Mapped[str] = mapped_column(String(12), default="offline")
    missed_offers: Mapped[int] = mapped_column(Integer, default=0)
    duty_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Personal PIN for switching duty by phone (caller ID can be spoofed): scrypt.
    duty_pin_hash: Mapped[str | None] = mapped_column(String(200))
    # Field volunteer role.
    is_field: Mapped[bool] = mapped_column(Boolean, default=False)
    home_postcode: Mapped[str | None] = mapped_column(String(4), index=True)
    needs: Mapped[list[str]] = mapped_column(JSON, default=list)
    radius_km: Mapped[float | None] = mapped_column(Float)
    weekly_cap: Mapped[int] = mapped_column(Integer, default=3)
    is_sms_opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    shifts: Mapped[list[VolunteerShift]] = relationship(
        back_populates="volunteer", cascade="all, delete-orphan"
    )

    @property
    def has_duty_pin(self) -> bool:
        return self.duty_pin_hash is not None


class VolunteerShift(Base):
    """A weekly shift: the operator is put on duty at `starts`, off at `ends`."""

    __tablename__ = "volunteer_shift"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("volunteer.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday
    starts: Mapped[time] = mapped_column(Time)
    ends: Mapped[time] = mapped_column(Time)

    volunteer: Mapped[Volunteer] = relationship(back_populates="shifts")
