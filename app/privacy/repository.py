"""Queries of the privacy domain: what is past retention, and everything stored
about one phone number. SQL only; never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, String, and_, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.abuse.models import Ban
from app.audit.models import AuditEntry
from app.auth.models import ConsoleSession, LoginThrottle
from app.calls.models import Call, CallEvent
from app.help_requests.models import HelpRequest, HelpRequestEvent, MatchOffer
from app.privacy.anonymise import CLOSED_STATUSES, ERASED
from app.queue.models import QueueEntry
from app.volunteers.models import Volunteer, VolunteerShift


def _has_recording() -> ColumnElement[bool]:
    columns = [c for c in HelpRequest.__table__.columns if c.key.endswith("_url")]
    return or_(*(c.is_not(None) for c in columns))


def _not_anonymised_call() -> ColumnElement[bool]:
    return and_(Call.from_number != ERASED, Call.to_number != ERASED)


async def requests_with_recordings_before(
    session: AsyncSession, cutoff: datetime
) -> list[HelpRequest]:
    rows = await session.scalars(
        select(HelpRequest)
        .where(HelpRequest.created_at < cutoff, _has_recording())
        .order_by(HelpRequest.id)
    )
    return list(rows)


async def closed_requests_before(
    session: AsyncSession, cutoff: datetime
) -> list[HelpRequest]:
    """Done or closed requests unchanged since `cutoff`, not yet anonymised."""
    rows = await session.scalars(
        select(HelpRequest)
        .where(
            HelpRequest.status.in_(CLOSED_STATUSES),
            HelpRequest.updated_at < cutoff,
            HelpRequest.caller_number != ERASED,
        )
        .order_by(HelpRequest.id)
    )
    return list(rows)


async def requests_by_ids(
    session: AsyncSession, ids: Sequence[int]
) -> list[HelpRequest]:
    if not ids:
        return []
    rows = await session.scalars(
        select(HelpRequest).where(HelpRequest.id.in_(ids)).order_by(HelpRequest.id)
    )
    return list(rows)


async def requests_of_number(session: AsyncSession, number: str) -> list[HelpRequest]:
    rows = await session.scalars(
        select(HelpRequest)
        .where(HelpRequest.caller_number == number)
        .order_by(HelpRequest.id)
    )
    return list(rows)


async def calls_before(
    session: AsyncSession, cutoff: datetime, *, limit: int | None = None
) -> list[Call]:
    """Calls started before `cutoff` whose timeline and number are still kept
    (the first `limit` of them)."""
    rows = await session.scalars(
        select(Call)
        .where(Call.started_at < cutoff, _not_anonymised_call())
        .order_by(Call.id)
        .limit(limit)
    )
    return list(rows)


async def count_calls_before(
    session: AsyncSession, cutoff: datetime, *, except_kinds: frozenset[str]
) -> tuple[int, int]:
    """How many calls `calls_before` selects, and how many of their events are not
    of `except_kinds`."""
    due = select(Call.id).where(Call.started_at < cutoff, _not_anonymised_call())
    calls = await session.scalar(select(func.count()).select_from(due.subquery()))
    events = await session.scalar(
        select(func.count())
        .select_from(CallEvent)
        .where(CallEvent.call_id.in_(due), CallEvent.kind.not_in(except_kinds))
    )
    return int(calls or 0), int(events or 0)


async def calls_of_number(session: AsyncSession, number: str) -> list[Call]:
    rows = await session.scalars(
        select(Call)
        .where(
            or_(
                Call.caller_e164 == number,
                Call.from_number == number,
                Call.to_number == number,
            )
        )
        .order_by(Call.id)
    )
    return list(rows)


async def events_of_calls(
    session: AsyncSession, call_ids: Sequence[int]
) -> list[CallEvent]:
    if not call_ids:
        return []
    rows = await session.scalars(
        select(CallEvent)
        .where(CallEvent.call_id.in_(call_ids))
        .order_by(CallEvent.call_id, CallEvent.id)
    )
    return list(rows)


async def delete_call_events(
    session: AsyncSession, call_ids: Sequence[int], *, except_kinds: frozenset[str]
) -> int:
    if not call_ids:
        return 0
    result = await session.execute(
        delete(CallEvent)
        .where(CallEvent.call_id.in_(call_ids), CallEvent.kind.not_in(except_kinds))
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(CallEvent)
        .where(CallEvent.call_id.in_(call_ids))
        .values(detail={})
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


# Every provider recording URL has this in its path (…/Accounts/AC…/Recordings/RE…).
RECORDING_PATH = "/Recordings/"


async def events_naming_recordings(
    session: AsyncSession,
) -> list[CallEvent | HelpRequestEvent]:
    """Call and request events whose detail holds a recording URL: one scan of each
    timeline (the caller picks the recordings it is after)."""
    calls = await session.scalars(
        select(CallEvent).where(CallEvent.detail.cast(String).contains(RECORDING_PATH))
    )
    requests = await session.scalars(
        select(HelpRequestEvent).where(
            HelpRequestEvent.detail.cast(String).contains(RECORDING_PATH)
        )
    )
    return [*calls, *requests]


async def clear_request_history(
    session: AsyncSession, request_ids: Sequence[int]
) -> None:
    """Empty the details of these requests' history (kinds and times stay)."""
    if request_ids:
        await session.execute(
            update(HelpRequestEvent)
            .where(HelpRequestEvent.request_id.in_(request_ids))
            .values(detail={})
            .execution_options(synchronize_session=False)
        )


