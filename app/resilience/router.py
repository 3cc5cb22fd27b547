"""The caller's choice while the database is unreachable: thin, no database."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from app.resilience import outage
from app.telephony.webhooks import VoiceHook, respond

router = APIRouter(prefix="/twilio", tags=["twilio"])


@router.post("/outage/choice")
async def outage_choice(
    hook: VoiceHook,
    language: Annotated[str | None, Query(alias="lang", max_length=5)] = None,
    retries: Annotated[int, Query(alias="try", ge=0, le=20)] = 0,
) -> Response:
    """A callback or a message, chosen while the hotline could not queue the call."""
    state, event = hook.state, hook.event
    return await respond(
        state,
        None,
        lambda: outage.choose(state, event, language, retries),
        fallback=lambda: outage.message_script(state, event, language),
    )
