"""Console pages next to the JSON API that reads the same data: the live board and
the call log, server time per request.

    python -m bench.console [--requests 30] [--rounds 3] [--redis]
                            [--postgres | --no-postgres] [--json F]

Each database gets 100,000 calls spread over 30 days (daytime-heavy, like the
hotline's) with their help requests, bulk-inserted with SQLAlchemy Core, and 200
operators. The queue backend (in memory; also Redis with --redis) holds 500 waiting
callers, and the 200 operators are in mixed states: 40 ringing (reserved), 50 on a
call, 20 in wrap-up, 70 free, 20 away. SQLite is a fresh file; PostgreSQL, when the
test server answers (or with --postgres), is a throwaway database created beside
`test` and dropped afterwards, so the test database is never touched.

Requests run in process through httpx's ASGITransport, signed in through the login
form (pages) or with a Bearer token (API); a request's time is until its full body
is read. Page and API requests alternate, so both see the same machine load.
Reported per endpoint: p50/p95/p99/max, page/API ratio of the medians, the target
verdict (board page p95 < 300 ms, call-log pages p95 < 200 ms), and the load average
before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from redis.asyncio import Redis
from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import make_url

from app.auth import service as auth_service
from app.calls.models import Call
from app.clock import SystemClock
from app.config import DatabaseSettings, RedisSettings, Settings
from app.db import create_engine, create_sessionmaker
from app.help_requests.models import HelpRequest
from app.main import create_app
from app.migrate import upgrade_head
from app.queue.backend import EntryKind, OperatorPresence, QueueBackend, QueuedCall
from app.queue.memory_backend import InMemoryQueueBackend
from app.queue.redis_backend import RedisQueueBackend
from app.volunteers.models import Volunteer

CALLS = 100_000
DAYS = 30
OPERATORS = 200
WAITING = 500
RINGING = 40
ON_CALL = 50
WRAP_UP = 20
AWAY = 20
PAGE_ROWS = 50
DEEP_OFFSET = 10_000
BOARD_TARGET_MS = 300.0
LOG_TARGET_MS = 200.0
INSERT_BATCH = 2_000
DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
HOTLINE = "+3228089654"
USERNAME = "bench"
PASSWORD = "bench-console-password"
# Callers per hour of the day (local), the shape of a hotline's day.
HOURLY = (
    *(0.2,) * 7,
    *(1.0, 4.0, 6.0, 7.0, 6.0, 4.0, 4.0, 6.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0),
    *(0.5,) * 3,
)
LANGUAGES = {"nl": 0.4, "fr": 0.45, "en": 0.1, "de": 0.05}
NEEDS = {"groceries": 0.45, "pharmacy": 0.25, "company": 0.2, "other": 0.1}
POSTCODES = [
    "1000",
    "1030",
    "1040",
    "1050",
    "1060",
    "1080",
    "1180",
    "1210",
    "2000",
    "3000",
    "4000",
    "4020",
    "4700",
]
PURPOSES = {
    "caller": 0.62,
    "operator_offer": 0.25,
    "confirmation": 0.06,
    "callback": 0.05,
    "operator_duty": 0.02,
}
OUTCOMES = {
    "caller": {
        "bridged": 0.72,
        "abandoned": 0.08,
        "hung_up": 0.06,
        "callback": 0.08,
        "voicemail": 0.06,
    },
    "operator_offer": {"accepted": 0.85, "": 0.15},
    "confirmation": {"confirmed": 0.9, "unanswered": 0.1},
    "callback": {"bridged": 0.85, "callback_unanswered": 0.15},
    "operator_duty": {"duty_on": 0.5, "duty_off": 0.5},
}
REQUEST_STATUSES = {
    "done": 0.55,
    "closed": 0.15,
    "new": 0.2,
    "matched": 0.06,
    "offered": 0.04,
}
_CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


# ------------------------------------------------------------------------ the data


def _moments(rng: random.Random, now: datetime) -> list[datetime]:
    """CALLS start times over the last DAYS days, by the hourly profile, sorted."""
    hours = range(24)
    first_day = (now - timedelta(days=DAYS - 1)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    moments: list[datetime] = []
    while len(moments) < CALLS:
        day = first_day + timedelta(days=rng.randrange(DAYS))
        hour = rng.choices(hours, HOURLY)[0]
        moment = day + timedelta(hours=hour, seconds=rng.uniform(0, 3600))
        if moment < now:
            moments.append(moment)
    return sorted(moments)


def _number(rng: random.Random) -> str:
    if rng.random() < 0.4:
        return f"+324{rng.choice('789')}{rng.randrange(10**7):07d}"
    return f"+322{rng.randrange(2 * 10**6, 8 * 10**6):07d}"


def _rows(
    rng: random.Random, now: datetime, operator_ids: Sequence[int]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The calls (ids 1..CALLS, oldest first) and the help requests of callers."""
    calls: list[dict[str, Any]] = []
    requests: list[dict[str, Any]] = []
    for call_id, started_at in enumerate(_moments(rng, now), 1):
        purpose = _pick(rng, PURPOSES)
        outcome = _pick(rng, OUTCOMES[purpose]) or None
        number = _number(rng)
        inbound = purpose in ("caller", "operator_duty")
        answered = outcome in (
            "bridged",
            "accepted",
            "confirmed",
            "duty_on",
            "duty_off",
        )
        wait_s = rng.randint(3, 240) if purpose == "caller" else None
        duration_s = rng.randint(20, 900)
        language = _pick(rng, LANGUAGES)
        calls.append(
            {
                "id": call_id,
                "twilio_call_sid": f"CA{call_id:032x}",
                "purpose": purpose,
                "direction": "inbound" if inbound else "outbound-api",
                "from_number": number if inbound else HOTLINE,
                "to_number": HOTLINE if inbound else number,
                "caller_e164": number if purpose == "caller" else None,
                "language": language,
                "status": "completed" if answered or inbound else "no-answer",
                "status_sequence": 3,
                "outcome": outcome,
                "volunteer_id": rng.choice(operator_ids)
                if (answered and purpose != "caller") or outcome == "bridged"
                else None,
                "started_at": started_at,
                "answered_at": started_at + timedelta(seconds=2) if answered else None,
                "ended_at": started_at + timedelta(seconds=duration_s),
                "duration_s": duration_s,
                "wait_s": wait_s if outcome in ("bridged", "abandoned") else None,
            }
        )
        if purpose == "caller":
            requests.append(
                _request(rng, call_id, number, language, started_at, outcome)
            )
    return calls, requests


