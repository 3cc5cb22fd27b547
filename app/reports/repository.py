"""Aggregate queries for the figures. Never commits; SQL only.

Local days and hours are computed inside SQL, the same way on SQLite and
PostgreSQL: `epoch_s()` is the one dialect-specific expression (whole UTC epoch
seconds), and the period's `LocalCalendar` adds the zone's UTC offset through a
CASE over the period's DST changes. Grouping by the local *hour slot* (hours since
the first day's local midnight) costs one epoch computation per row and gives both
the local day (slot // 24) and the hour of day (slot % 24).

Nothing here returns a row per call: fetching a month of 3,000 calls a day
(~90,000 rows) through the async driver alone took about a second, where these
grouped statements return a few thousand rows. The p90 wait is computed in SQL
from a histogram of waits (see wait_percentiles): SQLite has no percentile_cont,
and row_number() over every call cost ~0.4 s per grouping on SQLite.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, get_args

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    exists,
    extract,
    func,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import FunctionElement
from sqlalchemy.sql.selectable import Subquery

from app.calls.models import Call, CallEvent
from app.help_requests.models import HelpRequest, MatchOffer
from app.reports.periods import LocalCalendar, Period
from app.volunteers.models import Volunteer

ANSWERED_OUTCOME = "bridged"
ABANDONED_OUTCOME = "abandoned"
SECONDS_PER_HOUR = 3600
SECONDS_PER_DAY = 86400


class epoch_s(FunctionElement[int]):
    """Whole UTC epoch seconds of a timestamp column (floor, like strftime('%s'))."""

    type = BigInteger()
    inherit_cache = True


@compiles(epoch_s)
def _epoch_s_default(element: epoch_s, compiler: SQLCompiler, **kw: Any) -> str:
    # PostgreSQL: extract() returns numeric with the microseconds; CAST would round.
    (column,) = element.clauses
    return compiler.process(
        cast(func.floor(extract("epoch", column)), BigInteger), **kw
    )


@compiles(epoch_s, "sqlite")
def _epoch_s_sqlite(element: epoch_s, compiler: SQLCompiler, **kw: Any) -> str:
    (column,) = element.clauses
    return compiler.process(cast(func.strftime("%s", column), Integer), **kw)


def _int(value: int) -> ColumnElement[int]:
    # Inline integers, not bound parameters: asyncpg cannot type a bare
    # `CASE ... THEN $1`, and PostgreSQL does not see two placeholders in SELECT
    # and GROUP BY as the same expression.
    return literal_column(str(int(value)), Integer)


def local_seconds(cal: LocalCalendar, column: Any) -> ColumnElement[int]:
    """The column's local wall-clock time in seconds, minus the first day's local
    midnight: // 86400 is the day index, % 86400 the time of day."""
    segments = cal.offsets
    if len(segments) == 1:
        offset: ColumnElement[int] = _int(segments[0][1])
    else:
        # Compares the column itself, not epoch_s(column): one conversion per row.
        offset = case(
            *[
                (column < datetime.fromtimestamp(since, UTC), _int(previous))
                for (_, previous), (since, _) in itertools.pairwise(segments)
            ],
            else_=_int(segments[-1][1]),
        )
    return epoch_s(column) + offset - _int(cal.origin_s)


def local_day(cal: LocalCalendar, column: Any) -> ColumnElement[int]:
    """Index of the column's local date in the period (0 = the first day)."""
    return local_seconds(cal, column) // _int(SECONDS_PER_DAY)


def local_slot(cal: LocalCalendar, column: Any) -> ColumnElement[int]:
    """Local hours since the first day's midnight: day = slot // 24, hour = % 24."""
    return local_seconds(cal, column) // _int(SECONDS_PER_HOUR)


def _in(column: Any, start: datetime, end: datetime) -> ColumnElement[bool]:
    return and_(column >= start, column < end)


async def call_totals(
    session: AsyncSession, *, start: datetime, end: datetime, service_level_s: int
) -> tuple[int, int, int, float | None, int]:
    """Callers' calls started in [start, end): (calls, answered, abandoned,
    average wait of the answered ones, answered within `service_level_s`)."""
    answered = Call.outcome == ANSWERED_OUTCOME
    row = (
        await session.execute(
            select(
                func.count(Call.id),
                func.count(case((answered, 1))),
                func.count(case((Call.outcome == ABANDONED_OUTCOME, 1))),
                func.avg(case((answered, Call.wait_s))),
                func.count(case((and_(answered, Call.wait_s <= service_level_s), 1))),
            ).where(Call.purpose == "caller", _in(Call.started_at, start, end))
        )
    ).one()
    average = float(row[3]) if row[3] is not None else None
    return int(row[0]), int(row[1]), int(row[2]), average, int(row[4])


# ------------------------------------------------------------------ callers' calls


