"""Admin API over the audit log: a filtered page, and the export (CSV or JSON),
itself written to the log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from app.audit import service
from app.audit.download import ExportFormat, audited_download
from app.audit.schemas import AuditFilter, AuditPage
from app.auth.dependencies import AdminDep
from app.db import SessionDep
from app.state import StateDep

router = APIRouter(prefix="/api/audit", tags=["audit"])


@router.get("")
async def list_entries(
    session: SessionDep,
    _: AdminDep,
    filters: Annotated[AuditFilter, Query()],
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> AuditPage:
    """Audit entries, newest first, by actor, action ("request" or
    "request.reveal"), subject ("request:12") and time."""
    return await service.list_entries(session, filters, limit=limit, offset=offset)


@router.get(
    "/export",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {"text/csv": {}, "application/json": {}},
            "description": "The matching entries, oldest first.",
        }
    },
)
async def export_entries(
    session: SessionDep,
    state: StateDep,
    admin: AdminDep,
    filters: Annotated[AuditFilter, Query()],
    export_format: Annotated[ExportFormat, Query(alias="format")] = "csv",
) -> StreamingResponse:
    """Every matching entry, oldest first, as CSV or JSON. The export is audited."""
    return await audited_download(
        session,
        state,
        actor=admin.username,
        filters=filters,
        export_format=export_format,
        stamp=state.clock.now(),
    )