def _request(
    rng: random.Random,
    call_id: int,
    number: str,
    language: str,
    created_at: datetime,
    outcome: str | None,
) -> dict[str, Any]:
    status = _pick(rng, REQUEST_STATUSES)
    is_voicemail = outcome == "voicemail"
    matched = status in ("matched", "done")
    return {
        "call_id": call_id,
        "caller_number": number,
        "language": language,
        "need": None if is_voicemail else _pick(rng, NEEDS),
        "postcode": None if is_voicemail else rng.choice(POSTCODES),
        "status": status,
        "source": "voicemail" if is_voicemail else "call",
        "voicemail_url": f"https://api.twilio.com/rec/RE{call_id:032x}"
        if is_voicemail
        else None,
        "voicemail_duration_s": rng.randint(5, 90) if is_voicemail else None,
        "wave": 1 if status != "new" else 0,
        "created_at": created_at,
        "updated_at": created_at + timedelta(minutes=30),
        "matched_at": created_at + timedelta(minutes=20) if matched else None,
        "done_at": created_at + timedelta(hours=3) if status == "done" else None,
    }


def _operators(rng: random.Random, now: datetime) -> list[dict[str, Any]]:
    rows = []
    for number in range(1, OPERATORS + 1):
        first = _pick(rng, LANGUAGES)
        others = [language for language in LANGUAGES if language != first]
        rows.append(
            {
                "id": number,
                "name": f"Operator {number:03d}",
                "phone_number": f"+32471{number:06d}",
                "languages": [first, *rng.sample(others, rng.randint(0, 2))],
                "is_active": True,
                "is_operator": True,
                "duty_state": "away" if number > OPERATORS - AWAY else "available",
                "duty_changed_at": now - timedelta(minutes=rng.randint(1, 240)),
                "is_field": False,
                "needs": [],
                "created_at": now - timedelta(days=90),
            }
        )
    return rows


