"""Shared plumbing for every Twilio webhook route: signature, parsing, safe rendering.

A webhook always answers TwiML: a failure on our side becomes a spoken fallback
(logged with the CallSid), never a 5xx that leaves a caller in silence. The only
non-TwiML answers are 403 (bad signature: nothing written) and 400 (parameters no
Twilio request would have).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import BadRequest
from app.logging import call_sid_var
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

# Each dependency takes the request itself (not a chain of sub-dependencies): these
# run on every webhook, and each level of FastAPI's dependency solving costs time.


async def voice_event(request: Request) -> VoiceEvent:
    event = parse_voice_event(await verify_twilio_signature(request))
    call_sid_var.set(event.call_sid)
    return event


async def status_event(request: Request) -> CallStatusChanged:
    event = parse_status_event(await verify_twilio_signature(request))
    call_sid_var.set(event.call_sid)
    return event


async def sms_event(request: Request) -> SmsReceived:
    return parse_sms(await verify_twilio_signature(request))


VoiceEventDep = Annotated[VoiceEvent, Depends(voice_event)]
StatusEventDep = Annotated[CallStatusChanged, Depends(status_event)]
SmsEventDep = Annotated[SmsReceived, Depends(sms_event)]


async def respond(
    state: HotlineState,
    session: AsyncSession | None,
    handler: Callable[[], Awaitable[ins.Script]],
    *,
    fallback: Callable[[], ins.Script],
) -> Response:
    """Run a use case and render its script; on failure roll back, render `fallback`."""
    try:
        script = await handler()
    except BadRequest:
        raise
    except Exception:
        logger.exception("webhook failed; answering with fallback TwiML")
        if session is not None:
            await session.rollback()
        script = fallback()
    return state.renderer.render(script)
