"""Accounts (each with a role: app/auth/roles.py), API tokens and console sessions.

API tokens are shown once and stored as SHA-256; each has a name, an optional expiry
and the time it was last used (to the minute), and its owner can revoke it. Console
sessions are random cookie tokens, stored as SHA-256 too, with a CSRF token per
session and an expiry. Login
attempts are counted per submitted user name before the password is checked; after a
few failures each attempt waits twice as long as the last (`login_delay_s`).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app.audit import service as audit
from app.auth import passwords, repository
from app.auth.models import ApiToken, ConsoleSession, Coordinator
from app.auth.roles import Role
from app.auth.schemas import (
    MAX_EXPIRY_DAYS,
    ApiTokenIssued,
    ApiTokenRead,
)
from app.errors import BadRequest, Conflict, NotFound, Unauthorized

TOKEN_PREFIX = "hlt_"
# Failed logins allowed without any wait; after that the wait doubles each time.
FREE_ATTEMPTS = 3
FIRST_DELAY_S = 2.0
MAX_DELAY_S = 900.0
# A name nobody tried for this long starts with a clean slate.
ATTEMPTS_FORGOTTEN_AFTER = timedelta(hours=24)
# A token's last use is recorded to within this (see ApiToken.last_used_at).
LAST_USED_PRECISION = timedelta(minutes=1)
_USERNAME_RE = re.compile(r"^[a-z0-9._-]{1,60}$")


class LoginThrottled(Unauthorized):
    """Too many login attempts on this name: wait `retry_after_s` seconds."""

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(f"too many failed logins; try again in {retry_after_s} s")
        self.retry_after_s = retry_after_s


class InvalidLogin(Unauthorized):
    """Unknown user name or wrong password (deliberately not told apart)."""


class TokenNotFound(NotFound):
    """No API token with this id among the coordinator's own."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalize_username(username: str) -> str:
    """User names are ASCII lower case: 'Carla' and 'carla' are one account."""
    return username.strip().lower()


def _check_username(username: str) -> str:
    username = normalize_username(username)
    if not _USERNAME_RE.match(username):
        raise BadRequest("username: 1-60 letters a-z, digits, '.', '-' or '_'")
    return username


async def _hash(password: str) -> str:
    problem = passwords.check_strength(password)
    if problem is not None:
        raise BadRequest(problem)
    return await passwords.hash_password(password)


def _check_role(
    role: Role, organisation: str | None, volunteer_id: int | None
) -> str | None:
    """The organisation to store; refuses a partner without one, an operator
    without a volunteer, and either detail on a role that has no use for it."""
    organisation = " ".join(organisation.split()) if organisation else None
    if role is Role.PARTNER and not organisation:
        raise BadRequest("a partner account needs its organisation")
    if role is not Role.PARTNER and organisation:
        raise BadRequest("only a partner account has an organisation")
    if organisation and len(organisation) > 120:
        raise BadRequest("organisation: at most 120 characters")
    if role is Role.OPERATOR and volunteer_id is None:
        raise BadRequest("an operator account needs its volunteer")
    if role is not Role.OPERATOR and volunteer_id is not None:
        raise BadRequest("only an operator account has a volunteer")
    return organisation


async def create_coordinator(
    session: AsyncSession,
    username: str,
    *,
    now: datetime,
    password: str | None = None,
    role: Role = Role.COORDINATOR,
    organisation: str | None = None,
    volunteer_id: int | None = None,
    actor: str = audit.CLI,
) -> str:
    """Create an account (a coordinator unless `role` says otherwise) with a first
    API token (and a console password, if given); returns the token (shown once).
    A partner names its organisation, an operator their volunteer record."""
    username = _check_username(username)
    organisation = _check_role(role, organisation, volunteer_id)
    if volunteer_id is not None and not await repository.volunteer_exists(
        session, volunteer_id
    ):
        raise NotFound(f"no volunteer {volunteer_id}")
    password_hash = await _hash(password) if password is not None else None
    if await repository.coordinator_by_name(session, username) is not None:
        raise Conflict(f"coordinator {username!r} already exists")
    coordinator = Coordinator(
        username=username,
        created_at=now,
        password_hash=password_hash,
        role=role.value,
        organisation=organisation,
        volunteer_id=volunteer_id,
    )
    session.add(coordinator)
    await session.flush()
    token, _ = await issue_token(session, coordinator, now=now)
    detail = {"role": role.value}
    if organisation:
        detail["organisation"] = organisation
    if volunteer_id is not None:
        detail["volunteer"] = str(volunteer_id)
    await audit.record(
        session,
        actor=actor,
        action="account.create",
        subject=f"account:{username}",
        detail=detail,
        now=now,
    )
    await session.commit()
    return token


