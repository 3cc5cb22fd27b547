"""A small HTTP load generator on loopback: open-loop fixed rate and closed-loop max.

Open-loop latencies are measured from each request's *scheduled* start, so a slow
server cannot hide its queueing (no coordinated omission).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass

import aiohttp


@dataclass(frozen=True)
class PreparedRequest:
    path: str
    body: bytes
    headers: dict[str, str]


@dataclass(frozen=True)
class Result:
    sent: int
    ok: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rps(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))
        return ordered[index]

    @property
    def mean_ms(self) -> float:
        return (
            statistics.fmean(self.latencies_ms) if self.latencies_ms else float("nan")
        )


async def _send(
    session: aiohttp.ClientSession, base: str, request: PreparedRequest
) -> bool:
    async with session.post(
        base + request.path, data=request.body, headers=request.headers
    ) as r:
        await r.read()
        return r.status == 200


async def open_loop(
    base: str,
    requests: Sequence[PreparedRequest],
    *,
    rate: float,
    connections: int = 64,
) -> Result:
    connector = aiohttp.TCPConnector(limit=connections)
    latencies: list[float] = []
    errors = 0
    async with aiohttp.ClientSession(connector=connector) as session:
        start = time.perf_counter()

        async def one(i: int, request: PreparedRequest) -> None:
            nonlocal errors
            scheduled = start + i / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            try:
                ok = await _send(session, base, request)
            except aiohttp.ClientError:
                ok = False
            if ok:
                latencies.append((time.perf_counter() - scheduled) * 1000)
            else:
                errors += 1

        await asyncio.gather(*(one(i, r) for i, r in enumerate(requests)))
        elapsed = time.perf_counter() - start
    return Result(len(requests), len(latencies), errors, elapsed, latencies)


async def closed_loop(
    base: str, requests: Sequence[PreparedRequest], *, concurrency: int, seconds: float
) -> Result:
    connector = aiohttp.TCPConnector(limit=concurrency)
    latencies: list[float] = []
    errors = 0
    cursor = 0
    async with aiohttp.ClientSession(connector=connector) as session:
        deadline = time.perf_counter() + seconds
        start = time.perf_counter()

        async def worker() -> None:
            nonlocal cursor, errors
            while time.perf_counter() < deadline and cursor < len(requests):
                request = requests[cursor]
                cursor += 1
                began = time.perf_counter()
                try:
                    ok = await _send(session, base, request)
                except aiohttp.ClientError:
                    ok = False
                if ok:
                    latencies.append((time.perf_counter() - began) * 1000)
                else:
                    errors += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    return Result(len(latencies) + errors, len(latencies), errors, elapsed, latencies)
