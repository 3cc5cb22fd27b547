"""The app as the fault benchmark runs it: a real uvicorn process (settings from the
HOTLINE_* environment as in production) on a clock that runs `speed` times faster than
the wall clock from an origin shared with the benchmark, so the simulator in the
benchmark's process and every app process agree on the time.

    BENCH_CLOCK_ORIGIN=2026-11-23T09:00:00+00:00 BENCH_CLOCK_WALL=<epoch s> \
    BENCH_CLOCK_SPEED=8 uvicorn --factory bench.faults_app:app_factory
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from fastapi import FastAPI

from app.main import create_app


@dataclass(frozen=True)
class ScaledClock:
    """`app.clock.Clock`: `origin` at wall time `wall_s`, then `speed` times faster."""

    origin: datetime
    wall_s: float
    speed: float

    def now(self) -> datetime:
        return self.origin + timedelta(seconds=(time.time() - self.wall_s) * self.speed)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds) / self.speed)

    def environ(self) -> dict[str, str]:
        """How an app process is given this clock (see `from_environ`)."""
        return {
            "BENCH_CLOCK_ORIGIN": self.origin.isoformat(),
            "BENCH_CLOCK_WALL": repr(self.wall_s),
            "BENCH_CLOCK_SPEED": repr(self.speed),
        }

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> ScaledClock:
        return cls(
            origin=datetime.fromisoformat(environ["BENCH_CLOCK_ORIGIN"]),
            wall_s=float(environ["BENCH_CLOCK_WALL"]),
            speed=float(environ["BENCH_CLOCK_SPEED"]),
        )


def app_factory() -> FastAPI:
    """Entry point for `uvicorn --factory bench.faults_app:app_factory`."""
    return create_app(clock=ScaledClock.from_environ(os.environ))
