"""Cost of the ops middlewares (metrics, request id) per request.

    python -m bench.ops_middleware [--requests 20000] [--rounds 15]

Drives ASGI apps directly (no server, no socket): a raw ASGI endpoint that answers
constant TwiML (so the middleware's own cost is not lost in the noise), and
bench/bare_app.py's FastAPI webhook for scale; each bare, wrapped in an empty
middleware (the floor any middleware pays) and in ours. Reported per variant: CPU
time per request of this process, the fastest of interleaved rounds (the least
disturbed by other load on the machine).
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.ops.logs import RequestIdMiddleware
from app.ops.metrics import MetricsMiddleware
from bench.bare_app import TWIML
from bench.bare_app import app as fastapi_app

SCOPE = {
    "type": "http",
    "asgi": {"version": "3.0"},
    "http_version": "1.1",
    "method": "POST",
    "scheme": "http",
    "path": "/twilio/voice",
    "raw_path": b"/twilio/voice",
    "root_path": "",
    "query_string": b"",
    "headers": [(b"host", b"hotline.test"), (b"content-length", b"0")],
    "client": ("127.0.0.1", 5000),
    "server": ("hotline.test", 80),
}
BODY = TWIML.encode()


@dataclass(frozen=True)
class _Route:
    path: str


_ROUTE = _Route("/twilio/voice")


async def raw_app(scope: Scope, receive: Receive, send: Send) -> None:
    """What a router does that the metrics read: it sets scope["route"]."""
    scope["route"] = _ROUTE
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/xml")],
        }
    )
    await send({"type": "http.response.body", "body": BODY})


class Passthrough:
    """An empty pure ASGI middleware: the floor any middleware pays."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


async def _receive() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _send(message: Message) -> None:
    return None


async def _round(app: ASGIApp, requests: int) -> float:
    started = time.process_time()
    for _ in range(requests):
        # Routers write into the scope: a fresh copy each time.
        await app(dict(SCOPE), _receive, _send)
    return (time.process_time() - started) / requests * 1e6


WRAPS: dict[str, Callable[[ASGIApp], ASGIApp]] = {
    "bare": lambda app: app,
    "passthrough": Passthrough,
    "metrics": MetricsMiddleware,
    "request_id": RequestIdMiddleware,
    "both": lambda app: RequestIdMiddleware(MetricsMiddleware(app)),
}


async def measure(inner: ASGIApp, requests: int, rounds: int) -> dict[str, float]:
    apps = {name: wrap(inner) for name, wrap in WRAPS.items()}
    for app in apps.values():
        await _round(app, 1000)  # warm-up: label children, caches
    results: dict[str, list[float]] = {name: [] for name in apps}
    for _ in range(rounds):  # interleaved, so drift hits every variant alike
        for name, app in apps.items():
            results[name].append(await _round(app, requests))
    return {name: min(values) for name, values in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    for label, inner, requests in (
        ("raw ASGI endpoint", raw_app, args.requests),
        ("FastAPI endpoint (bench/bare_app.py)", fastapi_app, args.requests // 4),
    ):
        print(label)
        medians = asyncio.run(measure(inner, requests, args.rounds))
        for name, us in medians.items():
            extra = us - medians["bare"]
            print(f"  {name:<11} {us:8.2f} µs/request  ({extra:+6.2f} µs vs bare)")


if __name__ == "__main__":
    main()
