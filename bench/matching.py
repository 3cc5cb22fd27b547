"""Benchmark of the matching policy: the reference scan against VolunteerIndex.

Run with `python -m bench.matching [--json PATH]`. Builds seeded synthetic field
volunteers and open requests over real Belgian postcodes, checks that both
implementations agree on a sample, then times them and measures memory.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from app.geo.postcodes import Place, PostcodeDirectory, load_postcode_directory
from app.matching.policy import (
    NEEDS,
    RankedCandidate,
    RequestToMatch,
    VolunteerCandidate,
    VolunteerIndex,
    rank_candidates,
)

DEFAULT_RADIUS_KM = 5.0
# Share of volunteers, and of requests, per need.
NEED_WEIGHTS = {"groceries": 0.45, "pharmacy": 0.25, "company": 0.2, "other": 0.1}
# Chance that someone in a region speaks a language (a first language is always drawn).
LANGUAGE_ODDS = {
    "flanders": {"nl": 1.0, "fr": 0.2, "en": 0.35},
    "wallonia": {"fr": 1.0, "nl": 0.08, "en": 0.25},
    "brussels": {"fr": 0.75, "nl": 0.35, "en": 0.45},
}
# Brussels is denser than the rest of the country.
BRUSSELS_WEIGHT = 6.0


@dataclass(frozen=True)
class Figures:
    volunteers: int
    requests: int
    postcodes: int
    directory_load_ms: float
    naive_sample: int
    naive_p50_ms: float
    naive_p99_ms: float
    naive_total_s: float
    index_build_ms: float
    indexed_p50_ms: float
    indexed_p99_ms: float
    indexed_max_ms: float
    indexed_cpu_p99_ms: float
    indexed_cpu_max_ms: float
    indexed_total_s: float
    indexed_cpu_total_s: float
    indexed_warm_total_s: float
    naive_to_indexed_p50: float
    mean_candidates: float
    unmatched_requests: int
    tracemalloc_peak_mib: float
    max_rss_mib: float


def _languages(rng: random.Random, region: str) -> tuple[str, ...]:
    odds = LANGUAGE_ODDS[region]
    spoken = [language for language, chance in odds.items() if rng.random() < chance]
    return tuple(spoken) or (rng.choice(list(odds)),)


def _needs(rng: random.Random) -> frozenset[str]:
    needs = {need for need in NEEDS if rng.random() < 0.3 + NEED_WEIGHTS[need]}
    return frozenset(needs) or frozenset({rng.choice(NEEDS)})


def make_volunteers(
    rng: random.Random, places: Sequence[Place], weights: Sequence[float], count: int
) -> list[VolunteerCandidate]:
    volunteers = []
    for volunteer_id, place in enumerate(rng.choices(places, weights, k=count), 1):
        weekly_cap = rng.randint(1, 5)
        volunteers.append(
            VolunteerCandidate(
                volunteer_id=volunteer_id,
                postcode=place.postcode,
                languages=_languages(rng, place.region or "brussels"),
                needs=_needs(rng),
                radius_km=None if rng.random() < 0.25 else rng.uniform(2, 15),
                weekly_cap=weekly_cap,
                runs_this_week=rng.randint(0, weekly_cap),
                runs_recent=rng.randint(0, 12),
                is_opted_out=rng.random() < 0.03,
            )
        )
    return volunteers


def make_requests(
    rng: random.Random, places: Sequence[Place], weights: Sequence[float], count: int
) -> list[RequestToMatch]:
    requests = []
    for request_id, place in enumerate(rng.choices(places, weights, k=count), 1):
        region = place.region or "brussels"
        requests.append(
            RequestToMatch(
                request_id=request_id,
                need=rng.choices(list(NEED_WEIGHTS), list(NEED_WEIGHTS.values()))[0],
                language=rng.choice(_languages(rng, region)),
                postcode=None if rng.random() < 0.02 else place.postcode,
            )
        )
    return requests


@dataclass
class _Timings:
    times_ms: list[float]
    cpu_times_ms: list[float]
    """CPU time of this thread: what wall time would be on an idle machine."""
    counts: list[int]
    kept: list[list[RankedCandidate]]
    """The first results, to compare implementations: keeping all 10,000 lists alive
    would make the garbage collector's full passes, and the timings, longer."""


def _timed(
    requests: Sequence[RequestToMatch],
    rank: Callable[[RequestToMatch], list[RankedCandidate]],
    *,
    keep: int,
) -> _Timings:
    timings = _Timings([], [], [], [])
    for position, request in enumerate(requests):
        started = time.perf_counter()
        cpu_started = time.thread_time()
        result = rank(request)
        timings.cpu_times_ms.append((time.thread_time() - cpu_started) * 1000)
        timings.times_ms.append((time.perf_counter() - started) * 1000)
        timings.counts.append(len(result))
        if position < keep:
            timings.kept.append(result)
    return timings


