"""The intake's groups: one failing call does not take the others of its group down."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.calls.models import Call
from app.db import create_engine
from app.ivr.intake import Intake, NewCall, RowsFor
from app.ivr.repository import Arrival, FirstSight

pytestmark = pytest.mark.integration

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def new_call(sid: str) -> NewCall:
    return NewCall(
        call={
            "twilio_call_sid": sid,
            "purpose": "caller",
            "direction": "inbound",
            "from_number": "+3224000001",
            "to_number": "+3228089654",
            "status": "ringing",
            "status_sequence": -1,
            "started_at": NOW,
        },
        request={
            "caller_number": "+3224000001",
            "status": "new",
            "source": "call",
            "wave": 0,
            "created_at": NOW,
            "updated_at": NOW,
        },
        call_events=[("incoming", {})],
        request_events=[("created", {"source": "call"})],
        now=NOW,
    )


@pytest.fixture
async def engine(clean_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(clean_database_url)
    yield engine
    await engine.dispose()


async def test_one_failing_call_in_a_group_fails_alone(engine: AsyncEngine) -> None:
    intake = Intake(engine)

    def rows_for(sid: str) -> RowsFor:
        def plan(_: FirstSight) -> NewCall:
            if sid.endswith("3"):
                raise ValueError("a bug for this call only")
            return new_call(sid)

        return plan

    sids = [f"CA{i:032x}" for i in range(1, 6)]
    results = await asyncio.gather(
        *(intake.admit(Arrival(s, None), rows_for(s)) for s in sids),
        return_exceptions=True,
    )
    await intake.aclose()

    failed = [s for s, r in zip(sids, results, strict=True) if isinstance(r, Exception)]
    assert failed == [sids[2]]
    async with engine.connect() as connection:
        written = await connection.scalar(select(func.count()).select_from(Call))
    assert written == 4
