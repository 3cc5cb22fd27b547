"""Faults: the call storm on two app processes sharing Redis and PostgreSQL, while a
part fails.

    python -m bench.faults [--fault none kill redis database] [--runs 1]
                           [--callers 360] [--operators 20] [--minutes 6]
                           [--fault-at 100] [--speed 3] [--json F]

Two real uvicorn processes (`bench/faults_app.py`) behind a small round-robin
balancer that skips an instance refusing connections (what the reverse proxy does);
the Twilio simulator in this process drives the calls over HTTP and serves its REST
API over HTTP too (`HOTLINE_TWILIO__API_BASE_URL`). Every clock (the apps' and the
simulator's) runs `--speed` times faster than the wall clock, so ten simulated
minutes take a little over three at the default speed (the machine's load decides
how fast a storm may go: an operator has 8 simulated seconds to press 1). About
`--fault-at` simulated seconds in, one fault (each run in turn):

* none: the baseline;
* kill: one app process is killed (SIGKILL) and stays dead;
* redis: every key of this hotline is deleted (to the app, Redis restarted empty; a
  key prefix of its own, so nothing else on a shared server is touched);
* database: the apps reach PostgreSQL through a TCP proxy, which refuses and drops
  every connection for `--outage` (30) simulated seconds.

Each run reports callers started, bridged, called back, voicemail, hung up (logged),
lost (must be 0) and double offers (an operator's phone rung twice at once; must be
0), with the load average. PostgreSQL gets a scratch database of its own (created and
dropped; `--database-url` to use another), Redis a key prefix of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Coroutine, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, get_args
from urllib.parse import urlsplit, urlunsplit

import anyio.to_thread
import asyncpg
import httpx
import uvicorn
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import create_async_engine

from app.db import create_sessionmaker
from app.migrate import upgrade_head
from app.queue.redis_backend import RedisQueueBackend
from app.volunteers import service as volunteer_service
from app.volunteers.schemas import VolunteerCreate
from bench.call_storm import (
    CALLER_LANGUAGES,
    OPERATOR_LANGUAGES,
    analyse,
    caller_steps,
    operator_phone,
    percentile,
    pick,
)
from bench.dialogue import _cpu_seconds
from bench.faults_app import ScaledClock
from twilio_simulator.engine import TwilioSimulator
from twilio_simulator.parties import ScriptedCaller

Fault = Literal["none", "kill", "redis", "database"]

ACCOUNT_SID = "AC" + "f" * 32
AUTH_TOKEN = "faults-auth-token"
HOTLINE = "+3228089654"
PUBLIC_URL = "http://hotline.faults"
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday morning in Brussels
DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


@dataclass
class FaultReport:
    fault: str
    callers: int
    operators: int
    speed: float
    fault_at_s: float
    real_seconds: float
    load_average: tuple[float, float, float]
    bridged: int
    called_back: int
    voicemail: int
    hung_up: int
    lost: int
    double_offers: int
    fifo_violations: int
    webhooks: int
    webhook_failures: int
    webhook_p50_ms: float
    webhook_p99_ms: float
    # The app processes' own CPU (user + system, from /proc) from ready to the end
    # of the storm, over the callers and over the webhooks they sent (a killed
    # process counts up to its last reading).
    app_cpu_s: float
    app_cpu_ms_per_call: float
    app_cpu_ms_per_webhook: float
    # Call legs still live when the storm was over (none, unless something hangs).
    still_live: int
    outcomes: dict[str, int] = field(default_factory=dict)
    lost_call_sids: list[str] = field(default_factory=list)
    lost_transcripts: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ------------------------------------------------------------------ the parts


class Balancer(httpx.AsyncBaseTransport):
    """Round robin over the app processes; an instance refusing connections (dead)
    is skipped for a while and its request sent to the next one, as a reverse proxy
    with passive health checks does. A request in flight on an instance that dies
    fails, as it would behind a real proxy."""

    DOWN_FOR_S = 5.0

    def __init__(self, upstreams: Sequence[str]) -> None:
        self._upstreams = [urlsplit(u) for u in upstreams]
        self._down_until = [0.0] * len(upstreams)
        self._next = 0
        self._transport = httpx.AsyncHTTPTransport(
            limits=httpx.Limits(max_connections=400, max_keepalive_connections=100)
        )

    def _order(self) -> list[int]:
        """This request's upstreams: round robin, the ones seen down last."""
        start = self._next
        self._next += 1
        count = len(self._upstreams)
        order = [(start + i) % count for i in range(count)]
        now = time.monotonic()
        return sorted(order, key=lambda i: self._down_until[i] > now)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        last: httpx.TransportError | None = None
        for index in self._order():
            upstream = self._upstreams[index]
            url = request.url.copy_with(
                scheme=upstream.scheme, host=upstream.hostname, port=upstream.port
            )
            forwarded = httpx.Request(
                request.method, url, headers=request.headers, content=body
            )
            try:
                return await self._transport.handle_async_request(forwarded)
            except httpx.ConnectError as error:
                self._down_until[index] = time.monotonic() + self.DOWN_FOR_S
                last = error
        assert last is not None
        raise last

    async def aclose(self) -> None:
        await self._transport.aclose()


