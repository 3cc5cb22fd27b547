"""The audit log's download, shared by the admin API and the console: the export is
written to the log first, then streamed (CSV or JSON) from short sessions of its own."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi.responses import StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit import service
from app.audit.schemas import AuditFilter
from app.state import HotlineState

ExportFormat = Literal["csv", "json"]


async def audited_download(
    session: AsyncSession,
    state: HotlineState,
    *,
    actor: str,
    filters: AuditFilter,
    export_format: ExportFormat,
    stamp: datetime,
) -> StreamingResponse:
    """`stamp` names the file (the viewer's local time in the console)."""
    await service.record_export(
        session,
        actor=actor,
        subject="audit",
        filters={**filters.model_dump(), "format": export_format},
        now=state.clock.now(),
    )
    await session.close()  # the export reads in short sessions of its own
    if export_format == "json":
        body = service.export_json(state.sessionmaker, filters)
        media_type = "application/json"
    else:
        body = service.export_csv(state.sessionmaker, filters)
        media_type = "text/csv; charset=utf-8"
    name = f"audit-{stamp.strftime('%Y%m%d-%H%M')}.{export_format}"
    return StreamingResponse(
        body,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )
