"""The periodic work of the hotline, run once per tick across all instances.

Shift edges, the queue's sweep (expired offers, dispatch, rebuilding a lost queue)
and matching waves run on every tick; jobs with `every_s` (a daily purge) at most
that often. Only the instance holding the lease (app/periodic/lease.py) runs them;
the others skip the tick and take over within `LEASE_TICKS` ticks if it dies.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from app.matching import service as matching_service
from app.periodic.lease import Lease
from app.queue import dispatcher as queue_dispatcher
from app.state import HotlineState
from app.volunteers import service as volunteer_service

logger = logging.getLogger(__name__)

# The lease outlives this many ticks without renewal: a holder that died is replaced
# within about three ticks (6 s at the default 2 s tick).
LEASE_TICKS = 3


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[HotlineState], Awaitable[object]]
    # None: every tick; else at most once per this many seconds, across instances.
    every_s: float | None = None


JOBS: tuple[Job, ...] = (
    Job("shifts", volunteer_service.apply_shifts),
    Job("queue_sweep", queue_dispatcher.sweep),
    Job("matching_waves", matching_service.tick),
)


async def tick(
    state: HotlineState, lease: Lease, jobs: Sequence[Job] = JOBS
) -> list[str]:
    """One tick: if this instance holds the lease, run every due job (one failing
    does not stop the others). Returns the names of the jobs run."""
    now = state.clock.now().timestamp()
    ttl_s = LEASE_TICKS * state.settings.queue.dispatch_tick_s
    if not await lease.hold(now=now, ttl_s=ttl_s):
        return []
    ran: list[str] = []
    for job in jobs:
        if job.every_s is not None and not await lease.due(
            job.name, now=now, every_s=job.every_s
        ):
            continue
        try:
            await job.run(state)
        except Exception:
            logger.exception("periodic job %s failed", job.name)
        ran.append(job.name)
    return ran


async def run(state: HotlineState, lease: Lease, jobs: Sequence[Job] = JOBS) -> None:
    """Tick forever on the app's clock (cancelled at shutdown)."""
    while True:
        try:
            await tick(state, lease, jobs)
        except Exception:
            # Redis unreachable for a moment: the next tick tries again.
            logger.exception("periodic tick failed")
        await state.clock.sleep(state.settings.queue.dispatch_tick_s)
