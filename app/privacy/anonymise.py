"""What anonymising a call or a help request removes, column by column. Pure: no I/O.

Text columns are removed unless listed as kept (categories the reports count, and
the coordinators' own user names): a column another feature adds later is removed by
default, never kept by accident.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import String, Text
from sqlalchemy.orm import DeclarativeBase

from app.calls.models import Call
from app.help_requests.models import HelpRequest
from app.phone_numbers import ERASED_NUMBER

# Stored in place of a number that must not be kept (its columns are NOT NULL).
ERASED = ERASED_NUMBER

CALL_KEPT = frozenset(
    {"twilio_call_sid", "purpose", "direction", "language", "status", "outcome", "line"}
)
REQUEST_KEPT = frozenset(
    {
        "language",
        "need",
        "postcode",
        "status",
        "close_reason",
        "source",
        "organisation",
        "created_by",
        "urgency",
        "wrapup_outcome",
        "approved_by",
        "followup_answer",
        "line",
    }
)
CLOSED_STATUSES = ("done", "closed")
# Call events the reports still count once a timeline is purged (callbacks asked
# for during a call); their detail is emptied.
REPORTED_EVENT_KINDS = frozenset({"callback_requested"})


def _text_columns(
    row: DeclarativeBase, kept: frozenset[str]
) -> Iterable[tuple[str, bool]]:
    for column in row.__table__.columns:
        if column.key not in kept and isinstance(column.type, String | Text):
            yield column.key, bool(column.nullable)


def _scrub(row: DeclarativeBase, kept: frozenset[str]) -> None:
    for key, nullable in _text_columns(row, kept):
        setattr(row, key, None if nullable else ERASED)


def is_call_anonymised(call: Call) -> bool:
    return ERASED in (call.from_number, call.to_number)


def anonymise_call(call: Call) -> None:
    """The other party's number goes; the hotline's side, times and outcome stay."""
    party_is_caller = call.direction == "inbound"
    hotline_number = call.to_number if party_is_caller else call.from_number
    _scrub(call, CALL_KEPT)
    if party_is_caller:
        call.to_number = hotline_number
    else:
        call.from_number = hotline_number


def is_past_retention(request: HelpRequest, cutoff: datetime) -> bool:
    """A done or closed request unchanged since `cutoff`, not yet anonymised."""
    return (
        request.status in CLOSED_STATUSES
        and request.updated_at < cutoff
        and request.caller_number != ERASED
    )


def anonymise_request(request: HelpRequest) -> None:
    """Name, number, address, notes, codes and recordings go; need, postcode,
    language, status and dates stay for the reports."""
    forget_recordings(request, [recording_key(u) for u in recording_urls(request)])
    _scrub(request, REQUEST_KEPT)


def recording_urls(request: HelpRequest) -> list[str]:
    """The provider recordings a request points at (voicemail, operator's note)."""
    urls: list[str] = []
    for column in request.__table__.columns:
        value = getattr(request, column.key)
        if column.key.endswith("_url") and isinstance(value, str) and value:
            urls.append(value)
    return urls


def recording_key(url: str) -> str:
    """The recording's id in its URL (Twilio: the RecordingSid)."""
    return urlsplit(url).path.rsplit("/", 1)[-1].split(".", 1)[0]


def forget_recordings(row: DeclarativeBase, keys: Iterable[str]) -> bool:
    """Clear every text column mentioning one of these recordings, and the length
    beside each URL (`voicemail_url` -> `voicemail_duration_s`: pages offer to play
    a recording they know the length of); True if any."""
    needles = tuple(keys)
    changed = False
    for column in row.__table__.columns:
        value = getattr(row, column.key)
        if (
            column.nullable
            and isinstance(value, str)
            and any(k in value for k in needles)
        ):
            setattr(row, column.key, None)
            duration = column.key.removesuffix("_url") + "_duration_s"
            if column.key.endswith("_url") and duration in row.__table__.columns:
                setattr(row, duration, None)
            changed = True
    return changed


def detail_without(detail: dict[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    """An event's detail without the values mentioning these recordings."""
    needles = tuple(keys)
    return {
        k: v
        for k, v in detail.items()
        if not (isinstance(v, str) and any(n in v for n in needles))
    }
