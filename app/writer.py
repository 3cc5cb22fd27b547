"""The one way webhooks write: units of work sharing group commits.

A webhook's database work is a *unit*: a plain function of a synchronous
Connection (Core statements built once, no ORM), which reads what it needs and
writes what it decided, and whose result is the webhook's answer. Under load,
doing units one transaction at a time spends most of the time in round trips,
pool checkouts, the SQLite write gate and commits, so concurrent units share one
transaction (app/grouping.py): they run one after the other, each seeing the
writes of those before it, then one commit. Each webhook still answers only after
its own writes are committed (Twilio's next request must find them).

A unit that fails spoils its group's transaction: the group is rolled back and
every unit of it runs again alone, so each gets its own answer or its own error
(most often the failing one was a race another instance won: alone, it reads
again and finds the row). Units are therefore free of side effects other than
their statements: whatever else a webhook does (Redis, the provider's REST API)
happens outside, after the unit.

A group runs in one go through AsyncConnection.run_sync, on every database; on
SQLite its writes take the engine's write gate once for the group (app/db.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from app.grouping import GroupRunner

T = TypeVar("T")
Unit = Callable[[Connection], Any]
MAX_GROUP = 50


def _run_all(connection: Connection, units: Sequence[Unit]) -> list[Any]:
    return [unit(connection) for unit in units]


class Writer:
    """`await writer(unit)`: the unit's result, once its writes are committed."""

    def __init__(self, engine: AsyncEngine, *, max_group: int = MAX_GROUP) -> None:
        self._engine = engine
        self._run: GroupRunner[Unit, Any] = GroupRunner(
            self._run_group, max_group=max_group
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
        async with self._engine.begin() as connection:
            return await connection.run_sync(_run_all, units)

    async def aclose(self) -> None:
        """Wait for the units already handed in (at shutdown)."""
        await self._run.aclose()
