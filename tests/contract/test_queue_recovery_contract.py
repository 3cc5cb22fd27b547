"""The QueueBackend contract for recovery (app/queue/backend.py), on every
implementation: the rebuild lease of a store that lost its data, an operator whose
offer is withdrawn while their phone is still being dialled, and the departures
that tell an entry taken out on purpose from one the store lost."""

from __future__ import annotations

import asyncio

import pytest

from app.queue.backend import Departure, OperatorPresence, QueueBackend, QueuedCall
from tests.contract.conftest import BackendFactory

pytestmark = pytest.mark.contract

T0 = 1_700_000_000.123456


def entry(entry_id: str, *, at: float = 0.0) -> QueuedCall:
    return QueuedCall(
        entry_id=entry_id,
        language="nl",
        enqueued_at=T0 + at,
        kind="live",
        need="groceries",
        postcode="1000",
        caller_number="+32470123456",
        call_log_id=1,
    )


class TestRebuildLease:
    async def test_a_new_store_is_not_built_and_one_claim_wins(
        self, queue_backend: QueueBackend
    ) -> None:
        assert not await queue_backend.is_built()
        claims = await asyncio.gather(
            *(queue_backend.claim_rebuild(now=T0, lease_s=30) for _ in range(20))
        )
        tokens = [token for token in claims if token is not None]
        assert len(tokens) == 1
        assert not await queue_backend.is_built()
        assert await queue_backend.finish_rebuild(tokens[0])
        assert await queue_backend.is_built()
        assert await queue_backend.claim_rebuild(now=T0 + 60, lease_s=30) is None

    async def test_a_lease_that_ran_out_is_claimed_again(
        self, queue_backend: QueueBackend
    ) -> None:
        first = await queue_backend.claim_rebuild(now=T0, lease_s=30)
        assert first is not None
        assert await queue_backend.claim_rebuild(now=T0 + 29.9, lease_s=30) is None
        second = await queue_backend.claim_rebuild(now=T0 + 30, lease_s=30)
        assert second is not None
        assert second != first
        assert not await queue_backend.finish_rebuild(first)  # the dead rebuilder
        assert await queue_backend.finish_rebuild(second)
        assert await queue_backend.is_built()

    async def test_an_abandoned_rebuild_is_claimed_again_at_once(
        self, queue_backend: QueueBackend
    ) -> None:
        failed = await queue_backend.claim_rebuild(now=T0, lease_s=30)
        assert failed is not None
        await queue_backend.abandon_rebuild("not-the-token")
        assert await queue_backend.claim_rebuild(now=T0 + 1, lease_s=30) is None
        await queue_backend.abandon_rebuild(failed)
        assert not await queue_backend.is_built()
        again = await queue_backend.claim_rebuild(now=T0 + 1, lease_s=30)
        assert again is not None
        assert not await queue_backend.finish_rebuild(failed)
        assert await queue_backend.finish_rebuild(again)
        await queue_backend.abandon_rebuild(again)  # built stays built
        assert await queue_backend.is_built()


async def offered(backend: QueueBackend, entry_id: str = "caller") -> None:
    """`entry_id` queued and offered to Ann ("offer"), her phone not rung yet."""
    await backend.enqueue(entry(entry_id))
    await backend.set_available(
        OperatorPresence(operator_id="ann", languages=("nl",), idle_since=T0)
    )
    offer = await backend.reserve(
        entry_id=entry_id,
        operator_id="ann",
        offer_id="offer",
        now=T0 + 1,
        expires_at=T0 + 49,
    )
    assert offer is not None


