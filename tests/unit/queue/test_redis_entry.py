"""The Redis backend's entry encoding keeps every field (no Redis needed)."""

from __future__ import annotations

import json

import pytest

from app.queue.backend import QueuedCall
from app.queue.redis_backend import _entry_json, _parse_entry


@pytest.mark.parametrize("also_speaks", [(), ("fr", "de")])
def test_an_entry_survives_the_round_trip(also_speaks: tuple[str, ...]) -> None:
    entry = QueuedCall(
        entry_id="CA1",
        language="nl",
        enqueued_at=1_700_000_000.123456,
        kind="live",
        need="other",
        postcode=None,
        caller_number="+32470000000",
        call_log_id=7,
        also_speaks=also_speaks,
    )

    assert _parse_entry(_entry_json(entry)) == entry


def test_entries_written_before_also_speaks_still_parse() -> None:
    data = json.loads(
        _entry_json(
            QueuedCall("CA2", "fr", 1.0, "live", "groceries", "1030", "+32", None)
        )
    )

    assert "also_speaks" not in data
    assert _parse_entry(json.dumps(data)).also_speaks == ()
