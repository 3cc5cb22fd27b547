"""A database that stops answering, for tests: every statement of every engine in
this process fails as a refused connection would, until the outage ends.

A class-level SQLAlchemy event covers the app's async engine and the intake's
threaded SQLite engine alike, so nothing reaches the database while it is "down".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import OperationalError


class DatabaseOutage:
    def __init__(self) -> None:
        self.refused = 0

    def _refuse(self, *args: Any) -> None:
        self.refused += 1
        statement = str(args[2]) if len(args) > 2 else ""
        raise OperationalError(
            statement,
            None,
            ConnectionRefusedError(111, "Connection refused (outage injected)"),
        )

    def stop(self) -> None:
        """From now on the database is unreachable (until `restore`)."""
        event.listen(Engine, "before_cursor_execute", self._refuse)

    def restore(self) -> None:
        if event.contains(Engine, "before_cursor_execute", self._refuse):
            event.remove(Engine, "before_cursor_execute", self._refuse)

    @contextmanager
    def down(self) -> Iterator[None]:
        """The database is unreachable inside the block."""
        self.stop()
        try:
            yield
        finally:
            self.restore()
