"""Shared plumbing for every Twilio webhook route: signature, parsing, safe rendering.

A webhook always answers TwiML: a failure on our side becomes a spoken fallback
(logged with the CallSid), never a 5xx that leaves a caller in silence; the database
being unreachable gets an answer that needs no database, and the writes are
journaled for later (app/resilience/outage.py). The only non-TwiML answers are 403
(bad signature: nothing written) and 400 (parameters no Twilio request would have).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Request
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.background import BackgroundTask

from app.errors import BadRequest
from app.logging import call_sid_var
from app.resilience.faults import is_database_unavailable
from app.state import HotlineState
from app.telephony import instructions as ins
from app.telephony.events import CallStatusChanged, SmsReceived, VoiceEvent
from app.telephony.twilio_adapter import (
    parse_sms,
    parse_status_event,
    parse_voice_event,
    verify_twilio_signature,
)

logger = logging.getLogger(__name__)

EventT = TypeVar("EventT", VoiceEvent, CallStatusChanged, SmsReceived)


@dataclass(frozen=True, slots=True)
class Webhook(Generic[EventT]):
    """A signed Twilio request: the app's state and the parsed event.

    One dependency per webhook, taking the request itself: the Twilio lane
    (app/telephony/lane.py) calls it directly, and a route declaring anything more
    than this, its parameters and a session is left to FastAPI's slower path."""

    state: HotlineState
    event: EventT


async def voice_webhook(request: Request) -> Webhook[VoiceEvent]:
    event = parse_voice_event(await verify_twilio_signature(request))
    call_sid_var.set(event.call_sid)
    return Webhook(request.app.state.hotline, event)


async def status_webhook(request: Request) -> Webhook[CallStatusChanged]:
    event = parse_status_event(await verify_twilio_signature(request))
    call_sid_var.set(event.call_sid)
    return Webhook(request.app.state.hotline, event)


async def sms_webhook(request: Request) -> Webhook[SmsReceived]:
    event = parse_sms(await verify_twilio_signature(request))
    return Webhook(request.app.state.hotline, event)


VoiceHook = Annotated[Webhook[VoiceEvent], Depends(voice_webhook)]
StatusHook = Annotated[Webhook[CallStatusChanged], Depends(status_webhook)]
SmsHook = Annotated[Webhook[SmsReceived], Depends(sms_webhook)]
# Work for after the answer (a dispatch): the caller never waits on it.
AfterTask = Callable[[HotlineState], Awaitable[object]]


def run_after(
    response: Response, state: HotlineState, task: AfterTask | None
) -> Response:
    """`response`, running `task(state)` once it is sent."""
    if task is not None:
        response.background = BackgroundTask(task, state)
    return response


async def respond(
    state: HotlineState,
    session: AsyncSession | None,
    handler: Callable[[], Awaitable[ins.Script]],
    *,
    fallback: Callable[[], ins.Script],
    outage: Callable[[], Awaitable[ins.Script]] | None = None,
    after: AfterTask | None = None,
) -> Response:
    """Run a use case and render its script; on failure roll back, render `fallback`.

    `outage`: what to answer, without the database, when the failure is the
    database being unreachable (app/resilience/outage.py journals the writes).
    `after(state)` runs once the answer is sent (not after a 400)."""
    try:
        script = await handler()
    except BadRequest:
        raise
    except Exception as error:
        if session is not None:
            await _roll_back(session)
        script = await _answer_failure(error, fallback, outage)
    return run_after(state.renderer.render(script), state, after)


async def _roll_back(session: AsyncSession) -> None:
    try:
        await session.rollback()
    except Exception:
        # The connection is gone with the database: nothing left to roll back.
        logger.warning("rollback after a failed webhook failed", exc_info=True)


async def _answer_failure(
    error: Exception,
    fallback: Callable[[], ins.Script],
    outage: Callable[[], Awaitable[ins.Script]] | None,
) -> ins.Script:
    if outage is not None and is_database_unavailable(error):
        logger.warning("database unreachable; answering without it: %s", _brief(error))
        try:
            return await outage()
        except Exception:
            logger.exception("outage answer failed; answering with fallback TwiML")
            return fallback()
    logger.exception("webhook failed; answering with fallback TwiML", exc_info=error)
    return fallback()


async def write_or_journal(
    handler: Callable[[], Awaitable[None]],
    *,
    outage: Callable[[], Awaitable[None]],
) -> None:
    """For a webhook answered with no TwiML (a status callback): run `handler`; if
    the database is unreachable, `outage` journals the writes instead."""
    try:
        await handler()
    except Exception as error:
        if not is_database_unavailable(error):
            raise
        logger.warning("database unreachable; status journaled: %s", _brief(error))
        await outage()


def _brief(error: Exception) -> str:
    """One line for an expected failure (an outage logs once per webhook)."""
    return f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
