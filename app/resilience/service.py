"""Resilience's periodic work, run by the app's ticker: replay what an outage
journaled, then ring again what is due."""

from __future__ import annotations

from app.resilience import redial, replay
from app.state import HotlineState


async def tick(state: HotlineState) -> None:
    await replay.replay_journal(state)
    await redial.ring_due(state)
