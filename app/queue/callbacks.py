"""Callbacks: once an operator accepted a callback request, ring the caller back."""

from __future__ import annotations

import logging
from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession

from app.calls import service as call_service
from app.errors import Conflict, NotFound
from app.help_requests import repository as request_repository
from app.help_requests import service as request_service
from app.help_requests.models import HelpRequest
from app.ops import metrics as ops_metrics
from app.queue import dispatcher as queue_dispatcher
from app.queue import repository as queue_repository
from app.queue import urls
from app.queue.backend import Offer, QueuedCall
from app.queue.legs import (
    MISSED_STATUSES,
    at,
    bridge_into_room,
    epoch,
    hang_up_leg,
)
from app.resilience import redial, retry
from app.state import HotlineState
from app.telephony import instructions as ins
from app.telephony.events import CallStatusChanged, VoiceEvent

logger = logging.getLogger(__name__)


async def ring_callback(state: HotlineState, offer: Offer) -> None:
    try:
        sid = await retry.retrying(
            state.settings.resilience,
            "callback_call",
            lambda: state.telephony.place_call(
                to=offer.entry.caller_number,
                url=urls.callback_answer(offer.offer_id),
                status_callback=urls.callback_status(offer.offer_id),
                timeout_s=state.settings.queue.callback_ring_s,
            ),
        )
    except Exception:
        await redial.callback_not_placed(state, offer)  # rung again later
        raise
    now = state.clock.now()
    async with state.sessionmaker() as session:
        call, _ = await call_service.get_or_create_call(
            session,
            twilio_call_sid=sid,
            purpose="callback",
            direction="outbound-api",
            from_number=state.settings.twilio.hotline_number,
            to_number=offer.entry.caller_number,
            status="queued",
            now=now,
        )
        call.language = offer.entry.language
        call.volunteer_id = int(offer.operator_id)
        await call_service.add_event(
            session,
            call,
            "callback_dialled",
            now=now,
            detail={"offer_id": offer.offer_id},
        )
        await session.commit()
    ops_metrics.callback("dialled")


async def callback_answered(
    session: AsyncSession, state: HotlineState, event: VoiceEvent, offer_id: str
) -> ins.Script:
    """The caller we rang back picked up: into the operator's conference room."""
    now = state.clock.now()
    call = await call_service.call_for_event(
        session, event, purpose="callback", now=now
    )
    call.outcome = "bridged"
    ops_metrics.callback("answered")
    return await bridge_into_room(
        session, state, call, offer_id=offer_id, call_sid=event.call_sid
    )


async def callback_status(
    session: AsyncSession, state: HotlineState, event: CallStatusChanged, offer_id: str
) -> None:
    now = state.clock.now()
    call = await call_service.call_for_event(
        session, event, purpose="callback", now=now
    )
    if not await call_service.apply_status(session, call, event, now=now):
        await session.commit()
        return
    unreachable = event.call_status in MISSED_STATUSES or (
        event.call_status == "completed" and call.answered_at is None
    )
    operator_leg_sid: str | None = None
    if unreachable:
        call_service.mark_ended(call, now=now, outcome="callback_unanswered")
        ops_metrics.callback("unanswered")
        offer = await state.queue.get_offer(offer_id)
        operator_leg_sid = offer.operator_call_sid if offer else None
        request = await _request_for_callback(session, offer)
        if request is not None:
            request_service.record(
                session,
                request,
                "callback_unanswered",
                now=now,
                detail={"status": event.call_status},
            )
        await redial.callback_unanswered(
            session, state, offer=offer, request=request, now=now
        )
    await session.commit()
    if operator_leg_sid:
        await hang_up_leg(state, operator_leg_sid)


async def _request_for_callback(
    session: AsyncSession, offer: Offer | None
) -> HelpRequest | None:
    if offer is None or offer.entry.call_log_id is None:
        return None
    return await request_repository.get_for_call(session, offer.entry.call_log_id)


async def ring_now(state: HotlineState, entry_id: str) -> QueuedCall:
    """A coordinator's "ring now": the pending callback goes to the front of its
    language's line, and the next free operator is offered it at once."""
    entry = await state.queue.get_entry(entry_id)
    if entry is None or entry.kind != "callback":
        raise NotFound("this callback is no longer waiting")
    if await state.queue.offer_for_entry(entry_id) is not None:
        raise Conflict("an operator is already being rung for this callback")
    snapshot = await state.queue.snapshot(epoch(state.clock.now()))
    front = min(
        (item.entry.enqueued_at for item in snapshot.waiting.get(entry.language, ())),
        default=entry.enqueued_at,
    )
    removed = await state.queue.remove(entry_id)
    if removed is None:
        raise NotFound("this callback is no longer waiting")
    if removed.withdrawn_offer is not None:
        # Offered in the instant between the check and the removal.
        await hang_up_leg(state, removed.withdrawn_offer.operator_call_sid)
    moved = replace(entry, enqueued_at=min(front, entry.enqueued_at) - 1)
    await state.queue.enqueue(moved)
    async with state.sessionmaker() as session:
        await queue_repository.move_entry(
            session, entry_id, enqueued_at=at(moved.enqueued_at)
        )
        await session.commit()
    await queue_dispatcher.dispatch(state)
    return moved
