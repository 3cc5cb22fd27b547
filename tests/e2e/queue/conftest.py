"""Fixtures of the queue e2e suite: the hotline over each queue backend.

`backend_kind` parametrizes every test here over ["memory", "redis"]. Redis gets a
unique key prefix per test (deleted afterwards); without a server the redis variant
skips locally and fails when CI=true.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest

from app.config import QueueSettings, Settings
from app.queue.backend import QueueBackend
from app.queue.memory_backend import InMemoryQueueBackend
from app.queue.redis_backend import RedisQueueBackend
from tests.e2e.queue.queue_support import OpenHotline
from tests.support.harness import Hotline, hotline_harness
from tests.support.services import redis_client_or_skip

MAX_INSTANCES = 3


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def backend_kind(request: pytest.FixtureRequest) -> str:
    kind: str = request.param
    return kind


@pytest.fixture
async def queue_factory(backend_kind: str) -> AsyncIterator[Callable[[], QueueBackend]]:
    """Builds the queue backend of each app instance; all share one queue.

    memory: one InMemoryQueueBackend object for every instance (same process).
    redis: one RedisQueueBackend per instance, each on its own connection pool, all
    on one key prefix, exactly as separate app processes would be.
    """
    if backend_kind == "memory":
        shared = InMemoryQueueBackend()
        yield lambda: shared
        return
    prefix = f"e2e-test:{uuid.uuid4().hex}:"
    clients = [await redis_client_or_skip() for _ in range(MAX_INSTANCES)]
    backends = [RedisQueueBackend(client, prefix=prefix) for client in clients]
    for backend in backends:
        await backend.initialize()
    handed_out = iter(backends)
    try:
        yield lambda: next(handed_out)
    finally:
        keys = [key async for key in clients[0].scan_iter(match=prefix + "*")]
        if keys:
            await clients[0].delete(*keys)
        for client in clients:
            await client.aclose()


@pytest.fixture
def open_hotline(
    settings: Settings, queue_factory: Callable[[], QueueBackend]
) -> OpenHotline:
    """`async with open_hotline(instances=2, wrapup_s=0) as hotline:` with queue
    settings overridden (validated like real configuration)."""

    @asynccontextmanager
    async def open_(*, instances: int = 1, **queue: Any) -> AsyncIterator[Hotline]:
        assert instances <= MAX_INSTANCES
        tuned = settings.model_copy(
            update={
                "queue": QueueSettings.model_validate(
                    {**settings.queue.model_dump(), **queue}
                )
            }
        )
        async with hotline_harness(
            tuned, instances=instances, queue_factory=queue_factory
        ) as hotline:
            yield hotline

    return open_


@pytest.fixture
async def hotline(open_hotline: OpenHotline) -> AsyncIterator[Hotline]:
    """One app instance with the default queue settings, on this test's backend."""
    async with open_hotline() as harness:
        yield harness
