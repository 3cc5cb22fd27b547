"""ORM models of coordinators and their API tokens (stored hashed)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime


class Coordinator(Base):
    __tablename__ = "coordinator"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # argon2id hash for the web console; None = API tokens only.
    password_hash: Mapped[str | None] = mapped_column(String(200))
    # app.auth.roles.Role: admin, coordinator, partner or operator.
    role: Mapped[str] = mapped_column(
        String(20), default="coordinator", server_default="coordinator"
    )
    # A partner's organisation: the only requests it sees are those entered for it.
    organisation: Mapped[str | None] = mapped_column(String(120))
    # An operator account's volunteer record: their duty and their calls.
    volunteer_id: Mapped[int | None] = mapped_column(
        ForeignKey("volunteer.id", ondelete="SET NULL"), index=True
    )


class ApiToken(Base):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    coordinator_id: Mapped[int] = mapped_column(
        ForeignKey("coordinator.id", ondelete="CASCADE"), index=True
    )
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    # What the token is for ("accounting export"); None for tokens made before
    # tokens had names, and for the first token made with an account.
    name: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # None: never expires.
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Written at most once a minute per token (service.LAST_USED_PRECISION): writing
    # it on every request would turn each read-only API call into a write
    # transaction (a row lock on PostgreSQL, the database-wide writer lock on
    # SQLite) for a value people only read to the day or hour.
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ConsoleSession(Base):
    """A signed-in browser: the cookie carries a random token, stored as SHA-256."""

    __tablename__ = "console_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    coordinator_id: Mapped[int] = mapped_column(
        ForeignKey("coordinator.id", ondelete="CASCADE"), index=True
    )
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    # Echoed by every form of this session (synchronizer-token CSRF defence).
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LoginThrottle(Base):
    """Console login attempts per submitted user name, whether the account exists or
    not (so the throttle does not reveal which names exist). Each attempt is counted
    before its password is checked; a success resets the count."""

    __tablename__ = "login_throttle"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
