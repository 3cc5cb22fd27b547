"""Queries of coordinator accounts, tokens, console sessions and login throttles.
Never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import ApiToken, ConsoleSession, Coordinator, LoginThrottle


async def coordinator_by_name(
    session: AsyncSession, username: str
) -> Coordinator | None:
    result = await session.execute(
        select(Coordinator).where(Coordinator.username == username)
    )
    return result.scalar_one_or_none()


async def coordinator_by_token(
    session: AsyncSession, token_sha256: str
) -> Coordinator | None:
    result = await session.execute(
        select(Coordinator)
        .join(ApiToken, ApiToken.coordinator_id == Coordinator.id)
        .where(ApiToken.token_sha256 == token_sha256, ApiToken.revoked_at.is_(None))
    )
    return result.scalar_one_or_none()


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
