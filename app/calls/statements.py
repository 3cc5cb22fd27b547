"""The call timeline in webhooks' units of work (app/writer.py): Core statements
built once, run on a synchronous Connection. Never commits.

Twilio retries webhooks, so what a retry could repeat is keyed: one call row per
CallSid, one event per dedupe key (`INSERT ... ON CONFLICT DO NOTHING`, which both
SQLite and PostgreSQL know).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Insert, bindparam, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.calls.models import Call, CallEvent
from app.help_requests.models import HelpRequest
from app.phone_numbers import to_e164
from app.telephony.events import FINAL_STATUSES

LIVE_STATUSES = ("queued", "initiated", "ringing", "in-progress")


@dataclass(frozen=True, slots=True)
class CallFacts:
    """What a webhook's unit needs to know of its call (one read)."""

    id: int
    from_number: str
    to_number: str
    caller_e164: str | None
    language: str | None
    line: str | None
    status: str
    status_sequence: int
    outcome: str | None
    answered_at: datetime | None
    ended_at: datetime | None
    request_id: int | None  # the call's help request, if it has one yet
    visits: int  # how often the call was sent to the menu node asked about


_VISITS = (
    select(func.count(CallEvent.id))
    .where(
        CallEvent.call_id == Call.id,
        CallEvent.kind == "menu_entered",
        CallEvent.detail["node"].as_string() == bindparam("node"),
    )
    .scalar_subquery()
    .label("visits")
)
_REQUEST_ID = (
    select(HelpRequest.id)
    .where(HelpRequest.call_id == Call.id)
    .scalar_subquery()
    .label("request_id")
)
_FACTS = select(
    Call.id,
    Call.from_number,
    Call.to_number,
    Call.caller_e164,
    Call.language,
    Call.line,
    Call.status,
    Call.status_sequence,
    Call.outcome,
    Call.answered_at,
    Call.ended_at,
    _REQUEST_ID,
    _VISITS,
).where(Call.twilio_call_sid == bindparam("sid"))


def _on_conflict_nothing(make: Callable[[Any], Any], table: Any, column: str) -> Insert:
    statement: Insert = make(table).on_conflict_do_nothing(index_elements=[column])
    return statement


# The dialect's INSERT ... ON CONFLICT DO NOTHING, built once per dialect.
_NEW_CALL = {
    "sqlite": _on_conflict_nothing(sqlite_insert, Call, "twilio_call_sid"),
    "postgresql": _on_conflict_nothing(postgresql_insert, Call, "twilio_call_sid"),
}
_EVENT_ONCE = {
    name: _on_conflict_nothing(make, CallEvent, "dedupe_key").returning(CallEvent.id)
    for name, make in (("sqlite", sqlite_insert), ("postgresql", postgresql_insert))
}
_EVENTS = insert(CallEvent)


def facts(connection: Connection, sid: str, *, node: str = "") -> CallFacts | None:
    """The call with this CallSid; `visits` counts its visits of menu `node`."""
    row = connection.execute(_FACTS, {"sid": sid, "node": node}).one_or_none()
    return CallFacts(**row._asdict()) if row is not None else None


def facts_or_new(
    connection: Connection,
    *,
    sid: str,
    purpose: str,
    direction: str,
    from_number: str,
    to_number: str,
    status: str,
    now: datetime,
    node: str = "",
) -> CallFacts:
    """The call with this CallSid, written now if it is first seen (a webhook whose
    call's first webhook never reached us). Race-safe: a concurrent first sight
    elsewhere wins, and this reads its row."""
    found = facts(connection, sid, node=node)
    if found is not None:
        return found
    caller = from_number if direction == "inbound" else to_number
    row = {
        "twilio_call_sid": sid,
        "purpose": purpose,
        "direction": direction,
        "from_number": from_number,
        "to_number": to_number,
        "caller_e164": to_e164(caller),
        "status": status
        if status in (*LIVE_STATUSES, *FINAL_STATUSES)
        else "in-progress",
        "status_sequence": -1,
        "started_at": now,
    }
    connection.execute(_NEW_CALL[connection.dialect.name], row)
    written = facts(connection, sid, node=node)
    assert written is not None
    return written


def add_event_once(
    connection: Connection,
    call_id: int,
    kind: str,
    *,
    now: datetime,
    detail: Mapping[str, Any],
    dedupe_key: str,
) -> bool:
    """Append an event unless one with `dedupe_key` exists; True if written."""
    row = {
        "call_id": call_id,
        "occurred_at": now,
        "kind": kind,
        "detail": dict(detail),
        "dedupe_key": dedupe_key,
    }
    result = connection.execute(_EVENT_ONCE[connection.dialect.name], row)
    return result.scalar_one_or_none() is not None


def add_events(
    connection: Connection,
    call_id: int,
    events: Sequence[tuple[str, Mapping[str, Any]]],
    *,
    now: datetime,
) -> None:
    """Append events (no key) in their order."""
    if events:
        rows = [
            {"call_id": call_id, "occurred_at": now, "kind": kind, "detail": dict(d)}
            for kind, d in events
        ]
        connection.execute(_EVENTS, rows)


def set_fields(connection: Connection, call_id: int, values: Mapping[str, Any]) -> None:
    if values:
        connection.execute(update(Call).where(Call.id == call_id).values(**values))
