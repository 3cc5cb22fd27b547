"""Group commit of new calls: the call, its help request and their first events.

Every caller's first webhook writes the same four kinds of rows. Under load, writing
them one call at a time spends most of the time in round trips and commits, so the
writer lets concurrent first webhooks share one transaction: while one group is being
written the next one gathers, and each webhook still answers only after its rows are
committed (Twilio's next request must find them). An idle hotline pays no delay.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app.calls.models import Call, CallEvent
from app.help_requests.models import HelpRequest, HelpRequestEvent

logger = logging.getLogger(__name__)

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


class IntakeWriter:
    """Writes NewCall records in groups; `write` returns once its group committed."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._pending: list[tuple[NewCall, asyncio.Future[bool]]] = []
        self._task: asyncio.Task[None] | None = None

    async def write(self, item: NewCall) -> bool:
        """True once written; False if the call already existed (a concurrent retry)."""
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._pending.append((item, future))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        while self._pending:
            group, self._pending = self._pending[:MAX_GROUP], self._pending[MAX_GROUP:]
            try:
                async with self._engine.begin() as connection:
                    await _write(connection, [item for item, _ in group])
            except IntegrityError:
                # A CallSid written before (or twice in this group): one by one, so
                # only the duplicates are refused.
                await self._one_by_one(group)
                continue
            except Exception as exc:
                for _, future in group:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for _, future in group:
                if not future.done():
                    future.set_result(True)

    async def _one_by_one(
        self, group: list[tuple[NewCall, asyncio.Future[bool]]]
    ) -> None:
        for item, future in group:
            try:
                async with self._engine.begin() as connection:
                    await _write(connection, [item])
            except IntegrityError:
                future.set_result(False)
            except Exception as exc:
                future.set_exception(exc)
            else:
                future.set_result(True)

    async def aclose(self) -> None:
        if self._task is not None:
            await asyncio.shield(self._task)
