"""Queries of the gate before matching: open requests of a number, attached calls.
Never commits."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.help_requests.models import HelpRequest, HelpRequestCall

# A request is someone's open errand until it is done or closed.
OPEN_ERRAND_STATUSES: Sequence[str] = ("new", "offered", "matched")


async def open_request_of_number(
    session: AsyncSession, caller_number: str, *, before_id: int | None = None
) -> HelpRequest | None:
    """The number's oldest open request (entered before request `before_id`)."""
    query = select(HelpRequest).where(
        HelpRequest.caller_number == caller_number,
        HelpRequest.status.in_(OPEN_ERRAND_STATUSES),
    )
    if before_id is not None:
        query = query.where(HelpRequest.id < before_id)
    result = await session.execute(query.order_by(HelpRequest.id).limit(1))
    return result.scalar_one_or_none()


async def links_of_calls(
    session: AsyncSession, call_ids: Collection[int]
) -> dict[int, HelpRequestCall]:
    """The attachments of these calls, by call id, in one query."""
    if not call_ids:
        return {}
    result = await session.execute(
        select(HelpRequestCall).where(HelpRequestCall.call_id.in_(call_ids))
    )
    return {link.call_id: link for link in result.scalars()}


async def link_of_call(session: AsyncSession, call_id: int) -> HelpRequestCall | None:
    result = await session.execute(
        select(HelpRequestCall).where(HelpRequestCall.call_id == call_id)
    )
    return result.scalar_one_or_none()