class TcpProxy:
    """A TCP proxy in front of PostgreSQL that can be cut: while cut it refuses
    new connections and has dropped every open one (a network outage). Runs in a
    process of its own (`ProxyProcess`), never on the simulator's event loop."""

    def __init__(self, target_host: str, target_port: int, port: int) -> None:
        self.port = port
        self._target = (target_host, target_port)
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(
            self._handle, "127.0.0.1", self.port, reuse_address=True
        )

    async def cut(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    async def _handle(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self._target)
        except OSError:
            writer.transport.abort()
            return
        self._writers.update((writer, up_writer))

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                dst.transport.abort()

        try:
            await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
        finally:
            self._writers.discard(writer)
            self._writers.discard(up_writer)


def _proxy_main(argv: Sequence[str]) -> None:
    """`python -m bench.faults --proxy PORT HOST TARGET_PORT`: SIGUSR1 cuts,
    SIGUSR2 restores, SIGTERM ends."""
    port, host, target_port = int(argv[0]), argv[1], int(argv[2])

    async def serve() -> None:
        proxy = TcpProxy(host, target_port, port)
        await proxy.start()
        loop = asyncio.get_running_loop()
        done = asyncio.Event()
        tasks: set[asyncio.Task[None]] = set()

        def spawn(work: Coroutine[Any, Any, None]) -> None:
            task = loop.create_task(work)
            tasks.add(task)
            task.add_done_callback(tasks.discard)

        loop.add_signal_handler(signal.SIGUSR1, lambda: spawn(proxy.cut()))
        loop.add_signal_handler(signal.SIGUSR2, lambda: spawn(proxy.start()))
        loop.add_signal_handler(signal.SIGTERM, done.set)
        await done.wait()

    asyncio.run(serve())


class ProxyProcess:
    """The database proxy, in its own process."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.port = _free_port()
        self._process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bench.faults",
                "--proxy",
                str(self.port),
                target_host,
                str(target_port),
            ]
        )

    async def ready(self) -> None:
        for _ in range(100):
            with contextlib.suppress(OSError):
                _, writer = await asyncio.open_connection("127.0.0.1", self.port)
                writer.close()
                return
            await asyncio.sleep(0.1)
        raise RuntimeError("the database proxy did not start")

    def cut(self) -> None:
        self._process.send_signal(signal.SIGUSR1)

    def restore(self) -> None:
        self._process.send_signal(signal.SIGUSR2)

    def stop(self) -> None:
        self._process.terminate()
        self._process.wait(timeout=10)


@contextlib.asynccontextmanager
async def scratch_database(server_url: str) -> AsyncIterator[str]:
    """A new, empty database on the server of `server_url`, dropped afterwards."""
    name = f"hotline_faults_{secrets.token_hex(4)}"
    parts = urlsplit(server_url)
    dsn = urlunsplit(("postgresql", parts.netloc, parts.path, "", ""))
    admin = await asyncpg.connect(dsn)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        url = urlunsplit((parts.scheme, parts.netloc, f"/{name}", "", ""))
        await anyio.to_thread.run_sync(upgrade_head, url)
        yield url
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def _via(url: str, port: int) -> str:
    """`url` with its host and port replaced by the proxy's."""
    parts = urlsplit(url)
    user = parts.netloc.rsplit("@", 1)[0] + "@" if "@" in parts.netloc else ""
    return urlunsplit(
        (parts.scheme, f"{user}127.0.0.1:{port}", parts.path, parts.query, "")
    )


def _start_app(
    port: int, env: dict[str, str], log_dir: Path | None
) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "bench.faults_app:app_factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    log = (log_dir / f"app-{port}.log").open("ab") if log_dir else None
    return subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log if log is not None else subprocess.DEVNULL,
    )


