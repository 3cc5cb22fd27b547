"""The hotline app wired to the Twilio simulator, in one process, on a virtual clock.

Webhooks go from the simulator to the app through httpx's ASGI transport; the app's
real twilio.rest.Client reaches the simulator's REST API through the adapter's
in-process transport. Nothing is mocked: signatures, TwiML and REST calls are real.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import service as auth_service
from app.config import Settings
from app.queue.backend import QueueBackend
from app.state import HotlineState
from app.volunteers import service as volunteer_service
from app.volunteers.schemas import VolunteerCreate
from demo.sandbox import sandbox
from twilio_simulator.clock import VirtualClock
from twilio_simulator.engine import TwilioSimulator
from twilio_simulator.parties import Party
from twilio_simulator.state import SimCall

TEST_ACCOUNT_SID = "AC" + "1" * 32
TEST_AUTH_TOKEN = "test-auth-token"
HOTLINE_NUMBER = "+3228089654"  # TwilioSettings.hotline_number default
# A Monday morning in Brussels.
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@dataclass
class Hotline:
    """One or more app instances sharing a database and queue, and the simulator."""

    apps: list[FastAPI]
    sim: TwilioSimulator
    clock: VirtualClock
    settings: Settings
    _token: str | None = field(default=None)

    @property
    def app(self) -> FastAPI:
        return self.apps[0]

    @property
    def state(self) -> HotlineState:
        state: HotlineState = self.app.state.hotline
        return state

    def session(self) -> AsyncSession:
        return self.state.sessionmaker()

    async def call(self, party: Party, *, from_: str = "+3225551234") -> SimCall:
        return await self.sim.place_call(from_=from_, to=HOTLINE_NUMBER, party=party)

    async def run(self, max_virtual_seconds: float = 3600) -> None:
        assert await self.sim.run_until_idle(max_virtual_seconds=max_virtual_seconds)

    async def token(self) -> str:
        if self._token is None:
            async with self.session() as session:
                self._token = await auth_service.create_coordinator(
                    session, "coordinator", now=self.clock.now()
                )
        return self._token

    async def api(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {
            "Authorization": f"Bearer {await self.token()}",
            **kwargs.pop("headers", {}),
        }
        transport = httpx.ASGITransport(app=self.app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://hotline.test"
        ) as client:
            return await client.request(method, path, headers=headers, **kwargs)

    async def add_operator(
        self,
        name: str,
        phone: str,
        languages: Sequence[str],
        party: Party | None,
        *,
        on_duty: bool = True,
    ) -> int:
        async with self.session() as session:
            volunteer, _ = await volunteer_service.create(
                session,
                VolunteerCreate(
                    name=name,
                    phone_number=phone,
                    languages=list(languages),
                    is_operator=True,
                ),
                now=self.clock.now(),
            )
            if party is not None:
                self.sim.phone(volunteer.phone_number, party)
            if on_duty:
                await volunteer_service.set_duty(
                    session, self.state, volunteer, on_duty=True, source="test"
                )
            return volunteer.id


@asynccontextmanager
async def hotline_harness(
    settings: Settings,
    *,
    instances: int = 1,
    queue_factory: Callable[[], QueueBackend] | None = None,
    start: datetime = START,
) -> AsyncIterator[Hotline]:
    clock = VirtualClock(start)
    async with sandbox(
        settings, clock=clock, instances=instances, queue_factory=queue_factory
    ) as box:
        yield Hotline(apps=box.apps, sim=box.sim, clock=clock, settings=settings)
