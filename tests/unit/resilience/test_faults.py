"""Which failures count as the database being unreachable, and which retries."""

from __future__ import annotations

import sqlite3

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError, OperationalError, TimeoutError

from app.resilience.faults import is_database_unavailable
from app.resilience.retry import is_worth_retrying


def _refused() -> OperationalError:
    return OperationalError("SELECT 1", None, ConnectionRefusedError(111, "refused"))


def test_a_refused_connection_or_pool_timeout_is_an_outage() -> None:
    assert is_database_unavailable(_refused())
    assert is_database_unavailable(TimeoutError("QueuePool limit reached"))


def _wrapped() -> None:
    try:
        raise _refused()
    except OperationalError as inner:
        raise RuntimeError("the group did not run") from inner


def test_an_outage_wrapped_by_the_app_is_still_an_outage() -> None:
    with pytest.raises(RuntimeError) as raised:
        _wrapped()
    assert is_database_unavailable(raised.value)


def test_a_failed_connect_is_an_outage_a_network_error_elsewhere_is_not() -> None:
    engine = create_engine("sqlite:////nonexistent-dir/for/sure/db.sqlite3")
    with pytest.raises(OperationalError) as raised, engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    assert is_database_unavailable(raised.value)
    # The provider's or Redis' client failing is no database outage.
    assert not is_database_unavailable(ConnectionRefusedError(111, "refused"))
    assert not is_database_unavailable(httpx.ConnectError("no route"))


def test_a_bug_or_a_constraint_is_no_outage() -> None:
    constraint = IntegrityError("INSERT", None, sqlite3.IntegrityError("UNIQUE"))
    assert not is_database_unavailable(constraint)
    assert not is_database_unavailable(KeyError("node"))


class _ProviderError(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (_ProviderError(503), True),
        (_ProviderError(500), True),
        (_ProviderError(429), True),
        (_ProviderError(400), False),  # e.g. 21211, not a valid phone number
        (_ProviderError(404), False),
        (httpx.ConnectError("no route"), True),
    ],
)
def test_only_failures_that_may_pass_are_retried(
    error: Exception, *, expected: bool
) -> None:
    assert is_worth_retrying(error) is expected
