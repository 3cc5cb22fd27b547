"""The hotline and the Twilio simulator wired together in one process.

Used by the demo, the terminal phone (`hotline call`), the benchmarks and the tests:
webhooks go from the simulator to each app instance through httpx's ASGI transport,
and each instance's real twilio.rest.Client reaches the simulator's REST API through
the adapter's in-process transport. Nothing is mocked.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

import httpx
from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from app.clock import Clock
from app.config import Settings
from app.main import create_app
from app.queue.backend import QueueBackend
from app.state import HotlineState
from twilio_simulator.engine import TwilioSimulator, report_stuck_tasks


class _LateBoundASGI:
    """Forwards to an ASGI app set later (the simulator is built after the apps)."""

    target: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.target is not None, "simulator REST app not bound yet"
        await self.target(scope, receive, send)


@dataclass
class Sandbox:
    apps: list[FastAPI]
    sim: TwilioSimulator
    settings: Settings

    @property
    def state(self) -> HotlineState:
        state: HotlineState = self.apps[0].state.hotline
        return state

    @property
    def hotline_number(self) -> str:
        return self.settings.twilio.hotline_number


# How long closing the sandbox (simulator, then the instances) may take.
CLOSE_TIMEOUT_S = 60.0


@asynccontextmanager
async def _closing_within(seconds: float) -> AsyncIterator[AsyncExitStack]:
    """An exit stack whose closing is waited for at most `seconds`: something
    stuck (a task ignoring its cancellation) is reported with every task's stack
    and left behind, and the caller goes on."""
    stack = AsyncExitStack()
    try:
        yield stack
    finally:
        closing = asyncio.ensure_future(stack.aclose())
        done, _ = await asyncio.wait({closing}, timeout=seconds)
        if not done:
            report_stuck_tasks(f"the sandbox did not close in {seconds:.0f} s")
        elif closing.exception() is not None:
            raise closing.exception()  # type: ignore[misc]


@asynccontextmanager
async def sandbox(
    settings: Settings,
    *,
    clock: Clock,
    instances: int = 1,
    queue_factory: Callable[[], QueueBackend] | None = None,
    extra_numbers: Sequence[str] = (),
    run_ticker: bool = False,
) -> AsyncIterator[Sandbox]:
    """Start `instances` app instances (sharing the database, and the queue backend
    that `queue_factory` builds for each) and a simulator spreading webhooks over them.
    With `run_ticker`, each instance runs its periodic heartbeat on `clock` too.
    """
    rest = _LateBoundASGI()
    apps: list[FastAPI] = []
    async with _closing_within(CLOSE_TIMEOUT_S) as stack:
        for _ in range(instances):
            app = create_app(
                settings,
                clock=clock,
                telephony_transport=httpx.ASGITransport(app=rest),
                queue=queue_factory() if queue_factory else None,
                run_ticker=run_ticker,
            )
            await stack.enter_async_context(app.router.lifespan_context(app))
            apps.append(app)
        sim = TwilioSimulator(
            account_sid=settings.twilio.account_sid,
            auth_token=settings.twilio.auth_token.get_secret_value(),
            clock=clock,
            webhook_transports=[httpx.ASGITransport(app=a) for a in apps],
        )
        await stack.enter_async_context(sim)
        rest.target = sim.rest_app
        base = str(settings.public_base_url).rstrip("/")
        lines = [line.number for line in settings.hotline_lines if line.number]
        numbers = (settings.twilio.hotline_number, *lines, *extra_numbers)
        for number in dict.fromkeys(numbers):
            sim.add_number(
                number,
                voice_url=f"{base}/twilio/voice",
                status_callback=f"{base}/twilio/status",
                sms_url=f"{base}/twilio/sms",
            )
        yield Sandbox(apps=apps, sim=sim, settings=settings)
