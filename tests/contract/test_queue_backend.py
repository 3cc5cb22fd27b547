"""The QueueBackend contract (app/queue/backend.py), run on every implementation."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable

import pytest

from app.queue.backend import (
    OperatorPresence,
    QueueBackend,
    QueuedCall,
    RemovedEntry,
)
from app.queue.redis_backend import RedisQueueBackend

pytestmark = pytest.mark.contract

T0 = 1_700_000_000.123456  # a realistic epoch time with sub-second digits


def call(
    entry_id: str, language: str = "nl", *, at: float = 0.0, need: str = "groceries"
) -> QueuedCall:
    return QueuedCall(
        entry_id=entry_id,
        language=language,
        enqueued_at=T0 + at,
        kind="callback" if entry_id.startswith("cb-") else "live",
        need=need,
        postcode="1000",
        caller_number="+32470123456",
        call_log_id=42,
    )


def operator(operator_id: str, *languages: str, idle: float = 0.0) -> OperatorPresence:
    return OperatorPresence(
        operator_id=operator_id, languages=languages or ("nl",), idle_since=T0 + idle
    )


async def reserve(
    backend: QueueBackend,
    entry_id: str,
    operator_id: str,
    offer_id: str | None = None,
    *,
    now: float = 10.0,
    ttl: float = 25.0,
) -> bool:
    offer = await backend.reserve(
        entry_id=entry_id,
        operator_id=operator_id,
        offer_id=offer_id or f"of-{entry_id}-{operator_id}",
        now=T0 + now,
        expires_at=T0 + now + ttl,
    )
    return offer is not None


async def waiting_ids(
    backend: QueueBackend, language: str, *, now: float = 10.0
) -> list[str]:
    view = await backend.dispatch_view(T0 + now, limit=100)
    if language not in view.languages:
        return []
    return [entry.entry_id for entry in view.languages[language].waiting]


async def dispatchable_ids(
    backend: QueueBackend, language: str = "nl", *, now: float = 10.0
) -> list[str]:
    await backend.enqueue(call("probe-" + language, language, at=1e6))
    view = await backend.dispatch_view(T0 + now, limit=100)
    await backend.remove("probe-" + language)
    return [op.operator_id for op in view.languages[language].speakers]


class TestEnqueue:
    async def test_positions_are_fifo_per_language(
        self, queue_backend: QueueBackend
    ) -> None:
        assert await queue_backend.enqueue(call("a", "nl", at=1)) == 1
        assert await queue_backend.enqueue(call("b", "fr", at=2)) == 1
        assert await queue_backend.enqueue(call("c", "nl", at=3)) == 2
        assert await queue_backend.enqueue(call("cb-d", "nl", at=4)) == 3
        assert await queue_backend.position("c") == 2
        assert await queue_backend.position("b") == 1
        assert await waiting_ids(queue_backend, "nl") == ["a", "c", "cb-d"]

    async def test_order_follows_enqueued_at_then_entry_id(
        self, queue_backend: QueueBackend
    ) -> None:
        await queue_backend.enqueue(call("late", at=5))
        assert await queue_backend.enqueue(call("early", at=1)) == 1
        await queue_backend.enqueue(call("tie-b", at=3))
        await queue_backend.enqueue(call("tie-a", at=3))
        assert await waiting_ids(queue_backend, "nl") == [
            "early",
            "tie-a",
            "tie-b",
            "late",
        ]
        assert await queue_backend.position("late") == 4

    async def test_enqueue_is_idempotent_and_keeps_the_place(
        self, queue_backend: QueueBackend
    ) -> None:
        await queue_backend.enqueue(call("a", at=1))
        await queue_backend.enqueue(call("b", at=2))
        assert await queue_backend.enqueue(call("a", "fr", at=9, need="other")) == 1
        assert await queue_backend.waiting_count() == 2
        assert await queue_backend.get_entry("a") == call("a", at=1)
        assert await queue_backend.waiting_count("fr") == 0

    async def test_re_enqueue_of_an_offered_entry_changes_nothing(
        self, queue_backend: QueueBackend
    ) -> None:
        await queue_backend.enqueue(call("a", at=1))
        await queue_backend.set_available(operator("op1"))
        assert await reserve(queue_backend, "a", "op1")
        assert await queue_backend.enqueue(call("a", at=1)) == 1
        assert await waiting_ids(queue_backend, "nl") == []
        assert await queue_backend.offer_for_entry("a") is not None

    async def test_an_accepted_entry_can_be_enqueued_again(
        self, queue_backend: QueueBackend
    ) -> None:
        await queue_backend.enqueue(call("a", at=1))
        await queue_backend.set_available(operator("op1"))
        assert await reserve(queue_backend, "a", "op1", "o1")
        assert await queue_backend.accept("o1", T0 + 11) is not None
        assert await queue_backend.enqueue(call("a", at=20)) == 1
        assert await waiting_ids(queue_backend, "nl", now=30) == ["a"]


class TestCountsAndLookups:
    async def test_unknown_entries(self, queue_backend: QueueBackend) -> None:
        assert await queue_backend.position("nope") is None
        assert await queue_backend.get_entry("nope") is None
        assert await queue_backend.offer_for_entry("nope") is None
        assert await queue_backend.waiting_count() == 0
        assert await queue_backend.waiting_count("nl") == 0

    async def test_offered_entries_still_count_and_keep_positions(
        self, queue_backend: QueueBackend
    ) -> None:
        for i, entry_id in enumerate(["a", "b", "c"]):
            await queue_backend.enqueue(call(entry_id, at=i))
        await queue_backend.enqueue(call("x", "fr", at=9))
        await queue_backend.set_available(operator("op1"))
        assert await reserve(queue_backend, "a", "op1")
        assert await queue_backend.waiting_count("nl") == 3
        assert await queue_backend.waiting_count() == 4
        assert await queue_backend.position("a") == 1
        assert await queue_backend.position("b") == 2
        assert await waiting_ids(queue_backend, "nl") == ["b", "c"]


class TestRemove:
    async def test_remove_waiting_entry(self, queue_backend: QueueBackend) -> None:
        await queue_backend.enqueue(call("a", at=1))
        await queue_backend.enqueue(call("b", at=2))
        removed = await queue_backend.remove("a")
        assert removed == RemovedEntry(entry=call("a", at=1), withdrawn_offer=None)
        assert await queue_backend.position("b") == 1
        assert await queue_backend.position("a") is None
        assert await queue_backend.waiting_count() == 1

    async def test_remove_tolerates_missing_entries(
        self, queue_backend: QueueBackend
    ) -> None:
        assert await queue_backend.remove("never") is None
        await queue_backend.enqueue(call("a"))
        assert await queue_backend.remove("a") is not None
        assert await queue_backend.remove("a") is None

    async def test_remove_offered_entry_returns_offer_and_frees_operator(
        self, queue_backend: QueueBackend
    ) -> None:
        await queue_backend.enqueue(call("a", at=1))
        await queue_backend.set_available(operator("op1", idle=-50))
        await queue_backend.set_available(operator("op2", idle=-10))
        assert await reserve(queue_backend, "a", "op1", "o1")
        removed = await queue_backend.remove("a")
        assert removed is not None
        assert removed.withdrawn_offer is not None
        assert removed.withdrawn_offer.offer_id == "o1"
        assert removed.withdrawn_offer.operator_id == "op1"
        assert await queue_backend.get_offer("o1") is None
        state = await queue_backend.operator_state("op1", T0 + 11)
        assert state is not None
        assert state.status == "available"
        assert state.presence.idle_since == T0 - 50  # the previous idle_since
        # Still the longest idle, so first in line again.
        assert await dispatchable_ids(queue_backend, now=11) == ["op1", "op2"]
        assert await queue_backend.expired_offers(T0 + 1000) == []


class TestReserve:
    async def test_reserve_makes_entry_offered_and_operator_ringing(
        self, queue_backend: QueueBackend
    ) -> None:
        await queue_backend.enqueue(call("a", at=1))
        await queue_backend.set_available(operator("op1", idle=-5))
        offer = await queue_backend.reserve(
            entry_id="a",
            operator_id="op1",
            offer_id="o1",
            now=T0 + 10,
            expires_at=T0 + 35,
        )
        assert offer is not None
        assert offer.entry == call("a", at=1)
        assert (offer.created_at, offer.expires_at) == (T0 + 10, T0 + 35)
        assert offer.operator_call_sid is None
        assert offer.operator_idle_since == T0 - 5
        assert not offer.is_accepted
        assert await queue_backend.get_offer("o1") == offer
        assert await queue_backend.offer_for_entry("a") == offer
        state = await queue_backend.operator_state("op1", T0 + 10)
        assert state is not None
        assert (state.status, state.offer_id, state.entry_id) == ("ringing", "o1", "a")

    async def test_reserve_refuses_what_is_not_dispatchable(
        self, queue_backend: QueueBackend
    ) -> None:
        await queue_backend.enqueue(call("a", at=1))
        await queue_backend.enqueue(call("b", at=2))
        await queue_backend.set_available(operator("op1"))
        await queue_backend.set_available(operator("op2"))
        await queue_backend.set_available(operator("wrapping", idle=60))
        assert not await reserve(queue_backend, "missing", "op1")
        assert not await reserve(queue_backend, "a", "stranger")
        assert not await reserve(queue_backend, "a", "wrapping", now=10)
        assert await reserve(queue_backend, "a", "op1", "o1")
        assert not await reserve(queue_backend, "a", "op2")  # entry already offered
        assert not await reserve(queue_backend, "b", "op1")  # operator ringing
        assert not await reserve(queue_backend, "b", "op2", "o1")  # offer id taken
        assert await reserve(queue_backend, "b", "op2", "o2")

    async def test_wrap_up_operator_is_dispatchable_from_idle_since(
        self, queue_backend: QueueBackend
    ) -> None:
        await queue_backend.enqueue(call("a"))
        await queue_backend.set_available(operator("op1", idle=60))
        state = await queue_backend.operator_state("op1", T0 + 59)
        assert state is not None
        assert state.status == "wrap_up"
        assert await dispatchable_ids(queue_backend, now=59) == []
        assert await dispatchable_ids(queue_backend, now=60) == ["op1"]
        assert not await reserve(queue_backend, "a", "op1", now=59.999)
        assert await reserve(queue_backend, "a", "op1", now=60)

    async def test_concurrent_reservers_of_one_entry_one_wins(
        self, queue_backend: QueueBackend
    ) -> None:
        await queue_backend.enqueue(call("a"))
        operators = [f"op{i}" for i in range(25)]
        for operator_id in operators:
            await queue_backend.set_available(operator(operator_id))
        results = await asyncio.gather(
            *(reserve(queue_backend, "a", operator_id) for operator_id in operators)
        )
        assert sum(results) == 1
        winner = operators[results.index(True)]
        assert len(await dispatchable_ids(queue_backend)) == 24
        state = await queue_backend.operator_state(winner, T0 + 10)
        assert state is not None
        assert state.status == "ringing"

    async def test_concurrent_reservers_of_one_operator_one_wins(
        self, queue_backend: QueueBackend
    ) -> None:
        entries = [f"e{i:02d}" for i in range(25)]
        for i, entry_id in enumerate(entries):
            await queue_backend.enqueue(call(entry_id, at=i))
        await queue_backend.set_available(operator("op1"))
        results = await asyncio.gather(
            *(reserve(queue_backend, entry_id, "op1") for entry_id in entries)
        )
        assert sum(results) == 1
        assert len(await waiting_ids(queue_backend, "nl")) == 24

    async def test_many_entries_few_operators_never_double_offer(
        self, queue_backend: QueueBackend
    ) -> None:
        rng = random.Random(7)
        entries = [f"e{i:02d}" for i in range(40)]
        operators = [f"op{i}" for i in range(6)]
        for i, entry_id in enumerate(entries):
            await queue_backend.enqueue(call(entry_id, at=i))
        for operator_id in operators:
            await queue_backend.set_available(operator(operator_id))
        attempts = [
            (rng.choice(entries), rng.choice(operators), f"o{n}") for n in range(300)
        ]
        results = await asyncio.gather(
            *(reserve(queue_backend, e, o, offer_id) for e, o, offer_id in attempts)
        )
        won = [attempt for attempt, ok in zip(attempts, results, strict=True) if ok]
        assert len({o for _, o, _ in won}) == len(won)
        assert len({e for e, _, _ in won}) == len(won)
        assert len(won) == len(operators)  # every operator was tried by someone
        snapshot = await queue_backend.snapshot(T0 + 10)
        assert len(snapshot.offers) == len(won)
        assert {s.status for s in snapshot.operators} == {"ringing"}


class TestAccept:
    async def test_accept_connects_and_is_idempotent(
        self, queue_backend: QueueBackend
    ) -> None:
        await queue_backend.enqueue(call("a", at=1))
        await queue_backend.enqueue(call("b", at=2))
        await queue_backend.set_available(operator("op1"))
        assert await reserve(queue_backend, "a", "op1", "o1", now=10, ttl=25)
        accepted = await queue_backend.accept("o1", T0 + 20)
        assert accepted is not None
        assert accepted.accepted_at == T0 + 20
        assert accepted.is_accepted
        assert await queue_backend.position("a") is None
        assert await queue_backend.position("b") == 1
        assert await queue_backend.waiting_count() == 1
        assert await queue_backend.offer_for_entry("a") is None
        assert await queue_backend.get_offer("o1") == accepted
        assert await queue_backend.accept("o1", T0 + 21) == accepted
        assert await queue_backend.withdraw("o1", operator_idle_since=T0) is None
        state = await queue_backend.operator_state("op1", T0 + 20)
        assert state is not None
        assert (state.status, state.offer_id, state.entry_id) == ("on_call", "o1", "a")
        assert await queue_backend.expired_offers(T0 + 1000) == []

    async def test_accept_after_withdraw_fails(
        self, queue_backend: QueueBackend
    ) -> None:
        await queue_backend.enqueue(call("a"))
        await queue_backend.set_available(operator("op1"))
        assert await reserve(queue_backend, "a", "op1", "o1")
        assert (
            await queue_backend.withdraw("o1", operator_idle_since=T0 + 12) is not None
        )
        assert await queue_backend.accept("o1", T0 + 13) is None
        assert await queue_backend.accept("unknown", T0 + 13) is None
        assert await queue_backend.position("a") == 1

    async def test_accept_at_or_after_expiry_fails_and_offer_stays_pending(
        self, queue_backend: QueueBackend
    ) -> None:
        await queue_backend.enqueue(call("a"))
        await queue_backend.set_available(operator("op1"))
        assert await reserve(queue_backend, "a", "op1", "o1", now=10, ttl=25)
        assert await queue_backend.accept("o1", T0 + 35) is None
        offer = await queue_backend.get_offer("o1")
        assert offer is not None
        assert not offer.is_accepted
        assert await queue_backend.expired_offers(T0 + 35) == [offer]
        assert await queue_backend.accept("o1", T0 + 34.999) is not None


class TestWithdraw:
    async def test_withdraw_returns_entry_to_its_original_place(
        self, queue_backend: QueueBackend
    ) -> None:
        for i, entry_id in enumerate(["a", "b", "c"]):
            await queue_backend.enqueue(call(entry_id, at=i))
        await queue_backend.set_available(operator("op1"))
        assert await reserve(queue_backend, "a", "op1", "o1")
        await queue_backend.enqueue(call("d", at=50))
        assert await waiting_ids(queue_backend, "nl") == ["b", "c", "d"]
        withdrawn = await queue_backend.withdraw("o1", operator_idle_since=T0 + 40)
        assert withdrawn is not None
        assert withdrawn.offer_id == "o1"
        assert await waiting_ids(queue_backend, "nl") == ["a", "b", "c", "d"]
        assert await queue_backend.position("a") == 1
        assert await queue_backend.get_entry("a") == call("a", at=0)
        assert await queue_backend.offer_for_entry("a") is None
        assert await queue_backend.withdraw("o1", operator_idle_since=T0) is None

    async def test_withdraw_sets_the_operator_idle_since(
        self, queue_backend: QueueBackend
    ) -> None:
        await queue_backend.enqueue(call("a"))
        await queue_backend.set_available(operator("op1", idle=-100))
        await queue_backend.set_available(operator("op2", idle=-10))
        assert await reserve(queue_backend, "a", "op1", "o1")
        assert await queue_backend.withdraw("o1", operator_idle_since=T0 + 30)
        assert await dispatchable_ids(queue_backend, now=29) == ["op2"]
        assert await dispatchable_ids(queue_backend, now=30) == ["op2", "op1"]

    async def test_withdraw_without_idle_since_takes_operator_off_duty(
        self, queue_backend: QueueBackend
    ) -> None:
        await queue_backend.enqueue(call("a"))
        await queue_backend.set_available(operator("op1", "nl", "de"))
        assert await reserve(queue_backend, "a", "op1", "o1")
        assert await queue_backend.withdraw("o1", operator_idle_since=None)
        assert await queue_backend.operator_state("op1", T0 + 20) is None
        view = await queue_backend.dispatch_view(T0 + 20, limit=10)
        assert view.languages_on_duty == frozenset()
        assert view.languages["nl"].speakers == ()


class TestExpiredOffers:
    async def test_lists_expired_pending_offers_soonest_first(
        self, queue_backend: QueueBackend
    ) -> None:
        for i in range(4):
            await queue_backend.enqueue(call(f"e{i}", at=i))
            await queue_backend.set_available(operator(f"op{i}"))
        assert await reserve(queue_backend, "e0", "op0", "o0", now=10, ttl=30)
        assert await reserve(queue_backend, "e1", "op1", "o1", now=10, ttl=10)
        assert await reserve(queue_backend, "e2", "op2", "o2", now=10, ttl=20)
        assert await reserve(queue_backend, "e3", "op3", "o3", now=10, ttl=5)
        assert await queue_backend.accept("o3", T0 + 12) is not None
        assert await queue_backend.expired_offers(T0 + 19.9) == []
        expired = await queue_backend.expired_offers(T0 + 30)
        assert [offer.offer_id for offer in expired] == ["o1", "o2"]
        limited = await queue_backend.expired_offers(T0 + 100, limit=1)
        assert [offer.offer_id for offer in limited] == ["o1"]
        await queue_backend.withdraw("o1", operator_idle_since=T0 + 30)
        expired = await queue_backend.expired_offers(T0 + 100)
        assert [offer.offer_id for offer in expired] == ["o2", "o0"]


class TestOperators:
    async def test_set_unavailable_while_ringing_returns_the_offer(
        self, queue_backend: QueueBackend
    ) -> None:
        await queue_backend.enqueue(call("a", at=1))
        await queue_backend.enqueue(call("b", at=2))
        await queue_backend.set_available(operator("op1"))
        assert await reserve(queue_backend, "a", "op1", "o1")
        withdrawn = await queue_backend.set_unavailable("op1")
        assert withdrawn is not None
        assert withdrawn.offer_id == "o1"
        assert await queue_backend.operator_state("op1", T0 + 10) is None
        assert await queue_backend.get_offer("o1") is None
        assert await waiting_ids(queue_backend, "nl") == ["a", "b"]
        assert await queue_backend.set_unavailable("op1") is None

    async def test_set_unavailable_of_available_operator(
        self, queue_backend: QueueBackend
    ) -> None:
        await queue_backend.set_available(operator("op1", "fr", "en"))
        assert await queue_backend.set_unavailable("op1") is None
        assert await queue_backend.operator_state("op1", T0) is None
        assert (
            await queue_backend.dispatch_view(T0, limit=5)
        ).languages_on_duty == frozenset()

    async def test_end_call_returns_operator_after_wrap_up(
        self, queue_backend: QueueBackend
    ) -> None:
        await queue_backend.enqueue(call("a"))
        await queue_backend.set_available(operator("op1"))
        assert await reserve(queue_backend, "a", "op1", "o1")
        assert (
            await queue_backend.end_call("op1", available_at=T0 + 99) is False
        )  # ringing
        assert await queue_backend.accept("o1", T0 + 11)
        assert await queue_backend.end_call("op1", available_at=T0 + 100) is True
        assert await queue_backend.get_offer("o1") is None
        state = await queue_backend.operator_state("op1", T0 + 50)
        assert state is not None
        assert (state.status, state.presence.idle_since) == ("wrap_up", T0 + 100)
        assert await dispatchable_ids(queue_backend, now=99) == []
        assert await dispatchable_ids(queue_backend, now=100) == ["op1"]
        assert await queue_backend.end_call("op1", available_at=T0 + 200) is False

    async def test_end_call_without_available_at_goes_off_duty(
        self, queue_backend: QueueBackend
    ) -> None:
        await queue_backend.enqueue(call("a"))
        await queue_backend.set_available(operator("op1"))
        assert await reserve(queue_backend, "a", "op1", "o1")
        assert await queue_backend.accept("o1", T0 + 11)
        assert await queue_backend.end_call("op1", available_at=None) is True
        assert await queue_backend.operator_state("op1", T0 + 50) is None
        assert await queue_backend.end_call("nobody", available_at=None) is False

    async def test_set_unavailable_while_on_call(
        self, queue_backend: QueueBackend
    ) -> None:
        await queue_backend.enqueue(call("a"))
        await queue_backend.set_available(operator("op1"))
        assert await reserve(queue_backend, "a", "op1", "o1")
        assert await queue_backend.accept("o1", T0 + 11)
        assert await queue_backend.set_unavailable("op1") is None
        assert await queue_backend.get_offer("o1") is None
        assert await queue_backend.end_call("op1", available_at=T0 + 60) is False
        assert await queue_backend.operator_state("op1", T0 + 100) is None

    async def test_set_available_updates_languages_and_idle_since(
        self, queue_backend: QueueBackend
    ) -> None:
        await queue_backend.set_available(operator("op1", "nl", "en", idle=5))
        await queue_backend.set_available(operator("op1", "fr", idle=-5))
        state = await queue_backend.operator_state("op1", T0)
        assert state is not None
        assert state.presence == operator("op1", "fr", idle=-5)
        view = await queue_backend.dispatch_view(T0, limit=5)
        assert view.languages_on_duty == frozenset({"fr"})
        assert view.english_speakers == ()
        assert await dispatchable_ids(queue_backend, "nl", now=0) == []
        assert await dispatchable_ids(queue_backend, "fr", now=0) == ["op1"]

    async def test_set_available_while_ringing_keeps_the_offer(
        self, queue_backend: QueueBackend
    ) -> None:
        await queue_backend.enqueue(call("a"))
        await queue_backend.set_available(operator("op1", "nl", idle=-5))
        assert await reserve(queue_backend, "a", "op1", "o1")
        await queue_backend.set_available(operator("op1", "nl", "de", idle=0))
        state = await queue_backend.operator_state("op1", T0 + 10)
        assert state is not None
        assert state.status == "ringing"
        assert state.presence == operator("op1", "nl", "de", idle=-5)
        assert await queue_backend.withdraw("o1", operator_idle_since=T0 + 1)
        assert await dispatchable_ids(queue_backend, "de", now=1) == ["op1"]

    async def test_attach_operator_call(self, queue_backend: QueueBackend) -> None:
        await queue_backend.enqueue(call("a"))
        await queue_backend.set_available(operator("op1"))
        assert await reserve(queue_backend, "a", "op1", "o1")
        attached = await queue_backend.attach_operator_call("o1", "CA" + "1" * 32)
        assert attached is not None
        assert attached.operator_call_sid == "CA" + "1" * 32
        assert await queue_backend.get_offer("o1") == attached
        await queue_backend.withdraw("o1", operator_idle_since=T0)
        assert await queue_backend.attach_operator_call("o1", "CA" + "2" * 32) is None


class TestViews:
    async def test_dispatch_view_lists_candidates_longest_idle_first(
        self, queue_backend: QueueBackend
    ) -> None:
        await queue_backend.enqueue(call("n1", "nl", at=1))
        await queue_backend.enqueue(call("n2", "nl", at=2))
        await queue_backend.enqueue(call("d1", "de", at=3))
        await queue_backend.enqueue(call("f1", "fr", at=0))
        await queue_backend.set_available(operator("nl-late", "nl", idle=-1))
        await queue_backend.set_available(operator("nl-early", "nl", "en", idle=-9))
        await queue_backend.set_available(operator("fr-nl", "fr", "nl", idle=-20))
        await queue_backend.set_available(operator("en-only", "en", idle=-3))
        await queue_backend.set_available(operator("wrap", "nl", idle=50))
        await queue_backend.set_available(operator("busy", "fr"))
        assert await reserve(queue_backend, "f1", "busy", "o1")
        view = await queue_backend.dispatch_view(T0 + 10, limit=10)
        assert view.now == T0 + 10
        assert set(view.languages) == {"nl", "de"}  # fr only has an offered entry
        nl = view.languages["nl"]
        assert [e.entry_id for e in nl.waiting] == ["n1", "n2"]
        assert [o.operator_id for o in nl.first_choice] == ["nl-early", "nl-late"]
        assert [o.operator_id for o in nl.speakers] == ["fr-nl", "nl-early", "nl-late"]
        assert view.languages["de"].first_choice == ()
        assert view.languages["de"].speakers == ()
        assert [o.operator_id for o in view.english_speakers] == ["nl-early", "en-only"]
        assert view.languages_on_duty == frozenset({"nl", "en", "fr"})
        assert nl.speakers[0] == operator("fr-nl", "fr", "nl", idle=-20)

    async def test_dispatch_view_limit_cuts_each_list(
        self, queue_backend: QueueBackend
    ) -> None:
        for i in range(5):
            await queue_backend.enqueue(call(f"e{i}", at=i))
            await queue_backend.set_available(operator(f"op{i}", "nl", "en", idle=-i))
        view = await queue_backend.dispatch_view(T0, limit=2)
        nl = view.languages["nl"]
        assert [e.entry_id for e in nl.waiting] == ["e0", "e1"]
        assert [o.operator_id for o in nl.first_choice] == ["op4", "op3"]
        assert len(nl.speakers) == len(view.english_speakers) == 2
        with pytest.raises(ValueError, match="limit"):
            await queue_backend.dispatch_view(T0, limit=0)

    async def test_snapshot_shows_queue_offers_and_operators(
        self, queue_backend: QueueBackend
    ) -> None:
        await queue_backend.enqueue(call("a", "nl", at=1))
        await queue_backend.enqueue(call("b", "nl", at=2))
        await queue_backend.enqueue(call("c", "fr", at=3))
        await queue_backend.enqueue(call("d", "fr", at=4))
        await queue_backend.set_available(operator("ringer", "nl"))
        await queue_backend.set_available(operator("talker", "fr"))
        await queue_backend.set_available(operator("idle", "fr"))
        await queue_backend.set_available(operator("wrap", "fr", idle=99))
        assert await reserve(queue_backend, "c", "talker", "o1", now=5)
        assert await queue_backend.accept("o1", T0 + 6)
        assert await reserve(queue_backend, "b", "ringer", "o2", now=7)
        snapshot = await queue_backend.snapshot(T0 + 10)
        assert snapshot.taken_at == T0 + 10
        assert {
            language: [(w.entry.entry_id, w.position, w.offer_id) for w in entries]
            for language, entries in snapshot.waiting.items()
        } == {"nl": [("a", 1, None), ("b", 2, "o2")], "fr": [("d", 1, None)]}
        assert [(o.offer_id, o.is_accepted) for o in snapshot.offers] == [
            ("o1", True),
            ("o2", False),
        ]
        assert [
            (s.presence.operator_id, s.status, s.entry_id) for s in snapshot.operators
        ] == [
            ("idle", "available", None),
            ("ringer", "ringing", "b"),
            ("talker", "on_call", "c"),
            ("wrap", "wrap_up", None),
        ]


class TestSeveralAppInstances:
    async def test_instances_sharing_a_prefix_see_one_queue(
        self, redis_instances: Callable[[], RedisQueueBackend]
    ) -> None:
        first, second = redis_instances(), redis_instances()
        await first.enqueue(call("a", at=1))
        assert await second.enqueue(call("b", at=2)) == 2
        assert await second.enqueue(call("a", at=1)) == 1
        await second.set_available(operator("op1"))
        assert await reserve(first, "a", "op1", "o1")
        assert await second.accept("o1", T0 + 11) is not None
        assert await first.position("b") == 1

    async def test_instances_racing_for_entries_and_operators(
        self, redis_instances: Callable[[], RedisQueueBackend]
    ) -> None:
        instances = [redis_instances() for _ in range(4)]
        entries = [f"e{i:02d}" for i in range(30)]
        operators = [f"op{i}" for i in range(8)]
        for i, entry_id in enumerate(entries):
            await instances[i % 4].enqueue(call(entry_id, at=i))
        for operator_id in operators:
            await instances[0].set_available(operator(operator_id))
        rng = random.Random(11)
        attempts = [
            (instances[n % 4], rng.choice(entries[:10]), rng.choice(operators), f"o{n}")
            for n in range(400)
        ]
        results = await asyncio.gather(
            *(reserve(b, e, o, offer_id) for b, e, o, offer_id in attempts)
        )
        won = [a[1:3] for a, ok in zip(attempts, results, strict=True) if ok]
        assert len({o for _, o in won}) == len(won)
        assert len({e for e, _ in won}) == len(won)
        accepts = await asyncio.gather(
            *(
                instance.accept(f"o{n}", T0 + 11)
                for n in range(400)
                for instance in instances[:2]
            )
        )
        accepted = {offer.offer_id for offer in accepts if offer is not None}
        assert len(accepted) == len(won)
        assert await instances[3].waiting_count() == len(entries) - len(won)
