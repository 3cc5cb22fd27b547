"""Test databases: SQLite by default, PostgreSQL when HOTLINE_TEST_DATABASE=postgres.

The schema is built once per session with the real migrations; each test starts from
empty tables.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text

import app.models  # noqa: F401  (fills Base.metadata)
from app.db import Base, create_engine
from app.migrate import upgrade_head
from tests.support.services import in_ci, postgres_available, postgres_url


def database_kind() -> str:
    return os.environ.get("HOTLINE_TEST_DATABASE", "sqlite")


def prepare_database(kind: str, workdir: Path) -> str:
    if kind == "postgres":
        if not postgres_available():
            message = f"PostgreSQL not reachable at {postgres_url()}"
            if in_ci():
                pytest.fail(message + " (required in CI)")
            pytest.skip(message)
        url = postgres_url()
    else:
        url = f"sqlite+aiosqlite:///{workdir / 'hotline-test.sqlite3'}"
    upgrade_head(url)
    return url


async def empty_tables(url: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
            if connection.dialect.name == "postgresql":
                quoted = ", ".join(f'"{name}"' for name in tables)
                await connection.execute(
                    text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
                )
            else:
                for name in tables:
                    await connection.execute(text(f'DELETE FROM "{name}"'))
    finally:
        await engine.dispose()
