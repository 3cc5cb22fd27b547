"""InMemoryQueueBackend: the QueueBackend contract for one process, behind one lock.

A real implementation (tests, dev mode), not a mock. Not shared between processes:
production uses RedisQueueBackend. No I/O.

Ordered structures are sorted lists of `(score, id)` tuples kept with `bisect`, the
same order a Redis sorted set uses, so both backends agree on ties. Insert/delete are
O(log n) search plus a memmove, which stays in microseconds at 10,000 entries.
"""

from __future__ import annotations

import asyncio
import bisect
import secrets
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass, replace

from app.queue.backend import (
    DEPARTURES_KEPT,
    Departure,
    DispatchView,
    LanguageView,
    Offer,
    OperatorPresence,
    OperatorState,
    OperatorStatus,
    QueuedCall,
    QueueSnapshot,
    RemovedEntry,
    WaitingEntry,
)

_Ranked = tuple[float, str]
# Sorts after every valid id (ids are ASCII, see backend._ID_RE): bisecting with
# (t, _AFTER_ANY_ID) finds the end of everything scored <= t.
_AFTER_ANY_ID = "\U0010ffff"


def _insort(items: list[_Ranked], item: _Ranked) -> None:
    bisect.insort(items, item)


def _discard(items: list[_Ranked], item: _Ranked) -> None:
    index = bisect.bisect_left(items, item)
    if index < len(items) and items[index] == item:
        del items[index]


@dataclass(slots=True)
class _Entry:
    call: QueuedCall
    offer_id: str | None = None

    @property
    def rank(self) -> _Ranked:
        return (self.call.enqueued_at, self.call.entry_id)


@dataclass(slots=True)
class _Operator:
    presence: OperatorPresence
    # "pool" (available or wrap-up), "ringing" or "on_call".
    state: str = "pool"
    offer_id: str | None = None


