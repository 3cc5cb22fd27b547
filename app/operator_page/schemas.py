"""What the operator's page shows: the call they are on (or just had), masked."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class EarlierCall(BaseModel):
    started_at: datetime
    outcome: str | None


class EarlierRequest(BaseModel):
    id: int
    status: str
    need: str | None
    created_at: datetime


class OperatorCallView(BaseModel):
    """The operator's current (or last) call and the request the form fills in.
    `is_editable`: the call is live or ended at most `form_window_s` ago."""

    request_id: int
    caller_masked: str
    language: str | None
    need: str | None
    postcode: str | None
    municipality: str | None
    started_at: datetime
    is_live: bool
    is_editable: bool
    editable_until: datetime | None
    values: dict[str, str]
    earlier_calls: list[EarlierCall]
    earlier_requests: list[EarlierRequest]


class OperatorPage(BaseModel):
    volunteer_id: int
    name: str
    languages: list[str]
    call: OperatorCallView | None
