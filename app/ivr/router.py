"""Twilio voice webhooks of the IVR: thin (signature -> event -> service -> TwiML)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from app.ivr import menu, service
from app.queue import dispatcher as queue_dispatcher
from app.resilience import outage
from app.telephony.twilio_adapter import empty_twiml
from app.telephony.webhooks import (
    StatusHook,
    VoiceHook,
    respond,
    run_after,
    write_or_journal,
)

router = APIRouter(prefix="/twilio", tags=["twilio"])

LanguageQuery = Annotated[str | None, Query(alias="lang", max_length=5)]
TryQuery = Annotated[int, Query(alias="try", ge=0, le=20)]
# A returning caller's last postcode, to confirm ("still 1030, Schaerbeek?").
PostcodeQuery = Annotated[str | None, Query(alias="pc", max_length=4)]


@router.post("/voice")
async def incoming_call(hook: VoiceHook) -> Response:
    """Twilio's voice URL: a new call to the hotline number."""
    state, event = hook.state, hook.event
    return await respond(
        state,
        None,  # a unit of work (app/writer.py): nothing to roll back here
        lambda: service.handle_incoming(state, event),
        fallback=lambda: service.fallback_script(
            state, None, to_queue=True, to_number=event.to_number
        ),
        outage=lambda: outage.incoming(state, event),
    )


@router.post("/ivr/voicemail")
async def voicemail(hook: VoiceHook, language: LanguageQuery = None) -> Response:
    """The caller's voicemail was recorded."""
    state, event = hook.state, hook.event
    return await respond(
        state,
        None,  # a unit of work (app/writer.py): nothing to roll back here
        lambda: service.handle_voicemail(state, language=language, event=event),
        fallback=lambda: service.fallback_script(
            state, language, to_queue=False, to_number=event.to_number
        ),
        outage=lambda: outage.voicemail(state, event, language=language),
    )


@router.post("/ivr/{node}")
async def menu_input(
    node: menu.Node,
    hook: VoiceHook,
    language: LanguageQuery = None,
    retries: TryQuery = 0,
    postcode: PostcodeQuery = None,
) -> Response:
    """The caller answered (or did not answer) an IVR menu."""
    state, event = hook.state, hook.event
    return await respond(
        state,
        None,  # a unit of work (app/writer.py): nothing to roll back here
        lambda: service.handle_gather(
            state,
            node=node,
            language=language,
            retries=retries,
            event=event,
            postcode=postcode,
        ),
        fallback=lambda: service.fallback_script(
            state, language, to_queue=True, to_number=event.to_number
        ),
        outage=lambda: outage.gather(
            state,
            event,
            node=node,
            language=language,
            retries=retries,
            postcode=postcode,
        ),
    )


@router.post("/status")
async def call_status(hook: StatusHook) -> Response:
    """Status callback of calls to the hotline number."""
    state, event = hook.state, hook.event
    await write_or_journal(
        lambda: service.handle_status(state, event),
        outage=lambda: outage.status(state, event),
    )
    return run_after(empty_twiml(), state, queue_dispatcher.dispatch)