async def _fill_database(url: str, now: datetime) -> dict[str, Any]:
    """Migrated schema, 200 operators, 100,000 calls and their requests, and the
    bench coordinator; returns the API token and how long the filling took."""
    started = time.perf_counter()
    await asyncio.to_thread(upgrade_head, url)
    rng = random.Random(20261201)
    operators = _operators(rng, now)
    calls, requests = _rows(rng, now, [o["id"] for o in operators])
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(insert(Volunteer), operators)
            for start in range(0, len(calls), INSERT_BATCH):
                await connection.execute(
                    insert(Call), calls[start : start + INSERT_BATCH]
                )
            for start in range(0, len(requests), INSERT_BATCH):
                await connection.execute(
                    insert(HelpRequest), requests[start : start + INSERT_BATCH]
                )
            if connection.dialect.name == "postgresql":
                # Ids were given explicitly: move the sequences past them.
                for name in ("volunteer", "call", "help_request"):
                    await connection.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                            f"(SELECT max(id) FROM {name}))"
                        )
                    )
            # Fresh statistics, as a live database has them.
            await connection.execute(text("ANALYZE"))
        async with create_sessionmaker(engine)() as session:
            token = await auth_service.create_coordinator(
                session, USERNAME, now=now, password=PASSWORD
            )
            counted = await session.scalar(select(func.count(Call.id)))
    finally:
        await engine.dispose()
    return {
        "token": token,
        "calls": int(counted or 0),
        "requests": len(requests),
        "fill_s": round(time.perf_counter() - started, 1),
    }


# ------------------------------------------------------------------------ the queue


async def _fill_queue(backend: QueueBackend, now: datetime) -> None:
    """500 waiting (40 of them offered to a ringing operator), 50 operators on a
    call, 20 in wrap-up, 70 free; the 20 away operators are not in the pool."""
    rng = random.Random(7)
    epoch = now.timestamp()
    entries = []
    for number in range(WAITING + ON_CALL + WRAP_UP):
        kind: EntryKind = "callback" if rng.random() < 0.1 else "live"
        entries.append(
            QueuedCall(
                entry_id=(
                    f"cb-CA{number:032x}" if kind == "callback" else f"CA{number:032x}"
                ),
                language=_pick(rng, LANGUAGES),
                enqueued_at=epoch - rng.uniform(5, 900),
                kind=kind,
                need=_pick(rng, NEEDS),
                postcode=rng.choice(POSTCODES),
                caller_number=_number(rng),
                call_log_id=None,
            )
        )
    for entry in entries:
        await backend.enqueue(entry)
    on_duty = OPERATORS - AWAY
    for number in range(1, on_duty + 1):
        await backend.set_available(
            OperatorPresence(
                str(number),
                tuple(rng.sample(list(LANGUAGES), 2)),
                idle_since=epoch - rng.uniform(0, 1800),
            )
        )
    taken = iter(entries)
    for number in range(1, ON_CALL + WRAP_UP + RINGING + 1):
        offer = await backend.reserve(
            entry_id=next(taken).entry_id,
            operator_id=str(number),
            offer_id=f"of{number:06d}",
            now=epoch,
            expires_at=epoch + 48,
        )
        assert offer is not None, "the bench could not reserve an operator"
        if number <= ON_CALL + WRAP_UP:
            assert await backend.accept(offer.offer_id, epoch) is not None
        if number > ON_CALL and number <= ON_CALL + WRAP_UP:
            await backend.end_call(str(number), available_at=epoch + 45)
    assert await backend.waiting_count() == WAITING


@asynccontextmanager
async def _queue(kind: str, redis_url: str) -> AsyncIterator[QueueBackend]:
    if kind == "memory":
        yield InMemoryQueueBackend()
        return
    client = Redis.from_url(redis_url, decode_responses=True)
    prefix = f"bench-console:{uuid.uuid4().hex}:"
    try:
        backend = RedisQueueBackend(client, prefix=prefix)
        await backend.initialize()
        yield backend
    finally:
        keys = [key async for key in client.scan_iter(match=prefix + "*", count=5000)]
        for start in range(0, len(keys), 1000):
            await client.delete(*keys[start : start + 1000])
        await client.aclose()


# ------------------------------------------------------------------------ timing


@dataclass
class Endpoint:
    group: str
    kind: str  # page or api
    path: str
    samples_ms: list[float] = field(default_factory=list)

    def percentile(self, q: float) -> float:
        ordered = sorted(self.samples_ms)
        index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))
        return ordered[index]


@dataclass(frozen=True)
class Row:
    group: str
    kind: str
    path: str
    n: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    mean_ms: float
    page_to_api_p50: float | None


async def _timed(
    client: httpx.AsyncClient, endpoint: Endpoint, headers: dict[str, str]
) -> None:
    started = time.perf_counter()
    response = await client.get(endpoint.path, headers=headers)
    elapsed_ms = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(
            f"{endpoint.path}: {response.status_code} {response.text[:300]}"
        )
    endpoint.samples_ms.append(elapsed_ms)


