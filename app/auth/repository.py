"""Queries of coordinator accounts, tokens, console sessions and login throttles.
Never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import ApiToken, ConsoleSession, Coordinator, LoginThrottle
from app.volunteers.models import Volunteer


async def coordinator_by_name(
    session: AsyncSession, username: str
) -> Coordinator | None:
    result = await session.execute(
        select(Coordinator).where(Coordinator.username == username)
    )
    return result.scalar_one_or_none()


async def all_coordinators(session: AsyncSession) -> list[Coordinator]:
    """Every account, by user name."""
    result = await session.scalars(select(Coordinator).order_by(Coordinator.username))
    return list(result)


async def count_with_role(session: AsyncSession, role: str) -> int:
    found = await session.scalar(
        select(func.count(Coordinator.id)).where(Coordinator.role == role)
    )
    return int(found or 0)


async def volunteer_exists(session: AsyncSession, volunteer_id: int) -> bool:
    found = await session.scalar(
        select(Volunteer.id).where(Volunteer.id == volunteer_id)
    )
    return found is not None


async def token_with_coordinator(
    session: AsyncSession, token_sha256: str
) -> tuple[ApiToken, Coordinator] | None:
    """The token with this digest and its owner, revoked or expired ones included."""
    row = (
        await session.execute(
            select(ApiToken, Coordinator)
            .join(Coordinator, ApiToken.coordinator_id == Coordinator.id)
            .where(ApiToken.token_sha256 == token_sha256)
        )
    ).one_or_none()
    return (row[0], row[1]) if row is not None else None


async def tokens_of(session: AsyncSession, coordinator_id: int) -> list[ApiToken]:
    """A coordinator's tokens, newest first."""
    result = await session.scalars(
        select(ApiToken)
        .where(ApiToken.coordinator_id == coordinator_id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return list(result)


async def token_of(
    session: AsyncSession, *, coordinator_id: int, token_id: int
) -> ApiToken | None:
    """The token `token_id` if it belongs to `coordinator_id`."""
    return await session.scalar(
        select(ApiToken).where(
            ApiToken.id == token_id, ApiToken.coordinator_id == coordinator_id
        )
    )


async def touch_token(
    session: AsyncSession, token_id: int, *, now: datetime, stale_before: datetime
) -> None:
    """Record a use, unless one after `stale_before` is recorded already: of two
    concurrent requests only one writes."""
    await session.execute(
        update(ApiToken)
        .where(
            ApiToken.id == token_id,
            or_(
                ApiToken.last_used_at.is_(None),
                ApiToken.last_used_at < stale_before,
            ),
        )
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )


async def console_session(
    session: AsyncSession, token_sha256: str
) -> tuple[Coordinator, ConsoleSession] | None:
    row = (
        await session.execute(
            select(Coordinator, ConsoleSession)
            .join(ConsoleSession, ConsoleSession.coordinator_id == Coordinator.id)
            .where(ConsoleSession.token_sha256 == token_sha256)
        )
    ).one_or_none()
    return (row[0], row[1]) if row is not None else None


async def delete_session(session: AsyncSession, token_sha256: str) -> None:
    await session.execute(
        delete(ConsoleSession).where(ConsoleSession.token_sha256 == token_sha256)
    )


async def delete_sessions_of(session: AsyncSession, coordinator_id: int) -> None:
    await session.execute(
        delete(ConsoleSession).where(ConsoleSession.coordinator_id == coordinator_id)
    )


async def delete_expired_sessions(session: AsyncSession, now: datetime) -> None:
    await session.execute(delete(ConsoleSession).where(ConsoleSession.expires_at < now))


async def throttle_for(session: AsyncSession, username: str) -> LoginThrottle:
    """The throttle row of a submitted user name, created on first use."""
    found = await session.scalar(
        select(LoginThrottle).where(LoginThrottle.username == username)
    )
    if found is not None:
        return found
    try:
        async with session.begin_nested():
            throttle = LoginThrottle(username=username, attempts=0)
            session.add(throttle)
        return throttle
    except IntegrityError:  # a concurrent first attempt created it
        existing = await session.scalar(
            select(LoginThrottle).where(LoginThrottle.username == username)
        )
        assert existing is not None
        return existing


async def count_attempt(
    session: AsyncSession, throttle: LoginThrottle, *, seen: int, now: datetime
) -> bool:
    """Count one attempt if nobody else counted one since `seen` was read: a
    conditional UPDATE, so concurrent attempts on one name cannot all go through."""
    result = await session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.id == throttle.id, LoginThrottle.attempts == seen)
        .values(attempts=seen + 1, last_attempt_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


async def reset_attempts(session: AsyncSession, throttle_id: int) -> None:
    await session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.id == throttle_id)
        .values(attempts=0, last_attempt_at=None)
        .execution_options(synchronize_session=False)
    )