async def _wait_ready(port: int, process: subprocess.Popen[bytes]) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(300):
            if process.poll() is not None:
                raise RuntimeError(f"app on port {port} exited ({process.returncode})")
            with contextlib.suppress(httpx.HTTPError):
                response = await client.get(f"http://127.0.0.1:{port}/healthz")
                if response.status_code == 200:
                    return
            await asyncio.sleep(0.2)
    raise RuntimeError(f"app on port {port} did not start")


# ------------------------------------------------------------------ the storm


async def _operators(
    *,
    sim: TwilioSimulator,
    database_url: str,
    balancer: Balancer,
    rng: random.Random,
    count: int,
    now: datetime,
) -> None:
    """Operators created in the database; each goes on duty with their own token
    over HTTP (PUT /api/duty), as a volunteer's phone app would."""
    engine = create_async_engine(database_url)
    tokens: list[str] = []
    try:
        async with create_sessionmaker(engine)() as session:
            for i in range(count):
                data = VolunteerCreate(
                    name=f"Operator {i}",
                    phone_number=f"+3247{i:07d}",
                    languages=list(pick(rng, OPERATOR_LANGUAGES)),
                    is_operator=True,
                )
                volunteer, token = await volunteer_service.create(
                    session, data, now=now
                )
                sim.phone(volunteer.phone_number, operator_phone(rng))
                tokens.append(token)
    finally:
        await engine.dispose()
    async with httpx.AsyncClient(transport=balancer, base_url=PUBLIC_URL) as client:
        for token in tokens:
            response = await client.put(
                "/api/duty",
                json={"on_duty": True},
                headers={"Authorization": f"Bearer {token}"},
            )
            response.raise_for_status()


async def _arrivals(
    sim: TwilioSimulator,
    clock: ScaledClock,
    rng: random.Random,
    callers: int,
    minutes: float,
) -> list[str]:
    sids = []
    rate = callers / (minutes * 60)
    for i in range(callers):
        await clock.sleep(rng.expovariate(rate))
        language = pick(rng, CALLER_LANGUAGES)
        number = f"+3225{i:06d}"
        # Short conversations: the storm is about the queue, not the talking.
        party = ScriptedCaller(caller_steps(rng, language), talk_s=rng.uniform(20, 60))
        sim.phone(number, ScriptedCaller([], talk_s=rng.uniform(20, 60)))
        call = await sim.place_call(from_=number, to=HOTLINE, party=party)
        sids.append(call.sid)
    return sids