async def _sign_in(client: httpx.AsyncClient) -> None:
    login = await client.get("/console/login")
    match = _CSRF_RE.search(login.text)
    assert match, "the login page has no CSRF token"
    response = await client.post(
        "/console/login",
        data={
            "csrf_token": match.group(1),
            "username": USERNAME,
            "password": PASSWORD,
            "next": "/console",
        },
    )
    if response.status_code != 303:
        raise RuntimeError(f"sign-in failed: {response.status_code}")


async def _deep_cursor(client: httpx.AsyncClient, api: dict[str, str]) -> str:
    """The `older` cursor DEEP_OFFSET rows into the filtered log (set-up, untimed)."""
    response = await client.get(
        f"/api/calls?purpose=caller&outcome=bridged&language=fr&limit={PAGE_ROWS}"
        f"&offset={DEEP_OFFSET}",
        headers=api,
    )
    response.raise_for_status()
    cursor = response.json()["older"]
    assert cursor, "the filtered log is not deep enough"
    return str(cursor)


async def _measure(
    app: Any, token: str, *, rounds: int, requests: int
) -> list[Endpoint]:
    api = {"Authorization": f"Bearer {token}"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://127.0.0.1:8000", timeout=60
    ) as client:
        await _sign_in(client)
        cursor = await _deep_cursor(client, api)
        deep = f"outcome=bridged&language=fr&before={cursor}"
        pairs = [
            (
                Endpoint("board", "page", "/console"),
                Endpoint("board", "api", "/api/board"),
            ),
            (
                Endpoint("log, first page", "page", "/console/calls"),
                Endpoint(
                    "log, first page",
                    "api",
                    f"/api/calls?purpose=caller&limit={PAGE_ROWS}",
                ),
            ),
            (
                Endpoint("log, deep + filter", "page", f"/console/calls?{deep}"),
                Endpoint(
                    "log, deep + filter",
                    "api",
                    f"/api/calls?purpose=caller&limit={PAGE_ROWS}&{deep}",
                ),
            ),
        ]
        for page, endpoint in pairs:  # warm-up: compiled queries, template cache
            for _ in range(3):
                await _timed(client, page, {})
                await _timed(client, endpoint, api)
            page.samples_ms.clear()
            endpoint.samples_ms.clear()
        for _ in range(rounds):
            for page, endpoint in pairs:
                for _ in range(requests):
                    await _timed(client, page, {})
                    await _timed(client, endpoint, api)
    return [endpoint for pair in pairs for endpoint in pair]


def _rows_of(endpoints: list[Endpoint]) -> list[Row]:
    medians = {(e.group, e.kind): statistics.median(e.samples_ms) for e in endpoints}
    rows = []
    for e in endpoints:
        api = medians.get((e.group, "api"))
        rows.append(
            Row(
                group=e.group,
                kind=e.kind,
                path=e.path if len(e.path) < 60 else e.path[:57] + "...",
                n=len(e.samples_ms),
                p50_ms=round(statistics.median(e.samples_ms), 2),
                p95_ms=round(e.percentile(95), 2),
                p99_ms=round(e.percentile(99), 2),
                max_ms=round(max(e.samples_ms), 2),
                mean_ms=round(statistics.fmean(e.samples_ms), 2),
                page_to_api_p50=round(medians[(e.group, e.kind)] / api, 2)
                if e.kind == "page" and api
                else None,
            )
        )
    return rows


def _verdicts(rows: list[Row]) -> dict[str, dict[str, Any]]:
    verdicts = {}
    for row in rows:
        if row.kind != "page":
            continue
        target = BOARD_TARGET_MS if row.group == "board" else LOG_TARGET_MS
        verdicts[row.group] = {
            "p95_ms": row.p95_ms,
            "target_ms": target,
            "ok": row.p95_ms < target,
        }
    return verdicts


# ------------------------------------------------------------------------ databases


@asynccontextmanager
async def _postgres_database(server_url: str) -> AsyncIterator[str]:
    """A fresh database on the server of `server_url`, dropped afterwards."""
    import asyncpg

    url = make_url(server_url)
    name = f"hotline_bench_console_{uuid.uuid4().hex[:8]}"
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    admin = await asyncpg.connect(dsn)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def _postgres_answers(server_url: str) -> bool:
    import asyncpg

    dsn = make_url(server_url).set(drivername="postgresql")
    try:
        connection = await asyncio.wait_for(
            asyncpg.connect(dsn.render_as_string(hide_password=False)), timeout=3
        )
    except (TimeoutError, OSError, asyncpg.PostgresError):
        return False
    await connection.close()
    return True


