"""API over help requests: the list, the board by status, one request's page, and
showing one in full (audited). Coordinators and admins see every request, a partner
only its own organisation's; every answer is masked (app/auth/masking.py) except a
reveal's."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.audit import reveal
from app.auth.dependencies import PartnerDep
from app.auth.masking import masked
from app.auth.models import Coordinator
from app.auth.roles import organisation_scope
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


def _scope(account: Coordinator) -> str | None:
    return organisation_scope(account.role, account.organisation)


def _for(account: Coordinator, view: HelpRequestView) -> HelpRequestView:
    """A partner sees its request and its outcome, not whom it was offered to."""
    if _scope(account) is not None:
        return view.model_copy(update={"offers": []})
    return view


@router.get("")
async def list_requests(
    session: SessionDep,
    state: StateDep,
    account: PartnerDep,
    query: Annotated[RequestQuery, Query()],
    status: RequestStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HelpRequestPage:
    """Help requests, newest first, by status, board group, need, language, place
    (postcode or municipality) and age."""
    filters = service.resolve_filters(
        state.postcodes,
        query,
        now=state.clock.now(),
        status=status,
        organisation=_scope(account),
    )
    rows, total = await repository.list_requests(
        session, filters=filters, limit=limit, offset=offset
    )
    return HelpRequestPage(
        total=total,
        items=[masked(HelpRequestRead.model_validate(r)) for r, _ in rows],
    )


@router.get("/board")
async def requests_board(
    session: SessionDep,
    state: StateDep,
    account: PartnerDep,
    query: Annotated[RequestQuery, Query()],
    limit: Annotated[int, Query(ge=1, le=500)] = service.BOARD_COLUMN_SIZE,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> RequestBoard:
    """The requests board: counts per group (new, escalated, offered, matched, done,
    closed) and the first requests of each; the console's requests page."""
    return masked(
        await service.board(
            session,
            state,
            query,
            offset=offset,
            limit=limit,
            organisation=_scope(account),
        )
    )


@router.get("/{request_id}")
async def get_request(
    request_id: int, session: SessionDep, state: StateDep, account: PartnerDep
) -> HelpRequestView:
    """One help request with its timestamped history and its SMS offers; the
    number, name and address masked."""
    view = await service.request_view(
        session, state, request_id, organisation=_scope(account)
    )
    return masked(_for(account, view))


@router.post("/{request_id}/reveal")
async def reveal_request(
    request_id: int, session: SessionDep, state: StateDep, account: PartnerDep
) -> HelpRequestView:
    """The request with the number, name and address in full; who asked is written
    to the audit log."""
    view = await reveal.reveal_request(
        session, state, request_id, account=account, via="api"
    )
    return _for(account, view)
