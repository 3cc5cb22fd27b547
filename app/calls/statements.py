"""The call timeline in webhooks' units of work (app/writer.py): Core statements
built once, run on a synchronous Connection. Never commits.

Twilio retries webhooks, so what a retry could repeat is keyed: one call row per
CallSid, one event per dedupe key (`INSERT ... ON CONFLICT DO NOTHING`, which both
SQLite and PostgreSQL know).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select

from app.calls.models import Call, CallEvent
from app.calls.status import known_status, status_change
from app.db import UpdateById, insert_ignoring
from app.help_requests.models import HelpRequest
from app.phone_numbers import to_e164
from app.telephony.events import CallStatusChanged


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
    request_need: str | None
    request_postcode: str | None
    visits: int = 0  # how often the call was sent to the menu node asked about


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
_FACTS = (
    select(
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
        HelpRequest.id.label("request_id"),
        HelpRequest.need.label("request_need"),
        HelpRequest.postcode.label("request_postcode"),
    )
    .select_from(Call)
    .outerjoin(HelpRequest, HelpRequest.call_id == Call.id)
    .where(Call.twilio_call_sid == bindparam("sid"))
)
# Only a menu webhook needs the visits of its node: the others skip the count.
_FACTS_AT_NODE = _FACTS.add_columns(_VISITS)


_NEW_CALL = insert_ignoring(Call, "twilio_call_sid")
EVENT_ONCE = {
    name: statement.returning(CallEvent.id)
    for name, statement in insert_ignoring(CallEvent, "dedupe_key").items()
}
_EVENTS = insert(CallEvent)


def facts(
    connection: Connection, sid: str, *, node: str | None = None
) -> CallFacts | None:
    """The call with this CallSid; with `node`, `visits` counts its visits of
    that menu node."""
    if node is None:
        row = connection.execute(_FACTS, {"sid": sid}).one_or_none()
    else:
        row = connection.execute(
            _FACTS_AT_NODE, {"sid": sid, "node": node}
        ).one_or_none()
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
    node: str | None = None,
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
        "status": known_status(status),
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
    result = connection.execute(EVENT_ONCE[connection.dialect.name], row)
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


set_fields = UpdateById(Call)  # set_fields(connection, call_id, {column: value})


def apply_status(
    connection: Connection,
    call: CallFacts,
    sid: str,
    event: CallStatusChanged,
    *,
    now: datetime,
) -> bool:
    """Record a status callback on the call; False when it is a duplicate."""
    change = status_change(
        sid=sid,
        status=call.status,
        status_sequence=call.status_sequence,
        answered_at=call.answered_at,
        ended_at=call.ended_at,
        event=event,
        now=now,
    )
    if not add_event_once(
        connection,
        call.id,
        "status",
        now=change.occurred_at,
        detail=change.detail,
        dedupe_key=change.dedupe_key,
    ):
        return False
    set_fields(connection, call.id, change.fields)
    return True
