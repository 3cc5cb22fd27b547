"""The demo: `make demo` plays a day at the hotline through the simulator into the
configured database and prints the console's login; `hotline call` makes you the
caller at the terminal."""

from __future__ import annotations

import time

from app.config import Settings
from demo.report import describe
from demo.seed import SeededDemo, seed_demo
from demo.terminal import run_interactive_call

__all__ = ["SeededDemo", "run_demo", "run_interactive_call", "seed_demo"]


async def run_demo(settings: Settings, *, port: int = 8000) -> str:
    """Seed the demo day (until now) and say what is there and how to open it."""
    started = time.perf_counter()
    seeded = await seed_demo(settings)
    return describe(
        seeded,
        seconds=time.perf_counter() - started,
        port=port,
        timezone=settings.console.timezone,
    )
