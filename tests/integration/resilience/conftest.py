"""Fixtures of the resilience suite: fast retries, a database that can go down."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
import redis.asyncio as redis_asyncio
from redis.exceptions import RedisError

from app.config import ResilienceSettings, Settings
from app.queue.redis_backend import RedisQueueBackend
from tests.integration.resilience.outage_support import DatabaseOutage
from tests.support.harness import Hotline, hotline_harness
from tests.support.services import in_ci, redis_url

# Backoff in milliseconds: the tests wait for real time between provider retries.
FAST = ResilienceSettings(
    retry_attempts=3,
    retry_wait_initial_s=0.001,
    retry_wait_max_s=0.004,
    redial_attempts=3,
    redial_delay_s=60,
)


@pytest.fixture
def resilient_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"resilience": FAST})


@pytest.fixture
async def hotline(resilient_settings: Settings) -> AsyncIterator[Hotline]:
    async with hotline_harness(resilient_settings) as harness:
        yield harness


@pytest.fixture
def database() -> Iterator[DatabaseOutage]:
    outage = DatabaseOutage()
    yield outage
    outage.restore()  # a test that failed mid-outage leaves the database up


@pytest.fixture
async def two_instances_on_redis(
    resilient_settings: Settings,
) -> AsyncIterator[Hotline]:
    """Two app instances sharing the database and a Redis queue (so the outage
    journal and the redials are in Redis too), as two app processes would."""
    clients = [
        redis_asyncio.Redis.from_url(redis_url(), decode_responses=True)
        for _ in range(2)
    ]
    try:
        await clients[0].ping()
    except (RedisError, OSError) as exc:
        for client in clients:
            await client.aclose()
        if in_ci():
            pytest.fail(f"Redis not reachable ({exc}); required in CI")
        pytest.skip(f"Redis not reachable at {redis_url()} ({exc})")
    prefix = f"resilience-e2e:{uuid.uuid4().hex}:"
    backends = iter([RedisQueueBackend(client, prefix=prefix) for client in clients])
    try:
        async with hotline_harness(
            resilient_settings, instances=2, queue_factory=lambda: next(backends)
        ) as harness:
            yield harness
    finally:
        keys = [key async for key in clients[0].scan_iter(match=prefix + "*")]
        if keys:
            await clients[0].delete(*keys)
        for client in clients:
            await client.aclose()