class InMemoryQueueBackend:
    """See `app.queue.backend.QueueBackend` for the contract."""

    def __init__(self, *, departures_kept: int = DEPARTURES_KEPT) -> None:
        if departures_kept < 1:
            raise ValueError("departures_kept must be at least 1")
        self._lock = asyncio.Lock()
        self._entries: dict[str, _Entry] = {}
        # Recent departures, oldest first (see QueueBackend.departure).
        self._departures: OrderedDict[str, Departure] = OrderedDict()
        self._departures_kept = departures_kept
        # Per language: everything in the queue (for positions) and the waiting,
        # non-offered subset (for dispatch).
        self._queued: defaultdict[str, list[_Ranked]] = defaultdict(list)
        self._waiting: defaultdict[str, list[_Ranked]] = defaultdict(list)
        self._operators: dict[str, _Operator] = {}
        # Pool operators by (idle_since, operator_id), per first / any language.
        self._pool_first: defaultdict[str, list[_Ranked]] = defaultdict(list)
        self._pool_any: defaultdict[str, list[_Ranked]] = defaultdict(list)
        self._language_count: Counter[str] = Counter()
        self._offers: dict[str, Offer] = {}
        self._expiry: list[_Ranked] = []  # pending offers by (expires_at, offer_id)
        # A new process starts empty: rebuilt from the durable record first.
        self._built = False
        self._rebuild_lease: tuple[str, float] | None = None

    # -- entries ---------------------------------------------------------------

    async def enqueue(self, entry: QueuedCall) -> int:
        async with self._lock:
            existing = self._entries.get(entry.entry_id)
            if existing is not None:
                return self._position(existing)
            record = _Entry(entry)
            self._entries[entry.entry_id] = record
            self._departures.pop(entry.entry_id, None)
            _insort(self._queued[entry.language], record.rank)
            _insort(self._waiting[entry.language], record.rank)
            return self._position(record)

    async def remove(
        self, entry_id: str, *, dialling_idle_since: float | None = None
    ) -> RemovedEntry | None:
        async with self._lock:
            record = self._entries.pop(entry_id, None)
            if record is None:
                return None
            _discard(self._queued[record.call.language], record.rank)
            _discard(self._waiting[record.call.language], record.rank)
            self._depart(Departure(entry_id=entry_id, reason="removed"))
            withdrawn = None
            if record.offer_id is not None:
                withdrawn = self._end_pending_offer(record.offer_id)
                idle_since = withdrawn.operator_idle_since
                if withdrawn.operator_call_sid is None and dialling_idle_since:
                    idle_since = max(idle_since, dialling_idle_since)
                self._pool_add(withdrawn.operator_id, idle_since)
            return RemovedEntry(entry=record.call, withdrawn_offer=withdrawn)

    async def get_entry(self, entry_id: str) -> QueuedCall | None:
        async with self._lock:
            record = self._entries.get(entry_id)
            return None if record is None else record.call

    async def departure(self, entry_id: str) -> Departure | None:
        async with self._lock:
            return self._departures.get(entry_id)

    async def position(self, entry_id: str) -> int | None:
        async with self._lock:
            record = self._entries.get(entry_id)
            return None if record is None else self._position(record)

    async def waiting_count(self, language: str | None = None) -> int:
        async with self._lock:
            if language is None:
                return len(self._entries)
            return len(self._queued.get(language, ()))

    # -- operators -------------------------------------------------------------

    async def set_available(self, presence: OperatorPresence) -> None:
        async with self._lock:
            operator = self._operators.get(presence.operator_id)
            if operator is None:
                operator = _Operator(presence)
                self._operators[presence.operator_id] = operator
                self._language_count.update(presence.languages)
                self._pool_insert(operator)
                return
            self._language_count.subtract(operator.presence.languages)
            self._language_count.update(presence.languages)
            if operator.state == "pool":
                self._pool_delete(operator)
                operator.presence = presence
                self._pool_insert(operator)
            else:
                operator.presence = replace(
                    presence, idle_since=operator.presence.idle_since
                )

    async def set_unavailable(self, operator_id: str) -> Offer | None:
        async with self._lock:
            operator = self._operators.get(operator_id)
            if operator is None:
                return None
            withdrawn = None
            if operator.state == "ringing" and operator.offer_id is not None:
                withdrawn = self._end_pending_offer(operator.offer_id)
            elif operator.state == "on_call" and operator.offer_id is not None:
                self._offers.pop(operator.offer_id, None)
            self._off_duty(operator)
            return withdrawn

    async def operator_state(
        self, operator_id: str, now: float
    ) -> OperatorState | None:
        async with self._lock:
            operator = self._operators.get(operator_id)
            return None if operator is None else self._state(operator, now)

    async def end_call(self, operator_id: str, *, available_at: float | None) -> bool:
        async with self._lock:
            operator = self._operators.get(operator_id)
            if operator is None or operator.state != "on_call":
                return False
            if operator.offer_id is not None:
                self._offers.pop(operator.offer_id, None)
            if available_at is None:
                self._off_duty(operator)
            else:
                self._pool_add(operator_id, available_at)
            return True

    # -- dispatch --------------------------------------------------------------

    async def dispatch_view(self, now: float, limit: int) -> DispatchView:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        async with self._lock:
            languages = {}
            for language, waiting in self._waiting.items():
                if not waiting:
                    continue
                languages[language] = LanguageView(
                    waiting=tuple(
                        self._entries[entry_id].call for _, entry_id in waiting[:limit]
                    ),
                    first_choice=self._dispatchable(
                        self._pool_first.get(language), now, limit
                    ),
                    speakers=self._dispatchable(
                        self._pool_any.get(language), now, limit
                    ),
                )
            return DispatchView(
                now=now,
                languages=languages,
                english_speakers=self._dispatchable(
                    self._pool_any.get("en"), now, limit
                ),
                languages_on_duty=frozenset(
                    language
                    for language, count in self._language_count.items()
                    if count
                ),
            )

    async def reserve(
        self,
        *,
        entry_id: str,
        operator_id: str,
        offer_id: str,
        now: float,
        expires_at: float,
    ) -> Offer | None:
        async with self._lock:
            record = self._entries.get(entry_id)
            operator = self._operators.get(operator_id)
            if (
                offer_id in self._offers
                or record is None
                or record.offer_id is not None
                or operator is None
                or operator.state != "pool"
                or operator.presence.idle_since > now
            ):
                return None
            offer = Offer(
                offer_id=offer_id,
                entry=record.call,
                operator_id=operator_id,
                created_at=now,
                expires_at=expires_at,
                operator_call_sid=None,
                operator_idle_since=operator.presence.idle_since,
            )
            self._pool_delete(operator)
            operator.state = "ringing"
            operator.offer_id = offer_id
            record.offer_id = offer_id
            _discard(self._waiting[record.call.language], record.rank)
            self._offers[offer_id] = offer
            _insort(self._expiry, (expires_at, offer_id))
            return offer

    async def attach_operator_call(
        self, offer_id: str, operator_call_sid: str
    ) -> Offer | None:
        async with self._lock:
            offer = self._offers.get(offer_id)
            if offer is None:
                return None
            offer = replace(offer, operator_call_sid=operator_call_sid)
            self._offers[offer_id] = offer
            return offer

    async def get_offer(self, offer_id: str) -> Offer | None:
        async with self._lock:
            return self._offers.get(offer_id)

    async def offer_for_entry(self, entry_id: str) -> Offer | None:
        async with self._lock:
            record = self._entries.get(entry_id)
            if record is None or record.offer_id is None:
                return None
            return self._offers.get(record.offer_id)

    async def accept(self, offer_id: str, now: float) -> Offer | None:
        async with self._lock:
            offer = self._offers.get(offer_id)
            if offer is None:
                return None
            if offer.accepted_at is not None:
                return offer
            if now >= offer.expires_at:
                return None
            record = self._entries.pop(offer.entry.entry_id)
            _discard(self._queued[record.call.language], record.rank)
            _discard(self._expiry, (offer.expires_at, offer_id))
            self._depart(
                Departure(
                    entry_id=record.call.entry_id, reason="accepted", offer_id=offer_id
                )
            )
            operator = self._operators[offer.operator_id]
            operator.state = "on_call"
            offer = replace(offer, accepted_at=now)
            self._offers[offer_id] = offer
            return offer

    async def withdraw(
        self, offer_id: str, *, operator_idle_since: float | None
    ) -> Offer | None:
        async with self._lock:
            offer = self._offers.get(offer_id)
            if offer is None or offer.accepted_at is not None:
                return None
            self._end_pending_offer(offer_id)
            if operator_idle_since is None:
                self._off_duty(self._operators[offer.operator_id])
            else:
                self._pool_add(offer.operator_id, operator_idle_since)
            return offer

    async def expired_offers(self, now: float, limit: int = 100) -> list[Offer]:
        async with self._lock:
            end = min(bisect.bisect_right(self._expiry, (now, _AFTER_ANY_ID)), limit)
            return [self._offers[offer_id] for _, offer_id in self._expiry[:end]]

    async def claim_rebuild(self, *, now: float, lease_s: float) -> str | None:
        async with self._lock:
            if self._built:
                return None
            if self._rebuild_lease is not None and now < self._rebuild_lease[1]:
                return None
            token = secrets.token_hex(8)
            self._rebuild_lease = (token, now + lease_s)
            return token

    async def finish_rebuild(self, token: str) -> bool:
        async with self._lock:
            if self._built or self._rebuild_lease is None:
                return False
            if self._rebuild_lease[0] != token:
                return False
            self._built = True
            self._rebuild_lease = None
            return True

    async def abandon_rebuild(self, token: str) -> None:
        async with self._lock:
            if self._rebuild_lease is not None and self._rebuild_lease[0] == token:
                self._rebuild_lease = None

    async def is_built(self) -> bool:
        async with self._lock:
            return self._built

    async def snapshot(
        self, now: float, *, include_waiting: bool = True
    ) -> QueueSnapshot:
        async with self._lock:
            queues = self._queued.items() if include_waiting else ()
            waiting = {
                language: tuple(
                    WaitingEntry(
                        entry=self._entries[entry_id].call,
                        position=position,
                        offer_id=self._entries[entry_id].offer_id,
                    )
                    for position, (_, entry_id) in enumerate(queued, start=1)
                )
                for language, queued in sorted(queues)
                if queued
            }
            offers = sorted(
                self._offers.values(), key=lambda o: (o.created_at, o.offer_id)
            )
            operators = tuple(
                self._state(self._operators[operator_id], now)
                for operator_id in sorted(self._operators)
            )
            return QueueSnapshot(
                taken_at=now, waiting=waiting, offers=tuple(offers), operators=operators
            )

    # -- internals (lock held) -------------------------------------------------

    def _position(self, record: _Entry) -> int:
        return bisect.bisect_left(self._queued[record.call.language], record.rank) + 1

    def _depart(self, departure: Departure) -> None:
        """Keep how an entry left, as the newest departure; forget the oldest."""
        self._departures.pop(departure.entry_id, None)
        self._departures[departure.entry_id] = departure
        while len(self._departures) > self._departures_kept:
            self._departures.popitem(last=False)

    def _end_pending_offer(self, offer_id: str) -> Offer:
        """Drop a pending offer; its entry (if still queued) waits again in its
        original place. The operator is left for the caller to place."""
        offer = self._offers.pop(offer_id)
        _discard(self._expiry, (offer.expires_at, offer_id))
        record = self._entries.get(offer.entry.entry_id)
        if record is not None:
            record.offer_id = None
            _insort(self._waiting[record.call.language], record.rank)
        return offer

    def _pool_add(self, operator_id: str, idle_since: float) -> None:
        operator = self._operators[operator_id]
        if operator.state == "pool":
            self._pool_delete(operator)
        operator.state = "pool"
        operator.offer_id = None
        operator.presence = replace(operator.presence, idle_since=idle_since)
        self._pool_insert(operator)

    def _pool_insert(self, operator: _Operator) -> None:
        presence = operator.presence
        rank = (presence.idle_since, presence.operator_id)
        _insort(self._pool_first[presence.languages[0]], rank)
        for language in presence.languages:
            _insort(self._pool_any[language], rank)

    def _pool_delete(self, operator: _Operator) -> None:
        presence = operator.presence
        rank = (presence.idle_since, presence.operator_id)
        _discard(self._pool_first[presence.languages[0]], rank)
        for language in presence.languages:
            _discard(self._pool_any[language], rank)

    def _off_duty(self, operator: _Operator) -> None:
        if operator.state == "pool":
            self._pool_delete(operator)
        self._language_count.subtract(operator.presence.languages)
        del self._operators[operator.presence.operator_id]

    def _state(self, operator: _Operator, now: float) -> OperatorState:
        if operator.state == "pool":
            status: OperatorStatus = (
                "available" if operator.presence.idle_since <= now else "wrap_up"
            )
            return OperatorState(presence=operator.presence, status=status)
        offer = self._offers[operator.offer_id] if operator.offer_id else None
        return OperatorState(
            presence=operator.presence,
            status="ringing" if operator.state == "ringing" else "on_call",
            offer_id=operator.offer_id,
            entry_id=None if offer is None else offer.entry.entry_id,
        )

    def _dispatchable(
        self, pool: list[_Ranked] | None, now: float, limit: int
    ) -> tuple[OperatorPresence, ...]:
        if not pool:
            return ()
        end = min(bisect.bisect_right(pool, (now, _AFTER_ANY_ID)), limit)
        return tuple(
            self._operators[operator_id].presence for _, operator_id in pool[:end]
        )
