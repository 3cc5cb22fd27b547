"""Help request use cases: created with each caller's call, filled in by the IVR."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.calls.models import Call
from app.help_requests import repository
from app.help_requests.models import HelpRequest, HelpRequestEvent


def record(
    session: AsyncSession,
    request: HelpRequest,
    kind: str,
    *,
    now: datetime,
    actor: str = "system",
    detail: dict[str, Any] | None = None,
) -> None:
    """Timestamp a change on the request's history (and its updated_at)."""
    request.updated_at = now
    event = HelpRequestEvent(
        occurred_at=now, kind=kind, actor=actor, detail=detail or {}
    )
    if request.id is None:
        event.request = request  # not inserted yet: one flush writes both
    else:
        event.request_id = request.id
    session.add(event)


async def ensure_for_call(
    session: AsyncSession, call: Call, *, now: datetime
) -> HelpRequest:
    """The call's help request, created (status new) on first need. Never commits."""
    existing = await repository.get_for_call(session, call.id)
    if existing is not None:
        return existing
    request = HelpRequest(
        call_id=call.id,
        caller_number=call.caller_e164 or call.from_number,
        language=call.language,
        status="new",
        source="call",
        created_at=now,
        updated_at=now,
    )
    session.add(request)
    await session.flush()
    record(session, request, "created", now=now, detail={"source": "call"})
    return request
