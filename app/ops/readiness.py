"""Readiness checks for /readyz: database, Redis, migrations at head.

Read-only: never runs a migration (entrypoint.sh does that before uvicorn starts).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from functools import lru_cache

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.migrate import alembic_config
from app.state import HotlineState

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Check:
    name: str
    is_ok: bool
    reason: str | None = None


@lru_cache
def script_heads() -> frozenset[str]:
    """The revisions the code expects (scripts do not change while the process runs)."""
    # The URL is not used to read the script directory.
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return frozenset(script.get_heads())


def _database_heads(connection: Connection) -> frozenset[str]:
    return frozenset(MigrationContext.configure(connection).get_current_heads())


async def check_database(engine: AsyncEngine, *, timeout_s: float) -> list[Check]:
    """Reachable, then at the scripts' head revision(s)."""
    try:
        async with asyncio.timeout(timeout_s), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            current = await connection.run_sync(_database_heads)
    except TimeoutError:
        return [Check("database", is_ok=False, reason=f"no answer in {timeout_s}s")]
    except Exception as exc:  # any driver error means "not reachable"
        logger.warning("readiness: database unreachable: %s", exc)
        return [Check("database", is_ok=False, reason=type(exc).__name__)]
    expected = await asyncio.to_thread(script_heads)
    migrations = (
        Check("migrations", is_ok=True)
        if current == expected
        else Check(
            "migrations",
            is_ok=False,
            reason=(
                f"database at {','.join(sorted(current)) or 'no revision'}, "
                f"code expects {','.join(sorted(expected))}"
            ),
        )
    )
    return [Check("database", is_ok=True), migrations]


async def check_redis(state: HotlineState, *, timeout_s: float) -> Check | None:
    """None when this instance uses no Redis (memory queue backend)."""
    if state.redis is None:
        return None
    try:
        async with asyncio.timeout(timeout_s):
            await state.redis.ping()
    except TimeoutError:
        return Check("redis", is_ok=False, reason=f"no answer in {timeout_s}s")
    except Exception as exc:  # connection refused, auth, DNS: all "not reachable"
        logger.warning("readiness: Redis unreachable: %s", exc)
        return Check("redis", is_ok=False, reason=type(exc).__name__)
    return Check("redis", is_ok=True)


async def readiness(state: HotlineState) -> list[Check]:
    timeout_s = state.settings.ops.readiness_timeout_s
    database, redis = await asyncio.gather(
        check_database(state.engine, timeout_s=timeout_s),
        check_redis(state, timeout_s=timeout_s),
    )
    return [*database, *([redis] if redis is not None else [])]