class TestRemoveWhileDialling:
    async def test_an_operator_still_being_dialled_returns_after_the_pause(
        self, queue_backend: QueueBackend
    ) -> None:
        await offered(queue_backend)
        removed = await queue_backend.remove("caller", dialling_idle_since=T0 + 21)
        assert removed is not None
        assert removed.withdrawn_offer is not None
        state = await queue_backend.operator_state("ann", T0 + 2)
        assert state is not None
        assert state.status == "wrap_up"
        assert state.presence.idle_since == T0 + 21

    async def test_an_operator_whose_phone_rings_returns_at_once(
        self, queue_backend: QueueBackend
    ) -> None:
        await offered(queue_backend)
        assert await queue_backend.attach_operator_call("offer", "CA1") is not None
        assert await queue_backend.remove("caller", dialling_idle_since=T0 + 21)
        state = await queue_backend.operator_state("ann", T0 + 2)
        assert state is not None
        assert state.status == "available"
        assert state.presence.idle_since == T0


class TestDepartures:
    async def test_an_entry_in_the_queue_or_never_queued_has_none(
        self, queue_backend: QueueBackend
    ) -> None:
        assert await queue_backend.departure("caller") is None
        await offered(queue_backend)
        assert await queue_backend.departure("caller") is None  # offered: still in
        assert await queue_backend.withdraw("offer", operator_idle_since=T0 + 2)
        assert await queue_backend.departure("caller") is None  # waiting again

    async def test_an_accepted_entry_leaves_with_its_offer(
        self, queue_backend: QueueBackend
    ) -> None:
        await offered(queue_backend)
        assert await queue_backend.accept("offer", T0 + 5) is not None
        accepted = Departure(entry_id="caller", reason="accepted", offer_id="offer")
        assert await queue_backend.departure("caller") == accepted
        assert await queue_backend.accept("offer", T0 + 6) is not None  # a retry
        assert await queue_backend.departure("caller") == accepted
        assert await queue_backend.end_call("ann", available_at=T0 + 30)
        assert await queue_backend.departure("caller") == accepted

    async def test_a_removed_entry_leaves_removed_whether_offered_or_not(
        self, queue_backend: QueueBackend
    ) -> None:
        await offered(queue_backend)
        await queue_backend.enqueue(entry("other", at=1))
        assert await queue_backend.remove("caller") is not None
        assert await queue_backend.remove("other") is not None
        for entry_id in ("caller", "other"):
            departure = await queue_backend.departure(entry_id)
            assert departure == Departure(entry_id=entry_id, reason="removed")
        assert await queue_backend.remove("never") is None
        assert await queue_backend.departure("never") is None

    async def test_enqueued_again_the_departure_is_forgotten(
        self, queue_backend: QueueBackend
    ) -> None:
        await offered(queue_backend)
        assert await queue_backend.accept("offer", T0 + 5) is not None
        await queue_backend.enqueue(entry("caller", at=60))  # e.g. a redialled callback
        assert await queue_backend.departure("caller") is None
        assert await queue_backend.remove("caller") is not None
        removed = Departure(entry_id="caller", reason="removed")
        assert await queue_backend.departure("caller") == removed

    async def test_only_the_newest_departures_are_kept(
        self, backend_factory: BackendFactory
    ) -> None:
        backend = await backend_factory(departures_kept=3)
        for i in range(5):
            await backend.enqueue(entry(f"e{i}", at=i))
        for i in range(4):
            assert await backend.remove(f"e{i}") is not None
        assert [await backend.departure(f"e{i}") is not None for i in range(5)] == [
            False,
            True,
            True,
            True,
            False,
        ]
        # e1 leaves again: it is the newest now, and e2 the oldest kept.
        await backend.enqueue(entry("e1", at=1))
        assert await backend.remove("e1") is not None
        assert await backend.remove("e4") is not None
        kept = [await backend.departure(f"e{i}") is not None for i in range(5)]
        assert kept == [False, True, False, True, True]

    async def test_every_concurrent_departure_is_kept(
        self, queue_backend: QueueBackend
    ) -> None:
        ids = [f"e{i:03d}" for i in range(200)]
        for i, entry_id in enumerate(ids):
            await queue_backend.enqueue(entry(entry_id, at=i))
        await asyncio.gather(*(queue_backend.remove(entry_id) for entry_id in ids))
        departures = await asyncio.gather(*(queue_backend.departure(x) for x in ids))
        assert all(d is not None and d.reason == "removed" for d in departures)
