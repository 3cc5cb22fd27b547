"""The lookup of new calls' first webhooks, the hotline's hot path. Never commits.

SQLAlchemy Core and statements built once: every call starts here, and concurrent
first webhooks are looked up together (app/ivr/intake.py groups them), so a group
costs three statements whatever its size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.calls.models import Call
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


_EXISTING = select(Call.twilio_call_sid, Call.id).where(
    Call.twilio_call_sid.in_(bindparam("sids", expanding=True))
)
_LATEST_CALL_PER_CALLER = (
    select(func.max(Call.id))
    .where(
        Call.caller_e164.in_(bindparam("callers", expanding=True)),
        Call.purpose == "caller",
        Call.language.is_not(None),
        Call.twilio_call_sid.not_in(bindparam("sids", expanding=True)),
    )
    .group_by(Call.caller_e164)
)
_LAST_LANGUAGE = select(Call.caller_e164, Call.language).where(
    Call.id.in_(_LATEST_CALL_PER_CALLER)
)
_OPERATORS = select(Volunteer.phone_number, Volunteer.id).where(
    Volunteer.phone_number.in_(bindparam("callers", expanding=True)),
    Volunteer.is_operator.is_(True),
    Volunteer.is_active.is_(True),
)


async def first_sights(
    engine: AsyncEngine, arrivals: Sequence[Arrival]
) -> list[FirstSight]:
    """Everything the first answers depend on, in one autocommit read (no
    BEGIN/ROLLBACK around it) on a pooled connection. One result per arrival."""
    sids = sorted({a.call_sid for a in arrivals})
    callers = sorted({a.caller_e164 for a in arrivals if a.caller_e164})
    async with engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        existing = dict((await autocommit.execute(_EXISTING, {"sids": sids})).all())
        languages: dict[str, str] = {}
        operators: dict[str, int] = {}
        if callers:
            last = await autocommit.execute(
                _LAST_LANGUAGE, {"sids": sids, "callers": callers}
            )
            languages = {c: lang for c, lang in last if c and lang}
            on_duty_line = await autocommit.execute(_OPERATORS, {"callers": callers})
            operators = dict(on_duty_line.all())
    return [
        FirstSight(
            call_id=existing.get(a.call_sid),
            last_language=languages.get(a.caller_e164 or ""),
            operator_id=operators.get(a.caller_e164 or ""),
        )
        for a in arrivals
    ]