async def change_role(
    session: AsyncSession,
    *,
    username: str,
    role: Role,
    organisation: str | None = None,
    volunteer_id: int | None = None,
    actor: str,
    now: datetime,
) -> Coordinator:
    """Give an account another role; its open console sessions end, so the new
    role applies to every page at once."""
    coordinator = await coordinator_named(session, username)
    organisation = _check_role(role, organisation, volunteer_id)
    if volunteer_id is not None and not await repository.volunteer_exists(
        session, volunteer_id
    ):
        raise NotFound(f"no volunteer {volunteer_id}")
    before = coordinator.role
    if (
        before == Role.ADMIN
        and role is not Role.ADMIN
        and await repository.count_with_role(session, Role.ADMIN.value) <= 1
    ):
        raise Conflict("the last admin cannot be given another role")
    coordinator.role = role.value
    coordinator.organisation = organisation
    coordinator.volunteer_id = volunteer_id
    await repository.delete_sessions_of(session, coordinator.id)
    await audit.record(
        session,
        actor=actor,
        action="account.role",
        subject=f"account:{coordinator.username}",
        detail={"from": before, "to": role.value},
        now=now,
    )
    await session.commit()
    return coordinator


async def list_accounts(session: AsyncSession) -> list[Coordinator]:
    return await repository.all_coordinators(session)


async def set_password(session: AsyncSession, *, username: str, password: str) -> None:
    """Set (or reset) a coordinator's console password; ends their open sessions."""
    coordinator = await repository.coordinator_by_name(
        session, normalize_username(username)
    )
    if coordinator is None:
        raise NotFound(f"no coordinator {username!r}")
    coordinator.password_hash = await _hash(password)
    await repository.delete_sessions_of(session, coordinator.id)
    await session.commit()


def _check_token_name(name: str) -> str:
    name = " ".join(name.split())
    if not 1 <= len(name) <= 60:
        raise BadRequest("token name: 1-60 characters")
    return name


async def issue_token(
    session: AsyncSession,
    coordinator: Coordinator,
    *,
    now: datetime,
    name: str | None = None,
    expires_at: datetime | None = None,
) -> tuple[str, ApiToken]:
    """Add a token (flushed, not committed); returns the secret and its row."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        coordinator_id=coordinator.id,
        token_sha256=_digest(token),
        name=name,
        created_at=now,
        expires_at=expires_at,
    )
    session.add(row)
    await session.flush()
    return token, row


async def coordinator_named(session: AsyncSession, username: str) -> Coordinator:
    coordinator = await repository.coordinator_by_name(
        session, normalize_username(username)
    )
    if coordinator is None:
        raise NotFound(f"no coordinator {username!r}")
    return coordinator


async def create_token(
    session: AsyncSession,
    coordinator: Coordinator,
    *,
    name: str,
    now: datetime,
    expires_in_days: int | None = None,
    expires_at: datetime | None = None,
) -> ApiTokenIssued:
    """A named token for `coordinator`, expiring after `expires_in_days` or at
    `expires_at` (not both; neither: never). The answer carries the secret once."""
    name = _check_token_name(name)
    if expires_in_days is not None and expires_at is not None:
        raise BadRequest("give the expiry in days or as a date, not both")
    if expires_in_days is not None:
        if not 1 <= expires_in_days <= MAX_EXPIRY_DAYS:
            raise BadRequest(f"expires_in_days: 1 to {MAX_EXPIRY_DAYS}")
        expires_at = now + timedelta(days=expires_in_days)
    if expires_at is not None and expires_at <= now:
        raise BadRequest("the expiry must be in the future")
    token, row = await issue_token(
        session, coordinator, now=now, name=name, expires_at=expires_at
    )
    await session.commit()
    return ApiTokenIssued(**ApiTokenRead.model_validate(row).model_dump(), token=token)


async def list_tokens(
    session: AsyncSession, coordinator: Coordinator
) -> list[ApiTokenRead]:
    """A coordinator's tokens, newest first, without their secrets."""
    rows = await repository.tokens_of(session, coordinator.id)
    return [ApiTokenRead.model_validate(row) for row in rows]


