"""Pieces shared by the queue's call legs: times, languages, rooms, hanging up."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from app.calls import service as call_service
from app.calls.models import Call
from app.ivr.prompts import LanguagePack
from app.queue import urls
from app.state import HotlineState
from app.telephony import instructions as ins

# Final statuses of an outbound leg that mean nobody took the call.
MISSED_STATUSES = frozenset({"no-answer", "busy", "failed", "canceled"})


def epoch(value: datetime) -> float:
    return value.timestamp()


def at(epoch_s: float) -> datetime:
    return datetime.fromtimestamp(epoch_s, UTC)


def pack_for(state: HotlineState, language: str | None) -> LanguagePack:
    if language not in state.catalogue.languages:
        language = state.settings.ivr.default_language
    return state.catalogue[language or state.settings.ivr.default_language]


def room_name(offer_id: str) -> str:
    return f"hotline-{offer_id}"


async def hang_up_leg(state: HotlineState, call_sid: str | None) -> None:
    """Stop an operator's phone: cancel if still ringing, else hang up."""
    if not call_sid:
        return
    await state.telephony.end_call(call_sid, status="canceled")
    await state.telephony.end_call(call_sid, status="completed")


async def bridge_into_room(
    session: AsyncSession,
    state: HotlineState,
    call: Call,
    *,
    offer_id: str,
    call_sid: str,
) -> ins.Script:
    """A caller's leg (live or called back) joins the room of the accepted offer."""
    now = state.clock.now()
    pack = pack_for(state, call.language)
    await call_service.add_event(
        session,
        call,
        "bridged",
        now=now,
        detail={"offer_id": offer_id},
        dedupe_key=f"bridged:{call_sid}:{offer_id}",
    )
    await session.commit()
    return ins.Script(
        (
            pack.say("connecting"),
            ins.JoinConference(
                room=room_name(offer_id), action=urls.after_bridge(pack.language)
            ),
        )
    )
