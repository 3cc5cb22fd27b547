"""What the demo reads back from the database: numbers already known (so the demo's
callers are new), and what a demo day left behind. Queries only; never commits."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.calls.models import Call
from app.help_requests.models import HelpRequest
from app.volunteers.models import Volunteer, VolunteerShift


async def known_numbers(session: AsyncSession) -> set[str]:
    callers = await session.scalars(
        select(Call.caller_e164).where(Call.caller_e164.is_not(None)).distinct()
    )
    volunteers = await session.scalars(select(Volunteer.phone_number))
    return {n for n in callers if n is not None} | set(volunteers)


async def calls_with(
    session: AsyncSession, volunteer_ids: Collection[int], *, since: datetime
) -> int:
    """Calls since `since` that rang or reached one of these volunteers."""
    total = await session.scalar(
        select(func.count(Call.id)).where(
            Call.volunteer_id.in_(list(volunteer_ids)), Call.started_at >= since
        )
    )
    return int(total or 0)


@dataclass(frozen=True)
class DaySummary:
    """Callers' calls and help requests since `start`, and the volunteers."""

    calls_by_outcome: dict[str, int]
    requests_by_status: dict[str, int]
    escalated: int
    on_behalf: int
    operators_by_duty: dict[str, int]
    field_volunteers: int
    shifts: int

    @property
    def calls(self) -> int:
        return sum(self.calls_by_outcome.values())

    @property
    def requests(self) -> int:
        return sum(self.requests_by_status.values())

    @property
    def operators(self) -> int:
        return sum(self.operators_by_duty.values())


async def summarise(session: AsyncSession, *, since: datetime) -> DaySummary:
    outcomes = await session.execute(
        select(Call.outcome, func.count(Call.id))
        .where(Call.purpose == "caller", Call.started_at >= since)
        .group_by(Call.outcome)
    )
    recent = HelpRequest.created_at >= since
    statuses = await session.execute(
        select(HelpRequest.status, func.count(HelpRequest.id))
        .where(recent)
        .group_by(HelpRequest.status)
    )
    escalated = await session.scalar(
        select(func.count(HelpRequest.id)).where(
            recent, HelpRequest.escalated_at.is_not(None)
        )
    )
    on_behalf = await session.scalar(
        select(func.count(HelpRequest.id)).where(
            recent, HelpRequest.requester_name.is_not(None)
        )
    )
    duty = await session.execute(
        select(Volunteer.duty_state, func.count(Volunteer.id))
        .where(Volunteer.is_operator.is_(True))
        .group_by(Volunteer.duty_state)
    )
    field = await session.scalar(
        select(func.count(Volunteer.id)).where(Volunteer.is_field.is_(True))
    )
    shifts = await session.scalar(select(func.count(VolunteerShift.id)))
    return DaySummary(
        # A call without an outcome is still going on.
        calls_by_outcome={(o or "live"): int(n) for o, n in outcomes.all()},
        requests_by_status={str(s): int(n) for s, n in statuses.all()},
        escalated=int(escalated or 0),
        on_behalf=int(on_behalf or 0),
        operators_by_duty={str(s): int(n) for s, n in duty.all()},
        field_volunteers=int(field or 0),
        shifts=int(shifts or 0),
    )
