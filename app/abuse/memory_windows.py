"""Moving-window rate limits in this process's memory (one instance, no Redis).

The `limits` library's own memory storage rescans every key it holds after each
hit, with a thread hop per key: with every caller's number a key for an hour, a
surge of new callers made each new call pay for all the others. Here a hit only
touches its own key (a deque of hit times, oldest first); keys whose hits have all
left their window are dropped by a sweep at most once a minute.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from limits import RateLimitItem

SWEEP_EVERY_S = 60.0


class MemoryMovingWindows:
    """`hit` and `test` as limits' MovingWindowRateLimiter has them."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._windows: dict[str, float] = {}
        self._swept_at = clock()

    async def hit(self, item: RateLimitItem, *identifiers: str) -> bool:
        """Count a hit unless the window is full; whether it was counted."""
        key = item.key_for(*identifiers)
        now = self._clock()
        hits = self._recent(key, item, now)
        if len(hits) >= item.amount:
            return False
        if not hits:
            self._hits[key] = hits
            self._windows[key] = item.get_expiry()
        hits.append(now)
        return True

    async def test(self, item: RateLimitItem, *identifiers: str) -> bool:
        """Would a hit now be counted? (Counts nothing.)"""
        key = item.key_for(*identifiers)
        return len(self._recent(key, item, self._clock())) < item.amount

    def _recent(self, key: str, item: RateLimitItem, now: float) -> deque[float]:
        self._sweep(now)
        hits = self._hits.get(key, deque())
        oldest = now - item.get_expiry()
        while hits and hits[0] <= oldest:
            hits.popleft()
        return hits

    def _sweep(self, now: float) -> None:
        if now - self._swept_at < SWEEP_EVERY_S:
            return
        self._swept_at = now
        for key in [
            k
            for k, hits in self._hits.items()
            if not hits or hits[-1] <= now - self._windows[k]
        ]:
            del self._hits[key], self._windows[key]
