"""ORM model of the ban list: numbers or E.164 prefixes kept off the line."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime


class Ban(Base):
    __tablename__ = "ban"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "+32470123456" bans one number; "+3290" every number starting with it.
    number_prefix: Mapped[str] = mapped_column(String(20), unique=True)
    reason: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # None: never
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
