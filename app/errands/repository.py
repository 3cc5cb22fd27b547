"""Queries of the errands flow (neighbours' calls, requesters' calls, follow-ups).
Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.calls.models import Call
from app.help_requests.models import HelpRequest
from app.volunteers.models import Volunteer

# A request a neighbour took and has not finished yet.
IN_PROGRESS = "matched"
# A request still open for its requester: waiting, offered to neighbours, or taken.
OPEN_FOR_REQUESTER = ("new", "offered", "matched")


def has_news_for_requester() -> ColumnElement[bool]:
    """A request its requester is told about when they call: offered to neighbours,
    taken by one, escalated to a coordinator, or waiting for a coordinator's approval
    (triage: that can take hours). One whose call just ended (matching starts in a
    moment) is not: that caller goes through the menu, and their call is attached to
    it before matching (app/triage)."""
    return or_(
        HelpRequest.status.in_(("offered", IN_PROGRESS)),
        and_(
            HelpRequest.status == "new",
            or_(
                HelpRequest.escalated_at.is_not(None),
                HelpRequest.is_awaiting_approval.is_(True),
            ),
        ),
    )


async def field_volunteer_by_phone(
    session: AsyncSession, phone_number: str
) -> Volunteer | None:
    rows = await session.execute(
        select(Volunteer).where(
            Volunteer.phone_number == phone_number,
            Volunteer.is_field.is_(True),
            Volunteer.is_active.is_(True),
        )
    )
    return rows.scalar_one_or_none()


async def errands_of(session: AsyncSession, volunteer_id: int) -> list[HelpRequest]:
    """The requests this neighbour took and has not finished, latest taken first."""
    rows = await session.execute(
        select(HelpRequest)
        .where(
            HelpRequest.volunteer_id == volunteer_id,
            HelpRequest.status == IN_PROGRESS,
        )
        .order_by(HelpRequest.matched_at.desc(), HelpRequest.id.desc())
    )
    return list(rows.scalars())


async def by_codes(session: AsyncSession, codes: Sequence[str]) -> list[HelpRequest]:
    if not codes:
        return []
    rows = await session.execute(
        select(HelpRequest).where(HelpRequest.short_code.in_(list(codes)))
    )
    return list(rows.scalars())


async def number_called(session: AsyncSession, call_id: int | None) -> str | None:
    """The number a request's first call was made to (the hotline line it knows)."""
    if call_id is None:
        return None
    rows = await session.execute(select(Call.to_number).where(Call.id == call_id))
    return rows.scalar_one_or_none()


async def followups_due(
    session: AsyncSession, *, done_before: datetime, done_after: datetime, limit: int
) -> list[int]:
    """Done requests whose follow-up call is due and was never placed, oldest first."""
    rows = await session.execute(
        select(HelpRequest.id)
        .where(
            HelpRequest.status == "done",
            HelpRequest.followup_at.is_(None),
            HelpRequest.done_at <= done_before,
            HelpRequest.done_at >= done_after,
        )
        .order_by(HelpRequest.done_at, HelpRequest.id)
        .limit(limit)
    )
    return list(rows.scalars())


async def claim_followup(
    session: AsyncSession, request_id: int, *, now: datetime
) -> bool:
    """Mark the follow-up call as placed; True only for the first claim, so two app
    instances never both ring the requester."""
    result = await session.execute(
        update(HelpRequest)
        .where(
            HelpRequest.id == request_id,
            HelpRequest.status == "done",
            HelpRequest.followup_at.is_(None),
        )
        .values(followup_at=now)
        .execution_options(synchronize_session=False)
    )
    return (result.rowcount or 0) == 1  # type: ignore[attr-defined]


async def close_if_open(
    session: AsyncSession, request_id: int, *, reason: str, now: datetime
) -> bool:
    """Close the request if it is still open; True only for the one that did."""
    result = await session.execute(
        update(HelpRequest)
        .where(
            HelpRequest.id == request_id,
            HelpRequest.status.in_(OPEN_FOR_REQUESTER),
        )
        .values(
            status="closed",
            close_reason=reason,
            next_wave_at=None,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return (result.rowcount or 0) == 1  # type: ignore[attr-defined]
