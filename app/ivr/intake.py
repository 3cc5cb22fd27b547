"""The first webhook of every new call: who is calling, then the first rows.

Every caller's first webhook reads the same facts (is this CallSid known, the
caller's last language and postcode, is the number an operator's or a neighbour's)
and writes the same four kinds of rows: the call, its help request and their first
events. `admit` is that webhook's unit of work (app/writer.py): one read, then one
insert per table, sharing its transaction and commit with the other webhooks of
its group.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from app.ivr import repository
from app.ivr.repository import Arrival, FirstSight


@dataclass(frozen=True)
class NewCall:
    call: dict[str, Any]
    request: dict[str, Any]
    call_events: Sequence[tuple[str, dict[str, Any]]]
    request_events: Sequence[tuple[str, dict[str, Any]]]
    now: datetime


# What to write for an arrival, given what is known of it (None: nothing).
RowsFor = Callable[[FirstSight], NewCall | None]


def admit(connection: Connection, arrival: Arrival, rows_for: RowsFor) -> FirstSight:
    """What is known of `arrival`, after writing `rows_for(it)` unless the call is
    known already (a retried webhook: nothing is written twice)."""
    [seen] = repository.first_sights(connection, [arrival])
    item = rows_for(seen) if seen.call_id is None else None
    if item is None:
        return seen
    [call_id] = repository.insert_calls(connection, [item.call])
    [request_id] = repository.insert_requests(
        connection, [{**item.request, "call_id": call_id}]
    )
    repository.insert_events(
        connection,
        call_events=[
            {"call_id": call_id, "occurred_at": item.now, "kind": kind, "detail": d}
            for kind, d in item.call_events
        ],
        request_events=[
            {
                "request_id": request_id,
                "occurred_at": item.now,
                "kind": kind,
                "actor": "system",
                "detail": d,
            }
            for kind, d in item.request_events
        ],
    )
    return seen