def _callers(period: Period) -> Subquery:
    """Callers' calls started in the period, with their local hour slot."""
    return (
        select(
            local_slot(period.calendar(), Call.started_at).label("slot"),
            Call.language.label("language"),
            Call.outcome.label("outcome"),
            Call.wait_s.label("wait_s"),
        )
        .where(Call.purpose == "caller", _in(Call.started_at, period.start, period.end))
        .subquery("callers")
    )


@dataclass(frozen=True)
class CallBucket:
    """Sums over the callers' calls of one local hour slot and language: they add
    up, so days, hours of day, languages and the total fold from these rows."""

    slot: int
    language: str | None
    calls: int
    answered: int
    abandoned: int
    answered_wait_sum: int
    answered_wait_count: int
    offered_wait_sum: int
    offered_wait_count: int
    answered_within: int


async def call_buckets(
    session: AsyncSession, *, period: Period, service_level_s: int
) -> list[CallBucket]:
    c = _callers(period).c
    answered = c.outcome == ANSWERED_OUTCOME
    offered = c.outcome.in_((ANSWERED_OUTCOME, ABANDONED_OUTCOME))
    has_wait = c.wait_s.is_not(None)
    rows = await session.execute(
        select(
            c.slot,
            c.language,
            func.count(),
            func.count(case((answered, 1))),
            func.count(case((c.outcome == ABANDONED_OUTCOME, 1))),
            func.coalesce(func.sum(case((answered, c.wait_s))), 0),
            func.count(case((and_(answered, has_wait), 1))),
            func.coalesce(func.sum(case((offered, c.wait_s))), 0),
            func.count(case((and_(offered, has_wait), 1))),
            func.count(case((and_(answered, c.wait_s <= service_level_s), 1))),
        ).group_by(c.slot, c.language)
    )
    return [
        CallBucket(int(slot), language, *(int(value) for value in sums))
        for slot, language, *sums in rows
    ]


WaitGrouping = Literal["all", "day", "hour", "language"]
_GROUPINGS: tuple[WaitGrouping, ...] = get_args(WaitGrouping)


async def wait_percentiles(
    session: AsyncSession, *, period: Period, percent: int
) -> dict[tuple[WaitGrouping, int | str | None], int]:
    """Nearest-rank percentile of the waits of answered and abandoned callers, for
    the whole period, each local day (index), hour of day and language.

    One statement and one pass over the calls: a histogram (slot, language, wait)
    -> count, regrouped four ways; a running sum over each group's sorted waits
    finds the first wait whose running count reaches percent % of the group.
    The windows run over the regrouped histograms, not over every call.
    """
    c = _callers(period).c
    waits = (
        select(c.slot, c.language, c.wait_s, func.count().label("n"))
        .where(
            c.outcome.in_((ANSWERED_OUTCOME, ABANDONED_OUTCOME)),
            c.wait_s.is_not(None),
        )
        .group_by(c.slot, c.language, c.wait_s)
        .cte("waits")
    )
    w = waits.c
    no_int: ColumnElement[Any] = cast(null(), Integer)
    no_text: ColumnElement[Any] = cast(null(), String)
    day, hour = w.slot // _int(24), w.slot % _int(24)
    # (key as an integer, key as text, what to group by besides the wait): never
    # GROUP BY a constant, PostgreSQL refuses it.
    keys: dict[WaitGrouping, tuple[ColumnElement[Any], ColumnElement[Any], list[Any]]]
    keys = {
        "all": (no_int, no_text, []),
        "day": (day, no_text, [day]),
        "hour": (hour, no_text, [hour]),
        "language": (no_int, w.language, [w.language]),
    }
    branches = [
        select(
            _int(index).label("grouping"),
            keys[grouping][0].label("key_int"),
            keys[grouping][1].label("key_text"),
            w.wait_s,
            func.sum(w.n).label("n"),
        ).group_by(*keys[grouping][2], w.wait_s)
        for index, grouping in enumerate(_GROUPINGS)
    ]
    histograms = union_all(*branches).subquery("histograms")
    h = histograms.c
    group = (h.grouping, h.key_int, h.key_text)
    ranked = select(
        *group,
        h.wait_s,
        func.sum(h.n).over(partition_by=group, order_by=h.wait_s).label("upto"),
        func.sum(h.n).over(partition_by=group).label("size"),
    ).subquery("ranked")
    r = ranked.c
    rows = await session.execute(
        select(r.grouping, r.key_int, r.key_text, func.min(r.wait_s))
        .where(r.upto * _int(100) >= r.size * _int(percent))
        .group_by(r.grouping, r.key_int, r.key_text)
    )
    found: dict[tuple[WaitGrouping, int | str | None], int] = {}
    for index, key_int, key_text, wait_s in rows:
        grouping = _GROUPINGS[int(index)]
        key = key_text if grouping == "language" else key_int
        found[grouping, key] = int(wait_s)
    return found


# ------------------------------------------------------------------------ callbacks


@dataclass(frozen=True)
class CallbackBucket:
    day: int
    requested: int
    reached: int
    unanswered: int