@asynccontextmanager
async def _database(kind: str, postgres_url: str) -> AsyncIterator[str]:
    if kind == "postgres":
        async with _postgres_database(postgres_url) as url:
            yield url
        return
    with tempfile.TemporaryDirectory() as tmp:
        yield f"sqlite+aiosqlite:///{Path(tmp) / 'bench.sqlite3'}"


def _settings(url: str, redis_url: str) -> Settings:
    return Settings(
        env="dev",
        database=DatabaseSettings(url=url, migrate_on_start=False),
        redis=RedisSettings(url=redis_url),
    )


async def run(args: argparse.Namespace) -> dict[str, Any]:
    databases = ["sqlite"]
    if args.postgres is not False and (
        args.postgres or await _postgres_answers(args.postgres_url)
    ):
        databases.append("postgres")
    queues = ["memory", *(["redis"] if args.redis else [])]
    runs = []
    for database in databases:
        async with _database(database, args.postgres_url) as url:
            now = SystemClock().now()
            filled = await _fill_database(url, now)
            for queue_kind in queues:
                async with _queue(queue_kind, args.redis_url) as backend:
                    await _fill_queue(backend, SystemClock().now())
                    app = create_app(
                        _settings(url, args.redis_url), queue=backend, run_ticker=False
                    )
                    load_before = os.getloadavg()
                    async with app.router.lifespan_context(app):
                        endpoints = await _measure(
                            app,
                            filled["token"],
                            rounds=args.rounds,
                            requests=args.requests,
                        )
                    load_after = os.getloadavg()
                rows = _rows_of(endpoints)
                runs.append(
                    {
                        "database": database,
                        "queue": queue_kind,
                        "calls": filled["calls"],
                        "requests_in_db": filled["requests"],
                        "fill_s": filled["fill_s"],
                        "load_before": [round(x, 2) for x in load_before],
                        "load_after": [round(x, 2) for x in load_after],
                        "rows": [asdict(row) for row in rows],
                        "verdicts": _verdicts(rows),
                    }
                )
                _report(runs[-1], args)
    return {
        "conditions": {
            "calls": CALLS,
            "days": DAYS,
            "operators": OPERATORS,
            "waiting": WAITING,
            "ringing": RINGING,
            "on_call": ON_CALL,
            "wrap_up": WRAP_UP,
            "away": AWAY,
            "rounds": args.rounds,
            "requests_per_round": args.requests,
            "deep_offset": DEEP_OFFSET,
            "cores": os.cpu_count(),
            "python": sys.version.split()[0],
            "taken_at": datetime.now(UTC).isoformat(timespec="seconds"),
        },
        "runs": runs,
    }


def _report(run: dict[str, Any], args: argparse.Namespace) -> None:
    print(
        f"\n== {run['database']} + {run['queue']} queue: {run['calls']} calls "
        f"(filled in {run['fill_s']} s), {OPERATORS} operators ({RINGING} ringing, "
        f"{ON_CALL} on a call, {WRAP_UP} wrap-up, {AWAY} away), {WAITING} waiting; "
        f"{args.rounds} rounds x {args.requests} requests per endpoint, page and API "
        "alternating"
    )
    header = (
        f"{'endpoint':<20} {'':<4} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'max ms':>8} {'page/API':>9}  path"
    )
    print(header)
    print("-" * len(header))
    for row in run["rows"]:
        ratio = row["page_to_api_p50"]
        print(
            f"{row['group']:<20} {row['kind']:<4} {row['p50_ms']:>8.1f} "
            f"{row['p95_ms']:>8.1f} {row['p99_ms']:>8.1f} {row['max_ms']:>8.1f} "
            f"{(f'{ratio:.2f}' if ratio is not None else ''):>9}  {row['path']}"
        )
    for group, verdict in run["verdicts"].items():
        print(
            f"{group} page p95 {verdict['p95_ms']:.1f} ms "
            f"(target < {verdict['target_ms']:.0f} ms): "
            + ("OK" if verdict["ok"] else "MISSED")
        )
    before, after = run["load_before"], run["load_after"]
    print(
        f"load average (1/5/15 min) before {before}, after {after}; "
        f"{os.cpu_count()} cores"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=30, help="per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--redis", action="store_true", help="also the Redis queue")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument(
        "--postgres",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="PostgreSQL too (default: when the test server answers)",
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("HOTLINE_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL),
        help="a server to create the throwaway database on",
    )
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    result = asyncio.run(run(args))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