def _percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run(*, volunteers: int, requests: int, naive_sample: int, seed: int) -> Figures:
    load_postcode_directory.cache_clear()
    started = time.perf_counter()
    directory: PostcodeDirectory = load_postcode_directory()
    directory_load_ms = (time.perf_counter() - started) * 1000

    rng = random.Random(seed)
    places = [place for place in directory.places() if place.latitude is not None]
    weights = [
        BRUSSELS_WEIGHT if place.region == "brussels" else 1.0 for place in places
    ]
    volunteer_list = make_volunteers(rng, places, weights, volunteers)
    request_list = make_requests(rng, places, weights, requests)
    sample = request_list[:naive_sample]

    naive = _timed(
        sample,
        lambda request: rank_candidates(
            request,
            volunteer_list,
            directory=directory,
            default_radius_km=DEFAULT_RADIUS_KM,
        ),
        keep=naive_sample,
    )

    started = time.perf_counter()
    index = VolunteerIndex(volunteer_list, directory=directory)
    index_build_ms = (time.perf_counter() - started) * 1000

    def rank_indexed(request: RequestToMatch) -> list[RankedCandidate]:
        return index.rank(request, default_radius_km=DEFAULT_RADIUS_KM)

    started = time.perf_counter()
    indexed = _timed(request_list, rank_indexed, keep=naive_sample)
    indexed_total_s = time.perf_counter() - started
    if indexed.kept != naive.kept:
        raise AssertionError("VolunteerIndex disagrees with rank_candidates")
    # Second pass: every request postcode's neighbours are already computed.
    started = time.perf_counter()
    _timed(request_list, rank_indexed, keep=0)
    indexed_warm_total_s = time.perf_counter() - started

    # ru_maxrss is in KiB on Linux. Read before tracemalloc adds its own overhead.
    max_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # Memory, apart from the timings: tracemalloc slows allocation-heavy code.
    tracemalloc.start()
    traced_index = VolunteerIndex(volunteer_list, directory=directory)
    for request in request_list:
        traced_index.rank(request, default_radius_km=DEFAULT_RADIUS_KM)
    _, peak_bytes = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    naive_p50 = statistics.median(naive.times_ms)
    indexed_p50 = statistics.median(indexed.times_ms)
    return Figures(
        volunteers=volunteers,
        requests=requests,
        postcodes=len(directory),
        directory_load_ms=directory_load_ms,
        naive_sample=len(sample),
        naive_p50_ms=naive_p50,
        naive_p99_ms=_percentile(naive.times_ms, 0.99),
        naive_total_s=sum(naive.times_ms) / 1000,
        index_build_ms=index_build_ms,
        indexed_p50_ms=indexed_p50,
        indexed_p99_ms=_percentile(indexed.times_ms, 0.99),
        indexed_max_ms=max(indexed.times_ms),
        indexed_cpu_p99_ms=_percentile(indexed.cpu_times_ms, 0.99),
        indexed_cpu_max_ms=max(indexed.cpu_times_ms),
        indexed_total_s=indexed_total_s,
        indexed_cpu_total_s=sum(indexed.cpu_times_ms) / 1000,
        indexed_warm_total_s=indexed_warm_total_s,
        naive_to_indexed_p50=naive_p50 / indexed_p50,
        mean_candidates=statistics.fmean(indexed.counts),
        unmatched_requests=indexed.counts.count(0),
        tracemalloc_peak_mib=peak_bytes / 2**20,
        max_rss_mib=max_rss_mib,
    )


def print_table(figures: Figures) -> None:
    rows = [
        (
            "volunteers / requests / postcodes",
            f"{figures.volunteers} / {figures.requests} / {figures.postcodes}",
        ),
        ("postcode directory load", f"{figures.directory_load_ms:.1f} ms"),
        (f"naive rank_candidates, {figures.naive_sample} requests", ""),
        (
            "  per request p50 / p99",
            f"{figures.naive_p50_ms:.2f} / {figures.naive_p99_ms:.2f} ms",
        ),
        ("  total for the sample", f"{figures.naive_total_s:.2f} s"),
        (f"VolunteerIndex.rank, {figures.requests} requests", ""),
        ("  index build", f"{figures.index_build_ms:.1f} ms"),
        (
            "  per request p50 / p99 / max",
            f"{figures.indexed_p50_ms:.3f} / "
            f"{figures.indexed_p99_ms:.3f} / {figures.indexed_max_ms:.2f} ms",
        ),
        (
            "  per request, CPU time p99 / max",
            f"{figures.indexed_cpu_p99_ms:.3f} / {figures.indexed_cpu_max_ms:.2f} ms",
        ),
        (
            "  whole batch (cold / warm)",
            f"{figures.indexed_total_s:.2f} / {figures.indexed_warm_total_s:.2f} s",
        ),
        ("  whole batch, CPU time (cold)", f"{figures.indexed_cpu_total_s:.2f} s"),
        ("naive / indexed (p50)", f"{figures.naive_to_indexed_p50:.0f}x"),
        ("candidates per request (mean)", f"{figures.mean_candidates:.1f}"),
        ("requests without candidates", str(figures.unmatched_requests)),
        ("tracemalloc peak (index + batch)", f"{figures.tracemalloc_peak_mib:.1f} MiB"),
        ("max RSS of the process (timed runs)", f"{figures.max_rss_mib:.1f} MiB"),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--volunteers", type=int, default=8000)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--naive-sample", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20240501)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    figures = run(
        volunteers=args.volunteers,
        requests=args.requests,
        naive_sample=args.naive_sample,
        seed=args.seed,
    )
    print_table(figures)
    if args.json:
        args.json.write_text(json.dumps(asdict(figures), indent=2) + "\n")


if __name__ == "__main__":
    main()
