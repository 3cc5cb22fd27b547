"""Group commit for concurrent requests: many callers' single items, one round trip.

Under load, a webhook that reads or writes a few rows spends most of its time in
round trips, commits and the thread hops of the database driver, not in the work.
A GroupRunner lets concurrent requests share that cost: each awaits its own result,
while the items that arrived since the last group ran are handed to one function
that does them all at once. While one group runs the next one gathers; an idle
hotline pays no delay (a lone item runs at once, as a group of one).
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

In = TypeVar("In")
Out = TypeVar("Out")


class GroupRunner(Generic[In, Out]):
    """`await runner(item)` returns `run([... item ...])[i]` for that item.

    `run` gets the items in arrival order and returns one result per item, in the
    same order; a result that is an exception is raised to that item's waiter only.
    If `run` itself raises, every item of the group gets that error.

    `lanes`: how many groups may run at once (a database with many connections
    serves several; one SQLite writer, one). Items wait for a group only while
    every lane is busy.
    """

    def __init__(
        self,
        run: Callable[[Sequence[In]], Awaitable[Sequence[Out | Exception]]],
        *,
        max_group: int = 100,
        lanes: int = 1,
    ) -> None:
        self._run = run
        self._max_group = max_group
        self._lanes = lanes
        self._pending: list[tuple[In, asyncio.Future[Out]]] = []
        self._tasks: set[asyncio.Task[None]] = set()

    async def __call__(self, item: In) -> Out:
        future: asyncio.Future[Out] = asyncio.get_running_loop().create_future()
        self._pending.append((item, future))
        if len(self._tasks) < self._lanes:
            # A fresh context: the group works for many calls, not the first one's.
            task = asyncio.create_task(self._drain(), context=contextvars.Context())
            self._tasks.add(task)
        return await future

    async def _drain(self) -> None:
        try:
            while self._pending:
                group = self._pending[: self._max_group]
                self._pending = self._pending[self._max_group :]
                try:
                    await self._run_group(group)
                finally:
                    # Cancelled (at shutdown) or broken: no waiter may wait forever.
                    for _, future in group:
                        if not future.done():
                            future.set_exception(RuntimeError("the group did not run"))
        finally:
            # In the same step as the last look at `_pending`: an item handed in
            # after it finds this lane gone and starts another.
            task = asyncio.current_task()
            if task is not None:
                self._tasks.discard(task)

    async def _run_group(self, group: list[tuple[In, asyncio.Future[Out]]]) -> None:
        try:
            results = await self._run([item for item, _ in group])
            if len(results) != len(group):
                raise RuntimeError("a group function must return one result per item")
        except Exception as exc:
            results = [exc] * len(group)
        for (_, future), result in zip(group, results, strict=True):
            if future.done():  # its request was cancelled
                continue
            if isinstance(result, Exception):
                future.set_exception(result)
            else:
                future.set_result(result)

    async def aclose(self) -> None:
        """Wait for the items already handed in (at shutdown)."""
        if self._tasks:
            await asyncio.shield(asyncio.gather(*self._tasks))
