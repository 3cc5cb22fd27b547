"""Shared fixtures: settings, a migrated database, the app wired to the simulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import time
from pathlib import Path

import pytest
from pydantic import AnyHttpUrl, SecretStr

from app.config import (
    DatabaseSettings,
    IvrSettings,
    RedisSettings,
    Settings,
    TwilioSettings,
    get_settings,
)
from tests.support.database import database_kind, empty_tables, prepare_database
from tests.support.harness import (
    TEST_ACCOUNT_SID,
    TEST_AUTH_TOKEN,
    Hotline,
    hotline_harness,
)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return prepare_database(database_kind(), tmp_path_factory.mktemp("db"))


@pytest.fixture
async def clean_database_url(database_url: str) -> str:
    await empty_tables(database_url)
    return database_url


@pytest.fixture
def settings(clean_database_url: str) -> Settings:
    get_settings.cache_clear()
    return Settings(
        env="test",
        public_base_url=AnyHttpUrl("http://hotline.test"),
        database=DatabaseSettings(url=clean_database_url, migrate_on_start=False),
        twilio=TwilioSettings(
            account_sid=TEST_ACCOUNT_SID, auth_token=SecretStr(TEST_AUTH_TOKEN)
        ),
        # Open around the clock unless a test says otherwise.
        ivr=IvrSettings(open_from=time(0, 0), open_until=time(0, 0)),
        redis=RedisSettings(key_prefix="hotline-test:"),
    )


@pytest.fixture
async def hotline(settings: Settings, tmp_path: Path) -> AsyncIterator[Hotline]:
    async with hotline_harness(settings) as harness:
        yield harness
