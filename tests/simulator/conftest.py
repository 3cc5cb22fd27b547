"""Fixtures for the simulator tests: virtual clock, stand-in app, simulator."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest

from tests.simulator.sim_support import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    BASE,
    HOTLINE,
    HotlineStub,
    twiml,
)
from twilio_simulator import TwilioSimulator, VirtualClock

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock(START)


@pytest.fixture
def stub() -> HotlineStub:
    return HotlineStub({"/status": twiml("<Response/>")})


@pytest.fixture
async def sim(clock: VirtualClock, stub: HotlineStub) -> AsyncIterator[TwilioSimulator]:
    async with TwilioSimulator(
        account_sid=ACCOUNT_SID,
        auth_token=AUTH_TOKEN,
        clock=clock,
        webhook_transports=[httpx.ASGITransport(app=stub.app)],
    ) as simulator:
        simulator.add_number(
            HOTLINE,
            voice_url=f"{BASE}/voice",
            status_callback=f"{BASE}/status",
            sms_url=f"{BASE}/sms",
        )
        yield simulator