async def history_of_requests(
    session: AsyncSession, request_ids: Sequence[int]
) -> list[HelpRequestEvent]:
    if not request_ids:
        return []
    rows = await session.scalars(
        select(HelpRequestEvent)
        .where(HelpRequestEvent.request_id.in_(request_ids))
        .order_by(HelpRequestEvent.request_id, HelpRequestEvent.id)
    )
    return list(rows)


async def offers_of_requests(
    session: AsyncSession, request_ids: Sequence[int]
) -> list[MatchOffer]:
    if not request_ids:
        return []
    rows = await session.scalars(
        select(MatchOffer)
        .where(MatchOffer.request_id.in_(request_ids))
        .order_by(MatchOffer.request_id, MatchOffer.id)
    )
    return list(rows)


async def withdraw_pending_offers(
    session: AsyncSession, request_ids: Sequence[int], *, now: datetime
) -> None:
    if request_ids:
        await session.execute(
            update(MatchOffer)
            .where(
                MatchOffer.request_id.in_(request_ids),
                MatchOffer.response == "pending",
            )
            .values(response="withdrawn", responded_at=now)
            .execution_options(synchronize_session=False)
        )


async def volunteer_of_number(session: AsyncSession, number: str) -> Volunteer | None:
    result: Volunteer | None = await session.scalar(
        select(Volunteer).where(Volunteer.phone_number == number)
    )
    return result


async def shifts_of(session: AsyncSession, volunteer_id: int) -> list[VolunteerShift]:
    rows = await session.scalars(
        select(VolunteerShift)
        .where(VolunteerShift.volunteer_id == volunteer_id)
        .order_by(VolunteerShift.weekday, VolunteerShift.starts)
    )
    return list(rows)


async def delete_volunteer(session: AsyncSession, volunteer_id: int) -> None:
    """The volunteer, their shifts and offers; calls and requests keep no link."""
    for statement in (
        delete(MatchOffer).where(MatchOffer.volunteer_id == volunteer_id),
        delete(VolunteerShift).where(VolunteerShift.volunteer_id == volunteer_id),
        update(Call).where(Call.volunteer_id == volunteer_id).values(volunteer_id=None),
        update(HelpRequest)
        .where(HelpRequest.volunteer_id == volunteer_id)
        .values(volunteer_id=None),
        delete(Volunteer).where(Volunteer.id == volunteer_id),
    ):
        await session.execute(statement.execution_options(synchronize_session=False))


async def is_queued(session: AsyncSession, number: str) -> bool:
    """Whether the number waits in the queue (on the line, or a callback promised)."""
    found = await session.scalar(
        select(QueueEntry.id).where(QueueEntry.caller_number == number).limit(1)
    )
    return found is not None


async def bans_of_number(session: AsyncSession, number: str) -> list[Ban]:
    rows = await session.scalars(
        select(Ban).where(Ban.number_prefix == number).order_by(Ban.id)
    )
    return list(rows)


async def delete_ban(session: AsyncSession, ban_id: int) -> None:
    await session.execute(delete(Ban).where(Ban.id == ban_id))


# ----------------------------------------------------------- by age, in bulk

_BY_AGE = {
    "audit_entries": (AuditEntry, AuditEntry.at),
    "console_sessions": (ConsoleSession, ConsoleSession.expires_at),
    "login_throttles": (LoginThrottle, LoginThrottle.last_attempt_at),
    "expired_bans": (Ban, Ban.expires_at),
}


def _aged(kind: str, before: datetime) -> ColumnElement[bool]:
    _, column = _BY_AGE[kind]
    if kind == "login_throttles":
        # A throttle row written before any attempt was timed carries no date.
        return or_(column < before, column.is_(None))
    return column < before


async def count_older(session: AsyncSession, kind: str, before: datetime) -> int:
    model, _ = _BY_AGE[kind]
    total = await session.scalar(
        select(func.count()).select_from(model).where(_aged(kind, before))
    )
    return int(total or 0)


async def delete_older(session: AsyncSession, kind: str, before: datetime) -> int:
    """Bulk DELETE (the audit log's append-only guard is on ORM deletes only)."""
    model, _ = _BY_AGE[kind]
    result = await session.execute(
        delete(model)
        .where(_aged(kind, before))
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)
