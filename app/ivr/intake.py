"""The first webhook of every new call, grouped: who is calling, then the first rows.

Every caller's first webhook reads the same three facts (app/ivr/repository.py) and
writes the same four kinds of rows: the call, its help request and their first
events. Under load, doing that one call at a time spends most of the time in round
trips and commits, so concurrent first webhooks share them (app/grouping.py): one
read for a group's lookups, one transaction for a group's writes. Each webhook still
answers only after its own rows are committed (Twilio's next request must find them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app.calls.models import Call, CallEvent
from app.grouping import GroupRunner
from app.help_requests.models import HelpRequest, HelpRequestEvent
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


_INSERT_CALLS = insert(Call)
_INSERT_REQUESTS = insert(HelpRequest)
_INSERT_CALL_EVENTS = insert(CallEvent)
_INSERT_REQUEST_EVENTS = insert(HelpRequestEvent)


async def _write(connection: AsyncConnection, group: Sequence[NewCall]) -> None:
    """All rows of `group` with a fixed number of statements, whatever its size."""
    await connection.execute(_INSERT_CALLS, [item.call for item in group])
    sids = [item.call["twilio_call_sid"] for item in group]
    call_rows = await connection.execute(
        select(Call.twilio_call_sid, Call.id).where(Call.twilio_call_sid.in_(sids))
    )
    call_ids: dict[str, int] = dict(call_rows.all())
    ids = [call_ids[sid] for sid in sids]
    await connection.execute(
        _INSERT_REQUESTS,
        [
            {**item.request, "call_id": call_id}
            for item, call_id in zip(group, ids, strict=True)
        ],
    )
    request_rows = await connection.execute(
        select(HelpRequest.call_id, HelpRequest.id).where(HelpRequest.call_id.in_(ids))
    )
    request_ids: dict[int, int] = {
        call_id: request_id for call_id, request_id in request_rows if call_id
    }
    await connection.execute(
        _INSERT_CALL_EVENTS,
        [
            {
                "call_id": call_id,
                "occurred_at": item.now,
                "kind": kind,
                "detail": detail,
            }
            for item, call_id in zip(group, ids, strict=True)
            for kind, detail in item.call_events
        ],
    )
    await connection.execute(
        _INSERT_REQUEST_EVENTS,
        [
            {
                "request_id": request_ids[call_id],
                "occurred_at": item.now,
                "kind": kind,
                "actor": "system",
                "detail": detail,
            }
            for item, call_id in zip(group, ids, strict=True)
            for kind, detail in item.request_events
        ],
    )


async def _write_group(engine: AsyncEngine, group: Sequence[NewCall]) -> list[bool]:
    """True for each call written; False for a CallSid written before (a retry)."""
    try:
        async with engine.begin() as connection:
            await _write(connection, group)
        return [True] * len(group)
    except IntegrityError:
        if len(group) == 1:
            return [False]
    # A CallSid written before (or twice in this group): one by one, so only the
    # duplicates are refused.
    return [(await _write_group(engine, [item]))[0] for item in group]


class Intake:
    """`look_up` and `write` for one call each; groups run behind them."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._look_up: GroupRunner[Arrival, FirstSight] = GroupRunner(
            lambda arrivals: repository.first_sights(engine, arrivals)
        )
        self._write: GroupRunner[NewCall, bool] = GroupRunner(
            lambda group: _write_group(engine, group), max_group=MAX_GROUP
        )

    async def look_up(self, call_sid: str, caller_e164: str | None) -> FirstSight:
        return await self._look_up(Arrival(call_sid, caller_e164))

    async def write(self, item: NewCall) -> bool:
        """True once written; False if the call already existed (a concurrent retry)."""
        return await self._write(item)

    async def aclose(self) -> None:
        await self._look_up.aclose()
        await self._write.aclose()
