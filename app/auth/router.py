"""Coordinator JSON API of their own API tokens: list, create (the secret shown once)
and revoke. A coordinator never sees or touches another coordinator's tokens."""

from __future__ import annotations

from fastapi import APIRouter, Response

from app.auth import service
from app.auth.dependencies import CoordinatorDep
from app.auth.schemas import ApiTokenCreate, ApiTokenIssued, ApiTokenRead
from app.db import SessionDep
from app.state import StateDep

router = APIRouter(prefix="/api/tokens", tags=["auth"])


@router.get("")
async def list_tokens(
    session: SessionDep, coordinator: CoordinatorDep
) -> list[ApiTokenRead]:
    """Your API tokens, newest first, revoked and expired ones included; never a
    secret."""
    return await service.list_tokens(session, coordinator)


@router.post("", status_code=201)
async def create_token(
    data: ApiTokenCreate,
    session: SessionDep,
    state: StateDep,
    coordinator: CoordinatorDep,
    response: Response,
) -> ApiTokenIssued:
    """A new named API token, optionally expiring after some days. The answer is the
    only time its secret is shown."""
    response.headers["Cache-Control"] = "no-store"
    return await service.create_token(
        session,
        coordinator,
        name=data.name,
        expires_in_days=data.expires_in_days,
        now=state.clock.now(),
    )


@router.delete("/{token_id}")
async def revoke_token(
    token_id: int, session: SessionDep, state: StateDep, coordinator: CoordinatorDep
) -> ApiTokenRead:
    """Revoke one of your tokens (again: no change). It stops working at once."""
    return await service.revoke_token(
        session, coordinator, token_id, now=state.clock.now()
    )
