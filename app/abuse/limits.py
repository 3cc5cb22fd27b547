"""Rate limits (the `limits` library): callers, SMS code guessing, logins, the API.

On Redis when the queue is (`settings.queue.backend == "redis"`), so every instance
counts the same hits; else in this process's memory (app/abuse/memory_windows.py).
Moving windows: a burst at a window's edge cannot pass twice the limit. The windows
run on the machine's clock, not on the app's Clock.
"""

from __future__ import annotations

from typing import Protocol

from limits import RateLimitItem, RateLimitItemPerHour, RateLimitItemPerSecond
from limits.aio.storage import RedisStorage
from limits.aio.strategies import MovingWindowRateLimiter
from redis.asyncio import ConnectionPool

from app.abuse.memory_windows import MemoryMovingWindows
from app.config import Settings


class Limiter(Protocol):
    async def hit(self, item: RateLimitItem, *identifiers: str) -> bool: ...

    async def test(self, item: RateLimitItem, *identifiers: str) -> bool: ...


class RateLimits:
    """Each `allow_*` counts one hit and says whether it is within the limit."""

    def __init__(
        self, settings: Settings, *, limiter: Limiter, pool: ConnectionPool | None
    ) -> None:
        abuse = settings.abuse
        self._limiter = limiter
        self._pool = pool
        self.calls: RateLimitItem = RateLimitItemPerHour(abuse.caller_calls_per_hour)
        self.bad_sms: RateLimitItem = RateLimitItemPerSecond(
            abuse.sms_bad_codes, abuse.sms_bad_codes_window_s
        )
        self.logins: RateLimitItem = RateLimitItemPerSecond(
            abuse.login_attempts_per_ip, abuse.login_window_s
        )
        self.pins: RateLimitItem = RateLimitItemPerSecond(
            abuse.duty_pin_attempts, abuse.duty_pin_window_s
        )
        self.api: RateLimitItem = RateLimitItemPerSecond(
            abuse.api_requests_per_minute, 60
        )

    async def allow_call(self, number: str) -> bool:
        return await self._limiter.hit(self.calls, "call", number)

    async def is_call_limited(self, number: str) -> bool:
        """Whether the next call from `number` would be refused (counts nothing)."""
        return not await self._limiter.test(self.calls, "call", number)

    async def is_sms_blocked(self, number: str) -> bool:
        """Too many bad codes lately: this number's replies are ignored for now."""
        return not await self._limiter.test(self.bad_sms, "sms", number)

    async def count_bad_sms(self, number: str) -> None:
        await self._limiter.hit(self.bad_sms, "sms", number)

    async def is_pin_blocked(self, number: str) -> bool:
        """Too many wrong duty PINs from this operator's number lately."""
        return not await self._limiter.test(self.pins, "pin", number)

    async def count_wrong_pin(self, number: str) -> None:
        await self._limiter.hit(self.pins, "pin", number)

    async def allow_login(self, client_ip: str) -> bool:
        return await self._limiter.hit(self.logins, "login", client_ip)

    async def allow_api(self, token_key: str) -> bool:
        return await self._limiter.hit(self.api, "api", token_key)

    async def aclose(self) -> None:
        if self._pool is not None:
            await self._pool.disconnect()


def create_rate_limits(settings: Settings) -> RateLimits:
    if settings.queue.backend != "redis":
        return RateLimits(settings, limiter=MemoryMovingWindows(), pool=None)
    # Our own pool, so that shutdown closes the connections the library opened.
    pool = ConnectionPool.from_url(settings.redis.url)
    storage = RedisStorage(
        "async+" + settings.redis.url,
        implementation="redispy",
        key_prefix=settings.redis.key_prefix + "limits",
        # Documented by limits; its **options annotation is narrower.
        connection_pool=pool,  # type: ignore[arg-type]
    )
    return RateLimits(settings, limiter=MovingWindowRateLimiter(storage), pool=pool)
