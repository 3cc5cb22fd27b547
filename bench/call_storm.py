"""Call storm: many callers, many operators, two app instances sharing one Redis.

    python -m bench.call_storm [--callers 1000] [--minutes 10] [--operators 50]
                               [--instances 2] [--backend redis|memory] [--json F]
                               [--drain-hours 8]

Everything runs in one process on the simulator's virtual clock (10 simulated minutes
take far less in real time): callers arrive at random, choose a language, a need and a
postcode, wait, some press 1 for a callback and some give up; 50 operators with mixed
languages and behaviours (quick, slow, no answer, voicemail, decliners) answer from
home. Reported: callers lost (must be 0), double offers (0), FIFO violations within a
language (0), webhook latency (real time) and dispatch latency (real time from a
dispatch trigger until the operator's call is requested; virtual seconds both sides
were free before that). After the last call the storm waits (virtual time, at most
--drain-hours) until every promised callback is made, and says whether it was
(`drained`); a callback still promised at the end counts as lost. Also reported: the
callers a hold loop put back into the queue (`put_backs`: only a store that lost
them should), webhook failures and the app's errors (`diagnostics`).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import logging
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter as collections_counter
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

from pydantic import AnyHttpUrl, SecretStr
from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.calls.models import Call, CallEvent
from app.config import (
    DatabaseSettings,
    IvrSettings,
    QueueSettings,
    RedisSettings,
    Settings,
    TwilioSettings,
)
from app.help_requests.models import HelpRequest
from app.migrate import upgrade_head
from app.queue.backend import QueueBackend
from app.queue.memory_backend import InMemoryQueueBackend
from app.queue.recovery import PUT_BACK_MESSAGE
from app.queue.redis_backend import RedisQueueBackend
from app.volunteers import service as volunteer_service
from app.volunteers.models import Volunteer
from app.volunteers.schemas import VolunteerCreate
from demo.sandbox import Sandbox, sandbox
from twilio_simulator.clock import VirtualClock
from twilio_simulator.engine import TwilioSimulator
from twilio_simulator.parties import (
    HangUpWhenQueued,
    OperatorPhone,
    Press,
    ScriptedCaller,
    Step,
)

LANGUAGE_KEYS = {"nl": "1", "fr": "2", "en": "3", "de": "4"}
CALLER_LANGUAGES = (("nl", 0.45), ("fr", 0.40), ("en", 0.10), ("de", 0.05))
OPERATOR_LANGUAGES = (
    (("nl", "fr"), 0.30),
    (("nl", "en"), 0.15),
    (("fr", "nl"), 0.25),
    (("fr", "en"), 0.10),
    (("en", "nl", "fr"), 0.12),
    (("de", "nl", "en"), 0.08),
)
# After the last call, virtual time runs on in steps of DRAIN_STEP_S while promised
# callbacks are left, for at most DRAIN_HOURS (virtual): an operator makes about 15
# callbacks an hour, so 200 of them make the 5,000-caller storm's in two or three.
DRAIN_STEP_S = 30
DRAIN_HOURS = 8.0
POSTCODES = ("1000", "1030", "1050", "1080", "2000", "3000", "4000", "5000", "9000")


class LogWatch(logging.Handler):
    """Counts, from the app's log records: the hold loop's put-backs (recovery.py
    logs one per caller put back) and the errors, by logger and message."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.put_backs: list[str] = []
        self.errors: collections_counter[str] = collections_counter()

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == PUT_BACK_MESSAGE and isinstance(record.args, tuple):
            self.put_backs.append(str(record.args[0]))
        elif record.levelno >= logging.ERROR:
            self.errors[f"{record.name}: {record.msg}"[:120]] += 1


