"""The call storm at CI size: nobody lost, no double offers, FIFO within a language,
every promised callback made, and nobody put back into the queue (only a store that
lost a caller should put them back)."""

from __future__ import annotations

import pytest

from bench.call_storm import run_storm
from tests.support.services import in_ci, redis_available, redis_url

pytestmark = pytest.mark.e2e


async def test_storm_on_one_instance_in_memory(clean_database_url: str) -> None:
    report = await run_storm(
        callers=40,
        minutes=3,
        operators=6,
        instances=1,
        backend="memory",
        database_url=clean_database_url,
    )
    assert report.lost == 0, report.lost_transcripts
    assert report.double_offers == 0
    assert report.fifo_violations == 0
    assert report.outcomes.get("bridged", 0) > 0
    assert report.drained
    assert report.put_backs == 0


@pytest.mark.redis
async def test_storm_on_two_instances_sharing_redis(clean_database_url: str) -> None:
    if not redis_available():
        if in_ci():
            pytest.fail(f"Redis not reachable at {redis_url()} (required in CI)")
        pytest.skip(f"Redis not reachable at {redis_url()}")
    report = await run_storm(
        callers=60,
        minutes=3,
        operators=8,
        instances=2,
        backend="redis",
        database_url=clean_database_url,
        redis_url=redis_url(),
    )
    assert report.lost == 0, report.lost_transcripts
    assert report.double_offers == 0
    assert report.fifo_violations == 0
    assert report.dispatches >= report.outcomes.get("bridged", 0)
    assert report.drained
    assert report.put_backs == 0
