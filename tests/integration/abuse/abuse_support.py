"""Helpers of the abuse tests: a hotline with tuned AbuseSettings, volunteers, rows."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from sqlalchemy import func, select

from app.calls.models import Call
from app.config import AbuseSettings, Settings
from app.help_requests.models import HelpRequest
from app.volunteers import service as volunteer_service
from app.volunteers.schemas import VolunteerCreate
from tests.support.harness import Hotline, hotline_harness

OpenHotline = Callable[..., AbstractAsyncContextManager[Hotline]]


def tuned(settings: Settings, **abuse: Any) -> Settings:
    """`settings` with AbuseSettings overridden (validated like real configuration)."""
    return settings.model_copy(
        update={
            "abuse": AbuseSettings.model_validate(
                {**settings.abuse.model_dump(), **abuse}
            )
        }
    )


def opener(settings: Settings) -> OpenHotline:
    @asynccontextmanager
    async def open_(*, instances: int = 1, **abuse: Any) -> AsyncIterator[Hotline]:
        async with hotline_harness(
            tuned(settings, **abuse), instances=instances
        ) as hotline:
            yield hotline

    return open_


async def field_volunteer(
    hotline: Hotline, phone: str, *, name: str = "Anna Peeters"
) -> int:
    data = VolunteerCreate(
        name=name,
        phone_number=phone,
        languages=["fr", "nl"],
        is_field=True,
        home_postcode="1210",
        needs=["groceries"],
    )
    async with hotline.session() as session:
        volunteer, _ = await volunteer_service.create(
            session, data, now=hotline.clock.now()
        )
        return volunteer.id


async def row_counts(hotline: Hotline) -> tuple[int, int]:
    """(calls, help requests) in the database."""
    async with hotline.session() as session:
        calls = await session.scalar(select(func.count(Call.id)))
        requests = await session.scalar(select(func.count(HelpRequest.id)))
        return int(calls or 0), int(requests or 0)