@dataclass
class StormReport:
    callers: int
    operators: int
    instances: int
    backend: str
    simulated_minutes: float
    real_seconds: float
    cpu_ms_per_call: float
    outcomes: dict[str, int]
    lost: int
    double_offers: int
    fifo_violations: int
    webhooks: int
    webhook_p50_ms: float
    webhook_p99_ms: float
    cpu_ms_per_webhook: float
    dispatches: int
    dispatch_p50_ms: float
    dispatch_p99_ms: float
    dispatch_delay_p50_s: float
    dispatch_delay_p99_s: float
    # After the last call: whether every promised callback was made before the
    # drain limit, how long (virtual minutes) that took, and how many were left.
    drained: bool = True
    drain_minutes: float = 0.0
    callbacks_left: int = 0
    # Callers missing from the queue and put back from the database by their hold
    # loop (app/queue/recovery.py restore_entry): times, and distinct callers.
    put_backs: int = 0
    put_back_callers: int = 0
    diagnostics: dict[str, Any] = field(default_factory=dict)
    lost_call_sids: list[str] = field(default_factory=list)
    lost_transcripts: list[str] = field(default_factory=list)


def pick(rng: random.Random, weighted: Any) -> Any:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def operator_phone(rng: random.Random) -> OperatorPhone:
    talk = rng.uniform(60, 240)
    roll = rng.random()
    if roll < 0.06:
        return OperatorPhone(talk_s=talk).no_answer()
    if roll < 0.10:
        return OperatorPhone(talk_s=talk).voicemail()
    if roll < 0.15:
        return OperatorPhone(talk_s=talk).declining()
    return OperatorPhone(answer_after_s=rng.uniform(2, 12), talk_s=talk)


def caller_steps(rng: random.Random, language: str) -> list[Step]:
    steps: list[Step] = [
        Press(LANGUAGE_KEYS[language]),
        Press(rng.choice("1234")),
        Press(rng.choice(POSTCODES)),
    ]
    roll = rng.random()
    if roll < 0.05:
        steps.append(Press("1"))  # at the first hold announcement: call me back
    elif roll < 0.10:
        steps.append(HangUpWhenQueued(rng.uniform(20, 240)))
    return steps


async def _operators(box: Sandbox, rng: random.Random, count: int) -> None:
    state = box.state
    async with state.sessionmaker() as session:
        for i in range(count):
            languages = pick(rng, OPERATOR_LANGUAGES)
            data = VolunteerCreate(
                name=f"Operator {i}",
                phone_number=f"+3247{i:07d}",
                languages=list(languages),
                is_operator=True,
            )
            volunteer, _ = await volunteer_service.create(
                session, data, now=state.clock.now()
            )
            box.sim.phone(volunteer.phone_number, operator_phone(rng))
            await volunteer_service.set_duty(
                session, state, volunteer, on_duty=True, source="storm"
            )


async def _arrivals(
    box: Sandbox, clock: VirtualClock, rng: random.Random, callers: int, minutes: float
) -> list[str]:
    sids = []
    rate = callers / (minutes * 60)
    for i in range(callers):
        await clock.sleep(rng.expovariate(rate))
        language = pick(rng, CALLER_LANGUAGES)
        number = f"+3225{i:06d}"
        party = ScriptedCaller(caller_steps(rng, language), talk_s=rng.uniform(40, 200))
        box.sim.phone(
            number, ScriptedCaller([], talk_s=rng.uniform(40, 200))
        )  # answers callbacks
        call = await box.sim.place_call(
            from_=number, to=box.hotline_number, party=party
        )
        sids.append(call.sid)
    return sids


