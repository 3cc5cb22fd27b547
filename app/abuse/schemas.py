"""API shapes of the ban list."""

from __future__ import annotations

import re
from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from app.phone_numbers import to_e164

# An E.164 number or its beginning: "+", the country code, some digits.
_PREFIX_RE = re.compile(r"^\+[1-9]\d{1,14}$")


def normalize_prefix(value: str) -> str:
    """A whole number in any local format becomes E.164; a prefix stays as typed
    (spaces, dots and dashes removed) and must start with '+' and a country code."""
    compact = re.sub(r"[\s.\-/()]", "", value)
    whole = to_e164(compact)
    if whole is not None:
        return whole
    if not _PREFIX_RE.match(compact):
        raise ValueError(
            "a phone number, or an international prefix such as +3290 (at least "
            "the country code)"
        )
    return compact


class BanCreate(BaseModel):
    number_prefix: str = Field(max_length=40)
    reason: str = Field(min_length=1, max_length=200)
    # None: until removed.
    expires_at: AwareDatetime | None = None

    @field_validator("number_prefix")
    @classmethod
    def _check_prefix(cls, value: str) -> str:
        return normalize_prefix(value)

    @field_validator("reason")
    @classmethod
    def _check_reason(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("a reason is required")
        return value


class BanRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    number_prefix: str
    reason: str
    expires_at: datetime | None
    created_by: str
    created_at: datetime
    is_active: bool
