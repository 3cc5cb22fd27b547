"""Matching endpoints: field volunteers' SMS replies, the requester's confirmation call,
and the coordinators' request lifecycle actions (create on someone's behalf, edit,
candidates, match, assign, close, reopen)."""

from __future__ import annotations

from collections.abc import Awaitable

from fastapi import APIRouter, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response

from app.auth.dependencies import CoordinatorDep, PartnerDep
from app.auth.masking import masked
from app.auth.roles import organisation_scope
from app.db import SessionDep
from app.help_requests.errors import InvalidRequestField
from app.help_requests.models import HelpRequest
from app.help_requests.schemas import (
    AssignBody,
    CandidateRead,
    CloseBody,
    HelpRequestCreate,
    HelpRequestRead,
    HelpRequestUpdate,
)
from app.ivr import service as ivr_service
from app.matching import confirmation, service
from app.state import StateDep
from app.telephony.twilio_adapter import empty_twiml, render_sms_reply
from app.telephony.webhooks import SmsHook, StatusHook, VoiceHook, respond

twilio_router = APIRouter(prefix="/twilio", tags=["twilio"])
router = APIRouter(prefix="/api/requests", tags=["help requests"])


@twilio_router.post("/sms")
async def incoming_sms(hook: SmsHook, session: SessionDep) -> Response:
    """A field volunteer's SMS reply (YES/NO/DONE <code>, STOP)."""
    state, message = hook.state, hook.event
    return render_sms_reply(await service.handle_sms(session, state, message))


@twilio_router.post("/confirm/{request_id}")
async def confirmation_call(
    request_id: int, hook: VoiceHook, session: SessionDep
) -> Response:
    """The requester answered the confirmation call."""
    state, event = hook.state, hook.event
    return await respond(
        state,
        session,
        lambda: confirmation.confirmation_script(session, state, request_id, event),
        fallback=lambda: ivr_service.fallback_script(state, None, to_queue=False),
    )


@twilio_router.post("/confirm/{request_id}/status")
async def confirmation_status(
    request_id: int, hook: StatusHook, session: SessionDep
) -> Response:
    """Status callback of a confirmation call."""
    state, event = hook.state, hook.event
    await confirmation.confirmation_status(session, state, request_id, event)
    return empty_twiml()


async def _checked(action: Awaitable[HelpRequest]) -> HelpRequest:
    """A detail checked against data (a postcode not in use) is answered like a
    malformed one: 422 with FastAPI's usual error list."""
    try:
        return await action
    except InvalidRequestField as exc:
        raise RequestValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ("body", exc.field),
                    "msg": exc.reason,
                    "input": None,
                }
            ]
        ) from exc


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_on_behalf(
    body: HelpRequestCreate,
    session: SessionDep,
    state: StateDep,
    coordinator: PartnerDep,
) -> HelpRequestRead:
    """Enter a request on someone's behalf; it enters matching as a call's does
    (the first SMS wave is sent before this answers). A partner's requests are
    always its own organisation's, whatever the body says."""
    scope = organisation_scope(coordinator.role, coordinator.organisation)
    if scope is not None:
        body = body.model_copy(update={"organisation": scope})
    request = await _checked(
        service.create_on_behalf(
            session, state, body, source="api", actor=coordinator.username
        )
    )
    return masked(HelpRequestRead.model_validate(request))


@router.patch("/{request_id}")
async def update_details(
    request_id: int,
    body: HelpRequestUpdate,
    session: SessionDep,
    state: StateDep,
    coordinator: CoordinatorDep,
) -> HelpRequestRead:
    """Correct a request's details (name, address, need, language, postcode, notes)."""
    request = await _checked(
        service.update_details(
            session, state, request_id, body, actor=coordinator.username
        )
    )
    return masked(HelpRequestRead.model_validate(request))


@router.get("/{request_id}/candidates")
async def candidates(
    request_id: int, session: SessionDep, state: StateDep, _: CoordinatorDep
) -> list[CandidateRead]:
    """The field volunteers the matching policy ranks for the next wave, with the
    distance and what makes them eligible."""
    return await service.ranked_candidates(session, state, request_id)


@router.post("/{request_id}/match")
async def match_now(
    request_id: int, session: SessionDep, state: StateDep, coordinator: CoordinatorDep
) -> HelpRequestRead:
    """Text the next wave of nearby volunteers now."""
    request = await service.match_now(
        session, state, request_id, actor=coordinator.username
    )
    return masked(HelpRequestRead.model_validate(request))


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
    return masked(HelpRequestRead.model_validate(request))


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
    return masked(HelpRequestRead.model_validate(request))


@router.post("/{request_id}/reopen")
async def reopen(
    request_id: int, session: SessionDep, state: StateDep, coordinator: CoordinatorDep
) -> HelpRequestRead:
    """Re-open a closed, done or escalated request; matching starts over."""
    request = await service.reopen(
        session, state, request_id, actor=coordinator.username
    )
    return masked(HelpRequestRead.model_validate(request))