async def analyse(
    sessionmaker: async_sessionmaker[AsyncSession],
    sim: TwilioSimulator,
    sids: list[str],
) -> dict[str, Any]:
    """Every caller's outcome from the call log; lost, double offers, FIFO."""
    async with sessionmaker() as session:
        calls = {
            c.twilio_call_sid: c
            for c in (await session.execute(select(Call))).scalars()
        }
        events = list(
            (await session.execute(select(CallEvent).order_by(CallEvent.id))).scalars()
        )
        requests = {
            r.call_id: r for r in (await session.execute(select(HelpRequest))).scalars()
        }
        duty = collections_counter(
            (await session.execute(select(Volunteer.duty_state))).scalars()
        )
    by_call: dict[int, list[CallEvent]] = defaultdict(list)
    for event in events:
        by_call[event.call_id].append(event)
    callbacks_done = {
        e.detail.get("offer_id")
        for c in calls.values()
        if c.purpose == "callback" and c.outcome == "bridged"
        for e in by_call[c.id]
        if e.kind == "bridged"
    }
    outcomes: dict[str, int] = defaultdict(int)
    lost: list[str] = []
    dispatch_ms: list[float] = []
    dispatch_delay: list[float] = []
    fifo: dict[str, list[tuple[float, int, list[CallEvent]]]] = defaultdict(list)
    for sid in sids:
        call = calls.get(sid)
        if call is None:
            lost.append(sid)
            continue
        timeline = by_call[call.id]
        kinds = [e.kind for e in timeline]
        offered = [e for e in timeline if e.kind == "offered"]
        for e in offered:
            dispatch_ms.append(float(e.detail.get("dispatch_ms", 0.0)))
            dispatch_delay.append(float(e.detail.get("dispatch_delay_s", 0.0)))
        request = requests.get(call.id)
        if call.outcome == "bridged":
            outcome = "bridged"
        elif call.outcome == "callback":
            accepted = {
                e.detail.get("offer_id") for e in timeline if e.kind == "accepted"
            }
            outcome = "called back" if accepted & callbacks_done else "callback pending"
        elif (
            call.outcome == "voicemail"
            and request is not None
            and request.voicemail_url
        ):
            outcome = "voicemail"
        elif call.outcome == "abandoned" and request is not None:
            outcome = "caller hung up in queue (logged)"
        else:
            outcome = f"other:{call.outcome}"
        outcomes[outcome] += 1
        if outcome.startswith("other") or outcome == "callback pending":
            lost.append(sid)
        queued = next((e for e in timeline if e.kind == "queued"), None)
        if queued is not None and "callback_requested" not in kinds:
            fifo[call.language or "?"].append(
                (queued.occurred_at.timestamp(), queued.id, timeline)
            )
    return {
        "outcomes": dict(outcomes),
        "lost": lost,
        "dispatch_ms": dispatch_ms,
        "dispatch_delay": dispatch_delay,
        "fifo_violations": _fifo_violations(fifo),
        "double_offers": double_offers(sim),
        "offer_end_reasons": dict(
            collections_counter(
                str(e.detail.get("reason")) for e in events if e.kind == "offer_ended"
            )
        ),
        "operators_by_duty_at_end": dict(duty),
    }


def _fifo_violations(
    by_language: dict[str, list[tuple[float, int, list[CallEvent]]]],
) -> int:
    """A younger caller offered while an older caller of the same language was waiting
    and not being offered at that moment."""
    violations = 0
    for entries in by_language.values():
        entries.sort(key=lambda item: (item[0], item[1]))
        spans = []
        for _, _, timeline in entries:
            queued_at = next(e.occurred_at for e in timeline if e.kind == "queued")
            left = [
                e
                for e in timeline
                if e.kind in ("accepted", "abandoned", "hung_up", "voicemail_offered")
            ]
            left_at = min(
                (e.occurred_at for e in left), default=datetime.max.replace(tzinfo=UTC)
            )
            offers: dict[str, list[datetime]] = defaultdict(list)
            for e in timeline:
                if e.kind == "offered":
                    offers[str(e.detail["offer_id"])].append(e.occurred_at)
                elif e.kind in ("offer_ended", "accepted"):
                    offers[str(e.detail.get("offer_id"))].append(e.occurred_at)
            busy = [
                (v[0], v[1] if len(v) > 1 else left_at) for v in offers.values() if v
            ]
            first_offer = min(
                (e.occurred_at for e in timeline if e.kind == "offered"), default=None
            )
            spans.append((queued_at, left_at, busy, first_offer))
        for i, (_, _, _, offer_at) in enumerate(spans):
            if offer_at is None:
                continue
            for queued_at, left_at, busy, _ in spans[:i]:
                waiting = queued_at <= offer_at < left_at
                being_offered = any(start <= offer_at <= end for start, end in busy)
                if waiting and not being_offered:
                    violations += 1
                    break
    return violations


