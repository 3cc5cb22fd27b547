"""Coordinator API over help requests (authenticated)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.auth.dependencies import CoordinatorDep
from app.db import SessionDep
from app.errors import NotFound
from app.help_requests import repository
from app.help_requests.schemas import (
    HelpRequestDetail,
    HelpRequestPage,
    HelpRequestRead,
    RequestStatus,
)

router = APIRouter(prefix="/api/requests", tags=["help requests"])


@router.get("")
async def list_requests(
    session: SessionDep,
    _: CoordinatorDep,
    status: RequestStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HelpRequestPage:
    """Help requests, newest first, optionally by status."""
    items, total = await repository.list_requests(
        session, status=status, limit=limit, offset=offset
    )
    return HelpRequestPage(
        total=total, items=[HelpRequestRead.model_validate(r) for r in items]
    )


@router.get("/{request_id}")
async def get_request(
    request_id: int, session: SessionDep, _: CoordinatorDep
) -> HelpRequestDetail:
    """One help request with its timestamped history."""
    request = await repository.get(session, request_id, with_history=True)
    if request is None:
        raise NotFound(f"help request {request_id} not found")
    return HelpRequestDetail.model_validate(request)
