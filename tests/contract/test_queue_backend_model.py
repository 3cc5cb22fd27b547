"""Random operation sequences (hypothesis) run on each backend and on a naive model.

The model below is the contract written as the simplest code possible (dicts and
linear scans, no indexes); every return value and, after every step, the whole
observable state (snapshot, dispatch view, expired offers) must match it exactly.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.queue.backend import (
    Departure,
    DispatchView,
    LanguageView,
    Offer,
    OperatorPresence,
    OperatorState,
    OperatorStatus,
    QueueBackend,
    QueuedCall,
    QueueSnapshot,
    RemovedEntry,
    WaitingEntry,
)

pytestmark = pytest.mark.contract

T0 = 1_700_000_000.25
ENTRIES = ("e1", "e2", "e3", "e4", "cb-5")
OPERATORS = ("op1", "op2", "op3")
OFFERS = ("o1", "o2", "o3", "o4")
LANGUAGES = ("nl", "fr", "en")
OBSERVE_AT = (0.0, 4.0, 9.0)


def _first_is(language: str) -> Callable[[OperatorPresence], bool]:
    return lambda presence: presence.languages[0] == language


def _speaks(language: str) -> Callable[[OperatorPresence], bool]:
    return lambda presence: language in presence.languages


class ModelQueue:
    """The contract, naively."""

    def __init__(self) -> None:
        self.entries: dict[str, QueuedCall] = {}
        self.entry_offer: dict[str, str] = {}
        self.presence: dict[str, OperatorPresence] = {}
        self.state: dict[str, str] = {}  # pool / ringing / on_call
        self.operator_offer: dict[str, str] = {}
        self.offers: dict[str, Offer] = {}
        # How entries left on purpose (few entries: the limit on kept ones is moot).
        self.departures: dict[str, Departure] = {}

    def _fifo(self, language: str) -> list[QueuedCall]:
        return sorted(
            (e for e in self.entries.values() if e.language == language),
            key=lambda e: (e.enqueued_at, e.entry_id),
        )

    def position(self, entry_id: str) -> int | None:
        entry = self.entries.get(entry_id)
        return None if entry is None else self._fifo(entry.language).index(entry) + 1

    def enqueue(self, entry: QueuedCall) -> int:
        if entry.entry_id not in self.entries:
            self.entries[entry.entry_id] = entry
            self.departures.pop(entry.entry_id, None)
        position = self.position(entry.entry_id)
        assert position is not None
        return position

    def _to_pool(self, operator_id: str, idle_since: float) -> None:
        self.presence[operator_id] = dataclasses.replace(
            self.presence[operator_id], idle_since=idle_since
        )
        self.state[operator_id] = "pool"
        self.operator_offer.pop(operator_id, None)

    def _off_duty(self, operator_id: str) -> None:
        self.presence.pop(operator_id, None)
        self.state.pop(operator_id, None)
        self.operator_offer.pop(operator_id, None)

    def _drop_pending(self, offer_id: str) -> Offer:
        offer = self.offers.pop(offer_id)
        self.entry_offer.pop(offer.entry.entry_id, None)
        return offer

    def remove(self, entry_id: str) -> RemovedEntry | None:
        entry = self.entries.pop(entry_id, None)
        if entry is None:
            return None
        self.departures[entry_id] = Departure(entry_id=entry_id, reason="removed")
        offer = None
        if entry_id in self.entry_offer:
            offer = self._drop_pending(self.entry_offer[entry_id])
            self._to_pool(offer.operator_id, offer.operator_idle_since)
        return RemovedEntry(entry=entry, withdrawn_offer=offer)

    def set_available(self, presence: OperatorPresence) -> None:
        operator_id = presence.operator_id
        if self.state.get(operator_id, "pool") == "pool":
            self.presence[operator_id] = presence
            self.state[operator_id] = "pool"
        else:
            old = self.presence[operator_id].idle_since
            self.presence[operator_id] = dataclasses.replace(presence, idle_since=old)

    def set_unavailable(self, operator_id: str) -> Offer | None:
        state = self.state.get(operator_id)
        offer = None
        if state == "ringing":
            offer = self._drop_pending(self.operator_offer[operator_id])
        elif state == "on_call":
            del self.offers[self.operator_offer[operator_id]]
        self._off_duty(operator_id)
        return offer

    def end_call(self, operator_id: str, available_at: float | None) -> bool:
        if self.state.get(operator_id) != "on_call":
            return False
        del self.offers[self.operator_offer[operator_id]]
        if available_at is None:
            self._off_duty(operator_id)
        else:
            self._to_pool(operator_id, available_at)
        return True

    def reserve(
        self,
        entry_id: str,
        operator_id: str,
        offer_id: str,
        now: float,
        expires_at: float,
    ) -> Offer | None:
        if (
            offer_id in self.offers
            or entry_id not in self.entries
            or entry_id in self.entry_offer
            or self.state.get(operator_id) != "pool"
            or self.presence[operator_id].idle_since > now
        ):
            return None
        offer = Offer(
            offer_id=offer_id,
            entry=self.entries[entry_id],
            operator_id=operator_id,
            created_at=now,
            expires_at=expires_at,
            operator_call_sid=None,
            operator_idle_since=self.presence[operator_id].idle_since,
        )
        self.offers[offer_id] = offer
        self.entry_offer[entry_id] = offer_id
        self.state[operator_id] = "ringing"
        self.operator_offer[operator_id] = offer_id
        return offer

    def accept(self, offer_id: str, now: float) -> Offer | None:
        offer = self.offers.get(offer_id)
        if offer is None or offer.is_accepted:
            return offer
        if now >= offer.expires_at:
            return None
        offer = dataclasses.replace(offer, accepted_at=now)
        self.offers[offer_id] = offer
        del self.entries[offer.entry.entry_id]
        del self.entry_offer[offer.entry.entry_id]
        self.departures[offer.entry.entry_id] = Departure(
            entry_id=offer.entry.entry_id, reason="accepted", offer_id=offer_id
        )
        self.state[offer.operator_id] = "on_call"
        return offer

    def withdraw(self, offer_id: str, idle_since: float | None) -> Offer | None:
        offer = self.offers.get(offer_id)
        if offer is None or offer.is_accepted:
            return None
        self._drop_pending(offer_id)
        if idle_since is None:
            self._off_duty(offer.operator_id)
        else:
            self._to_pool(offer.operator_id, idle_since)
        return offer

    def attach(self, offer_id: str, sid: str) -> Offer | None:
        if offer_id not in self.offers:
            return None
        self.offers[offer_id] = dataclasses.replace(
            self.offers[offer_id], operator_call_sid=sid
        )
        return self.offers[offer_id]

    def expired_offers(self, now: float) -> list[Offer]:
        pending = [o for o in self.offers.values() if not o.is_accepted]
        pending.sort(key=lambda o: (o.expires_at, o.offer_id))
        return [o for o in pending if o.expires_at <= now]

    def _dispatchable(
        self, now: float, matches: Callable[[OperatorPresence], bool]
    ) -> tuple[OperatorPresence, ...]:
        found = [
            p
            for operator_id, p in self.presence.items()
            if self.state[operator_id] == "pool" and p.idle_since <= now and matches(p)
        ]
        return tuple(sorted(found, key=lambda p: (p.idle_since, p.operator_id)))

    def dispatch_view(self, now: float) -> DispatchView:
        languages = {}
        for language in LANGUAGES:
            waiting = [
                e for e in self._fifo(language) if e.entry_id not in self.entry_offer
            ]
            if waiting:
                languages[language] = LanguageView(
                    waiting=tuple(waiting),
                    first_choice=self._dispatchable(now, _first_is(language)),
                    speakers=self._dispatchable(now, _speaks(language)),
                )
        return DispatchView(
            now=now,
            languages=languages,
            english_speakers=self._dispatchable(now, _speaks("en")),
            languages_on_duty=frozenset(
                language for p in self.presence.values() for language in p.languages
            ),
        )

    def snapshot(self, now: float) -> QueueSnapshot:
        waiting = {}
        for language in sorted(LANGUAGES):
            queue = self._fifo(language)
            if queue:
                waiting[language] = tuple(
                    WaitingEntry(
                        entry=e, position=i, offer_id=self.entry_offer.get(e.entry_id)
                    )
                    for i, e in enumerate(queue, start=1)
                )
        operators = []
        for operator_id in sorted(self.presence):
            presence, state = self.presence[operator_id], self.state[operator_id]
            if state == "pool":
                status: OperatorStatus = (
                    "available" if presence.idle_since <= now else "wrap_up"
                )
                operators.append(OperatorState(presence=presence, status=status))
            else:
                offer = self.offers[self.operator_offer[operator_id]]
                operators.append(
                    OperatorState(
                        presence=presence,
                        status="ringing" if state == "ringing" else "on_call",
                        offer_id=offer.offer_id,
                        entry_id=offer.entry.entry_id,
                    )
                )
        return QueueSnapshot(
            taken_at=now,
            waiting=waiting,
            offers=tuple(
                sorted(self.offers.values(), key=lambda o: (o.created_at, o.offer_id))
            ),
            operators=tuple(operators),
        )


# Few distinct times, so ties and exact expiry boundaries come up often.
# Few distinct times, so ties and exact expiry boundaries come up often.
times = st.integers(min_value=0, max_value=6).map(float)
optional_times = st.none() | times
enqueue_ops = st.tuples(
    st.just("enqueue"),
    st.sampled_from(ENTRIES),
    st.sampled_from(LANGUAGES),
    st.integers(min_value=0, max_value=3).map(float),
)
set_available_ops = st.tuples(
    st.just("set_available"),
    st.sampled_from(OPERATORS),
    st.lists(st.sampled_from(LANGUAGES), min_size=1, max_size=3, unique=True),
    st.integers(min_value=0, max_value=3).map(float),
)
reserve_ops = st.tuples(
    st.just("reserve"),
    st.sampled_from(ENTRIES),
    st.sampled_from(OPERATORS),
    st.sampled_from(OFFERS),
    times,
    st.integers(min_value=1, max_value=3).map(float),
)
offer_ops = st.one_of(
    st.tuples(st.just("accept"), st.sampled_from(OFFERS), times),
    st.tuples(st.just("withdraw"), st.sampled_from(OFFERS), optional_times),
    st.tuples(
        st.just("attach"), st.sampled_from(OFFERS), st.sampled_from(("CA1", "CA2"))
    ),
)
other_ops = st.one_of(
    enqueue_ops,
    set_available_ops,
    st.tuples(st.just("remove"), st.sampled_from(ENTRIES)),
    st.tuples(st.just("set_unavailable"), st.sampled_from(OPERATORS)),
    st.tuples(st.just("end_call"), st.sampled_from(OPERATORS), optional_times),
    st.tuples(st.just("peek"), st.sampled_from(ENTRIES)),
)
# Start from a populated queue and favour the offer lifecycle, where the races live.
setup = st.tuples(
    *(
        st.tuples(
            st.just("enqueue"),
            st.just(entry_id),
            st.sampled_from(LANGUAGES),
            st.integers(min_value=0, max_value=3).map(float),
        )
        for entry_id in ENTRIES[:4]
    ),
    *(
        st.tuples(
            st.just("set_available"),
            st.just(operator_id),
            st.lists(st.sampled_from(LANGUAGES), min_size=1, max_size=3, unique=True),
            st.integers(min_value=0, max_value=3).map(float),
        )
        for operator_id in OPERATORS
    ),
)
operations = st.one_of(reserve_ops, offer_ops, other_ops)


def entry(entry_id: str, language: str, at: float) -> QueuedCall:
    return QueuedCall(
        entry_id=entry_id,
        language=language,
        enqueued_at=T0 + at,
        kind="callback" if entry_id.startswith("cb-") else "live",
        need="shopping",
        postcode=None,
        caller_number="+32470000001",
        call_log_id=None,
    )


async def apply(backend: QueueBackend, model: ModelQueue, op: tuple[Any, ...]) -> None:
    name, *args = op
    got: object
    want: object
    if name == "enqueue":
        new = entry(args[0], args[1], args[2])
        got, want = await backend.enqueue(new), model.enqueue(new)
    elif name == "remove":
        got, want = await backend.remove(args[0]), model.remove(args[0])
    elif name == "set_available":
        presence = OperatorPresence(args[0], tuple(args[1]), T0 + args[2])
        await backend.set_available(presence)
        model.set_available(presence)
        got = want = None
    elif name == "set_unavailable":
        got, want = (
            await backend.set_unavailable(args[0]),
            model.set_unavailable(args[0]),
        )
    elif name == "reserve":
        entry_id, operator_id, offer_id, now, ttl = args
        got = await backend.reserve(
            entry_id=entry_id,
            operator_id=operator_id,
            offer_id=offer_id,
            now=T0 + now,
            expires_at=T0 + now + ttl,
        )
        want = model.reserve(entry_id, operator_id, offer_id, T0 + now, T0 + now + ttl)
    elif name == "accept":
        got, want = (
            await backend.accept(args[0], T0 + args[1]),
            model.accept(args[0], T0 + args[1]),
        )
    elif name == "withdraw":
        idle = None if args[1] is None else T0 + args[1]
        got = await backend.withdraw(args[0], operator_idle_since=idle)
        want = model.withdraw(args[0], idle)
    elif name == "end_call":
        available_at = None if args[1] is None else T0 + args[1]
        got = await backend.end_call(args[0], available_at=available_at)
        want = model.end_call(args[0], available_at)
    elif name == "attach":
        got, want = (
            await backend.attach_operator_call(args[0], args[1]),
            model.attach(args[0], args[1]),
        )
    else:
        entry_id = args[0]
        got = (
            await backend.position(entry_id),
            await backend.get_entry(entry_id),
            await backend.offer_for_entry(entry_id),
            await backend.departure(entry_id),
            await backend.waiting_count(),
            [await backend.waiting_count(language) for language in LANGUAGES],
        )
        offer_id = model.entry_offer.get(entry_id)
        want = (
            model.position(entry_id),
            model.entries.get(entry_id),
            None if offer_id is None else model.offers[offer_id],
            model.departures.get(entry_id),
            len(model.entries),
            [len(model._fifo(language)) for language in LANGUAGES],
        )
    assert got == want, op


async def observe(
    backend: QueueBackend, model: ModelQueue, at_times: tuple[float, ...]
) -> None:
    for at in at_times:
        now = T0 + at
        assert await backend.snapshot(now) == model.snapshot(now)
        operators_only = dataclasses.replace(model.snapshot(now), waiting={})
        assert await backend.snapshot(now, include_waiting=False) == operators_only
        assert await backend.dispatch_view(now, limit=100) == model.dispatch_view(now)
        assert await backend.expired_offers(now) == model.expired_offers(now)
    for entry_id in ENTRIES:
        assert await backend.departure(entry_id) == model.departures.get(entry_id)


@settings(
    max_examples=120,
    deadline=None,
    # The fixture is a factory; every example builds its own fresh backend.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(setup_ops=setup, ops=st.lists(operations, min_size=10, max_size=40))
async def test_random_operations_match_the_model(
    backend_factory: Callable[[], Awaitable[QueueBackend]],
    setup_ops: tuple[tuple[Any, ...], ...],
    ops: list[tuple[Any, ...]],
) -> None:
    backend = await backend_factory()
    model = ModelQueue()
    for step, op in enumerate([*setup_ops, *ops]):
        await apply(backend, model, op)
        # One observation time per step keeps the Redis run short; all at the end.
        await observe(backend, model, (OBSERVE_AT[step % len(OBSERVE_AT)],))
    await observe(backend, model, OBSERVE_AT)
