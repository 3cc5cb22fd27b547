"""`hotline coordinator create NAME --role ...` and `hotline coordinator role NAME`:
accounts of every role from the command line, audited; the old commands still work."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from app import cli
from app.audit.models import AuditEntry
from app.auth.models import Coordinator
from app.config import Settings, get_settings
from app.db import create_engine, create_sessionmaker

pytestmark = pytest.mark.integration


@pytest.fixture
def cli_database(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The CLI reads its settings from the environment: the test database."""
    monkeypatch.setenv("HOTLINE_DATABASE__URL", settings.database.url)
    get_settings.cache_clear()
    yield settings.database.url
    get_settings.cache_clear()


async def _accounts(url: str) -> tuple[dict[str, tuple[str, str | None]], list[str]]:
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session:
            rows = await session.scalars(select(Coordinator))
            accounts = {r.username: (r.role, r.organisation) for r in rows}
            entries = await session.scalars(select(AuditEntry).order_by(AuditEntry.id))
            return accounts, [f"{e.actor} {e.action} {e.subject}" for e in entries]
    finally:
        await engine.dispose()


def test_accounts_of_each_role_from_the_command_line(
    cli_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["coordinator", "create", "carla", "--no-password"]) == 0
    made = capsys.readouterr().out
    assert (
        cli.main(
            [
                "coordinator",
                "create",
                "cpas",
                "--no-password",
                "--role",
                "partner",
                "--organisation",
                "CPAS Evere",
            ]
        )
        == 0
    )
    assert cli.main(["coordinator", "role", "carla", "--role", "admin"]) == 0
    changed = capsys.readouterr().out
    # A partner without its organisation is refused, with one line.
    refused = cli.main(
        ["coordinator", "create", "p2", "--no-password", "--role", "partner"]
    )
    error = capsys.readouterr().err

    accounts, entries = asyncio.run(_accounts(cli_database))
    assert "coordinator 'carla' created" in made
    assert "hlt_" in made
    assert "'carla' is now admin" in changed
    assert refused != 0
    assert "organisation" in error
    assert accounts == {
        "carla": ("admin", None),
        "cpas": ("partner", "CPAS Evere"),
    }
    assert entries == [
        "cli account.create account:carla",
        "cli account.create account:cpas",
        "cli account.role account:carla",
    ]