async def callback_buckets(
    session: AsyncSession, *, period: Period
) -> list[CallbackBucket]:
    """Per local day: callers who asked to be called back (by their call's start),
    and callback calls that reached the caller or went unanswered."""
    asked = or_(
        Call.outcome == "callback",
        exists().where(
            CallEvent.call_id == Call.id, CallEvent.kind == "callback_requested"
        ),
    )
    calls = (
        select(
            local_day(period.calendar(), Call.started_at).label("day"),
            Call.purpose.label("purpose"),
            Call.outcome.label("outcome"),
        )
        .where(
            _in(Call.started_at, period.start, period.end),
            or_(Call.purpose == "callback", and_(Call.purpose == "caller", asked)),
        )
        .subquery("calls")
    )
    c = calls.c
    is_callback = c.purpose == "callback"
    rows = await session.execute(
        select(
            c.day,
            func.count(case((c.purpose == "caller", 1))),
            func.count(case((and_(is_callback, c.outcome == ANSWERED_OUTCOME), 1))),
            func.count(
                case((and_(is_callback, c.outcome == "callback_unanswered"), 1))
            ),
        ).group_by(c.day)
    )
    return [CallbackBucket(*(int(value) for value in row)) for row in rows]


# ------------------------------------------------------------------------- requests


async def request_outcomes(
    session: AsyncSession, *, start: datetime, end: datetime
) -> list[tuple[str | None, str, str | None, int]]:
    """Requests created in the period: (need, status, close_reason, count)."""
    rows = await session.execute(
        select(
            HelpRequest.need,
            HelpRequest.status,
            HelpRequest.close_reason,
            func.count(),
        )
        .where(_in(HelpRequest.created_at, start, end))
        .group_by(HelpRequest.need, HelpRequest.status, HelpRequest.close_reason)
    )
    return [(r[0], r[1], r[2], int(r[3])) for r in rows]


async def request_durations(
    session: AsyncSession, *, start: datetime, end: datetime
) -> list[tuple[str | None, int | None, int | None]]:
    """Requests created in the period: (need, seconds from creation to matched,
    to done). One row per request, for the medians: requests are a few per
    hundred calls, so these rows stay few."""
    created = epoch_s(HelpRequest.created_at)
    rows = await session.execute(
        select(
            HelpRequest.need,
            epoch_s(HelpRequest.matched_at) - created,
            epoch_s(HelpRequest.done_at) - created,
        ).where(_in(HelpRequest.created_at, start, end))
    )
    return [
        (
            need,
            None if to_match is None else int(to_match),
            None if to_done is None else int(to_done),
        )
        for need, to_match, to_done in rows
    ]


# -------------------------------------------------------------------- volunteers


async def operator_activity(
    session: AsyncSession, *, start: datetime, end: datetime
) -> list[tuple[int, str, int, int, int]]:
    """Per operator rung in the period: (volunteer_id, name, offers, accepted,
    seconds on the accepted legs). A leg's duration includes the whisper."""
    accepted = Call.outcome == "accepted"
    rows = await session.execute(
        select(
            Volunteer.id,
            Volunteer.name,
            func.count(Call.id),
            func.count(case((accepted, 1))),
            func.coalesce(func.sum(case((accepted, Call.duration_s))), 0),
        )
        .join(Volunteer, Volunteer.id == Call.volunteer_id)
        .where(Call.purpose == "operator_offer", _in(Call.started_at, start, end))
        .group_by(Volunteer.id, Volunteer.name)
    )
    return [(int(r[0]), r[1], int(r[2]), int(r[3]), int(r[4])) for r in rows]


def _per_volunteer(
    column: Any, volunteer: Any, start: datetime, end: datetime
) -> Select[Any]:
    return (
        select(volunteer, func.count())
        .where(volunteer.is_not(None), _in(column, start, end))
        .group_by(volunteer)
    )


async def field_activity(
    session: AsyncSession, *, start: datetime, end: datetime
) -> list[tuple[int, str, int, int, int]]:
    """Per field volunteer active in the period: (volunteer_id, name, SMS offers
    sent, requests matched to them, requests they marked done)."""
    counts: dict[int, list[int]] = {}
    queries = (
        _per_volunteer(MatchOffer.sent_at, MatchOffer.volunteer_id, start, end),
        _per_volunteer(HelpRequest.matched_at, HelpRequest.volunteer_id, start, end),
        _per_volunteer(HelpRequest.done_at, HelpRequest.volunteer_id, start, end),
    )
    for index, query in enumerate(queries):
        for volunteer_id, count in await session.execute(query):
            counts.setdefault(int(volunteer_id), [0, 0, 0])[index] = int(count)
    if not counts:
        return []
    named = select(Volunteer.id, Volunteer.name).where(Volunteer.id.in_(counts))
    names: dict[int, str] = dict((await session.execute(named)).all())
    return [
        (volunteer_id, names.get(volunteer_id, ""), offers, matched, done)
        for volunteer_id, (offers, matched, done) in counts.items()
    ]
