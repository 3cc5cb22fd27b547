"""API shapes of help requests."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

RequestStatus = Literal["new", "offered", "matched", "done", "closed"]
CloseReason = Literal[
    "no_volunteer_found", "no_longer_needed", "unreachable", "duplicate"
]


class HelpRequestEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    occurred_at: datetime
    kind: str
    actor: str
    detail: dict[str, Any]


class HelpRequestRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    call_id: int | None
    caller_number: str
    language: str | None
    need: str | None
    postcode: str | None
    status: str
    close_reason: str | None
    source: str
    voicemail_url: str | None
    voicemail_duration_s: int | None
    notes: str | None
    short_code: str | None
    volunteer_id: int | None
    wave: int
    created_at: datetime
    updated_at: datetime
    matched_at: datetime | None
    done_at: datetime | None


class HelpRequestDetail(HelpRequestRead):
    history: list[HelpRequestEventRead]


class HelpRequestPage(BaseModel):
    total: int
    items: list[HelpRequestRead]


class AssignBody(BaseModel):
    volunteer_id: int


class CloseBody(BaseModel):
    reason: CloseReason
    note: str | None = Field(default=None, max_length=500)
