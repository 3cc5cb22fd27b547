"""Helpers shared by the IVR e2e, API and fuzz tests: read-only DB probes, signed posts.

Nothing here writes to the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import app.models  # noqa: F401  (fills Base.metadata)
from app.calls.models import Call, CallEvent
from app.db import Base
from app.help_requests.models import HelpRequest, HelpRequestEvent
from app.telephony.twilio_adapter import sign_request
from tests.support.harness import TEST_AUTH_TOKEN, Hotline
from twilio_simulator.state import SimCall

BASE_URL = "http://hotline.test"


@dataclass(frozen=True)
class CallRecord:
    """What the database holds about one caller's call once it is over."""

    call: Call
    events: list[CallEvent]
    request: HelpRequest | None
    history: list[str]

    @property
    def kinds(self) -> list[str]:
        return [event.kind for event in self.events]

    def events_of(self, kind: str) -> list[CallEvent]:
        return [event for event in self.events if event.kind == kind]


async def call_by_sid(session: AsyncSession, twilio_call_sid: str) -> Call:
    result = await session.execute(
        select(Call).where(Call.twilio_call_sid == twilio_call_sid)
    )
    return result.scalar_one()


async def call_events(session: AsyncSession, call: Call) -> list[CallEvent]:
    result = await session.execute(
        select(CallEvent).where(CallEvent.call_id == call.id).order_by(CallEvent.id)
    )
    return list(result.scalars())


async def record_of(hotline: Hotline, sim_call: SimCall) -> CallRecord:
    async with hotline.session() as session:
        call = await call_by_sid(session, sim_call.sid)
        events = await call_events(session, call)
        request = (
            await session.execute(
                select(HelpRequest).where(HelpRequest.call_id == call.id)
            )
        ).scalar_one_or_none()
        history: list[str] = []
        if request is not None:
            history = list(
                (
                    await session.execute(
                        select(HelpRequestEvent.kind)
                        .where(HelpRequestEvent.request_id == request.id)
                        .order_by(HelpRequestEvent.id)
                    )
                ).scalars()
            )
    return CallRecord(call=call, events=events, request=request, history=history)


async def row_counts(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> dict[str, int]:
    """Rows in every table of the schema, by table name."""
    counts: dict[str, int] = {}
    async with sessionmaker() as session:
        for table in Base.metadata.sorted_tables:
            total = await session.scalar(select(func.count()).select_from(table))
            counts[table.name] = int(total or 0)
    return counts


async def orphan_counts(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> dict[str, int]:
    """Rows whose parent is missing: timeline events without a call, and so on."""
    async with sessionmaker() as session:
        events = await session.scalar(
            select(func.count())
            .select_from(CallEvent)
            .where(~CallEvent.call_id.in_(select(Call.id)))
        )
        history = await session.scalar(
            select(func.count())
            .select_from(HelpRequestEvent)
            .where(~HelpRequestEvent.request_id.in_(select(HelpRequest.id)))
        )
        requests_without_history = await session.scalar(
            select(func.count())
            .select_from(HelpRequest)
            .where(~HelpRequest.id.in_(select(HelpRequestEvent.request_id)))
        )
    return {
        "call_event": int(events or 0),
        "help_request_event": int(history or 0),
        "help_request_without_history": int(requests_without_history or 0),
    }


def is_subsequence(needle: list[str], haystack: list[str]) -> bool:
    """True when `needle` occurs in `haystack` in order (gaps allowed)."""
    remaining = iter(haystack)
    return all(item in remaining for item in needle)


async def post_webhook(
    app: FastAPI,
    url: str,
    params: Mapping[str, str],
    *,
    signature: str | None = None,
    sign: bool = True,
    auth_token: str = TEST_AUTH_TOKEN,
) -> httpx.Response:
    """POST a Twilio-style form to `url` (absolute), signed unless told otherwise."""
    headers: dict[str, str] = {}
    if signature is not None:
        headers["X-Twilio-Signature"] = signature
    elif sign:
        headers["X-Twilio-Signature"] = sign_request(auth_token, url, params)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        return await client.post(url, data=dict(params), headers=headers)
