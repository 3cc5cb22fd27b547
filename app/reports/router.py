"""Coordinator endpoint for the reports (authenticated, read-only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.auth.dependencies import CoordinatorDep
from app.db import SessionDep
from app.reports import service
from app.reports.schemas import Report
from app.state import StateDep

router = APIRouter(prefix="/api", tags=["reports"])


@router.get("/reports")
async def report(
    state: StateDep,
    session: SessionDep,
    _: CoordinatorDep,
    from_text: Annotated[
        str | None,
        Query(alias="from", max_length=40, description="First day, YYYY-MM-DD"),
    ] = None,
    to_text: Annotated[
        str | None,
        Query(alias="to", max_length=40, description="Last day (included)"),
    ] = None,
) -> Report:
    """A period's figures in Brussels local days (default: the last 7 days): calls
    per day, hour and language, callbacks, help requests, volunteer activity."""
    console = state.settings.console
    period = service.period_from_query(
        from_text, to_text, now=state.clock.now(), timezone=console.timezone
    )
    return await service.report(
        session, period=period, service_level_s=console.service_level_s
    )
