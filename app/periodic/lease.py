"""Who runs the periodic work: one instance at a time holds a lease.

`RedisLease` (the queue lives in Redis, so several instances share it): a lease taken
and renewed every tick with a compare-and-set script (`lua/lease.lua`), expiring
`ttl_s` after the last renewal, so another instance takes over within that time when
the holder dies. `LocalLease` (the in-memory queue: one process) always holds.
Times come from the app's clock. No scheduling here (app/periodic/ticker.py).
"""

from __future__ import annotations

import os
import secrets
import socket
from importlib import resources
from typing import Protocol

from redis.asyncio import Redis
from redis.commands.core import AsyncScript


def instance_id() -> str:
    """A name for this process, unique across restarts (host, pid, random)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


class Lease(Protocol):
    async def hold(self, *, now: float, ttl_s: float) -> bool:
        """Take or renew the lease until `now + ttl_s`; True if this instance holds
        it (then it runs the periodic work), False if another one does."""
        ...

    async def due(self, job: str, *, now: float, every_s: float) -> bool:
        """Whether `job` last ran (on any instance) at least `every_s` ago or never;
        if so, `now` is recorded as its last run."""
        ...


class LocalLease:
    """One process: always the holder; job times kept in memory."""

    def __init__(self) -> None:
        self._last_run: dict[str, float] = {}

    async def hold(self, *, now: float, ttl_s: float) -> bool:
        return True

    async def due(self, job: str, *, now: float, every_s: float) -> bool:
        last = self._last_run.get(job)
        if last is not None and now - last < every_s:
            return False
        self._last_run[job] = now
        return True


def _script(redis: Redis, name: str) -> AsyncScript:
    source = resources.files("app.periodic").joinpath("lua", f"{name}.lua")
    return redis.register_script(source.read_text(encoding="utf-8"))


class RedisLease:
    """The lease in Redis under `prefix` (the queue's key prefix), per hotline."""

    def __init__(self, redis: Redis, *, prefix: str, holder: str | None = None) -> None:
        self.holder = holder or instance_id()
        self._lease_key = prefix + "periodic:lease"
        self._runs_key = prefix + "periodic:last_run"
        self._lease = _script(redis, "lease")
        self._due = _script(redis, "due")

    async def hold(self, *, now: float, ttl_s: float) -> bool:
        reply = await self._lease(
            keys=(self._lease_key,),
            args=(self.holder, repr(float(now)), repr(float(now + ttl_s))),
        )
        return bool(reply)

    async def due(self, job: str, *, now: float, every_s: float) -> bool:
        reply = await self._due(
            keys=(self._runs_key,),
            args=(job, repr(float(now)), repr(float(every_s))),
        )
        return bool(reply)
