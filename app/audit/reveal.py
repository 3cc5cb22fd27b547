"""Showing a person's details in full: an explicit action of a role allowed to
(app.auth.roles.MAY_REVEAL), written to the audit log before it is answered.

Each use case checks the role, reads the record, records who saw what and commits.
Provider recording URLs stay on the server even then.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

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
T = TypeVar("T")


async def _revealed(
    session: AsyncSession,
    state: HotlineState,
    read: Awaitable[T],
    *,
    account: Coordinator,
    kind: str,
    subject_id: int,
    fields: str,
    via: str,
) -> T:
    """`read` (the record in full), once the audit log says who saw which fields."""
    record = await read
    await audit.record(
        session,
        actor=account.username,
        action=f"{kind}.reveal",
        subject=f"{kind}:{subject_id}",
        detail={"fields": fields, "via": via},
        now=state.clock.now(),
    )
    await session.commit()
    return record


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
    organisation = organisation_scope(account.role, account.organisation)
    view = await _revealed(
        session,
        state,
        request_service.request_view(
            session, state, request_id, organisation=organisation
        ),
        account=account,
        kind="request",
        subject_id=request_id,
        fields=REQUEST_FIELDS,
        via=via,
    )
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
    return await _revealed(
        session,
        state,
        call_service.call_detail(session, call_id),
        account=account,
        kind="call",
        subject_id=call_id,
        fields=CALL_FIELDS,
        via=via,
    )


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
    return await _revealed(
        session,
        state,
        _volunteer(session, volunteer_id),
        account=account,
        kind="volunteer",
        subject_id=volunteer_id,
        fields=VOLUNTEER_FIELDS,
        via=via,
    )


async def _volunteer(session: AsyncSession, volunteer_id: int) -> VolunteerRead:
    return VolunteerRead.model_validate(
        await volunteer_service.get(session, volunteer_id)
    )
