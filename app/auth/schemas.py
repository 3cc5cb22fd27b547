"""API shapes of accounts and API tokens. A token's secret appears only in
ApiTokenIssued and AccountCreated, the answers to their creation; no other shape
carries it."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from app.auth.roles import Role

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


class AccountCreate(BaseModel):
    username: str = Field(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9._-]+$")
    role: Role = Role.COORDINATOR
    # A partner's organisation (required for partners, refused for other roles).
    organisation: str | None = Field(default=None, max_length=120)
    # An operator's volunteer record (required for operators, refused otherwise).
    volunteer_id: int | None = Field(default=None, ge=1, le=2**31 - 1)


class AccountRoleUpdate(BaseModel):
    role: Role
    organisation: str | None = Field(default=None, max_length=120)
    volunteer_id: int | None = Field(default=None, ge=1, le=2**31 - 1)


class AccountRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    username: str
    role: Role
    organisation: str | None
    volunteer_id: int | None
    created_at: datetime


class AccountCreated(AccountRead):
    token: str  # the account's first API token, shown this once
