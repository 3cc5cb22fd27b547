"""The daily retention purge, run from the app's periodic work (app/main.py)."""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.audit.service import SYSTEM
from app.privacy import service
from app.privacy.schemas import PurgeReport
from app.state import HotlineState

logger = logging.getLogger(__name__)


def next_run(now: datetime, at: time, timezone: str) -> datetime:
    """The first local `at` strictly after `now` (UTC), across DST changes."""
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    day = local.date()
    while True:
        candidate = datetime.combine(day, at, tzinfo=zone)
        if candidate > local:
            return candidate.astimezone(now.tzinfo)
        day += timedelta(days=1)


class DailyPurge:
    """Purges once a day at `retention.purge_at`, local time; the first run is the
    next such time after start-up (a restart does not purge at once)."""

    def __init__(self) -> None:
        self._next_at: datetime | None = None

    async def tick(self, state: HotlineState) -> PurgeReport | None:
        """Run the purge when it is due; the report, or None when not due."""
        settings = state.settings
        now = state.clock.now()
        if self._next_at is None:
            self._next_at = next_run(
                now, settings.retention.purge_at, settings.ivr.timezone
            )
        if now < self._next_at:
            return None
        self._next_at = next_run(
            now, settings.retention.purge_at, settings.ivr.timezone
        )
        async with state.sessionmaker() as session:
            report = await service.purge(
                session,
                state.telephony,
                settings.retention,
                now=now,
                is_dry_run=False,
                actor=SYSTEM,
            )
        logger.info(
            "retention purge: %s", "; ".join(x.strip() for x in report.lines()[1:])
        )
        return report
