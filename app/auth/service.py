"""Coordinator accounts, API tokens and console sessions.

API tokens are shown once and stored as SHA-256. Console sessions are random cookie
tokens, stored as SHA-256 too, with a CSRF token per session and an expiry. Failed
console logins lengthen the wait before the next attempt on that account.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import anyio.to_thread
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import passwords
from app.auth.models import ApiToken, ConsoleSession, Coordinator
from app.errors import BadRequest, Conflict, NotFound, Unauthorized

TOKEN_PREFIX = "hlt_"
# Failed logins allowed without any wait; after that the wait doubles each time.
FREE_ATTEMPTS = 3
FIRST_DELAY_S = 2.0
MAX_DELAY_S = 900.0


class LoginThrottled(Unauthorized):
    """Too many failed logins on this account: wait `retry_after_s` seconds."""

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(f"too many failed logins; try again in {retry_after_s} s")
        self.retry_after_s = retry_after_s


class InvalidLogin(Unauthorized):
    """Unknown user name or wrong password (deliberately not told apart)."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_username(username: str) -> str:
    username = username.strip()
    if (
        not username
        or len(username) > 60
        or not username.replace("-", "").replace(".", "").replace("_", "").isalnum()
    ):
        raise BadRequest("username: 1-60 letters, digits, '.', '-' or '_'")
    return username


async def create_coordinator(
    session: AsyncSession,
    username: str,
    *,
    now: datetime,
    password: str | None = None,
) -> str:
    """Create a coordinator with a first API token (and a console password, if
    given); returns the token (shown once)."""
    username = _check_username(username)
    password_hash = await _hash(password) if password is not None else None
    if await session.scalar(
        select(Coordinator.id).where(Coordinator.username == username)
    ):
        raise Conflict(f"coordinator {username!r} already exists")
    coordinator = Coordinator(
        username=username, created_at=now, password_hash=password_hash
    )
    session.add(coordinator)
    await session.flush()
    token = await issue_token(session, coordinator, now=now)
    await session.commit()
    return token


async def _hash(password: str) -> str:
    problem = passwords.check_strength(password)
    if problem is not None:
        raise BadRequest(problem)
    return await anyio.to_thread.run_sync(passwords.hash_password, password)


async def set_password(session: AsyncSession, username: str, password: str) -> None:
    """Set (or reset) a coordinator's console password; ends their open sessions."""
    coordinator = await session.scalar(
        select(Coordinator).where(Coordinator.username == username.strip())
    )
    if coordinator is None:
        raise NotFound(f"no coordinator {username!r}")
    coordinator.password_hash = await _hash(password)
    coordinator.failed_logins = 0
    await session.execute(
        delete(ConsoleSession).where(ConsoleSession.coordinator_id == coordinator.id)
    )
    await session.commit()


async def issue_token(
    session: AsyncSession, coordinator: Coordinator, *, now: datetime
) -> str:
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(
        ApiToken(
            coordinator_id=coordinator.id, token_sha256=_digest(token), created_at=now
        )
    )
    await session.flush()
    return token


async def authenticate(session: AsyncSession, token: str) -> Coordinator:
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        raise Unauthorized("invalid API token")
    result = await session.execute(
        select(Coordinator)
        .join(ApiToken, ApiToken.coordinator_id == Coordinator.id)
        .where(ApiToken.token_sha256 == _digest(token), ApiToken.revoked_at.is_(None))
    )
    coordinator = result.scalar_one_or_none()
    if coordinator is None:
        raise Unauthorized("invalid API token")
    return coordinator


def login_delay_s(failed_logins: int) -> float:
    """How long an account waits after `failed_logins` consecutive failures."""
    if failed_logins < FREE_ATTEMPTS:
        return 0.0
    return float(
        min(MAX_DELAY_S, FIRST_DELAY_S * 2.0 ** (failed_logins - FREE_ATTEMPTS))
    )


@dataclass(frozen=True)
class SignedIn:
    coordinator: Coordinator
    session_token: str  # goes into the cookie; only its hash is stored
    csrf_token: str
    expires_at: datetime


async def log_in(
    session: AsyncSession,
    username: str,
    password: str,
    *,
    now: datetime,
    lifetime: timedelta,
) -> SignedIn:
    """Check the password and open a console session. Commits (also a failure)."""
    coordinator = await session.scalar(
        select(Coordinator).where(Coordinator.username == username.strip()[:60])
    )
    if coordinator is not None and coordinator.last_failed_login_at is not None:
        ready_at = coordinator.last_failed_login_at + timedelta(
            seconds=login_delay_s(coordinator.failed_logins)
        )
        if now < ready_at:
            raise LoginThrottled(max(1, int((ready_at - now).total_seconds() + 0.999)))
    is_valid = await anyio.to_thread.run_sync(
        passwords.verify_password,
        coordinator.password_hash if coordinator else None,
        password[: passwords.MAX_LENGTH + 1],
    )
    if coordinator is None or not is_valid:
        if coordinator is not None:
            coordinator.failed_logins += 1
            coordinator.last_failed_login_at = now
            await session.commit()
        raise InvalidLogin("wrong user name or password")
    coordinator.failed_logins = 0
    coordinator.last_failed_login_at = None
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    expires_at = now + lifetime
    session.add(
        ConsoleSession(
            coordinator_id=coordinator.id,
            token_sha256=_digest(token),
            csrf_token=csrf,
            created_at=now,
            expires_at=expires_at,
        )
    )
    await session.execute(delete(ConsoleSession).where(ConsoleSession.expires_at < now))
    await session.commit()
    return SignedIn(coordinator, token, csrf, expires_at)


async def session_user(
    session: AsyncSession, session_token: str, *, now: datetime
) -> tuple[Coordinator, ConsoleSession] | None:
    """The coordinator of a live console session, or None (unknown or expired)."""
    if not session_token or len(session_token) > 100:
        return None
    row = (
        await session.execute(
            select(Coordinator, ConsoleSession)
            .join(ConsoleSession, ConsoleSession.coordinator_id == Coordinator.id)
            .where(ConsoleSession.token_sha256 == _digest(session_token))
        )
    ).one_or_none()
    if row is None or row[1].expires_at <= now:
        return None
    return row[0], row[1]


async def log_out(session: AsyncSession, session_token: str) -> None:
    await session.execute(
        delete(ConsoleSession).where(
            ConsoleSession.token_sha256 == _digest(session_token)
        )
    )
    await session.commit()
