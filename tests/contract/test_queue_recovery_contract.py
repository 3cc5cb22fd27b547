"""The QueueBackend contract for recovery (app/queue/backend.py), on every
implementation: the rebuild lease of a store that lost its data, and an operator
whose offer is withdrawn while their phone is still being dialled."""

from __future__ import annotations

import asyncio

import pytest

from app.queue.backend import OperatorPresence, QueueBackend, QueuedCall

pytestmark = pytest.mark.contract

T0 = 1_700_000_000.123456


def entry(entry_id: str) -> QueuedCall:
    return QueuedCall(
        entry_id=entry_id,
        language="nl",
        enqueued_at=T0,
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


class TestRemoveWhileDialling:
    async def _offered(self, backend: QueueBackend) -> None:
        await backend.enqueue(entry("caller"))
        await backend.set_available(
            OperatorPresence(operator_id="ann", languages=("nl",), idle_since=T0)
        )
        offer = await backend.reserve(
            entry_id="caller",
            operator_id="ann",
            offer_id="offer",
            now=T0 + 1,
            expires_at=T0 + 49,
        )
        assert offer is not None

    async def test_an_operator_still_being_dialled_returns_after_the_pause(
        self, queue_backend: QueueBackend
    ) -> None:
        await self._offered(queue_backend)
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
        await self._offered(queue_backend)
        assert await queue_backend.attach_operator_call("offer", "CA1") is not None
        assert await queue_backend.remove("caller", dialling_idle_since=T0 + 21)
        state = await queue_backend.operator_state("ann", T0 + 2)
        assert state is not None
        assert state.status == "available"
        assert state.presence.idle_since == T0
