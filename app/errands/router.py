"""Twilio webhooks of the errands: the neighbour's masked calls, the requester's
status menu and the follow-up call after DONE. Thin: signature -> event -> service
-> TwiML."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from app.db import SessionDep
from app.errands import followup, neighbour, requester
from app.ivr import service as ivr_service
from app.telephony.twilio_adapter import empty_twiml
from app.telephony.webhooks import StatusHook, VoiceHook, respond

router = APIRouter(prefix="/twilio/errands", tags=["twilio"])

TryQuery = Annotated[int, Query(alias="try", ge=0, le=20)]
CodeQuery = Annotated[str, Query(min_length=1, max_length=8, pattern="^[A-Z0-9]+$")]


@router.post("/neighbour")
async def neighbour_choice(
    hook: VoiceHook,
    session: SessionDep,
    code: CodeQuery,
    retries: TryQuery = 0,
) -> Response:
    """A neighbour answered the menu of one of their requests."""
    state, event = hook.state, hook.event
    return await respond(
        state,
        session,
        lambda: neighbour.choice(session, state, event, code=code, retries=retries),
        fallback=lambda: ivr_service.fallback_script(state, None, to_queue=False),
    )


@router.post("/neighbour/pin")
async def neighbour_pin(
    hook: VoiceHook, session: SessionDep, retries: TryQuery = 0
) -> Response:
    """A neighbour keyed their personal code before the masked-call menu."""
    state, event = hook.state, hook.event
    return await respond(
        state,
        session,
        lambda: neighbour.pin(session, state, event, retries=retries),
        fallback=lambda: ivr_service.fallback_script(state, None, to_queue=False),
    )


@router.post("/neighbour/code")
async def neighbour_code(
    hook: VoiceHook, session: SessionDep, retries: TryQuery = 0
) -> Response:
    """A neighbour typed a request code to be bridged with its requester."""
    state, event = hook.state, hook.event
    return await respond(
        state,
        session,
        lambda: neighbour.typed_code(session, state, event, retries=retries),
        fallback=lambda: ivr_service.fallback_script(state, None, to_queue=False),
    )


@router.post("/neighbour/dialled/{request_id}")
async def neighbour_dialled(
    request_id: int, hook: VoiceHook, session: SessionDep
) -> Response:
    """The masked call to the requester ended (or was not answered)."""
    state, event = hook.state, hook.event
    return await respond(
        state,
        session,
        lambda: neighbour.dialled(session, state, event, request_id=request_id),
        fallback=lambda: ivr_service.fallback_script(state, None, to_queue=False),
    )


@router.post("/requester/{request_id}")
async def requester_choice(
    request_id: int,
    hook: VoiceHook,
    session: SessionDep,
    retries: TryQuery = 0,
) -> Response:
    """A requester answered the status menu (1 a volunteer, 2 no longer needed)."""
    state, event = hook.state, hook.event
    return await respond(
        state,
        session,
        lambda: requester.choice(
            session, state, event, request_id=request_id, retries=retries
        ),
        fallback=lambda: ivr_service.fallback_script(state, None, to_queue=True),
    )


@router.post("/followup/{request_id}")
async def followup_call(
    request_id: int, hook: VoiceHook, session: SessionDep
) -> Response:
    """The requester answered the follow-up call after DONE."""
    state, event = hook.state, hook.event
    return await respond(
        state,
        session,
        lambda: followup.script(session, state, request_id, event),
        fallback=lambda: ivr_service.fallback_script(state, None, to_queue=False),
    )


@router.post("/followup/{request_id}/answer")
async def followup_answer(
    request_id: int,
    hook: VoiceHook,
    session: SessionDep,
    retries: TryQuery = 0,
) -> Response:
    """The requester said whether their neighbour came (1 yes, 2 no)."""
    state, event = hook.state, hook.event
    return await respond(
        state,
        session,
        lambda: followup.answer(session, state, request_id, event, retries=retries),
        fallback=lambda: ivr_service.fallback_script(state, None, to_queue=False),
    )


@router.post("/followup/{request_id}/status")
async def followup_status(
    request_id: int, hook: StatusHook, session: SessionDep
) -> Response:
    """Status callback of a follow-up call."""
    state, event = hook.state, hook.event
    await followup.status(session, state, request_id, event)
    return empty_twiml()
