"""Requests to the ops endpoints and a parsed scrape."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.support.harness import Hotline

METRICS_TOKEN = "scrape-me"
Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


async def get(
    hotline: Hotline, path: str, headers: dict[str, str] | None = None
) -> httpx.Response:
    transport = httpx.ASGITransport(app=hotline.app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://hotline.test"
    ) as client:
        return await client.get(path, headers=headers or {})


async def scrape(hotline: Hotline) -> Samples:
    response = await get(
        hotline, "/metrics", {"Authorization": f"Bearer {METRICS_TOKEN}"}
    )
    assert response.status_code == 200, response.text
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)
