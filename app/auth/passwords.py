"""Password hashing for console logins: argon2id (argon2-cffi), nothing else.

Each hash or check costs about 64 MiB and a quarter of a second of CPU by design, so
they run in worker threads behind a small limiter of their own: a flood of logins
cannot exhaust memory or starve the threads that place Twilio calls.
"""

from __future__ import annotations

import asyncio
import weakref
from functools import lru_cache

import anyio
import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10
MAX_LENGTH = 200
CONCURRENT_HASHES = 2

_hasher = PasswordHasher()
_limiters: weakref.WeakKeyDictionary[
    asyncio.AbstractEventLoop, anyio.CapacityLimiter
] = weakref.WeakKeyDictionary()


def check_strength(password: str) -> str | None:
    """Why the password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"the password needs at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"the password has more than {MAX_LENGTH} characters"
    if password.strip() != password:
        return "the password must not start or end with a space"
    return None


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # Verified against when the user name is unknown, so a wrong name costs as much
    # time as a wrong password and the response time does not reveal the accounts.
    return _hasher.hash("not-a-password-of-anyone")


def _limiter() -> anyio.CapacityLimiter:
    loop = asyncio.get_running_loop()
    limiter = _limiters.get(loop)
    if limiter is None:
        limiter = _limiters[loop] = anyio.CapacityLimiter(CONCURRENT_HASHES)
    return limiter


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and bool(
            password_hash
        )
    except (VerificationError, InvalidHashError):
        return False


async def hash_password(password: str) -> str:
    return await anyio.to_thread.run_sync(_hasher.hash, password, limiter=_limiter())


async def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; a missing hash still costs one verification."""
    return await anyio.to_thread.run_sync(
        _verify, password_hash, password[: MAX_LENGTH + 1], limiter=_limiter()
    )


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(password_hash)
