"""Queries for matching requests to field volunteers. Never commits."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.calls.models import Call
from app.help_requests.models import HelpRequest, MatchOffer
from app.volunteers.models import Volunteer


async def requests_due(
    session: AsyncSession, *, now: datetime, limit: int
) -> list[HelpRequest]:
    """New requests whose call is over (or that came without a live call) and not
    held for an operator's wrap-up or a coordinator's approval, and offered requests
    whose next wave is due; oldest first."""
    call_over = or_(HelpRequest.call_id.is_(None), Call.ended_at.is_not(None))
    not_held = or_(HelpRequest.held_until.is_(None), HelpRequest.held_until <= now)
    query = (
        select(HelpRequest)
        .outerjoin(Call, Call.id == HelpRequest.call_id)
        .where(
            HelpRequest.escalated_at.is_(None),
            or_(
                and_(
                    HelpRequest.status == "new",
                    call_over,
                    not_held,
                    HelpRequest.is_awaiting_approval.is_(False),
                ),
                and_(HelpRequest.status == "offered", HelpRequest.next_wave_at <= now),
            ),
        )
        .order_by(HelpRequest.id)
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())


async def field_volunteers(session: AsyncSession) -> list[Volunteer]:
    query = select(Volunteer).where(
        Volunteer.is_field.is_(True),
        Volunteer.is_active.is_(True),
        Volunteer.is_sms_opted_out.is_(False),
        Volunteer.home_postcode.is_not(None),
    )
    return list((await session.execute(query)).scalars())


async def run_counts(
    session: AsyncSession, *, week_start: datetime, window_start: datetime
) -> dict[int, tuple[int, int]]:
    """volunteer_id -> (runs this week, runs in the fairness window)."""
    since = min(week_start, window_start)
    query = (
        select(
            HelpRequest.volunteer_id,
            func.sum(case((HelpRequest.matched_at >= week_start, 1), else_=0)),
            func.sum(case((HelpRequest.matched_at >= window_start, 1), else_=0)),
        )
        .where(HelpRequest.volunteer_id.is_not(None), HelpRequest.matched_at >= since)
        .group_by(HelpRequest.volunteer_id)
    )
    rows = await session.execute(query)
    return {
        int(v): (int(week or 0), int(window or 0))
        for v, week, window in rows
        if v is not None
    }


async def offered_volunteer_ids_of(
    session: AsyncSession, request_ids: Collection[int]
) -> dict[int, set[int]]:
    """The volunteers already offered each of these requests, in one query."""
    offered: dict[int, set[int]] = {request_id: set() for request_id in request_ids}
    if request_ids:
        rows = await session.execute(
            select(MatchOffer.request_id, MatchOffer.volunteer_id).where(
                MatchOffer.request_id.in_(request_ids)
            )
        )
        for request_id, volunteer_id in rows:
            offered[request_id].add(volunteer_id)
    return offered


async def offered_volunteer_ids(session: AsyncSession, request_id: int) -> set[int]:
    rows = await session.execute(
        select(MatchOffer.volunteer_id).where(MatchOffer.request_id == request_id)
    )
    return set(rows.scalars())


async def offers_of(session: AsyncSession, request_id: int) -> list[MatchOffer]:
    rows = await session.execute(
        select(MatchOffer)
        .where(MatchOffer.request_id == request_id)
        .order_by(MatchOffer.id)
    )
    return list(rows.scalars())


async def offer_for(
    session: AsyncSession, request_id: int, volunteer_id: int
) -> MatchOffer | None:
    rows = await session.execute(
        select(MatchOffer).where(
            MatchOffer.request_id == request_id, MatchOffer.volunteer_id == volunteer_id
        )
    )
    return rows.scalar_one_or_none()


async def by_code(session: AsyncSession, code: str) -> HelpRequest | None:
    rows = await session.execute(
        select(HelpRequest).where(HelpRequest.short_code == code)
    )
    return rows.scalar_one_or_none()


async def code_taken(session: AsyncSession, code: str) -> bool:
    rows = await session.execute(
        select(HelpRequest.id).where(HelpRequest.short_code == code)
    )
    return rows.scalar_one_or_none() is not None


async def claim(
    session: AsyncSession,
    request_id: int,
    *,
    volunteer_id: int,
    now: datetime,
    from_statuses: Sequence[str],
) -> bool:
    """Atomically give the request to one volunteer: True only for the first claim.

    A single conditional UPDATE, so two simultaneous YES replies (even on two app
    instances) cannot both win: the database serialises them on the row.
    """
    result = await session.execute(
        update(HelpRequest)
        .where(
            HelpRequest.id == request_id, HelpRequest.status.in_(list(from_statuses))
        )
        .values(
            status="matched",
            volunteer_id=volunteer_id,
            matched_at=now,
            updated_at=now,
            next_wave_at=None,
            escalated_at=None,
        )
        .execution_options(synchronize_session=False)
    )
    return (result.rowcount or 0) == 1  # type: ignore[attr-defined]


async def pending_offers_of_volunteer(
    session: AsyncSession, volunteer_id: int
) -> list[MatchOffer]:
    rows = await session.execute(
        select(MatchOffer).where(
            MatchOffer.volunteer_id == volunteer_id, MatchOffer.response == "pending"
        )
    )
    return list(rows.scalars())
