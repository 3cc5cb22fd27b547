"""The virtual clock: autojump when every actor is parked, never while one is busy."""

import asyncio
import time
from datetime import timedelta

import pytest

from app.clock import SystemClock
from tests.simulator.conftest import START
from twilio_simulator import Signal, VirtualClock
from twilio_simulator.clock import timekeeper_for


async def test_sleeps_jump_to_each_deadline_in_order(clock: VirtualClock) -> None:
    woke: list[tuple[str, float]] = []

    async def sleeper(name: str, seconds: float) -> None:
        await clock.sleep(seconds)
        woke.append((name, (clock.now() - START).total_seconds()))

    started = time.perf_counter()
    await asyncio.gather(
        sleeper("late", 3600), sleeper("early", 60), sleeper("mid", 600)
    )

    assert woke == [("early", 60.0), ("mid", 600.0), ("late", 3600.0)]
    assert time.perf_counter() - started < 0.5


async def test_time_does_not_jump_while_an_actor_waits_on_a_thread(
    clock: VirtualClock,
) -> None:
    seen_by_worker: list[float] = []

    async def worker() -> None:
        await asyncio.to_thread(time.sleep, 0.2)
        seen_by_worker.append((clock.now() - START).total_seconds())

    task = asyncio.get_running_loop().create_task(worker())
    clock.track(task)
    await asyncio.gather(task, clock.sleep(1000))

    assert seen_by_worker == [0.0]
    assert clock.now() == START + timedelta(seconds=1000)


async def test_signal_wakes_a_parked_waiter_at_the_current_time(
    clock: VirtualClock,
) -> None:
    signal = Signal()

    async def setter() -> None:
        await clock.sleep(30)
        signal.set()

    results = await asyncio.gather(clock.wait([signal], 300), setter())

    assert results[0] is True
    assert clock.now() == START + timedelta(seconds=30)


async def test_wait_times_out_without_the_signal(clock: VirtualClock) -> None:
    assert await clock.wait([Signal()], 45) is False
    assert clock.now() == START + timedelta(seconds=45)


def test_virtual_clock_needs_aware_time() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        VirtualClock(START.replace(tzinfo=None))


async def test_real_time_keeper_waits_on_signals() -> None:
    keeper = timekeeper_for(SystemClock())
    signal = Signal()
    asyncio.get_running_loop().call_later(0.01, signal.set)
    assert await keeper.wait([signal], 5) is True
    assert await keeper.wait([Signal()], 0.01) is False
