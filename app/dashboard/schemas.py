"""API shapes of the dashboard: the live queue and the coordinators' live board.

The console's board page renders exactly these objects; `/api/board` returns them
as JSON, so the page and the API never read the data twice over.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

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


BoardOperatorState = Literal["available", "ringing", "on_call", "wrap_up", "away"]


class BoardCaller(BaseModel):
    entry_id: str
    caller: str  # masked
    need: str
    postcode: str | None
    municipality: str | None
    enqueued_at: datetime
    waiting_s: int
    is_callback: bool
    is_offered: bool


class BoardLanguage(BaseModel):
    language: str
    callers: list[BoardCaller]
    longest_wait_s: int


class BoardOperator(BaseModel):
    volunteer_id: int
    name: str
    languages: list[str]
    state: BoardOperatorState
    since: datetime | None


class BoardFigures(BaseModel):
    calls: int
    answered: int
    abandoned: int
    average_answer_s: float | None
    service_level: float | None
    callbacks_pending: int
    voicemails_open: int


class Board(BaseModel):
    taken_at: datetime
    languages: list[BoardLanguage]
    operators: list[BoardOperator]
    today: BoardFigures

    def signature(self) -> str:
        """What a viewer must be re-sent when it changes (waiting times excluded:
        the page counts those up itself)."""
        return self.model_dump_json(
            exclude={
                "taken_at": True,
                "languages": {
                    "__all__": {
                        "longest_wait_s": True,
                        "callers": {"__all__": {"waiting_s"}},
                    }
                },
            }
        )
