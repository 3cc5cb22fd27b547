"""Admin API over the audit log: a filtered page, and the export (CSV or JSON),
itself written to the log."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from app.audit import service
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
    export_format: Annotated[Literal["csv", "json"], Query(alias="format")] = "csv",
) -> StreamingResponse:
    """Every matching entry, oldest first, as CSV or JSON. The export is audited."""
    now = state.clock.now()
    await service.record_export(
        session,
        actor=admin.username,
        subject="audit",
        filters={**filters.model_dump(), "format": export_format},
        now=now,
    )
    await session.close()  # the export reads in short sessions of its own
    stamp = now.strftime("%Y%m%d-%H%M")
    if export_format == "json":
        body = service.export_json(state.sessionmaker, filters)
        media_type = "application/json"
    else:
        body = service.export_csv(state.sessionmaker, filters)
        media_type = "text/csv; charset=utf-8"
    return StreamingResponse(
        body,
        media_type=media_type,
        headers={
            "Content-Disposition": (
                f'attachment; filename="audit-{stamp}.{export_format}"'
            ),
            "Cache-Control": "no-store",
        },
    )
