"""The one way webhooks write: units of work sharing group commits.

A webhook's database work is a *unit*: a plain function of a synchronous
Connection (Core statements built once, no ORM), which reads what it needs and
writes what it decided, and whose result is the webhook's answer. Under load,
doing units one transaction at a time spends most of the time in round trips,
thread hops, the SQLite write gate and commits, so concurrent units share one
transaction (app/grouping.py): they run one after the other, each seeing the
writes of those before it, then one commit. Each webhook still answers only after
its own writes are committed (Twilio's next request must find them).

A unit that fails spoils its group's transaction: the group is rolled back and
every unit of it runs again alone, so each gets its own answer or its own error
(most often the failing one was a race another instance won: alone, it reads
again and finds the row). Units are therefore free of side effects other than
their statements: whatever else a webhook does (the queue, the provider's REST
API) happens outside, before or after the unit.

Where a group runs:
- SQLite (a file): on one thread of the writer's own, on a synchronous
  connection, holding the file's write gate (app/db.py) for the group. The async
  driver would hop threads three times per statement (execute, fetch, close);
  here a whole group is one hop.
- PostgreSQL: through AsyncConnection.run_sync on the app's engine, several
  groups at once (LANES), each on a connection of the pool.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar, cast

from sqlalchemy import Connection, Engine
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db import SqliteWriteGate, create_sync_sqlite_engine, sqlite_file
from app.grouping import GroupRunner

T = TypeVar("T")
Unit = Callable[[Connection], Any]
MAX_GROUP = 50
# PostgreSQL: groups on this many connections at once. Each statement there is a
# round trip, so one lane would make every webhook wait for all the statements of
# the groups before it; a few lanes keep groups short while many writers share
# commits. (SQLite writes one transaction at a time: one lane.)
LANES = 4
MAX_GROUP_PER_LANE = 10


def _run_all(connection: Connection, units: Sequence[Unit]) -> list[Any]:
    return [unit(connection) for unit in units]


class _SqliteThread:
    """Groups run on one thread, on a synchronous connection to the same file."""

    def __init__(self, path: str) -> None:
        self._gate = SqliteWriteGate.for_file(path)
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="sqlite-writer")
        self._engine: Engine = create_sync_sqlite_engine(path)

    def _in_transaction(self, units: Sequence[Unit]) -> list[Any]:
        with self._engine.begin() as connection:
            return _run_all(connection, units)

    async def run(self, units: Sequence[Unit]) -> list[Any]:
        loop = asyncio.get_running_loop()
        async with self._gate.turn():
            return await loop.run_in_executor(self._thread, self._in_transaction, units)

    async def aclose(self) -> None:
        # The connections belong to the thread: closed there.
        await asyncio.get_running_loop().run_in_executor(
            self._thread, self._engine.dispose
        )
        self._thread.shutdown(wait=True)


class Writer:
    """`await writer(unit)`: the unit's result, once its writes are committed."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        path = sqlite_file(engine)
        self._sqlite = _SqliteThread(path) if path is not None else None
        self._run: GroupRunner[Unit, Any] = (
            GroupRunner(self._run_group, max_group=MAX_GROUP)
            if self._sqlite is not None
            else GroupRunner(self._run_group, max_group=MAX_GROUP_PER_LANE, lanes=LANES)
        )

    async def __call__(self, unit: Callable[[Connection], T]) -> T:
        return cast(T, await self._run(unit))

    async def _run_group(self, units: Sequence[Unit]) -> list[Any]:
        try:
            return await self._in_transaction(units)
        except Exception as error:
            if len(units) == 1:
                return [error]
        results: list[Any] = []
        for unit in units:
            try:
                results.extend(await self._in_transaction([unit]))
            except Exception as error:
                results.append(error)
        return results

    async def _in_transaction(self, units: Sequence[Unit]) -> list[Any]:
        if self._sqlite is not None:
            return await self._sqlite.run(units)
        async with self._engine.begin() as connection:
            return await connection.run_sync(_run_all, units)

    async def aclose(self) -> None:
        """Wait for the units already handed in (at shutdown)."""
        await self._run.aclose()
        if self._sqlite is not None:
            await self._sqlite.aclose()
