"""Coordinator endpoints of the way into matching: approve a request set aside in
triage, import requests on someone's behalf from CSV."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse

from app.auth.dependencies import CoordinatorDep, PartnerDep
from app.auth.masking import masked
from app.auth.roles import Role
from app.db import SessionDep
from app.help_requests.errors import RequestImportRejected
from app.help_requests.schemas import HelpRequestRead
from app.matching import service as matching_service
from app.state import StateDep
from app.volunteers.schemas import ImportReport

router = APIRouter(prefix="/api/requests", tags=["help requests"])
MAX_CSV_BYTES = 1_000_000


@router.post("/{request_id}/approve")
async def approve(
    request_id: int, session: SessionDep, state: StateDep, coordinator: CoordinatorDep
) -> HelpRequestRead:
    """Triage: let a request go to neighbours (its first SMS wave goes out now)."""
    request = await matching_service.approve(
        session, state, request_id, actor=coordinator.username
    )
    return masked(HelpRequestRead.model_validate(request))


@router.post(
    "/import",
    status_code=201,
    response_model=ImportReport,
    responses={
        422: {"description": "Bad lines, each with its number; nothing was imported."}
    },
)
async def import_requests(
    session: SessionDep,
    state: StateDep,
    account: PartnerDep,
    csv_text: Annotated[str, Body(media_type="text/csv", max_length=MAX_CSV_BYTES)],
) -> ImportReport | JSONResponse:
    """Import requests on someone's behalf from CSV: every line or none. A partner's
    requests are its organisation's, whatever the file says."""
    organisation = account.organisation if account.role == Role.PARTNER else None
    try:
        created = await matching_service.import_on_behalf(
            session,
            state,
            csv_text,
            source="api",
            actor=account.username,
            organisation=organisation,
        )
    except RequestImportRejected as exc:
        return JSONResponse(
            {
                "error": "RequestImportRejected",
                "detail": str(exc),
                "errors": exc.errors,
            },
            status_code=422,
        )
    return ImportReport(imported=len(created), ids=[r.id for r in created])
