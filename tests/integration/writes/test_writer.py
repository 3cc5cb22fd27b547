"""The writer: webhooks' units of work share group commits, fail alone, and write
nothing when they fail."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import Connection, Engine, event, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.calls.models import Call, CallEvent
from app.db import create_engine
from app.ivr import intake
from app.ivr.intake import NewCall
from app.ivr.repository import Arrival, FirstSight
from app.writer import Writer

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


def sids(n: int) -> list[str]:
    return [f"CA{i:032x}" for i in range(1, n + 1)]


@pytest.fixture
async def engine(clean_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(clean_database_url)
    yield engine
    await engine.dispose()


async def count(engine: AsyncEngine, table: type[Call] | type[CallEvent]) -> int:
    async with engine.connect() as connection:
        return int(
            await connection.scalar(select(func.count()).select_from(table)) or 0
        )


def admit(sid: str, *, fail: bool = False) -> Callable[[Connection], FirstSight]:
    def unit(connection: Connection) -> FirstSight:
        seen = intake.admit(connection, Arrival(sid, None), lambda _: new_call(sid))
        if fail:  # after its writes: they must not stay
            raise ValueError("a bug for this call only")
        return seen

    return unit


async def test_one_failing_unit_in_a_group_fails_alone_and_writes_nothing(
    engine: AsyncEngine,
) -> None:
    writer = Writer(engine)
    calls = sids(5)
    results = await asyncio.gather(
        *(writer(admit(s, fail=s == calls[2])) for s in calls),
        return_exceptions=True,
    )
    await writer.aclose()

    failed = [
        s for s, r in zip(calls, results, strict=True) if isinstance(r, Exception)
    ]
    assert failed == [calls[2]]
    assert await count(engine, Call) == 4
    assert await count(engine, CallEvent) == 4  # the failing call's event is gone too


async def test_concurrent_units_share_commits(engine: AsyncEngine) -> None:
    commits: list[None] = []

    def committed(_: object) -> None:
        commits.append(None)

    # Every engine's: on SQLite the writer runs groups on a connection of its own.
    event.listen(Engine, "commit", committed)
    try:
        writer = Writer(engine)
        await asyncio.gather(*(writer(admit(s)) for s in sids(20)))
        await writer.aclose()
    finally:
        event.remove(Engine, "commit", committed)

    assert await count(engine, Call) == 20
    assert 1 <= len(commits) < 20


async def test_a_unit_sees_the_writes_of_the_units_before_it(
    engine: AsyncEngine,
) -> None:
    """A retried first webhook in the same group as the original writes nothing
    twice: the retry reads the call its original wrote."""
    writer = Writer(engine)
    sid = sids(1)[0]
    first, retry = await asyncio.gather(writer(admit(sid)), writer(admit(sid)))
    await writer.aclose()

    assert first.call_id is None  # new: written now
    assert retry.call_id is not None  # known: nothing written
    assert await count(engine, Call) == 1
