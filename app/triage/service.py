"""The gate between a new request and the neighbours' SMS waves.

- One errand per number: a later call of a number with an open request is attached
  to that request (its own request is closed as a duplicate, both histories say so).
- Auto or triage (`matching.mode`, or the line's `matching_mode`): in triage a
  coordinator approves each request before the first wave.

Functions here never commit; the matching service's use cases do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from app.calls.models import Call
from app.config import MatchingMode, Settings
from app.errors import Conflict, NotFound
from app.help_requests import repository as request_repository
from app.help_requests import service as request_service
from app.help_requests.models import HelpRequest, HelpRequestCall
from app.triage import repository


def mode_of(settings: Settings, request: HelpRequest) -> MatchingMode:
    """The matching mode of the request's line, else the deployment's."""
    line = settings.line(request.line)
    return line.matching_mode or settings.matching.mode


async def links_of(
    session: AsyncSession, requests: Sequence[HelpRequest]
) -> dict[int, HelpRequestCall]:
    """The attachments of these requests' calls, by call id (for `errand_of`)."""
    return await repository.links_of_calls(
        session, [r.call_id for r in requests if r.call_id is not None]
    )


async def errand_of(
    session: AsyncSession,
    request: HelpRequest,
    *,
    now: datetime,
    links: Mapping[int, HelpRequestCall] | None = None,
) -> HelpRequest:
    """The errand a call's request stands for: itself, or the same number's older
    open request, to which the call is then attached (once: a second look finds the
    link). Only a request nothing happened to yet is attached; a hidden number never.
    `links`: the attachments by call id, when the caller read them for many
    requests at once (repository.links_of_calls).
    """
    if request.call_id is None:
        return request
    link = (
        links.get(request.call_id)
        if links is not None
        else await repository.link_of_call(session, request.call_id)
    )
    if link is not None:
        return await request_repository.get(session, link.request_id) or request
    if (
        request.status != "new"
        or request.wave
        or request.is_awaiting_approval
        or not request.caller_number.startswith("+")
    ):
        return request
    older = await repository.open_request_of_number(
        session, request.caller_number, before_id=request.id
    )
    if older is None:
        return request
    session.add(
        HelpRequestCall(request_id=older.id, call_id=request.call_id, attached_at=now)
    )
    request.status = "closed"
    request.close_reason = "duplicate"
    request.held_until = None
    request_service.record(
        session,
        request,
        "closed",
        now=now,
        detail={"reason": "duplicate", "attached_to": older.id},
    )
    request_service.record(
        session,
        older,
        "call_attached",
        now=now,
        detail={
            "call_id": request.call_id,
            "request_id": request.id,
            "need": request.need,
            "postcode": request.postcode,
        },
    )
    return older


async def errand_of_call(
    session: AsyncSession, call: Call, *, now: datetime
) -> HelpRequest | None:
    """The errand a caller's call is about: its own request's (see `errand_of`), or,
    for a call that has none, the number's open request, the call attached to it."""
    own = await request_repository.get_for_call(session, call.id)
    if own is not None:
        return await errand_of(session, own, now=now)
    link = await repository.link_of_call(session, call.id)
    if link is not None:
        return await request_repository.get(session, link.request_id)
    if not call.caller_e164:
        return None
    older = await repository.open_request_of_number(session, call.caller_e164)
    if older is None:
        return None
    session.add(HelpRequestCall(request_id=older.id, call_id=call.id, attached_at=now))
    request_service.record(
        session, older, "call_attached", now=now, detail={"call_id": call.id}
    )
    return older


def may_match(
    session: AsyncSession, settings: Settings, request: HelpRequest, *, now: datetime
) -> bool:
    """Whether the request's first wave may go out now. In triage a request not yet
    approved is set aside for a coordinator (once, on its history)."""
    if request.approved_at is not None:
        return True
    if mode_of(settings, request) == "auto":
        return True
    if not request.is_awaiting_approval:
        request.is_awaiting_approval = True
        request_service.record(session, request, "awaiting_approval", now=now)
    return False


async def mark_approved(
    session: AsyncSession, request_id: int, *, actor: str, now: datetime
) -> HelpRequest:
    """A coordinator lets a request set aside in triage go to neighbours."""
    request = await request_repository.get(session, request_id)
    if request is None:
        raise NotFound(f"help request {request_id} not found")
    if not request.is_awaiting_approval or request.status != "new":
        raise Conflict(f"help request {request_id} is not waiting for approval")
    request.is_awaiting_approval = False
    request.approved_at = now
    request.approved_by = actor
    request_service.record(session, request, "approved", now=now, actor=actor)
    return request
