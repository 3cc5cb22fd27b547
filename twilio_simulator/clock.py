"""Simulated time for the Twilio simulator: a virtual clock that autojumps.

`VirtualClock` implements `app.clock.Clock`. Time only moves when every task that
takes part in the simulation is parked on the clock (sleeping, or waiting for a
`Signal` with an optional timeout); then it jumps to the earliest pending deadline.
A task that awaits anything else (an HTTP request, a worker thread) counts as busy,
so virtual time never runs ahead of work that is still in flight.

`Timekeeper` is what the simulator codes against; `timekeeper_for()` adapts any
other `Clock` (for example `SystemClock`) so the simulator also runs in real time.
No I/O here.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from app.clock import Clock


class Signal:
    """A one-shot flag. Setting it wakes every task waiting on it through a clock."""

    def __init__(self) -> None:
        self._is_set = False
        self._listeners: list[Callable[[], None]] = []

    def is_set(self) -> bool:
        return self._is_set

    def set(self) -> None:
        if self._is_set:
            return
        self._is_set = True
        listeners, self._listeners = self._listeners, []
        for listener in listeners:
            listener()

    def subscribe(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)


class Timekeeper(Protocol):
    """The simulator's view of time."""

    def now(self) -> datetime: ...

    async def sleep(self, seconds: float) -> None: ...

    async def wait(self, signals: Sequence[Signal], timeout_s: float | None) -> bool:
        """Park until one of `signals` is set (True) or `timeout_s` elapses (False).

        `timeout_s=None` waits for a signal only.
        """
        ...

    def track(self, task: asyncio.Task[Any]) -> None:
        """Declare `task` a simulation actor: time cannot jump while it is busy."""
        ...


@dataclass(eq=False)
class _Waiter:
    future: asyncio.Future[bool]
    task: asyncio.Task[Any]
    deadline: datetime | None
    signals: Sequence[Signal] = field(default_factory=tuple)


