"""Helpers of the privacy suite: a person's data seeded through the real paths (calls
through the simulator, the API, the volunteer service), an admin's API client, and
the scan of every table for a phone number."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

import httpx
from sqlalchemy import inspect, select, text

from app.abuse.models import Ban
from app.auth import service as auth_service
from app.auth.roles import Role
from app.config import IvrSettings, Settings
from app.help_requests.models import HelpRequest
from app.volunteers import service as volunteer_service
from app.volunteers.schemas import ShiftIn, VolunteerCreate
from tests.support.harness import Hotline, hotline_harness
from twilio_simulator.parties import Press, ScriptedCaller, Talk

PERSON = "+32470123456"
# The same number as people write it: the scan looks for its digits in any format.
PERSON_WRITTEN = ("0470 12 34 56", "0470/12.34.56", "+32 470 12 34 56")
OTHER = "+3225551234"
_SEPARATORS = re.compile(r"[\s./()\-]")


@asynccontextmanager
async def closed_hotline(settings: Settings) -> AsyncIterator[Hotline]:
    """The harness starts at 10:00 in Brussels; this hotline opens at 18:00, so a
    caller leaves a voicemail (a recording at the simulator)."""
    evening = settings.model_copy(
        update={"ivr": IvrSettings(open_from=time(18, 0), open_until=time(20, 0))}
    )
    async with hotline_harness(evening) as hotline:
        yield hotline


@dataclass
class Admin:
    hotline: Hotline
    _token: str | None = field(default=None)

    async def token(self) -> str:
        if self._token is None:
            async with self.hotline.session() as session:
                self._token = await auth_service.create_coordinator(
                    session,
                    "privacy-admin",
                    now=self.hotline.clock.now(),
                    role=Role.ADMIN,
                )
        return self._token

    async def api(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {await self.token()}"}
        transport = httpx.ASGITransport(app=self.hotline.app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://hotline.test"
        ) as client:
            return await client.request(method, path, headers=headers, **kwargs)


async def leave_voicemail(hotline: Hotline, from_: str, *, seconds: int = 20) -> None:
    """A call to the closed hotline: French (2), then a message ended by #."""
    await hotline.call(
        ScriptedCaller([Press("2"), Talk(seconds, finish_key="#")]), from_=from_
    )
    await hotline.run()


async def call_again(hotline: Hotline, from_: str) -> None:
    """A returning caller who says a few words, then hangs up."""
    await hotline.call(
        ScriptedCaller([Talk(12, finish_key="#")], then="hang-up"), from_=from_
    )
    await hotline.run()


async def seed_person(hotline: Hotline) -> None:
    """Everything the hotline can hold about PERSON, and a voicemail of OTHER."""
    await leave_voicemail(hotline, PERSON_WRITTEN[0])
    await leave_voicemail(hotline, OTHER)
    await call_again(hotline, PERSON_WRITTEN[2])
    await add_volunteer(hotline, PERSON_WRITTEN[1])
    # Entered on their behalf: offered by SMS to field volunteers (them included).
    created = await hotline.api(
        "POST",
        "/api/requests",
        json={
            "phone_number": PERSON_WRITTEN[1],
            "requester_name": "Maria Peeters",
            "language": "nl",
            "need": "groceries",
            "postcode": "1030",
            "address_street": "Rue Royale",
            "address_number": "12",
            "notes": f"daughter says: call {PERSON_WRITTEN[0]} after noon",
        },
    )
    assert created.status_code == 201, created.text
    async with hotline.session() as session:
        session.add(
            Ban(
                number_prefix=PERSON,
                reason="repeated silent calls",
                expires_at=hotline.clock.now() - timedelta(days=1),
                created_by="coordinator",
                created_at=hotline.clock.now() - timedelta(days=8),
            )
        )
        await session.commit()


async def add_volunteer(hotline: Hotline, phone_number: str) -> int:
    """An operator (off duty) and field volunteer, with a weekly shift."""
    async with hotline.session() as session:
        volunteer, _ = await volunteer_service.create(
            session,
            VolunteerCreate(
                name="Maria Peeters",
                phone_number=phone_number,
                languages=["nl", "fr"],
                is_operator=True,
                is_field=True,
                home_postcode="1000",
                needs=["groceries"],
            ),
            now=hotline.clock.now(),
        )
        # Sunday morning: the harness's Monday never reaches it.
        await volunteer_service.add_shift(
            session, volunteer.id, ShiftIn(weekday=6, starts=time(9), ends=time(12))
        )
        return volunteer.id


async def traces(hotline: Hotline, number: str) -> list[str]:
    """Every value in every table (all columns, JSON as text) that holds the number's
    digits, whatever the separators: "table.column: value"."""
    digits = number.removeprefix("+32")
    assert len(digits) >= 8
    return await mentions(hotline, digits)


async def mentions(hotline: Hotline, digits: str) -> list[str]:
    """Every value in every table holding `digits` (separators ignored)."""
    hits: list[str] = []
    async with hotline.state.engine.connect() as connection:
        tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
        assert {"call", "help_request"} <= set(tables)
        for table in sorted(tables):
            rows = await connection.execute(text(f'SELECT * FROM "{table}"'))
            for row in rows.mappings():
                for column, value in row.items():
                    if value is not None and digits in _SEPARATORS.sub("", str(value)):
                        hits.append(f"{table}.{column}: {value!r}")
    return hits


async def snapshot(hotline: Hotline) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to compare before and after (but API tokens,
    whose last use any API call records)."""
    state: dict[str, list[tuple[Any, ...]]] = {}
    async with hotline.state.engine.connect() as connection:
        tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
        for table in sorted(set(tables) - {"api_token"}):
            rows = await connection.execute(text(f'SELECT * FROM "{table}"'))
            state[table] = sorted((tuple(map(repr, r)) for r in rows), key=repr)
    return state


async def requests_of(hotline: Hotline, number: str) -> list[HelpRequest]:
    async with hotline.session() as session:
        rows = await session.scalars(
            select(HelpRequest)
            .where(HelpRequest.caller_number == number)
            .order_by(HelpRequest.id)
        )
        return list(rows)


def recording_sids(hotline: Hotline, from_: str) -> list[str]:
    """RecordingSids the simulator reported for calls from this number."""
    sids = {call.sid for call in hotline.sim.calls.values() if call.from_ == from_}
    return [
        r.params["RecordingSid"]
        for r in hotline.sim.requests
        if "RecordingSid" in r.params and r.params.get("CallSid") in sids
    ]


def at(moment: datetime, days: int, seconds: int = 0) -> datetime:
    return moment + timedelta(days=days, seconds=seconds)
