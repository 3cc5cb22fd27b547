"""Prometheus metrics: the HTTP middleware and the event counters (app.ops.scrape
serves them, with the queue gauges computed at scrape time).

Counters and histograms live in prometheus_client's default registry. With
PROMETHEUS_MULTIPROC_DIR set (before the process starts: prometheus_client reads it
on import) they are kept in files there, so the workers of one instance (`uvicorn
--workers N`) add up in one scrape. No app imports here: any module may count.
"""

from __future__ import annotations

import logging
import time
from typing import Literal, get_args

from prometheus_client import Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

OfferOutcome = Literal["made", "accepted", "declined", "missed"]
CallbackOutcome = Literal["dialled", "answered", "unanswered"]
SmsOutcome = Literal["sent", "failed"]
WaveOutcome = Literal["sent", "empty"]
RetryOperation = Literal[
    "sms", "callback_call", "confirmation_call", "callback", "confirmation"
]
JournalOutcome = Literal["journaled", "replayed", "dropped"]

HTTP_REQUESTS = Counter(
    "hotline_http_requests",
    "HTTP requests (webhooks, API, console) by route template and status.",
    ["method", "route", "status"],
)
HTTP_DURATION = Histogram(
    "hotline_http_request_duration_seconds",
    "Time from request to the end of the response, by route template.",
    ["method", "route"],
    # Twilio waits 15 s for a webhook; the interesting part is well under a second.
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 15.0),
)
OFFERS = Counter(
    "hotline_offers", "Offers of a waiting caller to an operator.", ["outcome"]
)
CALLBACKS = Counter("hotline_callbacks", "Callers rung back.", ["outcome"])
SMS = Counter("hotline_sms", "SMS to field volunteers.", ["outcome"])
WAVES = Counter("hotline_matching_waves", "Matching waves run.", ["outcome"])
ERRORS = Counter(
    "hotline_errors", "Log records at ERROR or above, by logger.", ["logger"]
)
RETRIES = Counter(
    "hotline_retries",
    "Attempts made again after a failure: provider requests (sms, callback_call, "
    "confirmation_call) and callbacks or confirmation calls nobody answered.",
    ["operation"],
)
RETRIES_EXHAUSTED = Counter(
    "hotline_retries_exhausted",
    "Work still failing after its last attempt, handed to the coordinators.",
    ["operation"],
)
JOURNAL = Counter(
    "hotline_outage_journal",
    "Webhook writes kept while the database was unreachable, and their replay.",
    ["outcome"],
)
QUEUE_RESTORED = Counter(
    "hotline_queue_restored_entries",
    "Queue entries put back from the database after the queue store lost them.",
)

# Every outcome exists from the start at 0, so rate() sees the first increment.
for _counter, _outcomes in (
    (OFFERS, OfferOutcome),
    (CALLBACKS, CallbackOutcome),
    (SMS, SmsOutcome),
    (WAVES, WaveOutcome),
    (RETRIES, RetryOperation),
    (RETRIES_EXHAUSTED, RetryOperation),
    (JOURNAL, JournalOutcome),
):
    for _outcome in get_args(_outcomes):
        _counter.labels(_outcome)


# --------------------------------------------------------------- event counters
# One call at the place where the event is already recorded (one line per site).


def offer(outcome: OfferOutcome) -> None:
    OFFERS.labels(outcome).inc()


def callback(outcome: CallbackOutcome) -> None:
    CALLBACKS.labels(outcome).inc()


def sms(outcome: SmsOutcome) -> None:
    SMS.labels(outcome).inc()


def wave(outcome: WaveOutcome) -> None:
    WAVES.labels(outcome).inc()


def retry(operation: RetryOperation) -> None:
    RETRIES.labels(operation).inc()


def retries_exhausted(operation: RetryOperation) -> None:
    RETRIES_EXHAUSTED.labels(operation).inc()


def journal(outcome: JournalOutcome) -> None:
    JOURNAL.labels(outcome).inc()


def queue_rebuilt(entries: int) -> None:
    QUEUE_RESTORED.inc(entries)


class ErrorCounter(logging.Handler):
    """Counts what is logged at ERROR or above: errors are already logged where they
    happen (logger.exception), so this counts them all without touching those sites."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)

    def emit(self, record: logging.LogRecord) -> None:
        ERRORS.labels(record.name).inc()


# ------------------------------------------------------------------ middleware

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_Children = tuple[Counter, Histogram]
# (method, route, status) -> label children: .labels() validates and locks on every
# call, a dict lookup does not. Bounded: routes are templates, methods a fixed set.
_children: dict[tuple[str, str, int], _Children] = {}


def _observe(method: str, route: str, status: int, duration_s: float) -> None:
    key = (method, route, status)
    children = _children.get(key)
    if children is None:
        children = (
            HTTP_REQUESTS.labels(method, route, str(status)),
            HTTP_DURATION.labels(method, route),
        )
        _children[key] = children
    children[0].inc()
    children[1].observe(duration_s)


class MetricsMiddleware:
    """Pure ASGI: counts and times each HTTP request under its route *template*
    (/queue/offer/{offer_id}/answer, never the id), read from scope["route"], which
    the router sets once it matched. Unmatched paths count as "<unmatched>"."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # an exception before the response started

        async def send_with_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        started = time.perf_counter()
        try:
            await self.app(scope, receive, send_with_status)
        finally:
            route = getattr(scope.get("route"), "path", None) or "<unmatched>"
            method = scope["method"]
            _observe(
                method if method in _METHODS else "OTHER",
                route,
                status,
                time.perf_counter() - started,
            )