async def run_faults(
    *,
    fault: Fault,
    callers: int,
    operators: int,
    minutes: float,
    fault_at_s: float,
    outage_s: float,
    speed: float,
    database_url: str,
    redis_url: str,
    seed: int = 2020,
    log_dir: Path | None = None,
) -> FaultReport:
    rng = random.Random(seed)
    started = time.perf_counter()
    clock = ScaledClock(origin=START, wall_s=time.time(), speed=speed)
    prefix = f"hotline-faults-{secrets.token_hex(4)}:"
    target = urlsplit(database_url)
    proxy = ProxyProcess(target.hostname or "127.0.0.1", target.port or 5432)
    await proxy.ready()
    ports = [_free_port(), _free_port()]
    balancer = Balancer([f"http://127.0.0.1:{port}" for port in ports])
    sim = TwilioSimulator(
        account_sid=ACCOUNT_SID,
        auth_token=AUTH_TOKEN,
        clock=clock,
        webhook_transports=[balancer],
    )
    rest_port = _free_port()
    rest = uvicorn.Server(
        uvicorn.Config(
            sim.rest_app, host="127.0.0.1", port=rest_port, log_level="warning"
        )
    )
    rest_task = asyncio.create_task(rest.serve())
    env = {
        **os.environ,
        **clock.environ(),
        "HOTLINE_ENV": "test",
        "HOTLINE_PUBLIC_BASE_URL": PUBLIC_URL,
        "HOTLINE_DATABASE__URL": _via(database_url, proxy.port),
        "HOTLINE_DATABASE__MIGRATE_ON_START": "false",
        "HOTLINE_QUEUE__BACKEND": "redis",
        "HOTLINE_QUEUE__WRAPUP_S": "20",
        "HOTLINE_REDIS__URL": redis_url,
        "HOTLINE_REDIS__KEY_PREFIX": prefix,
        "HOTLINE_TWILIO__ACCOUNT_SID": ACCOUNT_SID,
        "HOTLINE_TWILIO__AUTH_TOKEN": AUTH_TOKEN,
        "HOTLINE_TWILIO__API_BASE_URL": f"http://127.0.0.1:{rest_port}",
        "HOTLINE_IVR__OPEN_FROM": "00:00",
        "HOTLINE_IVR__OPEN_UNTIL": "00:00",
        "HOTLINE_LOG_FORMAT": "text",
    }
    processes = [_start_app(port, env, log_dir) for port in ports]
    redis = Redis.from_url(redis_url, decode_responses=True)
    queue = RedisQueueBackend(redis, prefix=prefix)
    try:
        for port, process in zip(ports, processes, strict=True):
            await _wait_ready(port, process)
        cpu = _AppCpu(processes)
        sampler = asyncio.create_task(cpu.sample(every_s=1.0))
        sim.add_number(
            HOTLINE,
            voice_url=PUBLIC_URL + "/twilio/voice",
            status_callback=PUBLIC_URL + "/twilio/status",
            sms_url=PUBLIC_URL + "/twilio/sms",
        )
        await _operators(
            sim=sim,
            database_url=database_url,
            balancer=balancer,
            rng=rng,
            count=operators,
            now=clock.now(),
        )
        injector = asyncio.create_task(
            _inject(
                fault,
                clock=clock,
                at_s=fault_at_s,
                outage_s=outage_s,
                processes=processes,
                redis=redis,
                prefix=prefix,
                proxy=proxy,
            )
        )
        sids = await _arrivals(sim, clock, rng, callers, minutes)
        await injector
        await _drain(sim, queue, clock)
        sampler.cancel()
        cpu.read()
        engine = create_async_engine(database_url)
        try:
            analysis = await analyse(create_sessionmaker(engine), sim, sids)
        finally:
            await engine.dispose()
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
            if process.poll() is None:
                process.kill()
        rest.should_exit = True
        await rest_task
        await sim.aclose()  # closes the balancer too
        proxy.stop()
        keys = [key async for key in redis.scan_iter(match=prefix + "*", count=1000)]
        if keys:
            await redis.delete(*keys)
        await redis.aclose()
    outcomes: dict[str, int] = analysis["outcomes"]
    lost = analysis["lost"]
    requests = sim.requests
    latencies = [r.elapsed_s * 1000 for r in requests]
    return FaultReport(
        fault=fault,
        callers=len(sids),
        operators=operators,
        speed=speed,
        fault_at_s=fault_at_s,
        real_seconds=round(time.perf_counter() - started, 1),
        load_average=os.getloadavg(),
        bridged=outcomes.get("bridged", 0),
        called_back=outcomes.get("called back", 0),
        voicemail=outcomes.get("voicemail", 0),
        hung_up=outcomes.get("caller hung up in queue (logged)", 0),
        lost=len(lost),
        double_offers=analysis["double_offers"],
        fifo_violations=analysis["fifo_violations"],
        webhooks=len(requests),
        webhook_failures=sum(1 for r in requests if r.error is not None),
        webhook_p50_ms=round(percentile(latencies, 50), 1),
        webhook_p99_ms=round(percentile(latencies, 99), 1),
        app_cpu_s=round(cpu.seconds, 1),
        app_cpu_ms_per_call=round(1000 * cpu.seconds / max(len(sids), 1), 1),
        app_cpu_ms_per_webhook=round(1000 * cpu.seconds / max(len(requests), 1), 2),
        still_live=sum(1 for call in sim.calls.values() if call.end_time is None),
        outcomes=outcomes,
        lost_call_sids=lost[:20],
        lost_transcripts=[sim.calls[sid].transcript.format() for sid in lost[:3]],
    )


async def _drain(
    sim: TwilioSimulator, queue: RedisQueueBackend, clock: ScaledClock
) -> None:
    """Until every call is over and no promised callback waits, or nothing moved for
    ten simulated minutes (what is left then is reported as lost)."""
    last: tuple[int, int] | None = None
    still = 0
    while still < 10:
        live = sum(1 for call in sim.calls.values() if call.end_time is None)
        waiting = await queue.waiting_count()
        if live == 0 and waiting == 0:
            return
        still = still + 1 if (live, waiting) == last else 0
        last = (live, waiting)
        print(
            f"  {clock.now():%H:%M:%S} {live} calls live, {waiting} waiting",
            file=sys.stderr,
        )
        await clock.sleep(60)


