"""Where resilience keeps what must not be lost: the outage journal and the redials.

The journal holds the writes of webhooks answered while the database was
unreachable, in arrival order, once per key (CallSid + step: a webhook the provider
retries is kept once); they are replayed when the database answers again. Redials
are callbacks and confirmation calls to ring again at a time to come.

Two implementations with the same contract: in Redis (shared by every app instance,
survives an instance's death; persistent with Redis' AOF) and in memory (one
process). No database here: this is what works while the database does not.

Redis keys (under the configured prefix):
  resilience:journal       LIST of JSON entries, oldest first
  resilience:journal-keys  SET of the keys ever journaled (expires a day after the
                           last entry), so a retried webhook is journaled once
  resilience:redials       ZSET redial key -> due time (epoch seconds)
  resilience:redial-data   HASH redial key -> JSON redial
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Protocol

from redis.asyncio import Redis

PendingKind = Literal["incoming", "gather", "voicemail", "status", "callback"]
RedialKind = Literal["callback", "confirmation"]
JOURNAL_KEYS_TTL_S = 24 * 3600


@dataclass(frozen=True, slots=True)
class Pending:
    """A webhook whose writes could not be made. `event` is the parsed webhook
    event (app.telephony.events) as a dict; `args` the route's own parameters."""

    key: str
    kind: PendingKind
    received_at: float  # epoch seconds, the app's clock
    event: dict[str, Any]
    args: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, raw: str) -> Pending:
        return cls(**json.loads(raw))


@dataclass(frozen=True, slots=True)
class Redial:
    """Ring someone again at `due_at`: `attempt` is the number of the next ring."""

    key: str
    kind: RedialKind
    due_at: float
    attempt: int
    payload: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, raw: str) -> Redial:
        return cls(**json.loads(raw))


class ResilienceStore(Protocol):
    """Contract (tests/integration/resilience/test_store.py, memory and Redis):

    * `journal` keeps an entry once per key: False (nothing kept) for a key seen
      before, even after the entry was replayed and dropped.
    * `oldest` returns entries in the order they were journaled; `drop` removes
      one entry (tolerating one already dropped by another instance).
    * `schedule` keeps a redial once per key; `due` lists those with
      `due_at <= now`, soonest first; `take` removes one and returns True to exactly
      one caller, across every instance sharing the store.
    """

    async def journal(self, entry: Pending) -> bool: ...

    async def oldest(self, limit: int) -> list[Pending]: ...

    async def drop(self, entry: Pending) -> None: ...

    async def journal_length(self) -> int: ...

    async def schedule(self, redial: Redial) -> bool: ...

    async def due(self, now: float, limit: int) -> list[Redial]: ...

    async def take(self, redial: Redial) -> bool: ...


class MemoryResilienceStore:
    """One process: what it holds dies with the process."""

    def __init__(self) -> None:
        self._journal: list[Pending] = []
        self._keys: set[str] = set()
        self._redials: dict[str, Redial] = {}

    async def journal(self, entry: Pending) -> bool:
        if entry.key in self._keys:
            return False
        self._keys.add(entry.key)
        self._journal.append(entry)
        return True

    async def oldest(self, limit: int) -> list[Pending]:
        return self._journal[:limit]

    async def drop(self, entry: Pending) -> None:
        if entry in self._journal:
            self._journal.remove(entry)

    async def journal_length(self) -> int:
        return len(self._journal)

    async def schedule(self, redial: Redial) -> bool:
        if redial.key in self._redials:
            return False
        self._redials[redial.key] = redial
        return True

    async def due(self, now: float, limit: int) -> list[Redial]:
        ready = sorted(
            (r for r in self._redials.values() if r.due_at <= now),
            key=lambda r: (r.due_at, r.key),
        )
        return ready[:limit]

    async def take(self, redial: Redial) -> bool:
        return self._redials.pop(redial.key, None) is not None


class RedisResilienceStore:
    """Shared by every app instance on the same Redis and key prefix."""

    def __init__(self, redis: Redis, *, prefix: str) -> None:
        self._redis = redis
        self._journal_key = f"{prefix}resilience:journal"
        self._keys_key = f"{prefix}resilience:journal-keys"
        self._redials_key = f"{prefix}resilience:redials"
        self._data_key = f"{prefix}resilience:redial-data"

    async def journal(self, entry: Pending) -> bool:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.sadd(self._keys_key, entry.key)
            pipe.expire(self._keys_key, JOURNAL_KEYS_TTL_S)
            added, _ = await pipe.execute()
        if not added:
            return False
        await self._redis.rpush(self._journal_key, entry.to_json())
        return True

    async def oldest(self, limit: int) -> list[Pending]:
        raw = await self._redis.lrange(self._journal_key, 0, limit - 1)
        return [Pending.from_json(str(item)) for item in raw]

    async def drop(self, entry: Pending) -> None:
        await self._redis.lrem(self._journal_key, 1, entry.to_json())

    async def journal_length(self) -> int:
        return int(await self._redis.llen(self._journal_key))

    async def schedule(self, redial: Redial) -> bool:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.zadd(self._redials_key, {redial.key: redial.due_at}, nx=True)
            pipe.hsetnx(self._data_key, redial.key, redial.to_json())
            added, _ = await pipe.execute()
        return bool(added)

    async def due(self, now: float, limit: int) -> list[Redial]:
        keys = [
            str(key)
            for key in await self._redis.zrangebyscore(
                self._redials_key, "-inf", now, start=0, num=limit
            )
        ]
        if not keys:
            return []
        raw = await self._redis.hmget(self._data_key, keys)
        return [Redial.from_json(str(item)) for item in raw if item is not None]

    async def take(self, redial: Redial) -> bool:
        # ZREM answers 1 to exactly one of several instances taking the same key.
        if not await self._redis.zrem(self._redials_key, redial.key):
            return False
        await self._redis.hdel(self._data_key, redial.key)
        return True
