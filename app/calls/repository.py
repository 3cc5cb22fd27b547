"""Queries of the call log. Never commits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.elements import BindParameter

from app.calls.models import Call, CallEvent
from app.calls.statements import EVENT_ONCE
from app.help_requests.models import HelpRequest
from app.volunteers.models import Volunteer


async def get_by_sid(session: AsyncSession, twilio_call_sid: str) -> Call | None:
    result = await session.execute(
        select(Call).where(Call.twilio_call_sid == twilio_call_sid)
    )
    return result.scalar_one_or_none()


async def get_with_events(session: AsyncSession, call_id: int) -> Call | None:
    result = await session.execute(
        select(Call).where(Call.id == call_id).options(selectinload(Call.events))
    )
    return result.scalar_one_or_none()


async def events_of_kind(
    session: AsyncSession, call_id: int, kind: str
) -> list[CallEvent]:
    result = await session.execute(
        select(CallEvent)
        .where(CallEvent.call_id == call_id, CallEvent.kind == kind)
        .order_by(CallEvent.id)
    )
    return list(result.scalars())


async def count_visits(session: AsyncSession, call_id: int, node: str) -> int:
    """How often the call was sent to the menu `node` (its menu_entered events)."""
    result = await session.execute(
        select(func.count(CallEvent.id)).where(
            CallEvent.call_id == call_id,
            CallEvent.kind == "menu_entered",
            CallEvent.detail["node"].as_string() == node,
        )
    )
    return int(result.scalar_one())


async def add_event_once(
    session: AsyncSession,
    *,
    call_id: int,
    occurred_at: datetime,
    kind: str,
    detail: dict[str, Any],
    dedupe_key: str,
) -> bool:
    """Insert a call event unless one with `dedupe_key` exists: one statement, no
    savepoint; True if this one was written (the Core twin of
    app/calls/statements.py add_event_once, for handlers with an ORM session)."""
    row = {
        "call_id": call_id,
        "occurred_at": occurred_at,
        "kind": kind,
        "detail": detail,
        "dedupe_key": dedupe_key,
    }
    statement = EVENT_ONCE[session.get_bind().dialect.name]
    result = await session.execute(statement, row)
    return result.scalar_one_or_none() is not None


# ----------------------------------------------------------------- the call log list


@dataclass(frozen=True)
class LogCriteria:
    """What a page of the call log selects (already resolved to UTC bounds)."""

    purpose: str | None = None
    start: datetime | None = None  # inclusive
    end: datetime | None = None  # exclusive
    language: str | None = None
    need: str | None = None
    outcome: str | None = None  # "live": no outcome yet
    volunteer_id: int | None = None
    digits: str | None = None  # the number ends with these


@dataclass(frozen=True)
class Position:
    """A row's place in the log's order (started_at, id), newest first."""

    started_at: datetime
    id: int


# A row of the list: the call, the need of its help request, the operator's name.
LogRow = tuple[Call, str | None, str | None]


def _conditions(criteria: LogCriteria) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if criteria.purpose:
        conditions.append(Call.purpose == criteria.purpose)
    if criteria.start is not None:
        conditions.append(Call.started_at >= criteria.start)
    if criteria.end is not None:
        conditions.append(Call.started_at < criteria.end)
    if criteria.language:
        conditions.append(Call.language == criteria.language)
    if criteria.need:
        conditions.append(HelpRequest.need == criteria.need)
    if criteria.outcome == "live":
        conditions.append(Call.outcome.is_(None))
    elif criteria.outcome:
        conditions.append(Call.outcome == criteria.outcome)
    if criteria.volunteer_id is not None:
        conditions.append(Call.volunteer_id == criteria.volunteer_id)
    if criteria.digits:
        if not criteria.digits.isdigit():
            raise ValueError("digits must be digits only")
        # No index serves "ends with". As a subquery, SQLite scans the small
        # ix_call_caller_e164 (number + rowid) instead of every row in date order.
        # The pattern is written into the SQL (digits only, checked above): with a
        # bound pattern, PostgreSQL's generic plan for the prepared statement guesses
        # many matches and walks the whole date index instead of one quick scan.
        pattern: BindParameter[str] = bindparam(
            "number_ends_with", "%" + criteria.digits
        )
        matching = select(Call.id).where(
            Call.caller_e164.like(pattern.render_literal_execute())
        )
        conditions.append(Call.id.in_(matching))
    return conditions


def _older_than(position: Position) -> list[ColumnElement[bool]]:
    # The plain bound on started_at lets the planner range-scan ix_call_started_at;
    # the OR breaks ties between calls that started in the same microsecond.
    return [
        Call.started_at <= position.started_at,
        or_(Call.started_at < position.started_at, Call.id < position.id),
    ]


def _newer_than(position: Position) -> list[ColumnElement[bool]]:
    return [
        Call.started_at >= position.started_at,
        or_(Call.started_at > position.started_at, Call.id > position.id),
    ]


async def log_rows(
    session: AsyncSession,
    criteria: LogCriteria,
    *,
    limit: int,
    before: Position | None = None,
    after: Position | None = None,
    offset: int = 0,
) -> list[LogRow]:
    """Up to `limit` calls, newest first: older than `before`, or the ones just
    newer than `after` (still returned newest first), or from `offset`.

    Keyset paging walks ix_call_started_at backwards and stops after `limit` rows
    (SQLite's index carries the rowid, so (started_at, id) needs no sort).
    """
    query = (
        select(Call, HelpRequest.need, Volunteer.name)
        .outerjoin(HelpRequest, HelpRequest.call_id == Call.id)
        .outerjoin(Volunteer, Volunteer.id == Call.volunteer_id)
        .where(*_conditions(criteria))
    )
    ascending = after is not None and before is None
    if before is not None:
        query = query.where(*_older_than(before))
    elif after is not None:
        query = query.where(*_newer_than(after))
    if ascending:
        query = query.order_by(Call.started_at.asc(), Call.id.asc())
    else:
        query = query.order_by(Call.started_at.desc(), Call.id.desc())
    query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    rows: list[LogRow] = [
        (call, need, name) for call, need, name in await session.execute(query)
    ]
    if ascending:
        rows.reverse()
    return rows


def _counted(criteria: LogCriteria, what: Select[Any]) -> Select[Any]:
    if criteria.need:
        what = what.join(HelpRequest, HelpRequest.call_id == Call.id)
    return what.where(*_conditions(criteria))


async def log_has_row(
    session: AsyncSession,
    criteria: LogCriteria,
    *,
    before: Position | None = None,
    after: Position | None = None,
) -> bool:
    """Is there at least one call older than `before` (or newer than `after`)?"""
    query = _counted(criteria, select(Call.id))
    # Ordered like a page, so the planner walks the date index from the position
    # (without an order, SQLite may scan help_request for a need filter).
    if before is not None:
        query = query.where(*_older_than(before)).order_by(
            Call.started_at.desc(), Call.id.desc()
        )
    if after is not None:
        query = query.where(*_newer_than(after)).order_by(
            Call.started_at.asc(), Call.id.asc()
        )
    found = await session.scalar(query.limit(1))
    return found is not None


async def log_count(session: AsyncSession, criteria: LogCriteria) -> int:
    """How many calls the criteria select: a scan, for offset paging only."""
    total = await session.scalar(_counted(criteria, select(func.count(Call.id))))
    return int(total or 0)


# ----------------------------------------------------------------- a single call


async def legs_in_window(
    session: AsyncSession,
    *,
    purposes: Sequence[str],
    kinds: Sequence[str],
    start: datetime,
    end: datetime,
) -> list[tuple[Call, CallEvent]]:
    """Calls of `purposes` started in [start, end], with their events of `kinds`.

    An operator's leg and a call back start at the moment their offer is logged on
    the caller's call; the caller's page looks them up by that window (the started_at
    index), then matches offer ids from the events.
    """
    result = await session.execute(
        select(Call, CallEvent)
        .join(CallEvent, CallEvent.call_id == Call.id)
        .where(
            Call.purpose.in_(purposes),
            Call.started_at >= start,
            Call.started_at <= end,
            CallEvent.kind.in_(kinds),
        )
        .order_by(Call.started_at, Call.id)
    )
    return [(call, event) for call, event in result]


async def volunteer_names(
    session: AsyncSession, volunteer_ids: Iterable[int]
) -> dict[int, str]:
    wanted = set(volunteer_ids)
    if not wanted:
        return {}
    result = await session.execute(
        select(Volunteer.id, Volunteer.name).where(Volunteer.id.in_(wanted))
    )
    return dict(result.all())


async def operator_choices(session: AsyncSession) -> list[tuple[int, str]]:
    """(id, name) of every phone operator, active or not, by name: the filter's list."""
    result = await session.execute(
        select(Volunteer.id, Volunteer.name)
        .where(Volunteer.is_operator.is_(True))
        .order_by(Volunteer.name, Volunteer.id)
    )
    return [(volunteer_id, name) for volunteer_id, name in result]
