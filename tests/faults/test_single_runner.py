"""Periodic work (shift edges, the queue sweep, matching waves, the daily purge) runs
once per tick across all instances sharing Redis, and moves to another instance when
the one running it dies. The in-memory default runs it in its own process."""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable

import pytest

from app.periodic.lease import LocalLease, RedisLease
from app.periodic.ticker import LEASE_TICKS, Job, tick
from app.queue.redis_backend import RedisQueueBackend
from app.state import HotlineState
from tests.faults.conftest import OpenFaultHotline
from tests.support.harness import Hotline

pytestmark = pytest.mark.e2e


def counting(
    runs: Counter[str], name: str
) -> Callable[[HotlineState], Awaitable[None]]:
    async def run(state: HotlineState) -> None:
        runs[name] += 1

    return run


def leases(hotline: Hotline) -> list[RedisLease]:
    found = []
    for app in hotline.apps:
        queue = app.state.hotline.queue
        assert isinstance(queue, RedisQueueBackend)
        found.append(RedisLease(queue.client, prefix=queue.prefix))
    return found


@pytest.mark.parametrize(
    "backend_kind", [pytest.param("redis", marks=pytest.mark.redis)]
)
async def test_two_instances_run_each_job_once_per_tick(
    open_hotline: OpenFaultHotline,
) -> None:
    runs: Counter[str] = Counter()
    jobs = (
        Job("every_tick", counting(runs, "every_tick")),
        Job("daily", counting(runs, "daily"), every_s=24 * 3600),
    )
    async with open_hotline(instances=2) as hotline:
        states = [app.state.hotline for app in hotline.apps]
        both = leases(hotline)
        for _ in range(10):
            ran = [
                await tick(s, lease, jobs)
                for s, lease in zip(states, both, strict=True)
            ]
            assert sorted(len(names) > 0 for names in ran) == [False, True]
            await hotline.sim.advance(states[0].settings.queue.dispatch_tick_s)
    assert runs == {"every_tick": 10, "daily": 1}


@pytest.mark.parametrize(
    "backend_kind", [pytest.param("redis", marks=pytest.mark.redis)]
)
async def test_another_instance_takes_over_when_the_runner_dies(
    open_hotline: OpenFaultHotline,
) -> None:
    runs: Counter[str] = Counter()
    jobs = (Job("sweep", counting(runs, "sweep")),)
    async with open_hotline(instances=2) as hotline:
        first, second = (app.state.hotline for app in hotline.apps)
        first_lease, second_lease = leases(hotline)
        tick_s = first.settings.queue.dispatch_tick_s
        assert await tick(first, first_lease, jobs) == ["sweep"]
        # The first instance dies (no more ticks): the second waits out the lease.
        for _ in range(LEASE_TICKS - 1):
            await hotline.sim.advance(tick_s)
            assert await tick(second, second_lease, jobs) == []
        await hotline.sim.advance(tick_s)
        assert await tick(second, second_lease, jobs) == ["sweep"]
        # From then on it renews the lease every tick and keeps it.
        await hotline.sim.advance(tick_s)
        assert await tick(second, second_lease, jobs) == ["sweep"]
        assert await tick(first, first_lease, jobs) == []
    assert runs["sweep"] == 3


async def test_the_in_memory_queue_runs_periodic_work_in_its_own_process(
    hotline: Hotline,
) -> None:
    runs: Counter[str] = Counter()
    lease = LocalLease()
    jobs = (
        Job("sweep", counting(runs, "sweep")),
        Job("purge", counting(runs, "purge"), every_s=60),
    )
    for _ in range(3):
        await tick(hotline.state, lease, jobs)
        await hotline.sim.advance(35)  # 0, 35, 70: the purge at 0 and 70
    assert runs == {"sweep": 3, "purge": 2}
