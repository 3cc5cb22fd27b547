"""Queries of the work list and its claims. SQL only; never commits.

Each section is one query, used both for the list and (with `request_id`) to check
that a single item is still open before it is claimed or marked done. The active
claim of an item (done_at still null) comes along as an outer join.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    ColumnElement,
    SQLColumnExpression,
    and_,
    delete,
    exists,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.calls.models import Call
from app.help_requests.models import HelpRequest, HelpRequestEvent, WorkClaim
from app.help_requests.repository import voicemail_unhandled
from app.matching import service as matching_service
from app.resilience.redial import CALLBACK_RETRY_EVENT

# A callback is owed while the request is not finished; an escalation only while
# matching could still run (matching's open statuses: not yet matched).
FINISHED_STATUSES = ("done", "closed")


@dataclass(frozen=True)
class CallbackRow:
    request: HelpRequest
    attempts: int
    first_attempt_at: datetime
    last_attempt_at: datetime
    claim: WorkClaim | None


@dataclass(frozen=True)
class VoicemailRow:
    request: HelpRequest
    left_at: datetime
    claim: WorkClaim | None


@dataclass(frozen=True)
class EscalationRow:
    request: HelpRequest
    claim: WorkClaim | None


def _is_active_claim(claim: type[WorkClaim], kind: str) -> ColumnElement[bool]:
    """The join condition of an item's active claim (held, not yet done)."""
    return and_(
        claim.request_id == HelpRequest.id,
        claim.kind == kind,
        claim.done_at.is_(None),
    )


def _handled_since(
    kind: str, since: SQLColumnExpression[datetime | None]
) -> ColumnElement[bool]:
    """Marked done after the item (re)appeared: an escalation that came back after
    a coordinator dealt with it is open again."""
    done = aliased(WorkClaim)
    return exists().where(
        done.request_id == HelpRequest.id,
        done.kind == kind,
        done.done_at >= since,
    )


async def callbacks(
    session: AsyncSession, *, request_id: int | None = None
) -> list[CallbackRow]:
    """Callers we rang back without reaching them, oldest first.

    Open while: at least one callback attempt went unanswered, nobody at the hotline
    has spoken with that number since the last one (a later callback or a call of
    their own that was bridged), the request is not finished, and no coordinator
    marked it done since.
    """
    attempts = (
        select(
            HelpRequestEvent.request_id.label("request_id"),
            func.count(HelpRequestEvent.id).label("attempts"),
            func.min(HelpRequestEvent.occurred_at).label("first_at"),
            func.max(HelpRequestEvent.occurred_at).label("last_at"),
        )
        .where(HelpRequestEvent.kind == "callback_unanswered")
        .group_by(HelpRequestEvent.request_id)
        .subquery("attempts")
    )
    reached_since = exists().where(
        Call.outcome == "bridged",
        Call.started_at >= attempts.c.last_at,
        or_(
            and_(
                Call.purpose == "callback",
                Call.to_number == HelpRequest.caller_number,
            ),
            and_(
                Call.purpose == "caller",
                Call.caller_e164 == HelpRequest.caller_number,
            ),
        ),
    )
    # Rung again later (app/resilience/redial.py): on the list after the last ring.
    retry = aliased(HelpRequestEvent)
    retry_pending = exists().where(
        retry.request_id == HelpRequest.id,
        retry.kind == CALLBACK_RETRY_EVENT,
        retry.occurred_at >= attempts.c.last_at,
    )
    claim = aliased(WorkClaim, name="active_claim")
    query = (
        select(
            HelpRequest,
            claim,
            attempts.c.attempts,
            attempts.c.first_at,
            attempts.c.last_at,
        )
        .join(attempts, attempts.c.request_id == HelpRequest.id)
        .outerjoin(claim, _is_active_claim(claim, "callback"))
        .where(
            HelpRequest.status.not_in(FINISHED_STATUSES),
            ~reached_since,
            ~retry_pending,
            ~_handled_since("callback", attempts.c.last_at),
        )
        .order_by(attempts.c.first_at, HelpRequest.id)
    )
    if request_id is not None:
        query = query.where(HelpRequest.id == request_id)
    rows = await session.execute(query)
    return [
        CallbackRow(
            request=request,
            claim=active,
            attempts=int(count),
            first_attempt_at=first_at,
            last_attempt_at=last_at,
        )
        for request, active, count, first_at, last_at in rows
    ]


