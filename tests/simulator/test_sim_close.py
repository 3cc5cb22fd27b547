"""Closing the simulator never hangs on a task that resists its cancellation."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from tests.simulator.sim_support import ACCOUNT_SID, AUTH_TOKEN, HotlineStub
from twilio_simulator import TwilioSimulator, VirtualClock, engine


async def test_a_task_resisting_cancellation_is_reported_and_left_behind(
    clock: VirtualClock,
    stub: HotlineStub,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(engine, "CLOSE_TIMEOUT_S", 0.2)
    monkeypatch.setattr(engine, "STUCK_REPORT", tmp_path / "stuck.txt")
    release = asyncio.Event()

    async def stubborn() -> None:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            await release.wait()  # ignores its cancellation until released

    sim = TwilioSimulator(
        account_sid=ACCOUNT_SID,
        auth_token=AUTH_TOKEN,
        clock=clock,
        webhook_transports=[httpx.ASGITransport(app=stub.app)],
    )
    sim._spawn(stubborn(), is_work=False)
    await asyncio.sleep(0)

    await asyncio.wait_for(sim.aclose(), timeout=5)

    assert "stubborn" in capsys.readouterr().err
    assert "stubborn" in (tmp_path / "stuck.txt").read_text()
    release.set()  # the test's own loop can close
    await asyncio.sleep(0)
