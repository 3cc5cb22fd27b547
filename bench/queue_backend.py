"""Queue backend throughput: in-memory vs Redis, next to a bare Redis round trip.

Run: python -m bench.queue_backend [--redis-url URL] [--json PATH]. Fills 10,000 waiting
callers and 5,000 operators, then measures sequential (one awaited call at a time)
latency of enqueue, dispatch_view and claim (reserve + accept). Redis keys use a
unique prefix and are deleted afterwards. Bounded to a few seconds per backend.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from functools import partial

import redis.asyncio as redis_asyncio

from app.queue.backend import OperatorPresence, QueueBackend, QueuedCall
from app.queue.memory_backend import InMemoryQueueBackend
from app.queue.redis_backend import RedisQueueBackend

CALLERS = 10_000
OPERATORS = 5_000
CLAIMS = 2_000
ROUND_TRIPS = 2_000
VIEWS = 200
LANGUAGES = ("nl", "fr", "en", "de")
T0 = 1_700_000_000.0


@dataclass(frozen=True)
class Result:
    backend: str
    operation: str
    count: int
    ops_per_s: float
    p50_ms: float
    p99_ms: float
    mean_ms: float


async def measure(
    backend: str, operation: str, calls: list[Callable[[], Awaitable[object]]]
) -> Result:
    latencies = []
    started = time.perf_counter()
    for make_call in calls:
        begin = time.perf_counter()
        await make_call()
        latencies.append(time.perf_counter() - begin)
    elapsed = time.perf_counter() - started
    latencies.sort()
    return Result(
        backend=backend,
        operation=operation,
        count=len(latencies),
        ops_per_s=len(latencies) / elapsed,
        p50_ms=latencies[len(latencies) // 2] * 1000,
        p99_ms=latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        mean_ms=statistics.fmean(latencies) * 1000,
    )


def caller(i: int) -> QueuedCall:
    return QueuedCall(
        entry_id=f"CA{i:032x}",
        language=LANGUAGES[i % len(LANGUAGES)],
        enqueued_at=T0 + i * 0.01,
        kind="live",
        need="groceries",
        postcode="1000",
        caller_number="+32470000000",
        call_log_id=i,
    )


def operator(i: int) -> OperatorPresence:
    first = LANGUAGES[i % len(LANGUAGES)]
    second = LANGUAGES[(i + 1) % len(LANGUAGES)]
    return OperatorPresence(f"op{i}", (first, second), T0 - 3600 + i * 0.1)


async def run_backend(name: str, backend: QueueBackend) -> list[Result]:
    # Arguments are built before timing starts: only the backend call is measured.
    callers = [caller(i) for i in range(CALLERS)]
    operators = [operator(i) for i in range(OPERATORS)]
    results = [
        await measure(name, "enqueue", [partial(backend.enqueue, c) for c in callers]),
        await measure(
            name,
            "set_available",
            [partial(backend.set_available, o) for o in operators],
        ),
        await measure(
            name,
            "dispatch_view(limit=20)",
            [partial(backend.dispatch_view, T0 + 200, 20) for _ in range(VIEWS)],
        ),
    ]

    async def claim(i: int) -> None:
        # Caller i and operator i share a first language (both cycle LANGUAGES).
        offer = await backend.reserve(
            entry_id=callers[i].entry_id,
            operator_id=operators[i].operator_id,
            offer_id=f"of{i}",
            now=T0 + 200,
            expires_at=T0 + 225,
        )
        if offer is None or await backend.accept(offer.offer_id, T0 + 201) is None:
            raise RuntimeError(f"claim {i} failed")

    results.append(
        await measure(
            name, "claim (reserve+accept)", [partial(claim, i) for i in range(CLAIMS)]
        )
    )
    return results


async def run(redis_url: str) -> list[Result]:
    results = await run_backend("memory", InMemoryQueueBackend())
    client = redis_asyncio.Redis.from_url(redis_url, decode_responses=True)
    prefix = f"bench:{uuid.uuid4().hex}:"
    try:
        trivial = client.register_script("return 1")
        results.append(
            await measure("redis", "PING", [client.ping for _ in range(ROUND_TRIPS)])
        )
        results.append(
            await measure(
                "redis", "EVALSHA return 1", [trivial for _ in range(ROUND_TRIPS)]
            )
        )
        backend = RedisQueueBackend(client, prefix=prefix)
        await backend.initialize()
        results += await run_backend("redis", backend)
    finally:
        keys = [key async for key in client.scan_iter(match=prefix + "*", count=5000)]
        for start in range(0, len(keys), 1000):
            await client.delete(*keys[start : start + 1000])
        await client.aclose()
    return results


def report(results: list[Result]) -> None:
    # Medians: robust against a busy machine's scheduling hiccups, unlike means.
    rtt_ms = next(r.p50_ms for r in results if r.operation == "PING")
    header = (
        f"{'backend':<8} {'operation':<24} {'n':>6} {'ops/s':>10} "
        f"{'p50 ms':>8} {'p99 ms':>8} {'x PING':>7}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r.backend:<8} {r.operation:<24} {r.count:>6} {r.ops_per_s:>10.0f} "
            f"{r.p50_ms:>8.3f} {r.p99_ms:>8.3f} {r.p50_ms / rtt_ms:>7.2f}"
        )
    print(
        f"\n{CALLERS} callers, {OPERATORS} operators, one awaited call at a time; "
        "x PING = p50 / PING's p50"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--json", dest="json_path", default=None)
    arguments = parser.parse_args()
    results = asyncio.run(run(arguments.redis_url))
    report(results)
    if arguments.json_path:
        with open(arguments.json_path, "w", encoding="utf-8") as out:
            json.dump([asdict(r) for r in results], out, indent=2)


if __name__ == "__main__":
    main()