async def voicemails(
    session: AsyncSession, *, request_id: int | None = None
) -> list[VoicemailRow]:
    """Voicemails nobody has marked handled (the live board counts the same
    predicate), oldest first."""
    recorded_at = (
        select(func.max(HelpRequestEvent.occurred_at))
        .where(
            HelpRequestEvent.request_id == HelpRequest.id,
            HelpRequestEvent.kind == "voicemail",
        )
        .scalar_subquery()
    )
    left_at = func.coalesce(recorded_at, HelpRequest.created_at).label("left_at")
    claim = aliased(WorkClaim, name="active_claim")
    query = (
        select(HelpRequest, claim, left_at)
        .outerjoin(claim, _is_active_claim(claim, "voicemail"))
        .where(voicemail_unhandled())
    )
    if request_id is not None:
        query = query.where(HelpRequest.id == request_id)
    rows = await session.execute(query.order_by(left_at, HelpRequest.id))
    return [
        VoicemailRow(request=request, claim=active, left_at=at)
        for request, active, at in rows
    ]


async def escalations(
    session: AsyncSession, *, request_id: int | None = None
) -> list[EscalationRow]:
    """Requests automatic matching gave up on, still unmatched, and matched ones
    whose SMS or confirmation call never got through; oldest first."""
    claim = aliased(WorkClaim, name="active_claim")
    query = (
        select(HelpRequest, claim)
        .outerjoin(claim, _is_active_claim(claim, "escalation"))
        .where(
            HelpRequest.escalated_at.is_not(None),
            or_(
                HelpRequest.status.in_(matching_service.OPEN_STATUSES),
                # Matched, then the SMS or confirmation call could not get through.
                and_(
                    HelpRequest.status == "matched",
                    HelpRequest.escalated_at >= HelpRequest.matched_at,
                ),
            ),
            ~_handled_since("escalation", HelpRequest.escalated_at),
        )
    )
    if request_id is not None:
        query = query.where(HelpRequest.id == request_id)
    rows = await session.execute(
        query.order_by(HelpRequest.escalated_at, HelpRequest.id)
    )
    return [EscalationRow(request=request, claim=active) for request, active in rows]


async def latest_event_details(
    session: AsyncSession, request_ids: list[int], kind: str
) -> dict[int, dict[str, object]]:
    """request id -> the detail of its latest `kind` event."""
    if not request_ids:
        return {}
    rows = await session.execute(
        select(HelpRequestEvent.request_id, HelpRequestEvent.detail)
        .where(
            HelpRequestEvent.request_id.in_(request_ids),
            HelpRequestEvent.kind == kind,
        )
        .order_by(HelpRequestEvent.id)
    )
    return {request_id: dict(detail) for request_id, detail in rows}


async def get_claim(
    session: AsyncSession, *, request_id: int, kind: str
) -> WorkClaim | None:
    rows = await session.execute(
        select(WorkClaim).where(
            WorkClaim.request_id == request_id, WorkClaim.kind == kind
        )
    )
    return rows.scalar_one_or_none()


async def insert_claim(session: AsyncSession, claim: WorkClaim) -> None:
    """Raises IntegrityError when the (request, kind) row exists: the unique index
    is what makes a claim atomic, across sessions and app instances."""
    session.add(claim)
    await session.flush()


async def delete_done_before(
    session: AsyncSession, *, request_id: int, kind: str, before: datetime
) -> None:
    """Drop a done claim from an earlier round of the item (see `_handled_since`),
    so the item can be claimed again."""
    await session.execute(
        delete(WorkClaim)
        .where(
            WorkClaim.request_id == request_id,
            WorkClaim.kind == kind,
            WorkClaim.done_at < before,
        )
        .execution_options(synchronize_session=False)
    )


async def finish(
    session: AsyncSession, *, claim_id: int, claimed_by: str, now: datetime
) -> bool:
    """Mark the holder's claim done; False if it was released or finished meanwhile."""
    result = await session.execute(
        update(WorkClaim)
        .where(
            WorkClaim.id == claim_id,
            WorkClaim.claimed_by == claimed_by,
            WorkClaim.done_at.is_(None),
        )
        .values(done_at=now)
        .execution_options(synchronize_session=False)
    )
    return (result.rowcount or 0) == 1  # type: ignore[attr-defined]


async def delete_active(
    session: AsyncSession, *, claim_id: int, claimed_by: str
) -> bool:
    """Release the holder's claim; False if it was finished or released meanwhile."""
    result = await session.execute(
        delete(WorkClaim)
        .where(
            WorkClaim.id == claim_id,
            WorkClaim.claimed_by == claimed_by,
            WorkClaim.done_at.is_(None),
        )
        .execution_options(synchronize_session=False)
    )
    return (result.rowcount or 0) == 1  # type: ignore[attr-defined]
