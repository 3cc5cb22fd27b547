"""Queries of help requests. Never commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from app.help_requests.models import (
    HelpRequest,
    HelpRequestCall,
    MatchOffer,
    WorkClaim,
)
from app.help_requests.schemas import OPEN_STATUSES, RequestGroup
from app.volunteers.models import Volunteer


@dataclass(frozen=True)
class RequestFilters:
    """The board's filters, resolved: None means any."""

    need: str | None = None
    language: str | None = None
    postcodes: tuple[str, ...] | None = None
    """None: any place; empty: the place matched no postcode (nothing is found)."""
    created_before: datetime | None = None
    status: str | None = None
    group: RequestGroup | None = None
    # A partner's organisation (app.auth.roles.organisation_scope): only its own.
    organisation: str | None = None


async def get_for_call(session: AsyncSession, call_id: int) -> HelpRequest | None:
    result = await session.execute(
        select(HelpRequest).where(HelpRequest.call_id == call_id)
    )
    return result.scalar_one_or_none()


async def attached_call_ids(session: AsyncSession, request_id: int) -> list[int]:
    """Later calls of the number attached to the request (app.triage), in order."""
    result = await session.execute(
        select(HelpRequestCall.call_id)
        .where(HelpRequestCall.request_id == request_id)
        .order_by(HelpRequestCall.id)
    )
    return list(result.scalars())


async def get(
    session: AsyncSession, request_id: int, *, with_history: bool = False
) -> HelpRequest | None:
    query = select(HelpRequest).where(HelpRequest.id == request_id)
    if with_history:
        query = query.options(selectinload(HelpRequest.history))
    result = await session.execute(query)
    return result.scalar_one_or_none()


def _is_escalated() -> ColumnElement[bool]:
    return and_(
        HelpRequest.status.in_(OPEN_STATUSES), HelpRequest.escalated_at.is_not(None)
    )


def group_column() -> ColumnElement[str]:
    """The board group of a request, in SQL (see schemas.request_group)."""
    return case((_is_escalated(), "escalated"), else_=HelpRequest.status)


def in_group(group: RequestGroup) -> ColumnElement[bool]:
    if group == "escalated":
        return _is_escalated()
    if group in OPEN_STATUSES:
        return and_(HelpRequest.status == group, HelpRequest.escalated_at.is_(None))
    return HelpRequest.status == group


def _conditions(filters: RequestFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.need:
        conditions.append(HelpRequest.need == filters.need)
    if filters.language:
        conditions.append(HelpRequest.language == filters.language)
    if filters.postcodes is not None:
        conditions.append(HelpRequest.postcode.in_(filters.postcodes))
    if filters.created_before is not None:
        conditions.append(HelpRequest.created_at <= filters.created_before)
    if filters.status:
        conditions.append(HelpRequest.status == filters.status)
    if filters.group:
        conditions.append(in_group(filters.group))
    if filters.organisation is not None:
        conditions.append(HelpRequest.organisation == filters.organisation)
    return conditions


def _ordered(
    query: Select[HelpRequest, str], group: str | None
) -> Select[HelpRequest, str]:
    # Open requests: who has waited longest comes first. Finished ones: the latest.
    if group in ("new", "escalated", "offered"):
        return query.order_by(HelpRequest.created_at, HelpRequest.id)
    return query.order_by(HelpRequest.id.desc())


async def list_requests(
    session: AsyncSession, *, filters: RequestFilters, limit: int, offset: int
) -> tuple[list[tuple[HelpRequest, str | None]], int]:
    """A page of the requests the filters select, each with its volunteer's name,
    and how many there are in all."""
    conditions = _conditions(filters)
    total = await session.scalar(select(func.count(HelpRequest.id)).where(*conditions))
    query = (
        select(HelpRequest, Volunteer.name)
        .outerjoin(Volunteer, Volunteer.id == HelpRequest.volunteer_id)
        .where(*conditions)
    )
    rows = await session.execute(
        _ordered(query, filters.group).limit(limit).offset(offset)
    )
    return [(row[0], row[1]) for row in rows], int(total or 0)


async def count_by_group(
    session: AsyncSession, filters: RequestFilters
) -> dict[str, int]:
    group = group_column()
    rows = await session.execute(
        select(group, func.count(HelpRequest.id))
        .where(*_conditions(filters))
        .group_by(group)
    )
    return {str(name): int(count) for name, count in rows}


async def export_batch(
    session: AsyncSession, filters: RequestFilters, *, after_id: int, limit: int
) -> list[tuple[HelpRequest, str | None]]:
    """The next `limit` selected requests by id (keyset paging, for long exports)."""
    rows = await session.execute(
        select(HelpRequest, Volunteer.name)
        .outerjoin(Volunteer, Volunteer.id == HelpRequest.volunteer_id)
        .where(*_conditions(filters), HelpRequest.id > after_id)
        .order_by(HelpRequest.id)
        .limit(limit)
    )
    return [(row[0], row[1]) for row in rows]


async def offers_with_names(
    session: AsyncSession, request_id: int
) -> list[tuple[MatchOffer, str]]:
    rows = await session.execute(
        select(MatchOffer, Volunteer.name)
        .join(Volunteer, Volunteer.id == MatchOffer.volunteer_id)
        .where(MatchOffer.request_id == request_id)
        .order_by(MatchOffer.wave, MatchOffer.id)
    )
    return [(row[0], row[1]) for row in rows]


async def volunteer_name(session: AsyncSession, volunteer_id: int) -> str | None:
    name = await session.scalar(
        select(Volunteer.name).where(Volunteer.id == volunteer_id)
    )
    return None if name is None else str(name)


def voicemail_unhandled() -> ColumnElement[bool]:
    """A request with a voicemail nobody has marked handled on the work list."""
    handled = exists().where(
        and_(
            WorkClaim.request_id == HelpRequest.id,
            WorkClaim.kind == "voicemail",
            WorkClaim.done_at.is_not(None),
        )
    )
    return and_(HelpRequest.voicemail_url.is_not(None), ~handled)


async def count_unhandled_voicemails(session: AsyncSession) -> int:
    total = await session.scalar(
        select(func.count(HelpRequest.id)).where(voicemail_unhandled())
    )
    return int(total or 0)
