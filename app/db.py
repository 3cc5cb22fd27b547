"""Database plumbing: declarative Base, portable column types, engine/session factories.

Models stay portable between SQLite (embedded default) and PostgreSQL (production).
Nothing here runs at import time; the engine is built in main.lifespan.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import sqlite3
from collections.abc import AsyncIterator, Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import (
    Connection,
    DateTime,
    Engine,
    Insert,
    MetaData,
    Update,
    bindparam,
    event,
    make_url,
    update,
)
from sqlalchemy import create_engine as sa_create_engine
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator
from sqlalchemy.util import await_only

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every engine (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return (
            value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# How long a SQLite writer waits for the write lock (held by this process's other
# writers, or another process's): under Twilio's 15 s webhook timeout, so a webhook
# that cannot write still answers its fallback TwiML.
SQLITE_BUSY_TIMEOUT_S = 10
_WRITES = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class SqliteWriteGate:
    """One writer at a time on a SQLite file, in arrival order, without polling.

    SQLite lets one connection write at a time (WAL: readers never wait). Left to
    itself, a connection that wants to write while another one does sleeps in
    SQLite's busy handler and tries again (1, 2, 5 ... 100 ms): under load the
    writers poll each other and a webhook's latency is mostly those sleeps. The gate
    queues them instead: a connection takes it just before its first write of a
    transaction (where pysqlite begins the transaction, so the gate covers exactly
    the span SQLite's write lock does) and hands it on when that transaction ends,
    to the next writer at once. Reads never take it.

    Waiting longer than SQLITE_BUSY_TIMEOUT_S fails the statement as SQLite's
    busy timeout would ("database is locked"): a webhook then answers its
    fallback, never hangs. The engines of one process on one file share a gate
    (`for_file`: several app instances in one process, as the tests run them);
    another process writing the same file is still met by SQLite's busy handler.
    """

    def __init__(self, timeout_s: float = SQLITE_BUSY_TIMEOUT_S) -> None:
        self._timeout_s = timeout_s
        self._lock = asyncio.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._holder: object | None = None  # the DBAPI connection writing

    @classmethod
    def for_file(cls, path: str) -> SqliteWriteGate:
        return _GATES.setdefault(str(Path(path).resolve()), cls())

    def _lock_of_this_loop(self) -> asyncio.Lock:
        """An asyncio lock belongs to one event loop: a new loop (a new test, a
        restarted app) gets a new one (what the old loop held died with it)."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            self._lock, self._loop, self._holder = asyncio.Lock(), loop, None
        return self._lock

    @contextlib.asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Hold the gate for a whole block (app/writer.py: a group of units run on
        a connection of its own, which the hooks below do not see)."""
        lock = self._lock_of_this_loop()
        try:
            await asyncio.wait_for(lock.acquire(), self._timeout_s)
        except TimeoutError:
            raise sqlite3.OperationalError("database is locked") from None
        try:
            yield
        finally:
            lock.release()

    def install(self, engine: AsyncEngine) -> None:
        event.listen(engine.sync_engine, "before_cursor_execute", self._before)
        dialect = engine.sync_engine.dialect
        # Every end of a transaction goes through the dialect: commit, rollback
        # (also the pool's reset when a connection is returned) and close.
        for name in ("do_commit", "do_rollback", "do_close"):
            setattr(dialect, name, self._releasing(getattr(dialect, name)))

    def _before(
        self,
        connection: Connection,
        _cursor: Any,
        statement: str,
        _parameters: Any,
        _context: Any,
        _executemany: bool,
    ) -> None:
        dbapi = connection.connection.dbapi_connection
        if self._holder is dbapi or not _WRITES.match(statement):
            return
        try:
            # Runs in SQLAlchemy's greenlet (AsyncSession, AsyncConnection).
            lock = self._lock_of_this_loop()
            await_only(asyncio.wait_for(lock.acquire(), self._timeout_s))
        except TimeoutError:
            raise sqlite3.OperationalError("database is locked") from None
        self._holder = dbapi

    def _releasing(self, end: Callable[[Any], None]) -> Callable[[Any], None]:
        def ended(dbapi_connection: Any) -> None:
            try:
                end(dbapi_connection)
            finally:
                raw = getattr(dbapi_connection, "dbapi_connection", dbapi_connection)
                if raw is not None and raw is self._holder:
                    self._holder = None
                    self._lock.release()

        return ended


_GATES: dict[str, SqliteWriteGate] = {}


def sqlite_file(engine: AsyncEngine) -> str | None:
    """The SQLite file behind `engine` (None: another database, or in memory)."""
    url = engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return url.database


def create_sync_sqlite_engine(path: str) -> Engine:
    """A synchronous engine on the same SQLite file, with the same pragmas, for
    one thread's use (app/writer.py)."""
    engine = sa_create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S},
        pool_size=1,
        max_overflow=0,
    )
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    if url.startswith("sqlite"):
        db_path = make_url(url).database
        if not db_path or db_path == ":memory:":
            engine = create_async_engine(url, echo=echo)
            event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
            return engine
        Path(db_path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(
            url,
            echo=echo,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S},
            pool_size=10,
            max_overflow=20,
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        SqliteWriteGate.for_file(db_path).install(engine)
        return engine
    return create_async_engine(url, echo=echo, pool_size=10, max_overflow=20)


def insert_ignoring(table: Any, column: str) -> dict[str, Insert]:
    """`INSERT ... ON CONFLICT (column) DO NOTHING` for `table`, built once per
    dialect (both SQLite and PostgreSQL know it): pick with `dialect.name`."""
    return {
        "sqlite": sqlite_insert(table).on_conflict_do_nothing(index_elements=[column]),
        "postgresql": postgresql_insert(table).on_conflict_do_nothing(
            index_elements=[column]
        ),
    }


class UpdateById:
    """`UPDATE <table> SET <the given columns> WHERE id = :row_id`, for units of
    work (app/writer.py): built once per set of columns, since building an UPDATE
    for each call costs about ten times running it."""

    def __init__(self, model: Any) -> None:
        self._model = model
        self._built: dict[tuple[str, ...], Update] = {}

    def __call__(
        self, connection: Connection, row_id: int, values: Mapping[str, Any]
    ) -> None:
        if not values:
            return
        columns = tuple(values)
        statement = self._built.get(columns)
        if statement is None:
            statement = self._built[columns] = (
                update(self._model)
                .where(self._model.id == bindparam("row_id"))
                .values({column: bindparam(f"new_{column}") for column in columns})
            )
        connection.execute(
            statement,
            {"row_id": row_id, **{f"new_{c}": v for c, v in values.items()}},
        )


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    sessionmaker: async_sessionmaker[AsyncSession] = (
        request.app.state.hotline.sessionmaker
    )
    async with sessionmaker() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise


SessionDep = Annotated[AsyncSession, Depends(get_session)]
