"""The bans in force, as an in-memory snapshot each instance keeps fresh.

Why a snapshot and not a query per call: the ban check runs on the first webhook of
every call, the hotline's hot path (its writes share group commits with other
webhooks', app/writer.py). A snapshot makes the check a handful of set
lookups with no I/O; the database is read again at most every `refresh_s`, by one
task while the others keep using the previous snapshot's answer.

Why not a Redis set: the database is the single source of truth in every deployment
(Redis is optional), and the list is small and rarely changed. A change made on this
instance applies at once (`invalidate`); another instance sees it within `refresh_s`
(5 s by default). Expiry is checked against the snapshot on every call, so a ban
ends on time even between refreshes.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.abuse import repository
from app.clock import Clock


class BanList:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        clock: Clock,
        refresh_s: float,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._clock = clock
        self._refresh = timedelta(seconds=refresh_s)
        self._bans: dict[str, datetime | None] = {}
        self._loaded_at: datetime | None = None
        self._lock = asyncio.Lock()

    def invalidate(self) -> None:
        """Read the database again before the next check (after a change here)."""
        self._loaded_at = None

    async def is_banned(self, number: str | None) -> bool:
        """Whether an E.164 number (None: hidden) matches a ban in force now."""
        if number is None:
            return False
        now = self._clock.now()
        await self._refresh_if_stale(now)
        for end in range(2, len(number) + 1):
            if number[:end] in self._bans:
                expires_at = self._bans[number[:end]]
                if expires_at is None or expires_at > now:
                    return True
        return False

    async def _refresh_if_stale(self, now: datetime) -> None:
        if self._is_fresh(now):
            return
        async with self._lock:
            if self._is_fresh(now):
                return  # another task read it while we waited
            async with self._sessionmaker() as session:
                bans = await repository.active_bans(session, now)
            self._bans = dict(bans)
            self._loaded_at = now

    def _is_fresh(self, now: datetime) -> bool:
        return self._loaded_at is not None and now - self._loaded_at < self._refresh
