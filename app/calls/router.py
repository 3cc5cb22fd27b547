"""Coordinator API over the call log: numbers masked in every answer, shown in full
only by the audited reveal."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.audit import reveal
from app.auth.dependencies import CoordinatorDep
from app.auth.masking import masked
from app.calls import service
from app.calls.schemas import CallDetail, CallFilter, CallPage
from app.db import SessionDep
from app.state import StateDep

router = APIRouter(prefix="/api/calls", tags=["calls"])

CURSOR = Query(max_length=60, pattern=r"^-?[0-9]+_[0-9]+$")


@router.get("")
async def list_calls(
    session: SessionDep,
    state: StateDep,
    _: CoordinatorDep,
    filters: Annotated[CallFilter, Query()],
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    before: Annotated[str | None, CURSOR] = None,
    after: Annotated[str | None, CURSOR] = None,
) -> CallPage:
    """Logged calls, newest first. Page with `before=<older>` / `after=<newer>` from
    the previous answer (fast at any depth); `offset` paging also counts `total`."""
    keyset = before is not None or after is not None
    page = await service.call_log(
        session,
        filters,
        timezone=state.settings.console.timezone,
        limit=limit,
        before=before,
        after=after,
        offset=offset,
        with_total=not keyset,
    )
    return masked(page)


@router.get("/{call_id}")
async def get_call(call_id: int, session: SessionDep, _: CoordinatorDep) -> CallDetail:
    """One call with its timeline of IVR, queue and status events, the operators
    rung for it and its help request."""
    return masked(await service.call_detail(session, call_id))


@router.post("/{call_id}/reveal")
async def reveal_call(
    call_id: int, session: SessionDep, state: StateDep, coordinator: CoordinatorDep
) -> CallDetail:
    """The call with the caller's number in full; who asked is written to the audit
    log."""
    return await reveal.reveal_call(
        session, state, call_id, account=coordinator, via="api"
    )
