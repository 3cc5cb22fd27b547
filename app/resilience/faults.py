"""Is this failure the database being unreachable? No I/O here.

A webhook that fails because the database cannot be reached (refused or dropped
connection, pool or statement timeout, SQLite's lock timeout) answers the caller
without it and journals its writes; any other failure is a bug and keeps the
ordinary fallback.
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import exc as sa_exc

# Raised by SQLAlchemy for a lost or refused connection, or by its pool.
_UNREACHABLE = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.TimeoutError,
    sa_exc.DisconnectionError,
)
# A driver's connect() may raise a bare OSError that SQLAlchemy does not wrap
# (asyncpg: "Connect call failed"); an OSError counts only when it was raised in
# the database layer, never one from the provider's or Redis' client.
_DATABASE_MODULES = ("sqlalchemy.", "asyncpg.", "aiosqlite.", "sqlite3")


def _raised_in_database_layer(traceback: TracebackType | None) -> bool:
    while traceback is not None:
        module = traceback.tb_frame.f_globals.get("__name__", "")
        if isinstance(module, str) and module.startswith(_DATABASE_MODULES):
            return True
        traceback = traceback.tb_next
    return False


def is_database_unavailable(error: BaseException) -> bool:
    """True when `error`, or what caused it, says the database cannot be reached."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, _UNREACHABLE):
            return True
        if isinstance(current, sa_exc.DBAPIError) and current.connection_invalidated:
            return True
        if isinstance(current, OSError) and _raised_in_database_layer(
            current.__traceback__
        ):
            return True
        current = current.__cause__ or current.__context__
    return False