async def _inject(
    fault: Fault,
    *,
    clock: ScaledClock,
    at_s: float,
    outage_s: float,
    processes: list[subprocess.Popen[bytes]],
    redis: Redis,
    prefix: str,
    proxy: ProxyProcess,
) -> None:
    await clock.sleep(at_s)
    if fault == "kill":
        processes[1].send_signal(signal.SIGKILL)
    elif fault == "redis":
        keys = [key async for key in redis.scan_iter(match=prefix + "*", count=1000)]
        if keys:
            await redis.delete(*keys)
    elif fault == "database":
        proxy.cut()
        await clock.sleep(outage_s)
        proxy.restore()


class _AppCpu:
    """The app processes' CPU seconds since construction, read every second (a
    process killed by the `kill` fault keeps its last reading)."""

    def __init__(self, processes: Sequence[subprocess.Popen[bytes]]) -> None:
        self._processes = processes
        self._start = {p.pid: _cpu_seconds(p.pid) for p in processes}
        self._last = dict(self._start)

    def read(self) -> None:
        for process in self._processes:
            with contextlib.suppress(OSError, IndexError, ValueError):
                self._last[process.pid] = _cpu_seconds(process.pid)

    async def sample(self, *, every_s: float) -> None:
        while True:
            self.read()
            await asyncio.sleep(every_s)

    @property
    def seconds(self) -> float:
        return sum(self._last[pid] - self._start[pid] for pid in self._start)


def _print(report: FaultReport) -> None:
    load = ", ".join(f"{x:.2f}" for x in report.load_average)
    print(
        f"{report.fault:>9}: {report.callers} callers, {report.bridged} bridged, "
        f"{report.called_back} called back, {report.voicemail} voicemail, "
        f"{report.hung_up} hung up (logged), lost {report.lost}, "
        f"double offers {report.double_offers}, FIFO violations "
        f"{report.fifo_violations}, webhook failures {report.webhook_failures}/"
        f"{report.webhooks} (p50 {report.webhook_p50_ms} ms, p99 "
        f"{report.webhook_p99_ms} ms), {report.still_live} legs still live; "
        f"app CPU {report.app_cpu_s} s ({report.app_cpu_ms_per_call} ms per call, "
        f"{report.app_cpu_ms_per_webhook} ms per webhook); "
        f"{report.real_seconds} s, load {load}"
    )
    for transcript in report.lost_transcripts:
        print("\n-- a lost call --\n" + transcript)


async def _main(args: argparse.Namespace) -> list[FaultReport]:
    reports = []
    for run in range(args.runs):
        for fault in args.fault:
            if args.database_url:
                report = await _one(args, fault, args.database_url, run)
            else:
                async with scratch_database(args.postgres_url) as url:
                    report = await _one(args, fault, url, run)
            _print(report)
            reports.append(report)
    return reports


async def _one(
    args: argparse.Namespace, fault: Fault, database_url: str, run: int
) -> FaultReport:
    return await run_faults(
        fault=fault,
        callers=args.callers,
        operators=args.operators,
        minutes=args.minutes,
        fault_at_s=args.fault_at,
        outage_s=args.outage,
        speed=args.speed,
        database_url=database_url,
        redis_url=args.redis_url,
        seed=args.seed + run,
        log_dir=args.app_logs,
    )


def main() -> int:
    if sys.argv[1:2] == ["--proxy"]:
        _proxy_main(sys.argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--fault",
        nargs="+",
        choices=get_args(Fault),
        default=["none", "kill", "redis", "database"],
    )
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--callers", type=int, default=360)
    parser.add_argument("--operators", type=int, default=20)
    parser.add_argument("--minutes", type=float, default=6)
    parser.add_argument("--fault-at", type=float, default=100)
    parser.add_argument("--outage", type=float, default=30)
    parser.add_argument("--speed", type=float, default=3)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("HOTLINE_TEST_POSTGRES_URL", DEFAULT_POSTGRES),
        help="a scratch database is created on this server for each run",
    )
    parser.add_argument("--database-url", default=None, help="use this database")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--json", default=None)
    parser.add_argument(
        "--app-logs", type=Path, default=None, help="the app processes' logs go here"
    )
    args = parser.parse_args()
    reports = asyncio.run(_main(args))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump([asdict(r) for r in reports], out, indent=2)
    ok = all(r.lost == 0 and r.double_offers == 0 for r in reports)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
