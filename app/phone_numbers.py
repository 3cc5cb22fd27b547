"""Phone number normalisation to E.164 (Belgian local formats included)."""

from __future__ import annotations

import functools

import phonenumbers

DEFAULT_REGION = "BE"
# Stored in place of a number the hotline no longer keeps (retention, erasure:
# app/privacy/); the columns that held it are NOT NULL. Not personal: shown as is.
ERASED_NUMBER = "erased"


# Parsing costs about 0.1 ms and the same numbers come back (returning callers,
# operators calling their duty line): remember the recent ones.
@functools.lru_cache(maxsize=4096)
def to_e164(raw: str | None, region: str = DEFAULT_REGION) -> str | None:
    """'02 808 96 54' -> '+3228089654'; None for hidden/anonymous/invalid numbers."""
    if not raw or len(raw) > 40:
        return None
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed) or not phonenumbers.is_valid_number(
        parsed
    ):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
