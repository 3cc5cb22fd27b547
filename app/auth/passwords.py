"""Password hashing for console logins: argon2id (argon2-cffi), nothing else.

No I/O here. Hashing is CPU-bound (tens of ms by design): callers run it in a thread.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# Verified against when the user name is unknown, so a wrong name costs as much
# time as a wrong password and the response time does not reveal which accounts exist.
_DUMMY_HASH = _hasher.hash("not-a-password-of-anyone")

MIN_LENGTH = 10
MAX_LENGTH = 200


def check_strength(password: str) -> str | None:
    """Why the password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"the password needs at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"the password has more than {MAX_LENGTH} characters"
    if password.strip() != password:
        return "the password must not start or end with a space"
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; a missing hash still costs one verification."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(
            password_hash
        )
    except (VerificationError, InvalidHashError):
        return False
