"""Coordinator API over the call log (authenticated)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from app.auth.dependencies import CoordinatorDep
from app.calls import repository
from app.calls.errors import CallNotFound
from app.calls.schemas import CallPage, CallRead, CallSummary
from app.db import SessionDep

router = APIRouter(prefix="/api/calls", tags=["calls"])


@router.get("")
async def list_calls(
    session: SessionDep,
    _: CoordinatorDep,
    purpose: Annotated[str | None, Query(max_length=20)] = None,
    since: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> CallPage:
    """Logged calls, newest first."""
    calls, total = await repository.list_calls(
        session, purpose=purpose, since=since, limit=limit, offset=offset
    )
    return CallPage(total=total, items=[CallSummary.model_validate(c) for c in calls])


@router.get("/{call_id}")
async def get_call(call_id: int, session: SessionDep, _: CoordinatorDep) -> CallRead:
    """One call with its timeline of IVR, queue and status events."""
    call = await repository.get_with_events(session, call_id)
    if call is None:
        raise CallNotFound(f"call {call_id} not found")
    return CallRead.model_validate(call)
