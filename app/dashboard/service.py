"""Read-only views over the queue backend for coordinators."""

from __future__ import annotations

from datetime import UTC, datetime

from app.dashboard.schemas import OperatorLive, QueueView, WaitingCaller
from app.logging import mask_phone
from app.state import HotlineState


async def queue_view(state: HotlineState) -> QueueView:
    now = state.clock.now().timestamp()
    snapshot = await state.queue.snapshot(now)
    waiting = [
        WaitingCaller(
            entry_id=item.entry.entry_id,
            kind=item.entry.kind,
            language=item.entry.language,
            need=item.entry.need,
            postcode=item.entry.postcode,
            caller=mask_phone(item.entry.caller_number),
            position=item.position,
            waiting_s=int(now - item.entry.enqueued_at),
            is_offered=item.offer_id is not None,
        )
        for entries in snapshot.waiting.values()
        for item in entries
    ]
    operators = [
        OperatorLive(
            volunteer_id=int(op.presence.operator_id),
            status=op.status,
            idle_since=datetime.fromtimestamp(op.presence.idle_since, UTC),
        )
        for op in snapshot.operators
    ]
    pending = sum(1 for offer in snapshot.offers if not offer.is_accepted)
    return QueueView(
        taken_at=datetime.fromtimestamp(snapshot.taken_at, UTC),
        waiting=sorted(waiting, key=lambda w: (w.language, w.position)),
        operators=operators,
        pending_offers=pending,
    )
