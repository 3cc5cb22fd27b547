"""Coordinator accounts and bearer tokens. Tokens are shown once, stored as SHA-256."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import ApiToken, Coordinator
from app.errors import BadRequest, Conflict, Unauthorized

TOKEN_PREFIX = "hlt_"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create_coordinator(
    session: AsyncSession, username: str, *, now: datetime
) -> str:
    """Create a coordinator with a first API token; returns the token (shown once)."""
    username = username.strip()
    if (
        not username
        or len(username) > 60
        or not username.replace("-", "").replace(".", "").replace("_", "").isalnum()
    ):
        raise BadRequest("username: 1-60 letters, digits, '.', '-' or '_'")
    if await session.scalar(
        select(Coordinator.id).where(Coordinator.username == username)
    ):
        raise Conflict(f"coordinator {username!r} already exists")
    coordinator = Coordinator(username=username, created_at=now)
    session.add(coordinator)
    await session.flush()
    token = await issue_token(session, coordinator, now=now)
    await session.commit()
    return token


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
