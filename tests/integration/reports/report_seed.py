"""Rows for report tests: calls, requests and volunteers at known instants, written
straight through the ORM (the figures read the tables, not the call flow)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from app.calls.models import Call, CallEvent
from app.help_requests.models import HelpRequest, MatchOffer
from app.volunteers.models import Volunteer

_numbers = itertools.count(1)


def utc(text: str) -> datetime:
    """'2026-10-25 01:30' (or with seconds and fractions) as an aware UTC instant."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def add_call(
    session: AsyncSession,
    at: datetime,
    outcome: str | None,
    *,
    wait_s: int | None = None,
    language: str | None = "nl",
    purpose: str = "caller",
    volunteer_id: int | None = None,
    duration_s: int | None = None,
    events: Sequence[str] = (),
) -> Call:
    number = next(_numbers)
    call = Call(
        twilio_call_sid=f"CA{number:032d}",
        purpose=purpose,
        direction="inbound" if purpose == "caller" else "outbound-api",
        from_number="+3225550000",
        to_number="+3228089654",
        caller_e164="+3225550000",
        language=language,
        status="completed",
        outcome=outcome,
        volunteer_id=volunteer_id,
        started_at=at,
        ended_at=at,
        wait_s=wait_s,
        duration_s=duration_s,
    )
    call.events = [CallEvent(occurred_at=at, kind=kind, detail={}) for kind in events]
    session.add(call)
    return call


async def add_volunteer(
    session: AsyncSession, name: str, *, operator: bool = False, field: bool = False
) -> int:
    number = next(_numbers)
    volunteer = Volunteer(
        name=name,
        phone_number=f"+3247{number:07d}",
        languages=["nl"],
        is_operator=operator,
        is_field=field,
        created_at=utc("2026-01-01 00:00"),
    )
    session.add(volunteer)
    await session.flush()
    return volunteer.id


def add_request(
    session: AsyncSession,
    created_at: datetime,
    *,
    need: str | None = "groceries",
    status: str = "new",
    close_reason: str | None = None,
    matched_at: datetime | None = None,
    done_at: datetime | None = None,
    volunteer_id: int | None = None,
) -> HelpRequest:
    request = HelpRequest(
        caller_number="+3225550000",
        language="nl",
        need=need,
        status=status,
        close_reason=close_reason,
        source="api",
        created_at=created_at,
        updated_at=created_at,
        matched_at=matched_at,
        done_at=done_at,
        volunteer_id=volunteer_id,
    )
    session.add(request)
    return request


async def add_match_offer(
    session: AsyncSession, request: HelpRequest, volunteer_id: int, sent_at: datetime
) -> None:
    await session.flush()
    session.add(
        MatchOffer(
            request_id=request.id,
            volunteer_id=volunteer_id,
            wave=1,
            sent_at=sent_at,
            response="accepted",
        )
    )
