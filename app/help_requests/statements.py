"""Help requests in webhooks' units of work (app/writer.py): Core statements built
once, run on a synchronous Connection. Never commits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert

from app.calls.statements import CallFacts
from app.db import UpdateById
from app.help_requests.models import HelpRequest, HelpRequestEvent

_NEW_REQUEST = insert(HelpRequest).returning(HelpRequest.id)
_EVENTS = insert(HelpRequestEvent)


def ensure_for_call(connection: Connection, call: CallFacts, *, now: datetime) -> int:
    """The call's help request (its id), created (status new) on first need."""
    if call.request_id is not None:
        return call.request_id
    row = {
        "call_id": call.id,
        "caller_number": call.caller_e164 or call.from_number,
        "language": call.language,
        "line": call.line,
        "status": "new",
        "source": "call",
        "created_at": now,
        "updated_at": now,
    }
    request_id = int(connection.execute(_NEW_REQUEST, row).scalar_one())
    add_events(connection, request_id, [("created", {"source": "call"})], now=now)
    return request_id


def add_events(
    connection: Connection,
    request_id: int,
    events: Sequence[tuple[str, Mapping[str, Any]]],
    *,
    now: datetime,
    actor: str = "system",
) -> None:
    """Append to the request's history, in order (the caller keeps updated_at)."""
    if events:
        rows = [
            {
                "request_id": request_id,
                "occurred_at": now,
                "kind": kind,
                "actor": actor,
                "detail": dict(d),
            }
            for kind, d in events
        ]
        connection.execute(_EVENTS, rows)


set_fields = UpdateById(HelpRequest)  # set_fields(connection, request_id, {...})
