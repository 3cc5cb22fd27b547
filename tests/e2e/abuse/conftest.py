"""Fixtures of the abuse e2e suite: two app instances, limits in memory or in Redis.

`limits_kind` parametrizes every test over ["memory", "redis"]. With "redis" the
settings say `queue.backend = "redis"`, so each instance keeps its rate limits (and
its queue) in Redis under a key prefix unique to the test, deleted afterwards;
without a server the variant skips locally and fails when CI=true.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
import redis.asyncio as redis_asyncio
from redis.exceptions import RedisError

from app.config import QueueSettings, RedisSettings, Settings
from tests.integration.abuse.abuse_support import OpenHotline, tuned
from tests.support.harness import Hotline, hotline_harness
from tests.support.services import in_ci, redis_url


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def limits_kind(request: pytest.FixtureRequest) -> str:
    kind: str = request.param
    return kind


@pytest.fixture
async def limits_settings(
    settings: Settings, limits_kind: str
) -> AsyncIterator[Settings]:
    if limits_kind == "memory":
        yield settings
        return
    client = redis_asyncio.Redis.from_url(redis_url(), decode_responses=True)
    try:
        await client.ping()
    except (RedisError, OSError) as exc:
        await client.aclose()
        message = f"Redis not reachable at {redis_url()} ({exc}); start redis-server"
        if in_ci():
            pytest.fail(message + " (required in CI)")
        pytest.skip(message)
    prefix = f"e2e-abuse:{uuid.uuid4().hex}:"
    try:
        yield settings.model_copy(
            update={
                "queue": QueueSettings(backend="redis"),
                "redis": RedisSettings(url=redis_url(), key_prefix=prefix),
            }
        )
    finally:
        keys = [key async for key in client.scan_iter(match=prefix + "*")]
        if keys:
            await client.delete(*keys)
        await client.aclose()


@pytest.fixture
def open_hotline(limits_settings: Settings) -> OpenHotline:
    @asynccontextmanager
    async def open_(*, instances: int = 2, **abuse: Any) -> AsyncIterator[Hotline]:
        async with hotline_harness(
            tuned(limits_settings, **abuse), instances=instances
        ) as hotline:
            yield hotline

    return open_
