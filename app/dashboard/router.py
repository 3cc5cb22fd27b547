"""Coordinator dashboard endpoints (authenticated, read-only)."""

from __future__ import annotations

from fastapi import APIRouter

from app.auth.dependencies import CoordinatorDep
from app.dashboard import service
from app.dashboard.schemas import Board, QueueView
from app.db import SessionDep
from app.state import StateDep

router = APIRouter(prefix="/api", tags=["dashboard"])


@router.get("/board")
async def live_board(state: StateDep, session: SessionDep, _: CoordinatorDep) -> Board:
    """The live board: callers waiting per language, operators, today's figures."""
    return await service.board(session, state)


@router.get("/queue")
async def live_queue(state: StateDep, _: CoordinatorDep) -> QueueView:
    """The live queue: waiting callers per language, offers, operators' states."""
    return await service.queue_view(state)
