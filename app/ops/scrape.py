"""The /metrics body: stored counters and histograms, plus queue gauges computed now.

Gauges are never stored: they come from the queue backend at scrape time, the same
view as the coordinators' board, so every instance reports the shared queue and no
gauge goes stale when a worker dies.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import get_args

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from app.dashboard import service as dashboard_service
from app.queue.backend import OperatorStatus
from app.state import HotlineState


class _Fixed(Collector):
    def __init__(self, metrics: Iterable[Metric]) -> None:
        self._metrics = list(metrics)

    def collect(self) -> Iterator[Metric]:
        return iter(self._metrics)


class _Default(Collector):
    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()


async def queue_gauges(state: HotlineState) -> list[Metric]:
    """Callers waiting and longest wait per language, callbacks pending, operators
    by state, offers ringing: from the same queue view as the coordinators' board."""
    view = await dashboard_service.queue_view(state)
    languages = sorted(
        {*state.settings.ivr.languages, *(w.language for w in view.waiting)}
    )
    waiting = GaugeMetricFamily(
        "hotline_callers_waiting", "Callers on hold, by language.", labels=["language"]
    )
    longest = GaugeMetricFamily(
        "hotline_longest_wait_seconds",
        "Longest current wait of a caller on hold, by language (0: nobody waits).",
        labels=["language"],
    )
    callbacks = GaugeMetricFamily(
        "hotline_callbacks_pending",
        "Callback requests waiting for an operator, by language.",
        labels=["language"],
    )
    for language in languages:
        live = [w for w in view.waiting if w.language == language and w.kind == "live"]
        waiting.add_metric([language], len(live))
        longest.add_metric([language], max((w.waiting_s for w in live), default=0))
        callbacks.add_metric(
            [language],
            sum(1 for w in view.waiting if w.language == language and w.kind != "live"),
        )
    operators = GaugeMetricFamily(
        "hotline_operators",
        "Operators in the pool by state (on duty but not in the pool: not counted).",
        labels=["state"],
    )
    for operator_state in get_args(OperatorStatus):
        operators.add_metric(
            [operator_state],
            sum(1 for op in view.operators if op.status == operator_state),
        )
    pending = GaugeMetricFamily(
        "hotline_offers_pending", "Offers ringing an operator now."
    )
    pending.add_metric([], view.pending_offers)
    return [waiting, longest, callbacks, operators, pending]


async def exposition(state: HotlineState) -> tuple[bytes, str]:
    """The scrape body and its content type."""
    registry = CollectorRegistry()
    # prometheus_client's own variable, not a setting: the library reads it on
    # import to choose where values live, and the scrape must read the same place.
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Every worker's counters and histograms, read from the shared files.
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry.register(_Default())
    registry.register(_Fixed(await queue_gauges(state)))
    return generate_latest(registry), CONTENT_TYPE_LATEST
