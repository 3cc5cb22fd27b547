"""Operators' duty PINs: 4 to 6 digits, stored as salted scrypt hashes (hashlib).

A PIN this short is no secret against someone holding the database; the hash keeps
it from being read off a backup, and the real protection is the attempt limit
(app/abuse/limits.py). Hashing runs in a worker thread: scrypt is deliberately slow.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import re
import secrets
from typing import Literal

import anyio.to_thread

from app.abuse.limits import RateLimits
from app.logging import mask_phone

logger = logging.getLogger(__name__)

PIN_PATTERN = r"^[0-9]{4,6}$"
_PIN_RE = re.compile(PIN_PATTERN)
# About 16 MiB and a few tens of milliseconds per hash.
_N, _R, _P = 2**14, 8, 1
_SCHEME = "scrypt"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def _derive(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32
    )


def _hash_sync(pin: str) -> str:
    if not _PIN_RE.match(pin):
        raise ValueError("a duty PIN is 4 to 6 digits")
    salt = secrets.token_bytes(16)
    key = _derive(pin, salt, _N, _R, _P)
    return f"{_SCHEME}${_N}${_R}${_P}${_b64(salt)}${_b64(key)}"


def _verify_sync(pin_hash: str, pin: str) -> bool:
    try:
        scheme, n, r, p, salt, key = pin_hash.split("$")
        if scheme != _SCHEME:
            return False
        derived = _derive(pin, _unb64(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(derived, _unb64(key))


async def hash_pin(pin: str) -> str:
    return await anyio.to_thread.run_sync(_hash_sync, pin)


async def verify_pin(pin_hash: str, pin: str) -> bool:
    """Whether `pin` is the one hashed; False for anything malformed."""
    if not _PIN_RE.match(pin):
        return False
    return await anyio.to_thread.run_sync(_verify_sync, pin_hash, pin)


PinCheck = Literal["blocked", "right", "wrong", "empty"]


async def check_keyed(
    limits: RateLimits, pin_hash: str, number: str, digits: str | None, *, line: str
) -> PinCheck:
    """A PIN keyed on a phone `line` (the duty line, the errand line): refused
    outright after too many wrong ones lately from this number (any call, any
    line); else right, wrong (which counts) or nothing keyed."""
    if await limits.is_pin_blocked(number):
        logger.warning("%s: too many wrong PINs from %s", line, mask_phone(number))
        return "blocked"
    keyed = (digits or "").strip()
    if not keyed:
        return "empty"
    if await verify_pin(pin_hash, keyed):
        return "right"
    await limits.count_wrong_pin(number)
    logger.warning("%s: wrong PIN from %s", line, mask_phone(number))
    return "wrong"
