"""Fixtures of the fault suite: the hotline over each queue backend, and a way to make
the queue store lose everything, as a Redis restarted empty (or a flush) would.

Redis gets a unique key prefix per test (deleted afterwards): "losing the store"
deletes that prefix's keys, never anything else on a shared server.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
import redis.asyncio as redis_asyncio

from app.config import QueueSettings, Settings
from app.queue.backend import QueueBackend
from app.queue.memory_backend import InMemoryQueueBackend
from app.queue.redis_backend import RedisQueueBackend
from tests.e2e.queue.queue_support import OpenHotline
from tests.support.harness import Hotline, hotline_harness
from tests.support.services import redis_client_or_skip, redis_url

MAX_INSTANCES = 2


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def backend_kind(request: pytest.FixtureRequest) -> str:
    kind: str = request.param
    return kind


@dataclass
class Store:
    """The queue store every instance shares, and how to lose it."""

    kind: str
    backends: list[QueueBackend] = field(default_factory=list)
    client: redis_asyncio.Redis | None = None
    prefix: str = ""

    async def delete_keys(self) -> None:
        assert self.client is not None
        keys = [key async for key in self.client.scan_iter(match=self.prefix + "*")]
        if keys:
            await self.client.delete(*keys)

    async def lose_everything(self, hotline: Hotline) -> None:
        """Redis restarted empty: every key of this hotline is gone. In memory: the
        process's queue is replaced by an empty one (a restart of the process)."""
        if self.client is not None:
            await self.delete_keys()
            return
        fresh = InMemoryQueueBackend()
        for app in hotline.apps:
            app.state.hotline.queue = fresh


@pytest.fixture
async def store(backend_kind: str) -> AsyncIterator[Store]:
    if backend_kind == "memory":
        yield Store(kind="memory", backends=[InMemoryQueueBackend()])
        return
    client = await redis_client_or_skip()
    prefix = f"faults-test:{uuid.uuid4().hex}:"
    store = Store(kind="redis", client=client, prefix=prefix)
    for _ in range(MAX_INSTANCES):
        backend = RedisQueueBackend(
            redis_asyncio.Redis.from_url(redis_url(), decode_responses=True),
            prefix=prefix,
        )
        await backend.initialize()
        store.backends.append(backend)
    try:
        yield store
    finally:
        await store.delete_keys()
        for shared in store.backends:
            assert isinstance(shared, RedisQueueBackend)
            await shared.client.aclose()
        await client.aclose()


OpenFaultHotline = OpenHotline


@pytest.fixture
def open_hotline(settings: Settings, store: Store) -> OpenFaultHotline:
    """`async with open_hotline(instances=2, wrapup_s=0) as hotline:` on the store."""

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
        handed_out = iter(store.backends * MAX_INSTANCES)
        async with hotline_harness(
            tuned, instances=instances, queue_factory=lambda: next(handed_out)
        ) as hotline:
            yield hotline

    return open_
