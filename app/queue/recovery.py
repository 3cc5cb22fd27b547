"""Rebuild the queue from the database when the queue store lost its data.

Redis restarted empty, failed over without its data or was flushed (or a memory
backend's process restarted): the store no longer says who waits. The durable record
does: `queue_entry` rows (who waits since when, in which language, who was promised a
callback), the operators' duty state, and the operators' legs in the call log. One
instance claims the rebuild (`QueueBackend.claim_rebuild`); dispatching waits until
the store is built again, so nobody is offered out of order or twice.

Also heals a single caller whose entry is missing from a built store (a failover that
lost the last writes): the hold loop finds them on its second look. Missing means
gone *without a departure* (QueueBackend.departure): a caller the queue let go on
purpose (accepted, removed) is never put back, however late their hold loop looks.
"""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession

from app.calls import repository as call_repository
from app.calls.models import Call
from app.ops import metrics as ops_metrics
from app.queue import repository as queue_repository
from app.queue.backend import EntryKind, OperatorPresence, QueuedCall
from app.queue.legs import epoch, hang_up_leg
from app.queue.models import QueueEntry
from app.state import HotlineState
from app.volunteers import repository as volunteer_repository

logger = logging.getLogger(__name__)

# How long one instance may take to rebuild before another may try again.
REBUILD_LEASE_S = 30.0
# Logged (with the entry id) each time one missing caller is put back: the call
# storm counts these records, so a regression shows in its report.
PUT_BACK_MESSAGE = "queue entry %s was missing from the queue and was put back"


def queued_call(row: QueueEntry) -> QueuedCall:
    """The queue entry a durable row stands for (same place: same enqueued_at)."""
    kind: EntryKind = "callback" if row.kind == "callback" else "live"
    return QueuedCall(
        entry_id=row.entry_id,
        language=row.language,
        enqueued_at=epoch(row.enqueued_at),
        kind=kind,
        need=row.need,
        postcode=row.postcode,
        caller_number=row.caller_number,
        call_log_id=row.call_id,
        also_speaks=tuple(row.also_speaks or ()),
    )


async def ensure_built(state: HotlineState) -> bool:
    """True once the queue store is complete. If it lost its data and no other
    instance is rebuilding it, rebuild it first; False while another one does."""
    if await state.queue.is_built():
        return True
    now = epoch(state.clock.now())
    token = await state.queue.claim_rebuild(now=now, lease_s=REBUILD_LEASE_S)
    if token is None:
        return await state.queue.is_built()
    try:
        await rebuild(state)
    except BaseException:
        # Typically the database is unreachable: give the lease back so the first
        # look after it returns rebuilds at once, not after the lease runs out.
        await state.queue.abandon_rebuild(token)
        raise
    return await state.queue.finish_rebuild(token)


async def rebuild(state: HotlineState) -> int:
    """Put every durable entry back in its place and every free on-duty operator back
    in the pool; withdraw offers the store forgot. Returns how many entries."""
    now = state.clock.now()
    async with state.sessionmaker() as session:
        restored = await _restore_entries(session, state)
        legs = await queue_repository.open_operator_legs(session, started_before=now)
        # A leg still ringing for an offer the store forgot is stale. An operator
        # on a call stays out of the pool until that call ends (offers.offer_status
        # puts them back).
        on_call = {
            leg.volunteer_id
            for leg in legs
            if leg.outcome == "accepted" and leg.volunteer_id is not None
        }
        stale = [
            leg.twilio_call_sid
            for leg in legs
            if leg.outcome != "accepted" and not await _offer_known(session, state, leg)
        ]
        on_duty, _ = await volunteer_repository.list_volunteers(
            session, role="operator", duty_state="available", limit=100_000, offset=0
        )
        await session.commit()
    # Stopped before their operator is offered anyone else.
    for call_sid in stale:
        await hang_up_leg(state, call_sid)
    for volunteer in on_duty:
        operator_id = str(volunteer.id)
        if volunteer.id in on_call:
            continue
        if await state.queue.operator_state(operator_id, epoch(now)) is None:
            await state.queue.set_available(
                OperatorPresence(
                    operator_id=operator_id,
                    languages=tuple(volunteer.languages),
                    idle_since=epoch(now),
                )
            )
    ops_metrics.queue_rebuilt(restored)
    logger.log(
        logging.WARNING if restored or stale else logging.INFO,
        "queue built from the database: %d entries, %d stale offers withdrawn",
        restored,
        len(stale),
    )
    return restored


async def _offer_known(session: AsyncSession, state: HotlineState, leg: Call) -> bool:
    """Whether the store still has the offer this operator leg was placed for."""
    for event in await call_repository.events_of_kind(session, leg.id, "offer"):
        if await state.queue.get_offer(str(event.detail.get("offer_id"))) is not None:
            return True
    return False


async def _restore_entries(session: AsyncSession, state: HotlineState) -> int:
    restored: list[str] = []
    for row, call in await queue_repository.queued_entries(session):
        if row.kind != "callback" and (call is None or call.ended_at is not None):
            # A live caller who is gone (the hang-up was recorded, the row was
            # not): nobody to offer.
            await queue_repository.drop_entry(session, row.entry_id)
            continue
        await state.queue.enqueue(queued_call(row))
        restored.append(row.entry_id)
    await queue_repository.mark_restored(session, restored)
    return len(restored)


async def restore_entry(
    session: AsyncSession, state: HotlineState, entry_id: str
) -> QueuedCall | None:
    """Put one caller missing from a built store back in their place, if the
    database still has them waiting (not accepted, not gone). Does not commit."""
    row = await queue_repository.get_entry(session, entry_id)
    if row is None:
        return None
    if row.call_id is not None:
        call = await call_repository.get_by_sid(session, entry_id.removeprefix("cb-"))
        if call is None or (row.kind != "callback" and call.ended_at is not None):
            return None
        if await call_repository.events_of_kind(session, call.id, "accepted"):
            return None
    entry = queued_call(row)
    await state.queue.enqueue(entry)
    await queue_repository.mark_restored(session, [entry_id])
    logger.warning(PUT_BACK_MESSAGE, entry_id)
    ops_metrics.queue_rebuilt(1)
    return entry
