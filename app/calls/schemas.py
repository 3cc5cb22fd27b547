"""API shapes of the call log. Caller numbers are masked except on a single call."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class CallEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    occurred_at: datetime
    kind: str
    detail: dict[str, Any]


class CallSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    twilio_call_sid: str
    purpose: str
    direction: str
    caller_e164: str | None
    language: str | None
    status: str
    outcome: str | None
    volunteer_id: int | None
    started_at: datetime
    answered_at: datetime | None
    ended_at: datetime | None
    duration_s: int | None
    wait_s: int | None


class CallRead(CallSummary):
    from_number: str
    to_number: str
    events: list[CallEventRead]


class CallPage(BaseModel):
    total: int
    items: list[CallSummary]
