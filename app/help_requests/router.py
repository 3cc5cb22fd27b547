"""Coordinator API over help requests (authenticated, read-only): the list, the
board by status, one request's page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.auth.dependencies import CoordinatorDep
from app.db import SessionDep
from app.help_requests import repository, service
from app.help_requests.schemas import (
    HelpRequestPage,
    HelpRequestRead,
    HelpRequestView,
    RequestBoard,
    RequestQuery,
    RequestStatus,
)
from app.state import StateDep

router = APIRouter(prefix="/api/requests", tags=["help requests"])


@router.get("")
async def list_requests(
    session: SessionDep,
    state: StateDep,
    _: CoordinatorDep,
    query: Annotated[RequestQuery, Query()],
    status: RequestStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HelpRequestPage:
    """Help requests, newest first, by status, board group, need, language, place
    (postcode or municipality) and age."""
    filters = service.resolve_filters(
        state.postcodes, query, now=state.clock.now(), status=status
    )
    rows, total = await repository.list_requests(
        session, filters=filters, limit=limit, offset=offset
    )
    return HelpRequestPage(
        total=total, items=[HelpRequestRead.model_validate(r) for r, _ in rows]
    )


@router.get("/board")
async def requests_board(
    session: SessionDep,
    state: StateDep,
    _: CoordinatorDep,
    query: Annotated[RequestQuery, Query()],
    limit: Annotated[int, Query(ge=1, le=500)] = service.BOARD_COLUMN_SIZE,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> RequestBoard:
    """The requests board: counts per group (new, escalated, offered, matched, done,
    closed) and the first requests of each; the console's requests page."""
    return await service.board(session, state, query, offset=offset, limit=limit)


@router.get("/{request_id}")
async def get_request(
    request_id: int, session: SessionDep, state: StateDep, _: CoordinatorDep
) -> HelpRequestView:
    """One help request with its timestamped history and its SMS offers."""
    return await service.request_view(session, state, request_id)
