"""Queries of volunteers. Never commits."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import String, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from app.volunteers.models import Volunteer
from app.volunteers.schemas import RosterFilter


async def get(session: AsyncSession, volunteer_id: int) -> Volunteer | None:
    result = await session.execute(
        select(Volunteer)
        .where(Volunteer.id == volunteer_id)
        .options(selectinload(Volunteer.shifts))
    )
    return result.scalar_one_or_none()


async def get_by_phone(session: AsyncSession, phone_number: str) -> Volunteer | None:
    result = await session.execute(
        select(Volunteer)
        .where(Volunteer.phone_number == phone_number)
        .options(selectinload(Volunteer.shifts))
    )
    return result.scalar_one_or_none()


async def active_operator_by_phone(
    session: AsyncSession, phone_number: str
) -> Volunteer | None:
    """The hot-path lookup of every incoming call: one indexed query, no relations."""
    result = await session.execute(
        select(Volunteer).where(
            Volunteer.phone_number == phone_number,
            Volunteer.is_operator.is_(True),
            Volunteer.is_active.is_(True),
        )
    )
    return result.scalar_one_or_none()


async def get_by_duty_token(session: AsyncSession, digest: str) -> Volunteer | None:
    result = await session.execute(
        select(Volunteer)
        .where(Volunteer.duty_token_sha256 == digest)
        .options(selectinload(Volunteer.shifts))
    )
    return result.scalar_one_or_none()


async def existing_phones(session: AsyncSession, phones: Iterable[str]) -> set[str]:
    wanted = list(phones)
    if not wanted:
        return set()
    result = await session.execute(
        select(Volunteer.phone_number).where(Volunteer.phone_number.in_(wanted))
    )
    return set(result.scalars())


async def list_volunteers(
    session: AsyncSession,
    *,
    role: str | None,
    duty_state: str | None,
    limit: int,
    offset: int,
) -> tuple[list[Volunteer], int]:
    query = select(Volunteer)
    if role == "operator":
        query = query.where(Volunteer.is_operator.is_(True))
    elif role == "field":
        query = query.where(Volunteer.is_field.is_(True))
    if duty_state:
        query = query.where(Volunteer.duty_state == duty_state)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.execute(
        query.options(selectinload(Volunteer.shifts))
        .order_by(Volunteer.id)
        .limit(limit)
        .offset(offset)
    )
    return list(rows.scalars()), int(total or 0)


async def roster(
    session: AsyncSession, filters: RosterFilter, *, limit: int, offset: int
) -> tuple[list[Volunteer], int]:
    """One page of volunteers by name (then id, so pages never overlap), and how
    many match the filters in all."""
    query = select(Volunteer)
    if filters.role == "operator":
        query = query.where(Volunteer.is_operator.is_(True))
    elif filters.role == "field":
        query = query.where(Volunteer.is_field.is_(True))
    if filters.language:
        # A JSON list of two-letter codes: its text holds '"nl"' exactly when the
        # list does, on SQLite and PostgreSQL alike.
        query = query.where(
            cast(Volunteer.languages, String).contains(f'"{filters.language}"')
        )
    if filters.duty_state:
        query = query.where(Volunteer.duty_state == filters.duty_state)
    if filters.status != "all":
        query = query.where(Volunteer.is_active.is_(filters.status == "active"))
    if filters.name:
        query = query.where(Volunteer.name.icontains(filters.name, autoescape=True))
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.execute(
        query.order_by(func.lower(Volunteer.name), Volunteer.id)
        .limit(limit)
        .offset(offset)
    )
    return list(rows.scalars()), int(total or 0)


async def operators_with_shifts(session: AsyncSession) -> list[Volunteer]:
    result = await session.execute(
        select(Volunteer)
        .where(
            Volunteer.is_operator.is_(True),
            Volunteer.is_active.is_(True),
            Volunteer.shifts.any(),
        )
        .options(selectinload(Volunteer.shifts))
    )
    return list(result.scalars())


async def operators_not_offline(session: AsyncSession) -> list[Volunteer]:
    """Active operators on duty or away: the live board's operator list."""
    result = await session.execute(
        select(Volunteer).where(
            Volunteer.is_operator.is_(True),
            Volunteer.is_active.is_(True),
            Volunteer.duty_state != "offline",
        )
    )
    return list(result.scalars())
