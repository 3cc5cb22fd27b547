"""Fixtures for the backend contract suite: one `queue_backend` per implementation.

Redis tests get a unique key prefix and delete their keys afterwards. Without a Redis
server they skip locally and fail when CI=true (dramatiq's check_redis).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
import redis.asyncio as redis_asyncio
from redis.exceptions import ConnectionError as RedisConnectionError

from app.queue.backend import QueueBackend
from app.queue.memory_backend import InMemoryQueueBackend
from app.queue.redis_backend import RedisQueueBackend

REDIS_URL = os.environ.get("HOTLINE_REDIS__URL", "redis://127.0.0.1:6379/0")
# The race tests gather a few hundred commands at once; redis-py's default pool (100)
# would refuse them rather than queue them.
MAX_CONNECTIONS = 512


def new_client() -> redis_asyncio.Redis:
    return redis_asyncio.Redis.from_url(
        REDIS_URL, decode_responses=True, max_connections=MAX_CONNECTIONS
    )


async def connect_redis() -> redis_asyncio.Redis:
    """A decoding client, or skip (fail in CI) when the server is unreachable."""
    client = new_client()
    try:
        await client.ping()
    except (RedisConnectionError, OSError) as exc:
        await client.aclose()
        message = f"Redis not reachable at {REDIS_URL} ({exc}); start redis-server"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return client


def unique_prefix() -> str:
    return f"test:{uuid.uuid4().hex}:"


async def delete_prefix(client: redis_asyncio.Redis, prefix: str) -> None:
    keys = [key async for key in client.scan_iter(match=prefix + "*", count=1000)]
    if keys:
        await client.delete(*keys)


# Keyword options (e.g. departures_kept) go to the backend's constructor.
BackendFactory = Callable[..., Awaitable[QueueBackend]]


@pytest.fixture(params=["memory", "redis"])
async def backend_factory(
    request: pytest.FixtureRequest,
) -> AsyncIterator[BackendFactory]:
    """Makes empty backends of one implementation: a new instance, or a new Redis key
    prefix (all deleted at teardown). Hypothesis tests need one per example."""
    if request.param == "memory":

        async def make_memory(**options: Any) -> QueueBackend:
            return InMemoryQueueBackend(**options)

        yield make_memory
        return
    client = await connect_redis()
    prefixes: list[str] = []

    async def make_redis(**options: Any) -> QueueBackend:
        prefixes.append(unique_prefix())
        backend = RedisQueueBackend(client, prefix=prefixes[-1], **options)
        if len(prefixes) == 1:
            await backend.initialize()
        return backend

    try:
        yield make_redis
    finally:
        for prefix in prefixes:
            await delete_prefix(client, prefix)
        await client.aclose()


@pytest.fixture
async def queue_backend(backend_factory: BackendFactory) -> QueueBackend:
    """An empty backend, once per implementation."""
    return await backend_factory()


@pytest.fixture
async def redis_instances() -> AsyncIterator[Callable[[], RedisQueueBackend]]:
    """Factory of RedisQueueBackends on separate connections and one shared prefix:
    each one stands for another app instance."""
    clients: list[redis_asyncio.Redis] = [await connect_redis()]
    prefix = unique_prefix()

    def make() -> RedisQueueBackend:
        client = new_client()
        clients.append(client)
        return RedisQueueBackend(client, prefix=prefix)

    try:
        yield make
    finally:
        await delete_prefix(clients[0], prefix)
        for client in clients:
            await client.aclose()
