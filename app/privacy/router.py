"""Admin JSON API of personal data: the retention purge, erasure and export of one
phone number (the number travels in the body, never in a URL or an access log)."""

from __future__ import annotations

from fastapi import APIRouter

from app.auth.dependencies import AdminDep
from app.db import SessionDep
from app.privacy import service
from app.privacy.schemas import (
    ErasureReceipt,
    PersonExport,
    PhoneNumberBody,
    PurgeReport,
)
from app.state import StateDep

router = APIRouter(prefix="/api/privacy", tags=["privacy"])


@router.post("/purge")
async def purge(
    session: SessionDep, state: StateDep, admin: AdminDep, dry_run: bool = False
) -> PurgeReport:
    """Delete or anonymise what is past its retention now (`dry_run`: only count)."""
    return await service.purge(
        session,
        state.telephony,
        state.settings.retention,
        now=state.clock.now(),
        is_dry_run=dry_run,
        actor=admin.username,
    )


@router.post("/erasure")
async def erase(
    body: PhoneNumberBody, session: SessionDep, state: StateDep, admin: AdminDep
) -> ErasureReceipt:
    """Remove or anonymise everything about one phone number (recordings deleted at
    the provider); the receipt is written to the audit log."""
    return await service.erase(
        session,
        state.telephony,
        body.phone_number,
        now=state.clock.now(),
        actor=admin.username,
    )


@router.post("/export")
async def export(
    body: PhoneNumberBody, session: SessionDep, state: StateDep, admin: AdminDep
) -> PersonExport:
    """Everything the hotline holds about one phone number, as JSON (audited)."""
    return await service.export(
        session, body.phone_number, now=state.clock.now(), actor=admin.username
    )
