"""The dispatcher: offer waiting callers to free operators (policy in policy.py),
plus the heartbeat that retries expired offers."""

from __future__ import annotations

import logging
import secrets
import time
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from app.calls import service as call_service
from app.calls.models import Call
from app.ops import metrics as ops_metrics
from app.queue import offers, recovery, urls
from app.queue.backend import Offer, OperatorPresence
from app.queue.legs import (
    epoch,
    hang_up_leg,
)
from app.queue.policy import choose_next
from app.resilience.faults import is_database_unavailable
from app.state import HotlineState
from app.volunteers import repository as volunteer_repository
from app.volunteers.models import Volunteer

logger = logging.getLogger(__name__)

DISPATCH_VIEW_LIMIT = 50


async def dispatch(state: HotlineState) -> int:
    """Offer waiting callers to free operators; returns how many operators were rung."""
    started = time.perf_counter()
    try:
        is_built = await recovery.ensure_built(state)
    except Exception as error:
        if not is_database_unavailable(error):
            raise
        logger.warning("database unreachable: the queue is rebuilt later")
        return 0
    if not is_built:
        return 0  # another instance is rebuilding the queue: FIFO needs all of it
    now = state.clock.now()
    view = await state.queue.dispatch_view(epoch(now), DISPATCH_VIEW_LIMIT)
    matches = choose_next(
        view, now=epoch(now), fallback_after_s=state.settings.queue.fallback_after_s
    )
    rung = 0
    for match in matches:
        offer_id = secrets.token_hex(8)
        settings = state.settings.queue
        offer = await state.queue.reserve(
            entry_id=match.entry.entry_id,
            operator_id=match.operator.operator_id,
            offer_id=offer_id,
            now=epoch(now),
            expires_at=epoch(now)
            + settings.offer_timeout_s
            + settings.accept_timeout_s
            + 15,
        )
        if offer is None:
            continue  # another dispatcher won this caller or operator
        try:
            is_rung = await _ring_operator(
                state, offer, reason=match.reason, started=started
            )
        except Exception as error:
            if not is_database_unavailable(error):
                raise
            # Nobody is rung while the database is down: the offer is withdrawn
            # (not counted as missed), the caller keeps their place for later.
            logger.warning("database unreachable: dispatch put off")
            await state.queue.withdraw(
                offer.offer_id, operator_idle_since=offer.operator_idle_since
            )
            return rung
        rung += is_rung
    return rung


async def _ring_operator(
    state: HotlineState, offer: Offer, *, reason: str, started: float
) -> bool:
    now = state.clock.now()
    async with state.sessionmaker() as session:
        volunteer = await volunteer_repository.get(session, int(offer.operator_id))
        if volunteer is None or volunteer.duty_state != "available":
            await state.queue.withdraw(offer.offer_id, operator_idle_since=None)
            return False
        # Observability: how long this dispatch took until the call is requested, and
        # how long caller and operator had both been free (waiting for a trigger).
        dispatch_ms = round((time.perf_counter() - started) * 1000, 3)
        free_since = max(offer.entry.enqueued_at, offer.operator_idle_since)
        dispatch_delay_s = round(max(0.0, offer.created_at - free_since), 3)
        try:
            sid = await state.telephony.place_call(
                to=volunteer.phone_number,
                url=urls.offer_answer(offer.offer_id),
                status_callback=urls.offer_status(offer.offer_id),
                timeout_s=state.settings.queue.offer_timeout_s,
                detect_machine=True,
            )
        except Exception:
            logger.exception("could not ring operator %s", volunteer.id)
            # The provider may have placed the call all the same (the answer was
            # lost): not again before that phone has stopped ringing.
            await state.queue.withdraw(
                offer.offer_id,
                operator_idle_since=max(
                    offer.operator_idle_since,
                    epoch(now) + state.settings.queue.retry_pause_s,
                ),
            )
            return False
        leg, _ = await call_service.get_or_create_call(
            session,
            twilio_call_sid=sid,
            purpose="operator_offer",
            direction="outbound-api",
            from_number=state.settings.twilio.hotline_number,
            to_number=volunteer.phone_number,
            status="queued",
            now=now,
        )
        leg.volunteer_id = volunteer.id
        leg.language = offer.entry.language
        await call_service.add_event(
            session, leg, "offer", now=now, detail={"offer_id": offer.offer_id}
        )
        if offer.entry.call_log_id is not None:
            caller_call = await session.get(Call, offer.entry.call_log_id)
            if caller_call is not None:
                await call_service.add_event(
                    session,
                    caller_call,
                    "offered",
                    now=now,
                    detail={
                        "offer_id": offer.offer_id,
                        "volunteer_id": volunteer.id,
                        "reason": reason,
                        "kind": offer.entry.kind,
                        "dispatch_ms": dispatch_ms,
                        "dispatch_delay_s": dispatch_delay_s,
                    },
                )
        await session.commit()
    ops_metrics.offer("made")
    if await state.queue.attach_operator_call(offer.offer_id, sid) is None:
        await hang_up_leg(state, sid)  # withdrawn (caller hung up) while we dialled
    return True


async def sweep(state: HotlineState) -> None:
    """Heartbeat: withdraw expired offers, then dispatch.

    An expired offer without an operator leg was reserved by an instance that died
    (or lost the provider) before ringing anyone: withdrawn without counting it as
    the operator's miss, they were never rung."""
    now = state.clock.now()
    expired = await state.queue.expired_offers(epoch(now))
    if expired:
        async with state.sessionmaker() as session:
            for offer in expired:
                if offer.operator_call_sid is None:
                    await _withdraw_unrung(session, state, offer)
                else:
                    await offers.offer_missed(session, state, offer, reason="expired")
    await dispatch(state)


async def _withdraw_unrung(
    session: AsyncSession, state: HotlineState, offer: Offer
) -> None:
    withdrawn = await state.queue.withdraw(
        offer.offer_id, operator_idle_since=offer.operator_idle_since
    )
    if withdrawn is None:
        await session.commit()
        return
    await offers.log_offer_end(
        session, offer, reason="never_rung", now=state.clock.now()
    )
    await session.commit()


def presence_for(volunteer: Volunteer, now: datetime) -> OperatorPresence:
    return OperatorPresence(
        operator_id=str(volunteer.id),
        languages=tuple(volunteer.languages),
        idle_since=epoch(now),
    )


async def release_withdrawn_offer(
    state: HotlineState, offer: Offer, *, reason: str
) -> None:
    """An offer was withdrawn outside a webhook (operator went off duty): log it, stop
    the ringing phone, and give the caller to someone else."""
    async with state.sessionmaker() as session:
        await offers.log_offer_end(session, offer, reason=reason, now=state.clock.now())
        await session.commit()
    await hang_up_leg(state, offer.operator_call_sid)
    await dispatch(state)
