"""When the daily purge runs next: local time, across daylight saving changes."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from app.privacy.schedule import next_run


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Winter (UTC+1): 03:30 in Brussels is 02:30 UTC.
        (datetime(2026, 11, 24, 1, 0, tzinfo=UTC), datetime(2026, 11, 24, 2, 30)),
        (datetime(2026, 11, 24, 2, 30, tzinfo=UTC), datetime(2026, 11, 25, 2, 30)),
        # Summer (UTC+2): 01:30 UTC.
        (datetime(2026, 7, 1, 12, 0, tzinfo=UTC), datetime(2026, 7, 2, 1, 30)),
        # The night the clocks go forward (29 March 2026, 02:00 -> 03:00).
        (datetime(2026, 3, 28, 12, 0, tzinfo=UTC), datetime(2026, 3, 29, 1, 30)),
    ],
)
def test_next_run_is_the_next_local_purge_time(
    now: datetime, expected: datetime
) -> None:
    assert next_run(now, time(3, 30), "Europe/Brussels") == expected.replace(tzinfo=UTC)
