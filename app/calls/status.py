"""The call status transition table: pure.

Twilio delivers status callbacks out of order and more than once: a status only
moves forward, and a final one is never changed again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.telephony.events import FINAL_STATUSES, CallStatusChanged

# Status order; any final status outranks every live one and is itself terminal.
_STATUS_RANK: dict[str, int] = {
    "queued": 0,
    "initiated": 1,
    "ringing": 2,
    "in-progress": 3,
    **dict.fromkeys(FINAL_STATUSES, 4),
}


def next_status(current: str, incoming: str) -> str:
    """The status after `incoming` is reported for a call that is `current`.

    Pure. Unknown statuses are ignored; a final status never changes again.
    """
    if incoming not in _STATUS_RANK:
        return current
    if current in FINAL_STATUSES:
        return current
    if _STATUS_RANK[incoming] >= _STATUS_RANK.get(current, -1):
        return incoming
    return current


def known_status(status: str) -> str:
    """A first-seen call's status: one we know, else in progress."""
    return status if status in _STATUS_RANK else "in-progress"


@dataclass(frozen=True, slots=True)
class StatusChange:
    """What a status callback changes on its call: its event, and the fields."""

    dedupe_key: str
    detail: dict[str, Any]
    occurred_at: datetime
    fields: dict[str, Any]


def status_change(
    *,
    sid: str,
    status: str,
    status_sequence: int,
    answered_at: datetime | None,
    ended_at: datetime | None,
    event: CallStatusChanged,
    now: datetime,
) -> StatusChange:
    """Pure: the event and the field changes for `event` on a call in this state
    (status only moves forward; the first answer and the end are kept)."""
    seq = event.sequence_number if event.sequence_number is not None else -1
    detail: dict[str, Any] = {
        "status": event.call_status,
        "sequence": event.sequence_number,
    }
    if event.duration_s is not None:
        detail["duration_s"] = event.duration_s
    if event.answered_by:
        detail["answered_by"] = event.answered_by
    occurred = event.occurred_at or now
    new_status = next_status(status, event.call_status)
    fields: dict[str, Any] = {
        "status": new_status,
        "status_sequence": max(status_sequence, seq),
    }
    if new_status == "in-progress" and answered_at is None:
        fields["answered_at"] = occurred
    if new_status in FINAL_STATUSES and ended_at is None:
        fields["ended_at"] = occurred
        fields["duration_s"] = event.duration_s
    return StatusChange(
        dedupe_key=f"status:{sid}:{event.call_status}:{seq}",
        detail=detail,
        occurred_at=occurred,
        fields=fields,
    )