async def revoke_token(
    session: AsyncSession, coordinator: Coordinator, token_id: int, *, now: datetime
) -> ApiTokenRead:
    """Revoke one of `coordinator`'s own tokens. Revoking it again changes nothing;
    another coordinator's token is not found (its existence is not revealed)."""
    row = await repository.token_of(
        session, coordinator_id=coordinator.id, token_id=token_id
    )
    if row is None:
        raise TokenNotFound(f"no API token {token_id} of yours")
    if row.revoked_at is None:
        row.revoked_at = now
        await session.commit()
    return ApiTokenRead.model_validate(row)


async def authenticate(
    session: AsyncSession, token: str, *, now: datetime
) -> Coordinator:
    """The owner of a live token. Revoked and unknown tokens are told apart from
    nothing ("invalid API token"); an expired one says so, so that an integration's
    owner knows to make a new one."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        raise Unauthorized("invalid API token")
    found = await repository.token_with_coordinator(session, _digest(token))
    if found is None or found[0].revoked_at is not None:
        raise Unauthorized("invalid API token")
    row, coordinator = found
    if row.expires_at is not None and row.expires_at <= now:
        raise Unauthorized("API token expired")
    stale_before = now - LAST_USED_PRECISION
    if row.last_used_at is None or row.last_used_at < stale_before:
        # A write at most once a minute per token (see ApiToken.last_used_at),
        # committed here because read-only routes never commit.
        await repository.touch_token(
            session, row.id, now=now, stale_before=stale_before
        )
        await session.commit()
    return coordinator


def login_delay_s(failed_attempts: int) -> float:
    """How long a name waits after `failed_attempts` consecutive failures."""
    if failed_attempts < FREE_ATTEMPTS:
        return 0.0
    return float(
        min(MAX_DELAY_S, FIRST_DELAY_S * 2.0 ** (failed_attempts - FREE_ATTEMPTS))
    )


@dataclass(frozen=True)
class SignedIn:
    coordinator: Coordinator
    session_token: str  # goes into the cookie; only its hash is stored
    csrf_token: str
    expires_at: datetime


async def _count_attempt(session: AsyncSession, username: str, now: datetime) -> int:
    """Count this attempt (committed before the password is checked) or refuse it
    while the name must wait; returns the throttle row's id."""
    throttle = await repository.throttle_for(session, username)
    seen = throttle.attempts
    last = throttle.last_attempt_at
    if last is not None and now - last > ATTEMPTS_FORGOTTEN_AFTER:
        await repository.reset_attempts(session, throttle.id)
        seen, last = 0, None
    if last is not None:
        ready_at = last + timedelta(seconds=login_delay_s(seen))
        if now < ready_at:
            await session.commit()
            raise LoginThrottled(max(1, int((ready_at - now).total_seconds() + 0.999)))
    if not await repository.count_attempt(session, throttle, seen=seen, now=now):
        # Another attempt on this name is being checked right now.
        await session.commit()
        raise LoginThrottled(1)
    await session.commit()
    return throttle.id


async def log_in(
    session: AsyncSession,
    *,
    username: str,
    password: str,
    now: datetime,
    lifetime: timedelta,
    previous_session_token: str | None = None,
) -> SignedIn:
    """Check the password and open a console session. Commits (a failure too)."""
    username = normalize_username(username)[:60]
    throttle_id = await _count_attempt(session, username, now)
    coordinator = await repository.coordinator_by_name(session, username)
    password_hash = coordinator.password_hash if coordinator else None
    if coordinator is None or not await passwords.verify_password(
        password_hash, password
    ):
        raise InvalidLogin("wrong user name or password")
    assert password_hash is not None
    if passwords.needs_rehash(password_hash):
        coordinator.password_hash = await passwords.hash_password(password)
    await repository.reset_attempts(session, throttle_id)
    if previous_session_token:
        await repository.delete_session(session, _digest(previous_session_token))
    await repository.delete_expired_sessions(session, now)
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
    await session.commit()
    return SignedIn(coordinator, token, csrf, expires_at)


async def session_user(
    session: AsyncSession, session_token: str, *, now: datetime
) -> tuple[Coordinator, ConsoleSession] | None:
    """The coordinator of a live console session, or None (unknown or expired)."""
    if not session_token or len(session_token) > 100:
        return None
    found = await repository.console_session(session, _digest(session_token))
    if found is None or found[1].expires_at <= now:
        return None
    return found


async def log_out(session: AsyncSession, session_token: str) -> None:
    await repository.delete_session(session, _digest(session_token))
    await session.commit()
