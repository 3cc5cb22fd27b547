"""Matching endpoints: field volunteers' SMS replies, the requester's confirmation call,
and the coordinators' request lifecycle actions (match, assign, close, reopen)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from app.auth.dependencies import CoordinatorDep
from app.db import SessionDep
from app.help_requests.schemas import AssignBody, CloseBody, HelpRequestRead
from app.ivr import service as ivr_service
from app.matching import service
from app.state import StateDep
from app.telephony.twilio_adapter import empty_twiml, render_sms_reply
from app.telephony.webhooks import SmsEventDep, StatusEventDep, VoiceEventDep, respond

twilio_router = APIRouter(prefix="/twilio", tags=["twilio"])
router = APIRouter(prefix="/api/requests", tags=["help requests"])


@twilio_router.post("/sms")
async def incoming_sms(
    message: SmsEventDep, state: StateDep, session: SessionDep
) -> Response:
    """A field volunteer's SMS reply (YES/NO/DONE <code>, STOP)."""
    return render_sms_reply(await service.handle_sms(session, state, message))


@twilio_router.post("/confirm/{request_id}")
async def confirmation_call(
    request_id: int, event: VoiceEventDep, state: StateDep, session: SessionDep
) -> Response:
    """The requester answered the confirmation call."""
    return await respond(
        state,
        session,
        lambda: service.confirmation_script(session, state, request_id, event),
        fallback=lambda: ivr_service.fallback_script(state, None, to_queue=False),
    )


@twilio_router.post("/confirm/{request_id}/status")
async def confirmation_status(
    request_id: int, event: StatusEventDep, state: StateDep, session: SessionDep
) -> Response:
    """Status callback of a confirmation call."""
    await service.confirmation_status(session, state, request_id, event)
    return empty_twiml()


@router.post("/{request_id}/match")
async def match_now(
    request_id: int, session: SessionDep, state: StateDep, coordinator: CoordinatorDep
) -> HelpRequestRead:
    """Text the next wave of nearby volunteers now."""
    request = await service.match_now(
        session, state, request_id, actor=coordinator.username
    )
    return HelpRequestRead.model_validate(request)


@router.post("/{request_id}/assign")
async def assign(
    request_id: int,
    body: AssignBody,
    session: SessionDep,
    state: StateDep,
    coordinator: CoordinatorDep,
) -> HelpRequestRead:
    """Give the request to a field volunteer by hand."""
    request = await service.assign(
        session, state, request_id, body.volunteer_id, actor=coordinator.username
    )
    return HelpRequestRead.model_validate(request)


@router.post("/{request_id}/close")
async def close(
    request_id: int,
    body: CloseBody,
    session: SessionDep,
    state: StateDep,
    coordinator: CoordinatorDep,
) -> HelpRequestRead:
    """Close a request with a reason."""
    request = await service.close(
        session,
        state,
        request_id,
        reason=body.reason,
        note=body.note,
        actor=coordinator.username,
    )
    return HelpRequestRead.model_validate(request)


@router.post("/{request_id}/reopen")
async def reopen(
    request_id: int, session: SessionDep, state: StateDep, coordinator: CoordinatorDep
) -> HelpRequestRead:
    """Re-open a closed, done or escalated request; matching starts over."""
    request = await service.reopen(
        session, state, request_id, actor=coordinator.username
    )
    return HelpRequestRead.model_validate(request)
