"""Coordinator API of the work list (authenticated): the list, claim, release, done."""

from __future__ import annotations

from fastapi import APIRouter

from app.auth.dependencies import CoordinatorDep
from app.db import SessionDep
from app.state import StateDep
from app.worklist import service
from app.worklist.schemas import WorkClaimRead, WorkKind, WorkList

router = APIRouter(prefix="/api/work", tags=["work list"])


@router.get("")
async def work_list(
    state: StateDep, session: SessionDep, coordinator: CoordinatorDep
) -> WorkList:
    """Callbacks not yet reached, voicemails not yet handled, escalated requests."""
    return await service.work_list(session, state, viewer=coordinator.username)


@router.post("/{kind}/{request_id}/claim")
async def claim_item(
    kind: WorkKind,
    request_id: int,
    state: StateDep,
    session: SessionDep,
    coordinator: CoordinatorDep,
) -> WorkClaimRead:
    """Take an item ("I'll call back"); 409 names whoever already has it."""
    return await service.claim(
        session, state, kind=kind, request_id=request_id, username=coordinator.username
    )


@router.post("/{kind}/{request_id}/release", status_code=204)
async def release_item(
    kind: WorkKind,
    request_id: int,
    session: SessionDep,
    coordinator: CoordinatorDep,
) -> None:
    """Give one's own claim back; the item is free for others again."""
    await service.release(
        session, kind=kind, request_id=request_id, username=coordinator.username
    )


@router.post("/{kind}/{request_id}/done")
async def finish_item(
    kind: WorkKind,
    request_id: int,
    state: StateDep,
    session: SessionDep,
    coordinator: CoordinatorDep,
) -> WorkClaimRead:
    """The item is dealt with: it leaves the list and the request's history says so."""
    return await service.done(
        session, state, kind=kind, request_id=request_id, username=coordinator.username
    )
