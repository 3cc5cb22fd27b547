"""Coordinator JSON API of the ban list."""

from __future__ import annotations

from fastapi import APIRouter, Response

from app.abuse import service
from app.abuse.schemas import BanCreate, BanRead
from app.auth.dependencies import CoordinatorDep
from app.db import SessionDep
from app.state import StateDep

router = APIRouter(prefix="/api/bans", tags=["abuse"])


@router.get("")
async def list_bans(
    session: SessionDep, state: StateDep, _: CoordinatorDep
) -> list[BanRead]:
    """Every ban (numbers and prefixes), in force or expired."""
    return await service.list_bans(session, state)


@router.post("", status_code=201)
async def add_ban(
    data: BanCreate, session: SessionDep, state: StateDep, coordinator: CoordinatorDep
) -> BanRead:
    """Ban a number or an E.164 prefix, with a reason and an optional expiry."""
    return await service.add_ban(session, state, data, created_by=coordinator.username)


@router.delete("/{ban_id}", status_code=204)
async def remove_ban(
    ban_id: int, session: SessionDep, state: StateDep, _: CoordinatorDep
) -> Response:
    """Lift a ban."""
    await service.remove_ban(session, state, ban_id)
    return Response(status_code=204)
