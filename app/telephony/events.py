"""Vendor-neutral inbound telephony events, parsed from webhooks by the adapter.

Nothing past the router sees provider field names. No I/O here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

CallStatus = Literal[
    "queued",
    "initiated",
    "ringing",
    "in-progress",
    "completed",
    "busy",
    "failed",
    "no-answer",
    "canceled",
]
FINAL_STATUSES: frozenset[str] = frozenset(
    {"completed", "busy", "failed", "no-answer", "canceled"}
)


@dataclass(frozen=True, slots=True)
class VoiceEvent:
    """One voice webhook: a TwiML fetch (call start, key press, hold tick, …)."""

    call_sid: str
    from_number: str
    to_number: str
    call_status: str
    direction: str
    parent_call_sid: str | None = None
    digits: str | None = None
    speech: str | None = None
    speech_confidence: float | None = None
    recording_url: str | None = None
    recording_duration_s: int | None = None
    queue_result: str | None = None
    queue_time_s: int | None = None
    queue_position: int | None = None
    dial_status: str | None = None
    answered_by: str | None = None


@dataclass(frozen=True, slots=True)
class CallStatusChanged:
    """An asynchronous status callback; may arrive twice or out of order."""

    call_sid: str
    call_status: str
    from_number: str
    to_number: str
    direction: str
    sequence_number: int | None
    occurred_at: datetime | None
    duration_s: int | None
    answered_by: str | None = None

    @property
    def is_final(self) -> bool:
        return self.call_status in FINAL_STATUSES


@dataclass(frozen=True, slots=True)
class SmsReceived:
    message_sid: str
    from_number: str
    to_number: str
    body: str
