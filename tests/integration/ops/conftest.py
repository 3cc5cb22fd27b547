"""The hotline with a metrics token."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr

from app.config import OpsSettings, Settings
from tests.integration.ops.scraping import METRICS_TOKEN
from tests.support.harness import Hotline, hotline_harness


@pytest.fixture
def ops_settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"ops": OpsSettings(metrics_token=SecretStr(METRICS_TOKEN))}
    )


@pytest.fixture
async def ops_hotline(ops_settings: Settings) -> AsyncIterator[Hotline]:
    async with hotline_harness(ops_settings) as harness:
        yield harness
