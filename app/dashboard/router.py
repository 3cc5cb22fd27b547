"""Coordinator dashboard endpoints (authenticated, read-only)."""

from __future__ import annotations

from fastapi import APIRouter

from app.auth.dependencies import CoordinatorDep
from app.dashboard import service
from app.dashboard.schemas import QueueView
from app.state import StateDep

router = APIRouter(prefix="/api/queue", tags=["dashboard"])


@router.get("")
async def live_queue(state: StateDep, _: CoordinatorDep) -> QueueView:
    """The live queue: waiting callers per language, offers, operators' states."""
    return await service.queue_view(state)
