"""`hotline purge [--dry-run]`, `hotline export NUMBER`, `hotline erase NUMBER`."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from app import cli
from app.config import Settings, get_settings
from app.db import create_engine, create_sessionmaker
from app.volunteers import service as volunteer_service
from app.volunteers.models import Volunteer
from app.volunteers.schemas import VolunteerCreate

pytestmark = pytest.mark.integration

NUMBER = "+32470123456"


async def _add_volunteer(url: str) -> None:
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session:
            await volunteer_service.create(
                session,
                VolunteerCreate(
                    name="Maria Peeters",
                    phone_number="0470 12 34 56",
                    languages=["nl"],
                    is_operator=True,
                ),
                now=datetime(2026, 11, 23, 9, tzinfo=UTC),
            )
    finally:
        await engine.dispose()


async def _volunteers(url: str) -> int:
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session:
            return int(
                await session.scalar(select(func.count()).select_from(Volunteer)) or 0
            )
    finally:
        await engine.dispose()


@pytest.fixture
def cli_database(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The CLI reads its settings from the environment: the test database."""
    monkeypatch.setenv("HOTLINE_DATABASE__URL", settings.database.url)
    get_settings.cache_clear()
    yield settings.database.url
    get_settings.cache_clear()


def test_export_purge_and_erase_from_the_command_line(
    cli_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncio.run(_add_volunteer(cli_database))

    assert cli.main(["export", "0470/12.34.56"]) == 0
    held = json.loads(capsys.readouterr().out)
    assert held["phone_number"] == NUMBER
    assert held["volunteer"]["name"] == "Maria Peeters"

    assert cli.main(["purge", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("purge would remove")
    assert "recordings: 0" in out

    assert cli.main(["erase", NUMBER]) == 0
    out = capsys.readouterr().out
    assert out.startswith("erased +32*******56:")
    assert "volunteer removed: True" in out
    assert asyncio.run(_volunteers(cli_database)) == 0

    assert cli.main(["purge"]) == 0
    assert capsys.readouterr().out.startswith("purge removed")


def test_an_invalid_number_is_one_clear_line(
    cli_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["erase", "12"]) == 1
    assert capsys.readouterr().err == "error: not a valid phone number: '12'\n"