def double_offers(sim: TwilioSimulator) -> int:
    """Operator legs that overlap for the same operator phone (never allowed)."""
    legs: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
    for call in sim.calls.values():
        if call.direction == "outbound-api" and call.to.startswith("+3247"):
            end = call.end_time or datetime.max.replace(tzinfo=UTC)
            legs[call.to].append((call.created_at, end))
    overlaps = 0
    for spans in legs.values():
        spans.sort()
        overlaps += sum(1 for a, b in itertools.pairwise(spans) if b[0] < a[1])
    return overlaps


async def _callback_work_left(box: Sandbox) -> int:
    """Promised callbacks that something will still make: entries in the queue
    (waiting or being offered) and callbacks to ring again later (a callback
    nobody answered leaves the queue until its redial is due)."""
    state = box.state
    far = (state.clock.now() + timedelta(days=365)).timestamp()
    redials = await state.resilience.due(far, 1_000_000)
    return await state.queue.waiting_count() + len(redials)


async def _drain_callbacks(box: Sandbox, *, limit_s: float) -> bool:
    """The calls are over; the promised callbacks are made while operators are on
    duty: let virtual time run until none is left (True) or `limit_s` passed."""
    started = box.state.clock.now()
    while await _callback_work_left(box):
        left_s = limit_s - (box.state.clock.now() - started).total_seconds()
        if left_s <= 0:
            return False
        await box.sim.advance(min(DRAIN_STEP_S, left_s))
        await box.sim.run_until_idle(max_virtual_seconds=max(left_s, 1.0))
    return True


