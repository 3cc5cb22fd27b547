"""The app's typed state: everything lifespan builds once and requests share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.abuse.banlist import BanList
from app.abuse.limits import RateLimits
from app.clock import Clock
from app.config import Settings
from app.geo.postcodes import PostcodeDirectory
from app.ivr.prompts import PromptCatalogue
from app.queue.backend import QueueBackend
from app.resilience.store import MemoryResilienceStore, ResilienceStore
from app.telephony.client import TelephonyClient
from app.telephony.twilio_adapter import TwimlRenderer
from app.writer import Writer


@dataclass
class HotlineState:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    clock: Clock
    telephony: TelephonyClient
    queue: QueueBackend
    redis: Redis | None
    renderer: TwimlRenderer
    catalogue: PromptCatalogue
    postcodes: PostcodeDirectory
    # Every webhook's writes, as units of work sharing group commits.
    writer: Writer
    bans: BanList
    limits: RateLimits
    # The outage journal and the redials (app/resilience); Redis when configured.
    resilience: ResilienceStore = field(default_factory=MemoryResilienceStore)


async def get_state(request: Request) -> HotlineState:
    state: HotlineState = request.app.state.hotline
    return state


StateDep = Annotated[HotlineState, Depends(get_state)]
