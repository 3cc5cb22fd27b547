"""Is PostgreSQL / Redis reachable? Used by fixtures and by scripts/test.

`python -m tests.support.services postgres` exits 0 when it answers.
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def postgres_url() -> str:
    return os.environ.get("HOTLINE_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


def redis_url() -> str:
    return os.environ.get("HOTLINE_REDIS__URL", DEFAULT_REDIS_URL)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


async def _postgres_ok(url: str) -> bool:
    import asyncpg

    dsn = url.replace("postgresql+asyncpg://", "postgresql://")
    try:
        connection = await asyncio.wait_for(asyncpg.connect(dsn), timeout=3)
    except (TimeoutError, OSError, asyncpg.PostgresError):
        return False
    await connection.close()
    return True


def _redis_ok(url: str) -> bool:
    from redis import Redis
    from redis.exceptions import RedisError

    client = Redis.from_url(url, socket_connect_timeout=2)
    try:
        return bool(client.ping())
    except (OSError, RedisError):
        return False
    finally:
        client.close()


async def redis_client_or_skip() -> Any:
    """A decoding asyncio client (redis.asyncio.Redis), or skip the test when the
    server is unreachable (fail in CI, where Redis must run)."""
    import pytest
    import redis.asyncio as redis_asyncio
    from redis.exceptions import RedisError

    client = redis_asyncio.Redis.from_url(redis_url(), decode_responses=True)
    try:
        await client.ping()
    except (RedisError, OSError) as exc:
        await client.aclose()
        message = f"Redis not reachable at {redis_url()} ({exc}); start redis-server"
        if in_ci():
            pytest.fail(message + " (required in CI)")
        pytest.skip(message)
    return client


def postgres_available() -> bool:
    """Call outside a running event loop (session fixtures, scripts)."""
    return asyncio.run(_postgres_ok(postgres_url()))


def redis_available() -> bool:
    """Synchronous, so it also works inside a running event loop."""
    return _redis_ok(redis_url())


async def _reset_postgres(url: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(
        url.replace("postgresql+asyncpg://", "postgresql://")
    )
    try:
        await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    finally:
        await connection.close()


def reset_postgres() -> None:
    """Empty the test database's schema: the migration round trip then starts from
    nothing, whatever an earlier run (or an edited migration) left behind."""
    asyncio.run(_reset_postgres(postgres_url()))


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "postgres"
    if command == "reset-postgres":
        reset_postgres()
        sys.exit(0)
    ok = postgres_available() if command == "postgres" else redis_available()
    sys.exit(0 if ok else 1)
