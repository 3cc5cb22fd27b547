"""Replay the outage journal once the database answers again.

Each journaled webhook runs through the very use case that could not write it
(app/ivr/service.py, app/queue/service.py), on a clock set to when it arrived, so
the call log tells the call as it happened. The use cases are idempotent on CallSid
and step (dedupe keys, unique constraints), so an entry replayed twice (by two
instances, or after a crash between the write and the drop) is written once.

Each call's entries are replayed in the order they arrived, calls side by side;
while the database is still unreachable the replay stops and tries again at the
next tick. An entry that fails for another
reason is logged and dropped: one bad entry must not hold back the others.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from app.calls import repository as call_repository
from app.calls import service as call_service
from app.ivr import menu
from app.ivr import service as ivr_service
from app.ops import metrics as ops_metrics
from app.phone_numbers import to_e164
from app.queue import dispatcher as queue_dispatcher
from app.queue import service as queue_service
from app.queue.legs import at
from app.resilience.faults import is_database_unavailable
from app.resilience.store import Pending
from app.state import HotlineState
from app.telephony.events import CallStatusChanged, VoiceEvent

logger = logging.getLogger(__name__)

BATCH = 200
# Calls replayed side by side: within the database's connection pool.
CONCURRENT_CALLS = 8


@dataclasses.dataclass(frozen=True)
class _ClockAt:
    """The app's clock, stopped at the moment the webhook arrived."""

    moment: datetime

    def now(self) -> datetime:
        return self.moment

    async def sleep(self, seconds: float) -> None:
        raise RuntimeError("a replay does not wait")


def _voice(entry: Pending) -> VoiceEvent:
    return VoiceEvent(**entry.event)


def _status(entry: Pending) -> CallStatusChanged:
    data = dict(entry.event)
    if data.get("occurred_at") is not None:
        data["occurred_at"] = datetime.fromisoformat(data["occurred_at"])
    return CallStatusChanged(**data)


async def _known_number(state: HotlineState, event: VoiceEvent) -> None:
    """A call first written by a later webhook lacks the caller's number, which
    only the first webhook records: a callback needs it."""
    number = to_e164(event.from_number) if event.direction == "inbound" else None
    if number is None:
        return
    async with state.sessionmaker() as session:
        call = await call_service.call_for_event(
            session, event, purpose="caller", now=state.clock.now()
        )
        if call.caller_e164 is None:
            call.caller_e164 = number
        await session.commit()


async def _replay(state: HotlineState, entry: Pending) -> None:
    then = dataclasses.replace(state, clock=_ClockAt(at(entry.received_at)))
    args = entry.args
    match entry.kind:
        case "incoming":
            event = _voice(entry)
            await ivr_service.handle_incoming(then, event)
            await _known_number(then, event)
        case "gather":
            node: menu.Node = args["node"]
            await ivr_service.handle_gather(
                then,
                node=node,
                language=args.get("language"),
                retries=int(args.get("retries", 0)),
                event=_voice(entry),
                postcode=args.get("pc"),
            )
        case "voicemail":
            await ivr_service.handle_voicemail(
                then, language=args.get("language"), event=_voice(entry)
            )
        case "status":
            await ivr_service.handle_status(then, _status(entry))
        case "callback":
            # The promise made during the outage: the caller becomes a callback
            # request, exactly as pressing 1 while holding does, in their place.
            event = _voice(entry)
            await _known_number(then, event)
            async with state.sessionmaker() as session:
                await queue_service.hold_key(session, then, event, args["language"])


async def _is_written(state: HotlineState, entry: Pending) -> bool:
    """After a unique-key conflict: was the call written (by another instance)?"""
    async with state.sessionmaker() as session:
        call = await call_repository.get_by_sid(session, str(entry.event["call_sid"]))
    return call is not None


async def _attempt(state: HotlineState, entry: Pending) -> bool | None:
    """True: written (now or before); False: cannot be (dropped); None: the
    database is still unreachable."""
    try:
        try:
            await _replay(state, entry)
        except IntegrityError:
            # Written meanwhile by another instance's replay of the same entry.
            if not await _is_written(state, entry):
                raise
        return True
    except Exception as error:
        if is_database_unavailable(error):
            return None
        logger.exception("journaled %s could not be replayed", entry.kind)
        return False


async def _replay_call(state: HotlineState, entries: list[Pending]) -> tuple[int, bool]:
    """One call's entries, in order; stops at the first the database cannot take.
    Returns (written, is_database_down)."""
    written = 0
    for entry in entries:
        outcome = await _attempt(state, entry)
        if outcome is None:
            return written, True
        await state.resilience.drop(entry)
        ops_metrics.journal("replayed" if outcome else "dropped")
        written += outcome
    return written, False


async def replay_journal(state: HotlineState) -> int:
    """Replay what the journal holds; returns how many entries were written.

    Each call's entries in the order they arrived; different calls side by side
    (their webhooks' units of work then share group commits, app/writer.py).
    Stops once the database still cannot take an entry."""
    written = 0
    is_down = False
    limit = asyncio.Semaphore(CONCURRENT_CALLS)

    async def one_call(calls_entries: list[Pending]) -> tuple[int, bool]:
        async with limit:
            return await _replay_call(state, calls_entries)

    while not is_down and (entries := await state.resilience.oldest(BATCH)):
        by_call: dict[str, list[Pending]] = {}
        for entry in entries:
            by_call.setdefault(str(entry.event["call_sid"]), []).append(entry)
        results = await asyncio.gather(*(one_call(e) for e in by_call.values()))
        written += sum(count for count, _ in results)
        is_down = any(down for _, down in results)
        if len(entries) < BATCH:
            break
    if written:
        logger.info("outage journal: %d webhooks written", written)
        await queue_dispatcher.dispatch(state)  # kept promises may wait for someone
    return written
