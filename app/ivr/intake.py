"""The first webhook of every new call, grouped: who is calling, then the first rows.

Every caller's first webhook reads the same three facts (is this CallSid known, the
caller's last language, is the number an operator's) and writes the same four kinds
of rows: the call, its help request and their first events. Under load, doing that
one call at a time spends most of the time in round trips, thread hops and commits,
so concurrent first webhooks share one transaction (app/grouping.py): one read, then
one insert per table, whatever the size of the group. Each webhook still answers
only after its own rows are committed (Twilio's next request must find them).

A group runs in one go through AsyncConnection.run_sync, on every database: on
SQLite its writes wait their turn at the engine's write gate like every other
webhook's (app/db.py), never in SQLite's busy handler.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from app.grouping import GroupRunner
from app.ivr import repository
from app.ivr.repository import Arrival, FirstSight

MAX_GROUP = 100


@dataclass(frozen=True)
class NewCall:
    call: dict[str, Any]
    request: dict[str, Any]
    call_events: Sequence[tuple[str, dict[str, Any]]]
    request_events: Sequence[tuple[str, dict[str, Any]]]
    now: datetime


# What to write for an arrival, given what is known of it (None: nothing).
RowsFor = Callable[[FirstSight], NewCall | None]


Group = Sequence[tuple[Arrival, RowsFor]]


def _admit(connection: Connection, group: Group) -> list[FirstSight]:
    seen = repository.first_sights(connection, [a for a, _ in group])
    planned: dict[str, NewCall] = {}  # by CallSid: a retry inside the group is seen
    for (arrival, rows_for), sight in zip(group, seen, strict=True):
        if sight.call_id is None and arrival.call_sid not in planned:
            item = rows_for(sight)
            if item is not None:
                planned[arrival.call_sid] = item
    if not planned:
        return seen
    items = list(planned.values())
    call_ids = repository.insert_calls(connection, [i.call for i in items])
    request_ids = repository.insert_requests(
        connection,
        [{**i.request, "call_id": c} for i, c in zip(items, call_ids, strict=True)],
    )
    repository.insert_events(
        connection,
        call_events=[
            {"call_id": c, "occurred_at": i.now, "kind": kind, "detail": detail}
            for i, c in zip(items, call_ids, strict=True)
            for kind, detail in i.call_events
        ],
        request_events=[
            {
                "request_id": r,
                "occurred_at": i.now,
                "kind": kind,
                "actor": "system",
                "detail": detail,
            }
            for i, r in zip(items, request_ids, strict=True)
            for kind, detail in i.request_events
        ],
    )
    return seen


class Intake:
    """`admit` one new call; groups of them run behind it."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._run: GroupRunner[tuple[Arrival, RowsFor], FirstSight] = GroupRunner(
            self._admit_group, max_group=MAX_GROUP
        )

    async def admit(self, arrival: Arrival, rows_for: RowsFor) -> FirstSight:
        """What is known of `arrival`, after writing `rows_for(it)` unless the call
        is known already (a retried webhook: nothing is written twice)."""
        return await self._run((arrival, rows_for))

    async def _admit_group(self, group: Group) -> list[FirstSight | Exception]:
        try:
            return list(await self._in_transaction(group))
        except Exception as exc:
            if len(group) == 1:
                return [exc]
        # One item spoiled the group (most often a CallSid another instance wrote
        # between our read and our insert: alone, it reads again and finds it). One
        # by one, so each call gets its own answer or its own error.
        results: list[FirstSight | Exception] = []
        for item in group:
            try:
                results.extend(await self._in_transaction([item]))
            except Exception as exc:
                results.append(exc)
        return results

    async def _in_transaction(self, group: Group) -> list[FirstSight]:
        async with self._engine.begin() as connection:
            return await connection.run_sync(_admit, group)

    async def aclose(self) -> None:
        await self._run.aclose()
