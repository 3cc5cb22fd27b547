"""API shapes of API tokens. A token's secret appears only in ApiTokenIssued, the
answer to its creation; no other shape carries it."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

# Longest expiry a token may be given, in days (ten years).
MAX_EXPIRY_DAYS = 3650


class ApiTokenCreate(BaseModel):
    name: str = Field(min_length=1, max_length=60)
    # None: the token never expires.
    expires_in_days: int | None = Field(default=None, ge=1, le=MAX_EXPIRY_DAYS)


class ApiTokenRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str | None
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None


class ApiTokenIssued(ApiTokenRead):
    token: str  # shown this once; only its SHA-256 is stored
