"""Call lifecycle: a pure status transition table plus persistence of the timeline.

Twilio retries webhooks and delivers status callbacks out of order, so every write
here is idempotent: one row per CallSid, status only moves forward, and events that a
retry could repeat carry a dedupe key.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.calls import repository
from app.calls.models import Call, CallEvent
from app.phone_numbers import to_e164
from app.telephony.events import FINAL_STATUSES, CallStatusChanged, VoiceEvent

# Status order; any final status outranks every live one and is itself terminal.
_STATUS_RANK: dict[str, int] = {
    "queued": 0,
    "initiated": 1,
    "ringing": 2,
    "in-progress": 3,
    **dict.fromkeys(FINAL_STATUSES, 4),
}


def next_status(current: str, incoming: str) -> str:
    """The status after `incoming` is reported for a call that is `current`.

    Pure. Unknown statuses are ignored; a final status never changes again.
    """
    if incoming not in _STATUS_RANK:
        return current
    if current in FINAL_STATUSES:
        return current
    if _STATUS_RANK[incoming] >= _STATUS_RANK.get(current, -1):
        return incoming
    return current


def new_call(
    *,
    twilio_call_sid: str,
    purpose: str,
    direction: str,
    from_number: str,
    to_number: str,
    status: str,
    now: datetime,
) -> Call:
    """A call row not yet in the session (the caller checked it does not exist)."""
    caller = from_number if direction == "inbound" else to_number
    return Call(
        twilio_call_sid=twilio_call_sid,
        purpose=purpose,
        direction=direction,
        from_number=from_number,
        to_number=to_number,
        caller_e164=to_e164(caller),
        status=status if status in _STATUS_RANK else "in-progress",
        started_at=now,
    )


async def get_or_create_call(
    session: AsyncSession,
    *,
    twilio_call_sid: str,
    purpose: str,
    direction: str,
    from_number: str,
    to_number: str,
    status: str,
    now: datetime,
) -> tuple[Call, bool]:
    """The call row for this CallSid, created on first sight (race-safe).

    An outbound leg's own webhooks can arrive before the code that placed the call
    records it, so the insert runs in a savepoint: losing that race keeps the rest
    of the transaction and returns the row the other request wrote.
    """
    call = await repository.get_by_sid(session, twilio_call_sid)
    if call is not None:
        return call, False
    call = new_call(
        twilio_call_sid=twilio_call_sid,
        purpose=purpose,
        direction=direction,
        from_number=from_number,
        to_number=to_number,
        status=status,
        now=now,
    )
    try:
        async with session.begin_nested():
            session.add(call)
    except IntegrityError:
        existing = await repository.get_by_sid(session, twilio_call_sid)
        assert existing is not None
        return existing, False
    return call, True


async def call_for_event(
    session: AsyncSession,
    event: VoiceEvent | CallStatusChanged,
    *,
    purpose: str,
    now: datetime,
) -> Call:
    """The call row a webhook is about, created on first sight."""
    call, _ = await get_or_create_call(
        session,
        twilio_call_sid=event.call_sid,
        purpose=purpose,
        direction=event.direction,
        from_number=event.from_number,
        to_number=event.to_number,
        status=event.call_status,
        now=now,
    )
    return call


async def add_event(
    session: AsyncSession,
    call: Call,
    kind: str,
    *,
    now: datetime,
    detail: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
) -> bool:
    """Append to the call's timeline; False if `dedupe_key` was already recorded."""
    if dedupe_key is not None and await repository.event_exists(session, dedupe_key):
        return False
    event = CallEvent(
        occurred_at=now, kind=kind, detail=detail or {}, dedupe_key=dedupe_key
    )
    if call.id is None:
        event.call = call  # not inserted yet: one flush writes both
    else:
        event.call_id = call.id
    if dedupe_key is None:
        session.add(event)
        return True
    try:
        async with session.begin_nested():
            session.add(event)
    except IntegrityError:
        return False
    return True


async def apply_status(
    session: AsyncSession, call: Call, event: CallStatusChanged, *, now: datetime
) -> bool:
    """Record a status callback; False when it is a duplicate. Never commits."""
    seq = event.sequence_number if event.sequence_number is not None else -1
    key = f"status:{call.twilio_call_sid}:{event.call_status}:{seq}"
    detail: dict[str, Any] = {
        "status": event.call_status,
        "sequence": event.sequence_number,
    }
    if event.duration_s is not None:
        detail["duration_s"] = event.duration_s
    if event.answered_by:
        detail["answered_by"] = event.answered_by
    occurred = event.occurred_at or now
    if not await add_event(
        session, call, "status", now=occurred, detail=detail, dedupe_key=key
    ):
        return False
    new_status = next_status(call.status, event.call_status)
    if new_status == "in-progress" and call.answered_at is None:
        call.answered_at = occurred
    if new_status in FINAL_STATUSES and call.ended_at is None:
        call.ended_at = occurred
        call.duration_s = event.duration_s
    call.status = new_status
    call.status_sequence = max(call.status_sequence, seq)
    return True


def mark_ended(call: Call, *, now: datetime, outcome: str | None = None) -> None:
    if call.ended_at is None:
        call.ended_at = now
    if outcome and call.outcome is None:
        call.outcome = outcome