async def run_storm(
    *,
    callers: int,
    minutes: float,
    operators: int,
    instances: int,
    backend: str,
    database_url: str,
    redis_url: str = "redis://127.0.0.1:6379/0",
    seed: int = 2020,
    drain_hours: float = DRAIN_HOURS,
) -> StormReport:
    rng = random.Random(seed)
    # Every Redis key of the run (queue, redials, periodic lease, call limits) under
    # a prefix of its own, deleted at the end: unique per run, not only drawn from
    # the seeded rng, since a run that was killed leaves its keys behind and a run
    # sharing them would inherit its queue, and the callers' hourly call limits
    # (real time) would refuse the same numbers after a few runs.
    prefix = f"hotline-storm-{rng.getrandbits(32):x}-{uuid.uuid4().hex[:8]}:"
    settings = Settings(
        env="test",
        public_base_url=AnyHttpUrl("http://hotline.storm"),
        database=DatabaseSettings(url=database_url, migrate_on_start=False),
        twilio=TwilioSettings(auth_token=SecretStr("storm-token")),
        ivr=IvrSettings(open_from=dtime(0), open_until=dtime(0)),
        queue=QueueSettings(
            backend="redis" if backend == "redis" else "memory", wrapup_s=20
        ),
        redis=RedisSettings(url=redis_url, key_prefix=prefix),
    )
    clients: list[Redis] = []

    def queue_factory() -> QueueBackend:
        if backend == "memory":
            return shared_memory
        client = Redis.from_url(redis_url, decode_responses=True, max_connections=256)
        clients.append(client)
        return RedisQueueBackend(client, prefix=prefix)

    shared_memory = InMemoryQueueBackend()
    clock = VirtualClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    started = time.perf_counter()
    cpu_started = time.process_time()
    watch = LogWatch()
    app_logger = logging.getLogger("app")
    diagnostics: dict[str, Any] = {}
    try:
        async with sandbox(
            settings,
            clock=clock,
            instances=instances,
            queue_factory=queue_factory,
            run_ticker=True,
        ) as box:
            for app in box.apps:
                queue = app.state.hotline.queue
                if isinstance(queue, RedisQueueBackend):
                    await queue.initialize()
            # After the instances configured logging (which replaces handlers).
            app_logger.addHandler(watch)
            await _operators(box, rng, operators)
            sids = await _arrivals(box, clock, rng, callers, minutes)
            await box.sim.run_until_idle(max_virtual_seconds=6 * 3600)
            calls_over_at = clock.now()
            drained = await _drain_callbacks(box, limit_s=drain_hours * 3600)
            drain_s = (clock.now() - calls_over_at).total_seconds()
            callbacks_left = await _callback_work_left(box)
            snap = await box.state.queue.snapshot(clock.now().timestamp())
            diagnostics["operators_in_store_at_end"] = dict(
                collections_counter(op.status for op in snap.operators)
            )
            diagnostics["offers_at_end"] = len(snap.offers)
            diagnostics["webhook_failures"] = dict(
                collections_counter(
                    f"{r.kind}: {r.error}"[:80]
                    for r in box.sim.requests
                    if r.error is not None
                )
            )
            diagnostics["app_errors"] = dict(watch.errors)
            analysis = await analyse(box.state.sessionmaker, box.sim, sids)
            diagnostics["offer_end_reasons"] = analysis["offer_end_reasons"]
            diagnostics["operators_by_duty_at_end"] = analysis[
                "operators_by_duty_at_end"
            ]
            latencies = [
                r.elapsed_s * 1000 for r in box.sim.requests if r.elapsed_s is not None
            ]
            lost_transcripts = [
                box.sim.calls[sid].transcript.format() for sid in analysis["lost"][:3]
            ]
    finally:
        app_logger.removeHandler(watch)
        for client in clients:
            keys = [k async for k in client.scan_iter(match=prefix + "*")]
            if keys:
                await client.delete(*keys)
            await client.aclose()
    # The whole process: both instances, the simulator and its callers.
    cpu_s = time.process_time() - cpu_started
    return StormReport(
        callers=callers,
        operators=operators,
        instances=instances,
        backend=backend,
        simulated_minutes=minutes,
        real_seconds=round(time.perf_counter() - started, 1),
        cpu_ms_per_call=round(cpu_s * 1000 / callers, 1),
        outcomes=analysis["outcomes"],
        lost=len(analysis["lost"]),
        double_offers=analysis["double_offers"],
        fifo_violations=analysis["fifo_violations"],
        webhooks=len(latencies),
        webhook_p50_ms=round(statistics.median(latencies), 2) if latencies else 0.0,
        webhook_p99_ms=round(percentile(latencies, 99), 2),
        cpu_ms_per_webhook=round(cpu_s * 1000 / max(1, len(latencies)), 2),
        dispatches=len(analysis["dispatch_ms"]),
        dispatch_p50_ms=round(percentile(analysis["dispatch_ms"], 50), 2),
        dispatch_p99_ms=round(percentile(analysis["dispatch_ms"], 99), 2),
        dispatch_delay_p50_s=round(percentile(analysis["dispatch_delay"], 50), 2),
        dispatch_delay_p99_s=round(percentile(analysis["dispatch_delay"], 99), 2),
        drained=drained,
        drain_minutes=round(drain_s / 60, 1),
        callbacks_left=callbacks_left,
        put_backs=len(watch.put_backs),
        put_back_callers=len(set(watch.put_backs)),
        diagnostics=diagnostics,
        lost_call_sids=analysis["lost"][:20],
        lost_transcripts=lost_transcripts,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--callers", type=int, default=1000)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--operators", type=int, default=50)
    parser.add_argument("--instances", type=int, default=2)
    parser.add_argument("--backend", choices=("redis", "memory"), default="redis")
    parser.add_argument(
        "--database-url", default=None, help="default: a fresh SQLite file"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument(
        "--drain-hours",
        type=float,
        default=DRAIN_HOURS,
        help="virtual hours to wait, after the last call, for promised callbacks",
    )
    args = parser.parse_args()
    if args.backend == "memory" and args.instances != 1:
        parser.error("the memory backend is single-process: use --instances 1")
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite+aiosqlite:///{tmp}/storm.sqlite3"
        upgrade_head(url)
        report = asyncio.run(
            run_storm(
                callers=args.callers,
                minutes=args.minutes,
                operators=args.operators,
                instances=args.instances,
                backend=args.backend,
                database_url=url,
                redis_url=args.redis_url,
                drain_hours=args.drain_hours,
            )
        )
    for key, value in asdict(report).items():
        if key != "lost_transcripts":
            print(f"{key:>22}: {value}")
    for transcript in report.lost_transcripts:
        print("\n-- a lost call --\n" + transcript)
    if args.json:
        args.json.write_text(json.dumps(asdict(report), indent=2))
    ok = (
        report.lost == 0
        and report.double_offers == 0
        and report.fifo_violations == 0
        and report.drained
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
