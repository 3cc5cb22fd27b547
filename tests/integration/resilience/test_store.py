"""The resilience store's contract, in memory and in Redis: the journal keeps each
webhook once and in order, a redial is taken by exactly one instance."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as redis_asyncio
from redis.exceptions import RedisError

from app.resilience.store import (
    MemoryResilienceStore,
    Pending,
    Redial,
    RedisResilienceStore,
    ResilienceStore,
)
from tests.support.services import in_ci, redis_url


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
async def stores(
    request: pytest.FixtureRequest,
) -> AsyncIterator[list[ResilienceStore]]:
    """Two handles on one store, as two app instances would have."""
    if request.param == "memory":
        shared = MemoryResilienceStore()
        yield [shared, shared]
        return
    client = redis_asyncio.Redis.from_url(redis_url(), decode_responses=True)
    try:
        await client.ping()
    except (RedisError, OSError) as exc:
        await client.aclose()
        if in_ci():
            pytest.fail(f"Redis not reachable ({exc}); required in CI")
        pytest.skip(f"Redis not reachable at {redis_url()} ({exc})")
    prefix = f"resilience-test:{uuid.uuid4().hex}:"
    try:
        yield [
            RedisResilienceStore(client, prefix=prefix),
            RedisResilienceStore(client, prefix=prefix),
        ]
    finally:
        keys = [key async for key in client.scan_iter(match=prefix + "*")]
        if keys:
            await client.delete(*keys)
        await client.aclose()


def _pending(key: str, at: float = 100.0) -> Pending:
    return Pending(
        key=key,
        kind="status",
        received_at=at,
        event={"call_sid": key.split(":")[0], "call_status": "completed"},
    )


async def test_the_journal_keeps_each_key_once_in_arrival_order(
    stores: list[ResilienceStore],
) -> None:
    one, other = stores
    assert await one.journal(_pending("CA1:status:a"))
    assert await other.journal(_pending("CA2:status:a", at=50.0))
    assert not await one.journal(_pending("CA1:status:a"))  # a provider retry

    oldest = await other.oldest(10)
    assert [p.key for p in oldest] == ["CA1:status:a", "CA2:status:a"]
    assert oldest[0] == _pending("CA1:status:a")
    assert await one.journal_length() == 2


async def test_a_dropped_entry_is_gone_and_its_key_stays_known(
    stores: list[ResilienceStore],
) -> None:
    one, other = stores
    entry = _pending("CA1:status:a")
    await one.journal(entry)
    await other.drop(entry)
    await one.drop(entry)  # dropped twice (two instances replayed it): no error

    assert await one.oldest(10) == []
    assert not await other.journal(entry)


async def test_redials_come_due_in_time_order_and_one_instance_takes_each(
    stores: list[ResilienceStore],
) -> None:
    one, other = stores
    later = Redial(key="callback:cb-CA1:2", kind="callback", due_at=200.0, attempt=2)
    sooner = Redial(
        key="confirmation:7:2",
        kind="confirmation",
        due_at=150.0,
        attempt=2,
        payload={"request_id": 7},
    )
    assert await one.schedule(later)
    assert await other.schedule(sooner)
    assert not await one.schedule(sooner)

    assert await one.due(120.0, 10) == []
    assert await other.due(200.0, 10) == [sooner, later]

    taken = await asyncio.gather(one.take(sooner), other.take(sooner))
    assert sorted(taken) == [False, True]
    assert await one.due(1000.0, 10) == [later]
