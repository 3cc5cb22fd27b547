"""Showing a person's details in full: an explicit action of a role allowed to
(app.auth.roles.MAY_REVEAL), written to the audit log before it is answered.

Each use case checks the role, reads the record, records who saw what and commits.
Provider recording URLs stay on the server even then.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.audit import service as audit
from app.auth.masking import without_provider_urls
from app.auth.models import Coordinator
from app.auth.roles import MAY_REVEAL, STAFF, ensure_role, organisation_scope
from app.calls import service as call_service
from app.calls.schemas import CallDetail
from app.help_requests import service as request_service
from app.help_requests.schemas import HelpRequestView
from app.state import HotlineState
from app.volunteers import service as volunteer_service
from app.volunteers.schemas import VolunteerRead

REQUEST_FIELDS = "caller_number,requester_name,address,notes"
CALL_FIELDS = "caller_number"
VOLUNTEER_FIELDS = "phone_number"


async def reveal_request(
    session: AsyncSession,
    state: HotlineState,
    request_id: int,
    *,
    account: Coordinator,
    via: str,
) -> HelpRequestView:
    """A help request in full, for staff or the partner whose organisation it is."""
    ensure_role(account.role, MAY_REVEAL)
    view = await request_service.request_view(
        session,
        state,
        request_id,
        organisation=organisation_scope(account.role, account.organisation),
    )
    await audit.record(
        session,
        actor=account.username,
        action="request.reveal",
        subject=f"request:{request_id}",
        detail={"fields": REQUEST_FIELDS, "via": via},
        now=state.clock.now(),
    )
    await session.commit()
    return without_provider_urls(view)


async def reveal_call(
    session: AsyncSession,
    state: HotlineState,
    call_id: int,
    *,
    account: Coordinator,
    via: str,
) -> CallDetail:
    """A call with the caller's number in full (staff only)."""
    ensure_role(account.role, STAFF)
    detail = await call_service.call_detail(session, call_id)
    await audit.record(
        session,
        actor=account.username,
        action="call.reveal",
        subject=f"call:{call_id}",
        detail={"fields": CALL_FIELDS, "via": via},
        now=state.clock.now(),
    )
    await session.commit()
    return detail


async def reveal_volunteer(
    session: AsyncSession,
    state: HotlineState,
    volunteer_id: int,
    *,
    account: Coordinator,
    via: str,
) -> VolunteerRead:
    """A volunteer with their phone number in full (staff only)."""
    ensure_role(account.role, STAFF)
    volunteer = VolunteerRead.model_validate(
        await volunteer_service.get(session, volunteer_id)
    )
    await audit.record(
        session,
        actor=account.username,
        action="volunteer.reveal",
        subject=f"volunteer:{volunteer_id}",
        detail={"fields": VOLUNTEER_FIELDS, "via": via},
        now=state.clock.now(),
    )
    await session.commit()
    return volunteer
