"""Queries of the operator's page: the call an operator is (or was last) on, and
the earlier calls and requests of its number. Never commits."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.calls.models import Call, CallEvent
from app.help_requests.models import HelpRequest

EARLIER_LIMIT = 10


async def last_accepted_leg(
    session: AsyncSession, volunteer_id: int
) -> tuple[Call, str] | None:
    """The operator's last leg that took a call, and the offer it took."""
    result = await session.execute(
        select(Call, CallEvent.detail)
        .join(CallEvent, CallEvent.call_id == Call.id)
        .where(
            Call.volunteer_id == volunteer_id,
            Call.purpose == "operator_offer",
            CallEvent.kind == "accepted",
        )
        .order_by(CallEvent.id.desc())
        .limit(1)
    )
    row = result.first()
    if row is None:
        return None
    leg, detail = row
    offer_id = detail.get("offer_id") if isinstance(detail, dict) else None
    return (leg, str(offer_id)) if offer_id else None


async def earlier_calls(
    session: AsyncSession, caller_e164: str, *, before_id: int
) -> list[Call]:
    result = await session.execute(
        select(Call)
        .where(
            Call.caller_e164 == caller_e164,
            Call.purpose == "caller",
            Call.id < before_id,
        )
        .order_by(Call.id.desc())
        .limit(EARLIER_LIMIT)
    )
    return list(result.scalars())


async def requests_of_number(
    session: AsyncSession, caller_number: str, *, except_id: int
) -> list[HelpRequest]:
    result = await session.execute(
        select(HelpRequest)
        .where(HelpRequest.caller_number == caller_number, HelpRequest.id != except_id)
        .order_by(HelpRequest.id.desc())
        .limit(EARLIER_LIMIT)
    )
    return list(result.scalars())
