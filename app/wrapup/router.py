"""Webhooks of the operator's wrap-up by phone (signed like every Twilio request)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from app.db import SessionDep
from app.state import HotlineState
from app.telephony import instructions as ins
from app.telephony.webhooks import VoiceHook, respond
from app.wrapup import service

router = APIRouter(prefix="/twilio/wrapup", tags=["twilio"])


def _goodbye(state: HotlineState) -> ins.Script:
    # The operator's language is unknown when the database failed: the default.
    pack = state.catalogue[state.settings.ivr.default_language]
    return ins.Script((pack.say("error_apology"), pack.say("goodbye"), ins.Hangup()))


@router.post("/{offer_id}")
async def call_over(offer_id: str, hook: VoiceHook, session: SessionDep) -> Response:
    """The caller hung up: the operator's wrap-up menu."""
    state, event = hook.state, hook.event
    return await respond(
        state,
        session,
        lambda: service.call_over(session, state, event, offer_id),
        fallback=lambda: _goodbye(state),
    )


@router.post("/{offer_id}/choice")
async def choice(
    offer_id: str,
    hook: VoiceHook,
    session: SessionDep,
    attempt: Annotated[int, Query(alias="try", ge=0, le=5)] = 0,
) -> Response:
    """1 a neighbour, 2 solved on the phone, 3 a coordinator."""
    state, event = hook.state, hook.event
    return await respond(
        state,
        session,
        lambda: service.choice(session, state, event, offer_id, attempt=attempt),
        fallback=lambda: _goodbye(state),
    )


@router.post("/{offer_id}/note")
async def note(offer_id: str, hook: VoiceHook, session: SessionDep) -> Response:
    """The operator's spoken note for the request."""
    state, event = hook.state, hook.event
    return await respond(
        state,
        session,
        lambda: service.note(session, state, event, offer_id),
        fallback=lambda: _goodbye(state),
    )
