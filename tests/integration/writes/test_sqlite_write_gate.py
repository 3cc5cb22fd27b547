"""SQLite writers take turns at the engine's write gate instead of polling.

SQLite's busy timeout is set to 0 here: a writer that met another one's lock would
fail at once ("database is locked"). With the gate, none does.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine

from app import db
from app.writer import Writer
from tests.support.database import database_kind

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(database_kind() != "sqlite", reason="SQLite's write lock"),
]


@pytest.fixture
async def engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[AsyncEngine]:
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_S", 0)
    engine = db.create_engine(f"sqlite+aiosqlite:///{tmp_path / 'gate.sqlite3'}")
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE probe (n INTEGER, writer TEXT)"))
    yield engine
    await engine.dispose()


async def rows(engine: AsyncEngine) -> list[tuple[int, str]]:
    async with engine.connect() as connection:
        result = await connection.execute(text("SELECT n, writer FROM probe"))
        return [(n, writer) for n, writer in result]


async def test_concurrent_writers_all_commit_without_meeting_the_lock(
    engine: AsyncEngine,
) -> None:
    async def write(n: int) -> None:
        async with engine.begin() as connection:
            await connection.execute(
                text("INSERT INTO probe VALUES (:n, 'a')"), {"n": n}
            )
            await asyncio.sleep(0.01)  # the write lock is held across an await
            await connection.execute(
                text("UPDATE probe SET writer = 'b' WHERE n = :n"), {"n": n}
            )

    await asyncio.gather(*(write(n) for n in range(12)))

    assert sorted(await rows(engine)) == [(n, "b") for n in range(12)]


async def test_a_failed_writer_hands_the_gate_on(engine: AsyncEngine) -> None:
    async def failing() -> None:
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO probe VALUES (1, 'failed')"))
            await asyncio.sleep(0.01)
            raise RuntimeError("the webhook failed after its first write")

    async def next_writer() -> None:
        await asyncio.sleep(0.001)  # arrives while the first one holds the gate
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO probe VALUES (2, 'next')"))

    results = await asyncio.gather(failing(), next_writer(), return_exceptions=True)

    assert isinstance(results[0], RuntimeError)
    assert results[1] is None
    assert await rows(engine) == [(2, "next")]  # nothing of the failed one


async def test_readers_do_not_wait_for_a_writer(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(text("INSERT INTO probe VALUES (1, 'old')"))
    async with engine.connect() as writer:
        await writer.execute(text("UPDATE probe SET writer = 'new'"))
        # Uncommitted: another connection reads the last committed state at once.
        assert await asyncio.wait_for(rows(engine), timeout=1) == [(1, "old")]
        await writer.commit()
    assert await rows(engine) == [(1, "new")]


async def test_the_writers_thread_and_the_engines_writers_take_turns(
    engine: AsyncEngine,
) -> None:
    """Webhooks' units (on the writer's own thread and connection) and the ORM's
    writers (console, periodic work) share the file's gate: whichever comes second
    waits for its turn instead of meeting the lock."""
    writer = Writer(engine)

    def unit(n: int) -> Callable[[Connection], None]:
        def insert(connection: Connection) -> None:
            connection.execute(text("INSERT INTO probe VALUES (:n, 'unit')"), {"n": n})
            time.sleep(0.05)  # holds the lock on the writer's thread

        return insert

    async def engine_writer(n: int, *, after_s: float) -> None:
        await asyncio.sleep(after_s)
        async with engine.begin() as connection:
            await connection.execute(
                text("INSERT INTO probe VALUES (:n, 'engine')"), {"n": n}
            )
            await asyncio.sleep(0.05)  # holds the lock across an await

    async def unit_after(n: int, after_s: float) -> None:
        await asyncio.sleep(after_s)
        await writer(unit(n))

    await asyncio.gather(writer(unit(1)), engine_writer(2, after_s=0.01))
    await asyncio.gather(engine_writer(3, after_s=0), unit_after(4, 0.01))
    await writer.aclose()

    assert sorted(n for n, _ in await rows(engine)) == [1, 2, 3, 4]
