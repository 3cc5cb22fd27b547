"""SQL of new calls' first webhooks: Core statements built once, run on a
synchronous Connection in the first webhook's unit of work (app/ivr/intake.py,
app/writer.py): one read for everything the first answer depends on, then one
insert per table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Connection,
    String,
    bindparam,
    cast,
    exists,
    func,
    insert,
    literal,
    select,
    union_all,
)
from sqlalchemy.sql.expression import BindParameter, CompoundSelect

from app.calls.models import Call, CallEvent
from app.errands.repository import IN_PROGRESS, has_news_for_requester
from app.help_requests.models import HelpRequest, HelpRequestEvent
from app.volunteers.models import Volunteer


@dataclass(frozen=True, slots=True)
class Arrival:
    call_sid: str
    caller_e164: str | None


@dataclass(frozen=True, slots=True)
class FirstSight:
    call_id: int | None  # set when this CallSid was seen before (a retried webhook)
    last_language: str | None  # the caller's language on their previous call
    operator_id: int | None  # the number belongs to an active phone operator
    # The postcode of that previous call's help request, if they gave one.
    last_postcode: str | None = None
    # The number belongs to a neighbour with a request in progress (masked calls),
    # or the caller has an open request with news (they hear where it stands):
    # app/errands.
    neighbour_id: int | None = None
    open_request_id: int | None = None


_SIDS: BindParameter[list[str]] = bindparam("sids", expanding=True)
_CALLERS: BindParameter[list[str]] = bindparam("callers", expanding=True)
_LATEST_CALL_PER_CALLER = (
    select(func.max(Call.id))
    .where(
        Call.caller_e164.in_(_CALLERS),
        Call.purpose == "caller",
        Call.language.is_not(None),
        Call.twilio_call_sid.not_in(_SIDS),
    )
    .group_by(Call.caller_e164)
)
# Four lookups in one round trip, as (fact, key, value) rows.
_FIRST_SIGHTS: CompoundSelect[str, str | None, str | None] = union_all(
    select(literal("call"), Call.twilio_call_sid, cast(Call.id, String)).where(
        Call.twilio_call_sid.in_(_SIDS)
    ),
    select(literal("language"), Call.caller_e164, Call.language).where(
        Call.id.in_(_LATEST_CALL_PER_CALLER)
    ),
    select(literal("postcode"), Call.caller_e164, HelpRequest.postcode)
    .join(HelpRequest, HelpRequest.call_id == Call.id)
    .where(Call.id.in_(_LATEST_CALL_PER_CALLER), HelpRequest.postcode.is_not(None)),
    select(
        literal("operator"), Volunteer.phone_number, cast(Volunteer.id, String)
    ).where(
        Volunteer.phone_number.in_(_CALLERS),
        Volunteer.is_operator.is_(True),
        Volunteer.is_active.is_(True),
    ),
    select(
        literal("neighbour"), Volunteer.phone_number, cast(Volunteer.id, String)
    ).where(
        Volunteer.phone_number.in_(_CALLERS),
        Volunteer.is_field.is_(True),
        Volunteer.is_active.is_(True),
        exists().where(
            HelpRequest.volunteer_id == Volunteer.id,
            HelpRequest.status == IN_PROGRESS,
        ),
    ),
    select(
        literal("open_request"),
        HelpRequest.caller_number,
        cast(func.min(HelpRequest.id), String),
    )
    .where(HelpRequest.caller_number.in_(_CALLERS), has_news_for_requester())
    .group_by(HelpRequest.caller_number),
)


def first_sights(
    connection: Connection, arrivals: Sequence[Arrival]
) -> list[FirstSight]:
    """Everything the first answers depend on, one result per arrival."""
    sids = sorted({a.call_sid for a in arrivals})
    # A caller list is never empty (an empty IN list is a different statement).
    callers = sorted({a.caller_e164 or "" for a in arrivals})
    facts: dict[tuple[str, str], str] = {}
    rows = connection.execute(_FIRST_SIGHTS, {"sids": sids, "callers": callers})
    for kind, key, value in rows:
        if key is not None and value is not None:
            facts[(kind, key)] = value

    def fact(kind: str, key: str | None) -> str | None:
        return facts.get((kind, key)) if key else None  # no number, no facts

    def number(value: str | None) -> int | None:
        return int(value) if value is not None else None

    return [
        FirstSight(
            call_id=number(fact("call", a.call_sid)),
            last_language=fact("language", a.caller_e164),
            last_postcode=fact("postcode", a.caller_e164),
            operator_id=number(fact("operator", a.caller_e164)),
            neighbour_id=number(fact("neighbour", a.caller_e164)),
            open_request_id=number(fact("open_request", a.caller_e164)),
        )
        for a in arrivals
    ]


_INSERT_CALLS = insert(Call).returning(Call.id, sort_by_parameter_order=True)
_INSERT_REQUESTS = insert(HelpRequest).returning(
    HelpRequest.id, sort_by_parameter_order=True
)
_INSERT_CALL_EVENTS = insert(CallEvent)
_INSERT_REQUEST_EVENTS = insert(HelpRequestEvent)


def insert_calls(connection: Connection, rows: Sequence[dict[str, Any]]) -> list[int]:
    """The new calls' ids, in the order of `rows` (which name the same columns)."""
    return list(connection.execute(_INSERT_CALLS, list(rows)).scalars())


def insert_requests(
    connection: Connection, rows: Sequence[dict[str, Any]]
) -> list[int]:
    """The new help requests' ids, in the order of `rows` (which name the same
    columns)."""
    return list(connection.execute(_INSERT_REQUESTS, list(rows)).scalars())


def insert_events(
    connection: Connection,
    *,
    call_events: Sequence[dict[str, Any]],
    request_events: Sequence[dict[str, Any]],
) -> None:
    if call_events:
        connection.execute(_INSERT_CALL_EVENTS, list(call_events))
    if request_events:
        connection.execute(_INSERT_REQUEST_EVENTS, list(request_events))
