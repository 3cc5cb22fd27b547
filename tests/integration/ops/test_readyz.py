"""/readyz: ready when the database answers at the head revision and Redis answers."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from alembic.script import ScriptDirectory
from redis.asyncio import Redis
from sqlalchemy import text

from app.db import create_engine
from app.migrate import alembic_config
from app.ops.readiness import script_heads
from tests.integration.ops.scraping import get
from tests.support.harness import Hotline

pytestmark = pytest.mark.integration


async def test_ready_when_the_database_is_at_head(hotline: Hotline) -> None:
    response = await get(hotline, "/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok"},
    }


@pytest.fixture
async def older_revision(hotline: Hotline) -> AsyncIterator[str]:
    """The database stamped one revision behind head (restored afterwards)."""
    script = ScriptDirectory.from_config(alembic_config(hotline.settings.database.url))
    (head,) = script_heads()
    previous = script.get_revision(head).down_revision
    assert isinstance(previous, str)
    update = text(
        "UPDATE alembic_version SET version_num = :to WHERE version_num = :at"
    )
    async with hotline.state.engine.begin() as connection:
        await connection.execute(update, {"to": previous, "at": head})
    try:
        yield previous
    finally:
        async with hotline.state.engine.begin() as connection:
            await connection.execute(update, {"to": head, "at": previous})


async def test_not_ready_when_the_database_is_behind(
    hotline: Hotline, older_revision: str
) -> None:
    response = await get(hotline, "/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    assert older_revision in body["reason"]
    assert body["reason"].startswith("migrations: ")


async def test_not_ready_when_redis_does_not_answer(hotline: Hotline) -> None:
    # Nothing listens on port 1: connection refused.
    hotline.state.redis = Redis.from_url("redis://127.0.0.1:1/0")
    try:
        response = await get(hotline, "/readyz")
    finally:
        await hotline.state.redis.aclose()
        hotline.state.redis = None
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["redis"] != "ok"
    assert body["reason"].startswith("redis: ")


async def test_not_ready_when_the_database_does_not_answer(hotline: Hotline) -> None:
    engine = hotline.state.engine
    # Nothing listens on port 1: connection refused.
    hotline.state.engine = create_engine("postgresql+asyncpg://h:h@127.0.0.1:1/h")
    try:
        response = await get(hotline, "/readyz")
    finally:
        await hotline.state.engine.dispose()
        hotline.state.engine = engine
    assert response.status_code == 503
    assert response.json()["reason"].startswith("database: ")


async def test_liveness_does_not_look_at_the_database(hotline: Hotline) -> None:
    response = await get(hotline, "/healthz")
    assert response.status_code == 200
