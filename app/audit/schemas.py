"""API shapes of the audit log."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class AuditFilter(BaseModel):
    actor: str | None = Field(default=None, max_length=80)
    # "request" for every request.* action, or one action ("request.reveal").
    action: str | None = Field(default=None, max_length=60)
    subject: str | None = Field(default=None, max_length=120)
    since: datetime | None = None
    until: datetime | None = None


class AuditEntryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor: str
    action: str
    subject: str
    detail: dict[str, str] | None


class AuditPage(BaseModel):
    total: int
    items: list[AuditEntryRead]
