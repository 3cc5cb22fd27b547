"""Ring again: a callback or a confirmation call nobody answered, and work that
still fails after its last attempt, handed to the coordinators' work list.

A callback nobody answered is rung again after `redial_delay_s`, then after twice
that, and so on, `redial_attempts` rings in all: the caller's callback request goes
back into the queue, at the front of its language (its original place), and the
next free operator is offered it again. A confirmation call is placed again the same
way. After the last attempt the callback stays in the work list's "callbacks not
reached"; a confirmation call, or an SMS that could not be sent, escalates the
request (work list "requests for a coordinator", with the reason).
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import datetime
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from app.help_requests import repository as request_repository
from app.help_requests import service as request_service
from app.help_requests.models import HelpRequest
from app.matching import confirmation
from app.ops import metrics as ops_metrics
from app.queue import dispatcher as queue_dispatcher
from app.queue import repository as queue_repository
from app.queue.backend import Offer, QueuedCall
from app.queue.legs import at, epoch
from app.resilience import repository
from app.resilience.faults import is_database_unavailable
from app.resilience.store import Redial
from app.state import HotlineState

logger = logging.getLogger(__name__)

CALLBACK_RETRY_EVENT = "callback_retry_scheduled"
CONFIRMATION_RETRY_EVENT = "confirmation_retry_scheduled"
CONFIRMATION_MISSES = ("confirmation_unanswered", "confirmation_failed")
# A redial whose database work failed (an outage) is tried again this much later.
REDIAL_AGAIN_S = 60.0
BATCH = 100

DeliveryFailure = Literal["sms_failed", "confirmation_failed"]


def _delay_s(state: HotlineState, attempts_made: int) -> float:
    base = state.settings.resilience.redial_delay_s
    return float(base * 2.0 ** (attempts_made - 1))


def escalate(
    session: AsyncSession,
    request: HelpRequest,
    reason: DeliveryFailure,
    *,
    now: datetime,
) -> None:
    """Into the coordinators' work list, with the reason. Matching waves go on: a
    coordinator may still find someone sooner by phone."""
    request.escalated_at = now
    request_service.record(
        session, request, "escalated", now=now, detail={"reason": reason}
    )


async def callback_unanswered(
    session: AsyncSession,
    state: HotlineState,
    *,
    offer: Offer | None,
    request: HelpRequest | None,
    now: datetime,
) -> None:
    """A callback nobody answered (its "callback_unanswered" already recorded in
    `session`): ring again later, or leave it to the work list after the last."""
    if offer is None or request is None:
        return  # nothing to ring again with: the work list shows it
    made = await repository.count_request_events(
        session, request.id, ("callback_unanswered",)
    )
    if made >= state.settings.resilience.redial_attempts:
        ops_metrics.retries_exhausted("callback")
        return
    due_at = epoch(now) + _delay_s(state, made)
    entry = dataclasses.asdict(offer.entry)
    redial = Redial(
        key=f"callback:{offer.entry.entry_id}:{made + 1}",
        kind="callback",
        due_at=due_at,
        attempt=made + 1,
        payload={"entry": entry},
    )
    if await state.resilience.schedule(redial):
        request_service.record(
            session,
            request,
            CALLBACK_RETRY_EVENT,
            now=now,
            detail={"attempt": made + 1, "at": at(due_at).isoformat()},
        )
        ops_metrics.retry("callback")


async def callback_not_placed(state: HotlineState, offer: Offer) -> None:
    """The provider refused to place a callback through every retry: counted as an
    attempt nobody answered (rung again later, or left to the work list)."""
    if offer.entry.call_log_id is None:
        return
    now = state.clock.now()
    async with state.sessionmaker() as session:
        request = await request_repository.get_for_call(
            session, offer.entry.call_log_id
        )
        if request is None:
            return
        request_service.record(
            session,
            request,
            "callback_unanswered",
            now=now,
            detail={"status": "failed"},
        )
        await callback_unanswered(session, state, offer=offer, request=request, now=now)
        await session.commit()


async def confirmation_missed(
    session: AsyncSession, state: HotlineState, request: HelpRequest, *, now: datetime
) -> None:
    """A confirmation call that failed or went unanswered (recorded in `session`):
    place it again later, or escalate the request after the last attempt."""
    made = await repository.count_request_events(
        session, request.id, CONFIRMATION_MISSES
    )
    if made >= state.settings.resilience.redial_attempts:
        ops_metrics.retries_exhausted("confirmation")
        escalate(session, request, "confirmation_failed", now=now)
        return
    due_at = epoch(now) + _delay_s(state, made)
    redial = Redial(
        key=f"confirmation:{request.id}:{made + 1}",
        kind="confirmation",
        due_at=due_at,
        attempt=made + 1,
        payload={"request_id": request.id},
    )
    if await state.resilience.schedule(redial):
        request_service.record(
            session,
            request,
            CONFIRMATION_RETRY_EVENT,
            now=now,
            detail={"attempt": made + 1, "at": at(due_at).isoformat()},
        )
        ops_metrics.retry("confirmation")


async def sms_failed(state: HotlineState, request_id: int) -> None:
    """An SMS still not sent after its last attempt: the request goes to the
    coordinators' work list."""
    async with state.sessionmaker() as session:
        request = await request_repository.get(session, request_id)
        if request is None:
            return
        escalate(session, request, "sms_failed", now=state.clock.now())
        await session.commit()


async def _ring_callback_again(state: HotlineState, redial: Redial) -> None:
    data = dict(redial.payload["entry"])
    data["also_speaks"] = tuple(data.get("also_speaks", ()))
    entry = QueuedCall(**data)
    # Its original enqueued_at: back at the front of its language's line.
    await state.queue.enqueue(entry)
    async with state.sessionmaker() as session:
        await queue_repository.save_entry(session, entry, now=state.clock.now())
        await session.commit()


async def ring_due(state: HotlineState) -> int:
    """Ring again what is due; returns how many. Called from the ticker."""
    now = epoch(state.clock.now())
    rung = 0
    for redial in await state.resilience.due(now, BATCH):
        if not await state.resilience.take(redial):
            continue  # another instance took it
        try:
            if redial.kind == "callback":
                await _ring_callback_again(state, redial)
            else:
                await confirmation.place_call(state, int(redial.payload["request_id"]))
        except Exception as error:
            if not is_database_unavailable(error):
                raise
            logger.warning("database unreachable: redial put off")
            later = dataclasses.replace(redial, due_at=now + REDIAL_AGAIN_S)
            await state.resilience.schedule(later)
            continue
        rung += 1
    if rung:
        await queue_dispatcher.dispatch(state)
    return rung
