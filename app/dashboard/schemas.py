"""API shapes of the dashboard."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class WaitingCaller(BaseModel):
    entry_id: str
    kind: str
    language: str
    need: str
    postcode: str | None
    caller: str  # masked
    position: int
    waiting_s: int
    is_offered: bool


class OperatorLive(BaseModel):
    volunteer_id: int
    status: str
    idle_since: datetime


class QueueView(BaseModel):
    taken_at: datetime
    waiting: list[WaitingCaller]
    operators: list[OperatorLive]
    pending_offers: int
