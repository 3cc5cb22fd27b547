"""The audit log page (/console/audit, admins only): the entries newest first, by
actor, action and subject, and their export (CSV or JSON), itself audited. Reads
through app.audit.service, as /api/audit does."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, StreamingResponse
from pydantic import ValidationError

from app.audit import service as audit
from app.audit.download import audited_download
from app.audit.schemas import AuditFilter
from app.console.security import AdminViewerDep
from app.console.templating import viewer_page
from app.db import SessionDep
from app.state import StateDep

router = APIRouter(prefix="/console", include_in_schema=False)

PAGE_SIZE = 100
FILTER_FIELDS = ("actor", "action", "subject")


def _filters(request: Request) -> tuple[AuditFilter, dict[str, str]]:
    """The page's filters from its query string; an invalid one is left out."""
    typed = {
        name: request.query_params.get(name, "").strip()[:120] for name in FILTER_FIELDS
    }
    kept: dict[str, str] = {}
    for name, value in typed.items():
        if not value:
            continue
        try:
            AuditFilter.model_validate({name: value})
        except ValidationError:
            continue
        kept[name] = value
    return AuditFilter.model_validate(kept), typed


@router.get("/audit")
async def audit_page(
    request: Request,
    viewer: AdminViewerDep,
    session: SessionDep,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    filters, typed = _filters(request)
    page = await audit.list_entries(session, filters, limit=PAGE_SIZE, offset=offset)
    query = filters.model_dump(exclude_none=True)
    return viewer_page(
        request,
        viewer,
        "audit/index.html",
        section="audit",
        page=page,
        values=typed,
        offset=offset,
        page_size=PAGE_SIZE,
        query=urlencode(query),
    )


@router.get("/audit.{export_format}")
async def audit_export(
    export_format: Literal["csv", "json"],
    request: Request,
    viewer: AdminViewerDep,
    state: StateDep,
    session: SessionDep,
) -> StreamingResponse:
    filters, _ = _filters(request)
    return await audited_download(
        session,
        state,
        actor=viewer.username,
        filters=filters,
        export_format=export_format,
        stamp=viewer.t.local(state.clock.now()),
    )
