"""The lookup of a new call's first webhook, the hotline's hot path. Never commits.

SQLAlchemy Core and a statement built once: every call starts here. The writes that
follow are grouped by app/ivr/intake.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.calls.models import Call
from app.volunteers.models import Volunteer


@dataclass(frozen=True, slots=True)
class FirstSight:
    call_id: int | None  # set when this CallSid was seen before (a retried webhook)
    last_language: str | None  # the caller's language on their previous call
    operator_id: int | None  # the number belongs to an active phone operator


_EXISTING = (
    select(Call.id).where(Call.twilio_call_sid == bindparam("sid")).scalar_subquery()
)
_LAST_LANGUAGE = (
    select(Call.language)
    .where(
        Call.caller_e164 == bindparam("caller"),
        Call.purpose == "caller",
        Call.language.is_not(None),
        Call.twilio_call_sid != bindparam("sid"),
    )
    .order_by(Call.id.desc())
    .limit(1)
    .scalar_subquery()
)
_OPERATOR = (
    select(Volunteer.id)
    .where(
        Volunteer.phone_number == bindparam("caller"),
        Volunteer.is_operator.is_(True),
        Volunteer.is_active.is_(True),
    )
    .scalar_subquery()
)
_FIRST_SIGHT = select(_EXISTING, _LAST_LANGUAGE, _OPERATOR)


async def first_sight(
    engine: AsyncEngine, *, twilio_call_sid: str, caller_e164: str | None
) -> FirstSight:
    """Everything the first answer depends on, in one round trip: a single read in
    autocommit mode (no BEGIN/ROLLBACK around it) on a pooled connection."""
    params = {"sid": twilio_call_sid, "caller": caller_e164 or ""}
    async with engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        row = (await autocommit.execute(_FIRST_SIGHT, params)).one()
    return FirstSight(row[0], row[1], row[2])
