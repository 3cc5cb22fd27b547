"""Twilio webhooks of the queue: caller holding/bridging, operator offers, callbacks.

Thin: signature -> event -> service -> TwiML. Dispatch runs as a background task
after the response, so a webhook never waits on ringing an operator.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from app.db import SessionDep
from app.ivr import service as ivr_service
from app.queue import callbacks, dispatcher, offers, service
from app.queue import hold_music as hold_music_module
from app.resilience import outage
from app.state import HotlineState
from app.telephony import instructions as ins
from app.telephony.twilio_adapter import empty_twiml
from app.telephony.webhooks import StatusHook, VoiceHook, respond, run_after

router = APIRouter(prefix="/twilio", tags=["twilio"])

LanguageQuery = Annotated[str, Query(alias="lang", max_length=5)]
TryQuery = Annotated[int, Query(alias="try", ge=0, le=20)]
# How many times the caller chose to keep waiting after the maximum wait.
MoreQuery = Annotated[int, Query(ge=0, le=service.MAX_EXTRA_WAITS)]


def _to_queue(state: HotlineState, language: str | None) -> ins.Script:
    return ivr_service.fallback_script(state, language, to_queue=True)


def _goodbye(state: HotlineState, language: str | None) -> ins.Script:
    return ivr_service.fallback_script(state, language, to_queue=False)


@router.post("/queue/enter")
async def enter(
    hook: VoiceHook,
    language: LanguageQuery = "nl",
    mixed: Annotated[int, Query(ge=0, le=1)] = 0,
    more: MoreQuery = 0,
) -> Response:
    """The IVR hands a caller to the queue (`mixed`: no language chosen)."""
    state, event = hook.state, hook.event
    return await respond(
        state,
        None,  # units of work (app/writer.py): nothing to roll back here
        lambda: service.enter_queue(
            state, event, language, mixed=bool(mixed), more=more
        ),
        fallback=lambda: _goodbye(state, language),
        outage=lambda: outage.at_queue(state, event, language),
        after=dispatcher.dispatch,
    )


@router.post("/queue/wait")
async def wait(
    hook: VoiceHook,
    language: LanguageQuery = "nl",
    again: Annotated[int, Query(ge=0, le=1)] = 0,
    more: MoreQuery = 0,
) -> Response:
    """Hold loop (Enqueue waitUrl): announcements, and the queue's heartbeat."""
    state, event = hook.state, hook.event
    return await respond(
        state,
        None,  # units of work (app/writer.py): nothing to roll back here
        lambda: service.hold(
            state, event, language, looked_again=bool(again), more=more
        ),
        fallback=lambda: ins.Script((ins.Pause(5),)),
        after=dispatcher.sweep,
    )


@router.post("/queue/hold-key")
async def hold_key(
    hook: VoiceHook,
    session: SessionDep,
    language: LanguageQuery = "nl",
    more: MoreQuery = 0,
) -> Response:
    """A key pressed while holding (1 = call me back, 2 = message, * = repeat)."""
    state, event = hook.state, hook.event
    return await respond(
        state,
        session,
        lambda: service.hold_key(session, state, event, language, more=more),
        fallback=lambda: ins.Script(),
        after=dispatcher.dispatch,  # a callback request may be offered now
    )


@router.post("/queue/left")
async def left(
    hook: VoiceHook,
    session: SessionDep,
    language: LanguageQuery = "nl",
    more: MoreQuery = 0,
) -> Response:
    """The caller left the provider's queue (Enqueue action)."""
    state, event = hook.state, hook.event
    return await respond(
        state,
        session,
        lambda: service.left_queue(session, state, event, language, more=more),
        fallback=lambda: _goodbye(state, language),
        outage=lambda: outage.at_queue(state, event, language),
        after=dispatcher.dispatch,
    )


@router.post("/queue/overflow")
async def overflow(
    hook: VoiceHook,
    language: LanguageQuery = "nl",
    retries: TryQuery = 0,
    more: MoreQuery = 0,
) -> Response:
    """Nobody free: a callback, a voicemail or more waiting (keys or speech)."""
    state, event = hook.state, hook.event
    return await respond(
        state,
        None,  # units of work (app/writer.py): nothing to roll back here
        lambda: service.overflow_choice(state, event, language, retries, more=more),
        fallback=lambda: _goodbye(state, language),
        outage=lambda: outage.at_queue(state, event, language),
        after=dispatcher.dispatch,
    )


@router.post("/queue/connect/{offer_id}")
async def connect(hook: VoiceHook, session: SessionDep, offer_id: str) -> Response:
    """The caller is taken out of holding into the operator's room."""
    state, event = hook.state, hook.event
    return await respond(
        state,
        session,
        lambda: service.connect_caller(session, state, event, offer_id),
        fallback=lambda: _goodbye(state, None),
        outage=lambda: outage.into_room(state, offer_id),
    )


@router.post("/queue/after-bridge")
async def after_bridge(hook: VoiceHook, language: LanguageQuery = "nl") -> Response:
    """The conversation with the volunteer ended."""
    return hook.state.renderer.render(service.after_bridge(hook.state, language))


@router.post("/offer/{offer_id}/answer")
async def offer_answer(hook: VoiceHook, session: SessionDep, offer_id: str) -> Response:
    """An operator picked up an offer: the whisper."""
    state, event = hook.state, hook.event
    return await respond(
        state,
        session,
        lambda: offers.offer_answered(session, state, event, offer_id),
        fallback=lambda: _goodbye(state, None),
    )


@router.post("/offer/{offer_id}/decision")
async def offer_decision(
    hook: VoiceHook,
    session: SessionDep,
    offer_id: str,
) -> Response:
    """The operator pressed a key (1 = accept) or nothing."""
    state, event = hook.state, hook.event
    return await respond(
        state,
        session,
        lambda: offers.offer_decision(session, state, event, offer_id),
        fallback=lambda: _goodbye(state, None),
        after=dispatcher.dispatch,
    )


@router.post("/offer/{offer_id}/status")
async def offer_status(
    hook: StatusHook,
    session: SessionDep,
    offer_id: str,
) -> Response:
    """Status callback of an operator's leg."""
    state, event = hook.state, hook.event
    await offers.offer_status(session, state, event, offer_id)
    return run_after(empty_twiml(), state, dispatcher.dispatch)


@router.post("/callback/{offer_id}/answer")
async def callback_answer(
    hook: VoiceHook, session: SessionDep, offer_id: str
) -> Response:
    """The caller we called back picked up."""
    state, event = hook.state, hook.event
    return await respond(
        state,
        session,
        lambda: callbacks.callback_answered(session, state, event, offer_id),
        fallback=lambda: _goodbye(state, None),
        outage=lambda: outage.into_room(state, offer_id),
    )


@router.post("/callback/{offer_id}/status")
async def callback_status(
    hook: StatusHook, session: SessionDep, offer_id: str
) -> Response:
    """Status callback of a callback leg."""
    state, event = hook.state, hook.event
    await callbacks.callback_status(session, state, event, offer_id)
    return empty_twiml()


@router.get("/queue/hold-music.wav")
async def hold_music() -> Response:
    """The comfort sound of the hold loop (generated, app/queue/hold_music.py).

    Public and unsigned: the provider fetches media with a plain GET and caches it.
    """
    return Response(
        hold_music_module.wav_bytes(),
        media_type="audio/wav",
        headers={"Cache-Control": "public, max-age=86400"},
    )
