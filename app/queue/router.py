"""Twilio webhooks of the queue: caller holding/bridging, operator offers, callbacks.

Thin: signature -> event -> service -> TwiML. Dispatch runs as a background task
after the response, so a webhook never waits on ringing an operator.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Query
from fastapi.responses import Response

from app.db import SessionDep
from app.ivr import service as ivr_service
from app.queue import callbacks, dispatcher, offers, service
from app.queue import hold_music as hold_music_module
from app.resilience import outage
from app.state import HotlineState, StateDep
from app.telephony import instructions as ins
from app.telephony.twilio_adapter import empty_twiml
from app.telephony.webhooks import StatusEventDep, VoiceEventDep, respond

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
    event: VoiceEventDep,
    state: StateDep,
    tasks: BackgroundTasks,
    language: LanguageQuery = "nl",
    mixed: Annotated[int, Query(ge=0, le=1)] = 0,
    more: MoreQuery = 0,
) -> Response:
    """The IVR hands a caller to the queue (`mixed`: no language chosen)."""
    tasks.add_task(dispatcher.dispatch, state)
    return await respond(
        state,
        None,  # units of work (app/writer.py): nothing to roll back here
        lambda: service.enter_queue(
            state, event, language, mixed=bool(mixed), more=more
        ),
        fallback=lambda: _goodbye(state, language),
        outage=lambda: outage.at_queue(state, event, language),
    )


@router.post("/queue/wait")
async def wait(
    event: VoiceEventDep,
    state: StateDep,
    tasks: BackgroundTasks,
    language: LanguageQuery = "nl",
    again: Annotated[int, Query(ge=0, le=1)] = 0,
    more: MoreQuery = 0,
) -> Response:
    """Hold loop (Enqueue waitUrl): announcements, and the queue's heartbeat."""
    tasks.add_task(dispatcher.sweep, state)
    return await respond(
        state,
        None,  # units of work (app/writer.py): nothing to roll back here
        lambda: service.hold(
            state, event, language, looked_again=bool(again), more=more
        ),
        fallback=lambda: ins.Script((ins.Pause(5),)),
    )


@router.post("/queue/hold-key")
async def hold_key(
    event: VoiceEventDep,
    state: StateDep,
    session: SessionDep,
    tasks: BackgroundTasks,
    language: LanguageQuery = "nl",
    more: MoreQuery = 0,
) -> Response:
    """A key pressed while holding (1 = call me back, 2 = message, * = repeat)."""
    tasks.add_task(dispatcher.dispatch, state)  # a callback request may be offered now
    return await respond(
        state,
        session,
        lambda: service.hold_key(session, state, event, language, more=more),
        fallback=lambda: ins.Script(),
    )


@router.post("/queue/left")
async def left(
    event: VoiceEventDep,
    state: StateDep,
    session: SessionDep,
    tasks: BackgroundTasks,
    language: LanguageQuery = "nl",
    more: MoreQuery = 0,
) -> Response:
    """The caller left the provider's queue (Enqueue action)."""
    tasks.add_task(dispatcher.dispatch, state)
    return await respond(
        state,
        session,
        lambda: service.left_queue(session, state, event, language, more=more),
        fallback=lambda: _goodbye(state, language),
        outage=lambda: outage.at_queue(state, event, language),
    )


@router.post("/queue/overflow")
async def overflow(
    event: VoiceEventDep,
    state: StateDep,
    tasks: BackgroundTasks,
    language: LanguageQuery = "nl",
    retries: TryQuery = 0,
    more: MoreQuery = 0,
) -> Response:
    """Nobody free: a callback, a voicemail or more waiting (keys or speech)."""
    tasks.add_task(dispatcher.dispatch, state)
    return await respond(
        state,
        None,  # units of work (app/writer.py): nothing to roll back here
        lambda: service.overflow_choice(state, event, language, retries, more=more),
        fallback=lambda: _goodbye(state, language),
        outage=lambda: outage.at_queue(state, event, language),
    )


@router.post("/queue/connect/{offer_id}")
async def connect(
    event: VoiceEventDep, state: StateDep, session: SessionDep, offer_id: str
) -> Response:
    """The caller is taken out of holding into the operator's room."""
    return await respond(
        state,
        session,
        lambda: service.connect_caller(session, state, event, offer_id),
        fallback=lambda: _goodbye(state, None),
        outage=lambda: outage.into_room(state, offer_id),
    )


@router.post("/queue/after-bridge")
async def after_bridge(
    event: VoiceEventDep, state: StateDep, language: LanguageQuery = "nl"
) -> Response:
    """The conversation with the volunteer ended."""
    return state.renderer.render(service.after_bridge(state, language))


@router.post("/offer/{offer_id}/answer")
async def offer_answer(
    event: VoiceEventDep, state: StateDep, session: SessionDep, offer_id: str
) -> Response:
    """An operator picked up an offer: the whisper."""
    return await respond(
        state,
        session,
        lambda: offers.offer_answered(session, state, event, offer_id),
        fallback=lambda: _goodbye(state, None),
    )


@router.post("/offer/{offer_id}/decision")
async def offer_decision(
    event: VoiceEventDep,
    state: StateDep,
    session: SessionDep,
    tasks: BackgroundTasks,
    offer_id: str,
) -> Response:
    """The operator pressed a key (1 = accept) or nothing."""
    tasks.add_task(dispatcher.dispatch, state)
    return await respond(
        state,
        session,
        lambda: offers.offer_decision(session, state, event, offer_id),
        fallback=lambda: _goodbye(state, None),
    )


@router.post("/offer/{offer_id}/status")
async def offer_status(
    event: StatusEventDep,
    state: StateDep,
    session: SessionDep,
    tasks: BackgroundTasks,
    offer_id: str,
) -> Response:
    """Status callback of an operator's leg."""
    await offers.offer_status(session, state, event, offer_id)
    tasks.add_task(dispatcher.dispatch, state)
    return empty_twiml()


@router.post("/callback/{offer_id}/answer")
async def callback_answer(
    event: VoiceEventDep, state: StateDep, session: SessionDep, offer_id: str
) -> Response:
    """The caller we called back picked up."""
    return await respond(
        state,
        session,
        lambda: callbacks.callback_answered(session, state, event, offer_id),
        fallback=lambda: _goodbye(state, None),
        outage=lambda: outage.into_room(state, offer_id),
    )


@router.post("/callback/{offer_id}/status")
async def callback_status(
    event: StatusEventDep, state: StateDep, session: SessionDep, offer_id: str
) -> Response:
    """Status callback of a callback leg."""
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