class VirtualClock:
    """A Clock whose time jumps to the next deadline once every actor is parked.

    Actors are the tasks given to `track()` (the simulator's call legs and timers)
    plus every task that ever waited on this clock, until they finish. Tasks that
    wait without having been given to `track()` are drivers (a test, a benchmark, an
    app's periodic job): time only jumps while at least one driver is parked, so a
    test that is busy between two waits never sees time run away. Before jumping,
    the clock lets the event loop run `settle_passes` more iterations with nothing
    changing, so a task woken by a signal or a finished request gets to run first.
    """

    def __init__(self, start: datetime, *, settle_passes: int = 8) -> None:
        if start.tzinfo is None:
            raise ValueError("VirtualClock needs a timezone-aware start time")
        self._now = start.astimezone(UTC)
        self._settle_passes = settle_passes
        self._heap: list[tuple[datetime, int, _Waiter]] = []
        self._order = itertools.count()
        self._actors: set[asyncio.Task[Any]] = set()
        self._tracked: set[asyncio.Task[Any]] = set()
        self._parked: dict[asyncio.Task[Any], _Waiter] = {}
        self._parked_drivers = 0
        self._generation = 0
        self._check_pending = False

    def now(self) -> datetime:
        return self._now

    async def sleep(self, seconds: float) -> None:
        await self.wait((), seconds)

    def track(self, task: asyncio.Task[Any]) -> None:
        if task in self._parked and task not in self._tracked:
            self._parked_drivers -= 1
        self._tracked.add(task)
        self._join(task)

    def _join(self, task: asyncio.Task[Any]) -> None:
        if task in self._actors or task.done():
            return
        self._actors.add(task)
        task.add_done_callback(self._forget)
        self._changed()

    async def wait(self, signals: Sequence[Signal], timeout_s: float | None) -> bool:
        if any(signal.is_set() for signal in signals):
            return True
        if timeout_s is not None and timeout_s <= 0:
            await asyncio.sleep(0)
            return False
        if timeout_s is None and not signals:
            raise ValueError("waiting forever on nothing would deadlock")
        task = asyncio.current_task()
        if task is None:
            raise RuntimeError("VirtualClock.wait must run inside a task")
        self._join(task)
        loop = asyncio.get_running_loop()
        deadline = None
        if timeout_s is not None and math.isfinite(timeout_s):
            deadline = self._now + timedelta(seconds=timeout_s)
        waiter = _Waiter(loop.create_future(), task, deadline, tuple(signals))

        def on_signal() -> None:
            self._resolve(waiter, fired=True)

        for signal in waiter.signals:
            signal.subscribe(on_signal)
        if deadline is not None:
            heapq.heappush(self._heap, (deadline, next(self._order), waiter))
        self._park(waiter)
        self._changed()
        try:
            return await waiter.future
        finally:
            for signal in waiter.signals:
                signal.unsubscribe(on_signal)
            if self._unpark(waiter):
                self._changed()

    def _is_idle(self) -> bool:
        return len(self._actors) == len(self._parked) and self._parked_drivers > 0

    def _park(self, waiter: _Waiter) -> None:
        self._parked[waiter.task] = waiter
        if waiter.task not in self._tracked:
            self._parked_drivers += 1

    def _unpark(self, waiter: _Waiter) -> bool:
        if self._parked.get(waiter.task) is not waiter:
            return False
        del self._parked[waiter.task]
        if waiter.task not in self._tracked:
            self._parked_drivers -= 1
        return True

    def _resolve(self, waiter: _Waiter, *, fired: bool) -> None:
        if waiter.future.done():
            return
        waiter.future.set_result(fired)
        # The task is runnable from now on, even before it actually resumes.
        self._unpark(waiter)
        self._changed()

    def _forget(self, task: asyncio.Task[Any]) -> None:
        waiter = self._parked.get(task)
        if waiter is not None:
            self._unpark(waiter)
        self._actors.discard(task)
        self._tracked.discard(task)
        self._changed()

    def _changed(self) -> None:
        self._generation += 1
        if self._is_idle() and not self._check_pending:
            self._check_pending = True
            asyncio.get_running_loop().call_soon(
                self._check, self._settle_passes, self._generation
            )

    def _check(self, passes_left: int, generation: int) -> None:
        self._check_pending = False
        if not self._is_idle():
            return
        loop = asyncio.get_running_loop()
        if generation != self._generation:
            self._check_pending = True
            loop.call_soon(self._check, self._settle_passes, self._generation)
            return
        if passes_left > 0:
            self._check_pending = True
            loop.call_soon(self._check, passes_left - 1, generation)
            return
        self._jump()

    def _jump(self) -> None:
        while self._heap and self._heap[0][2].future.done():
            heapq.heappop(self._heap)
        if not self._heap:
            return
        self._now = max(self._now, self._heap[0][0])
        while self._heap and self._heap[0][0] <= self._now:
            _, _, waiter = heapq.heappop(self._heap)
            self._resolve(waiter, fired=False)


class _RealTimekeeper:
    """Runs the simulator on any Clock (e.g. SystemClock): nothing ever jumps."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def now(self) -> datetime:
        return self._clock.now()

    async def sleep(self, seconds: float) -> None:
        await self._clock.sleep(seconds)

    def track(self, task: asyncio.Task[Any]) -> None:
        """Real time does not wait for anyone."""

    async def wait(self, signals: Sequence[Signal], timeout_s: float | None) -> bool:
        if any(signal.is_set() for signal in signals):
            return True
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

        def on_signal() -> None:
            if not future.done():
                future.set_result(True)

        for signal in signals:
            signal.subscribe(on_signal)
        # The timeout is in the clock's seconds (a clock may run faster than the
        # wall clock, as the fault benchmark's does), so it is the clock's sleep.
        timer = (
            None
            if timeout_s is None
            else asyncio.ensure_future(self._clock.sleep(timeout_s))
        )
        try:
            waiting: set[asyncio.Future[Any]] = {future}
            if timer is not None:
                waiting.add(timer)
            await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
            return future.done()
        finally:
            if timer is not None:
                timer.cancel()
            if not future.done():
                future.cancel()
            for signal in signals:
                signal.unsubscribe(on_signal)


def timekeeper_for(clock: Clock) -> Timekeeper:
    if isinstance(clock, VirtualClock):
        return clock
    return _RealTimekeeper(clock)
