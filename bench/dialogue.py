"""Benchmark: whole caller dialogues, the hotline vs a bare endpoint, side by side.

    python -m bench.dialogue [--callers 20 50] [--seconds 10] [--think-ms 0]
                             [--holds 3] [--nobody-on-duty] [--postgres-url URL]
                             [--no-postgres] [--json F]

A caller's dialogue is every webhook Twilio sends for a caller who chooses a language,
a need, types a postcode, is queued and holds (one operator is on duty, but speaks
none of the callers' languages: the line is busy), hears the hold loop `--holds`
times, then hangs up:

    voice -> language -> need -> postcode -> queue/enter -> queue/wait x3
          -> queue/left -> status

With `--nobody-on-duty` the queued caller is offered a callback at once and takes it
(queue/enter -> queue/overflow -> status). `--think-ms` is each caller's pause
after every answer (0: a closed loop, the server's capacity; real callers listen
to seconds of prompts between two webhooks). Each server is also measured on the
hold loop alone: the same number of callers, all holding, asking the wait URL
over and over ("hotline ... hold" rows: CPU and latency of queue/wait only).

The client follows the TwiML it gets (Gather actions, Redirects, Enqueue's waitUrl and
action), so the steps are whatever the IVR really asks; every request is signed as
Twilio signs it. N callers play dialogues at once (closed loop) for `--seconds`.

Measured per server (one uvicorn worker each, uvloop + httptools, memory queue):
- server CPU per webhook: the server process's own user+system CPU time (from
  /proc/<pid>/stat) over the measured window, divided by the webhooks answered;
- p50/p99 latency per webhook, overall and per step; dialogues per second;
- the server's log lines at WARNING and ERROR ("srv w/e"): a webhook that failed
  still answers 200 with its fallback TwiML, so only the log tells.
The bare endpoint (bench/bare_app.py) answers the same number of webhooks per dialogue
with constant TwiML: it is the floor a Python web stack costs on this machine.
What it does not measure: the hold loop over minutes, operators, matching, SMS.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import aiohttp

from app.telephony.twilio_adapter import sign_request
from bench.webhook import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    HOTLINE,
    _free_port,
    _log_of,
    _start,
)
from bench.webhook import _wait_ready as wait_ready

DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/hotline_bench"
# What the caller answers at each menu (the node is the Gather action's last path part).
# Nobody is on duty in this benchmark, so a queued caller is offered a callback at once
# (queue/overflow) and takes it: 1.
GERMAN_OPERATOR = "+32470000001"
ANSWERS = {
    "language": "1",
    "need": "1",
    "postcode": "1030",
    "confirm": "1",
    "queue/overflow": "1",
}
BARE_STEPS = ("voice", "language", "need", "postcode", "enter", "overflow", "status")
MAX_STEPS = 20


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def _load() -> float:
    return os.getloadavg()[0]


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: int = 0
    dialogues: int = 0

    def all(self) -> list[float]:
        return [x for values in self.latencies.values() for x in values]


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


class Caller:
    """One caller's webhooks, signed as Twilio signs them."""

    def __init__(
        self,
        http: aiohttp.ClientSession,
        base: str,
        index: int,
        *,
        think_s: float = 0.0,
        holds: int = 3,
    ) -> None:
        self.http = http
        self.base = base
        self.think_s = think_s
        self.holds = holds
        self.sid = "CA" + secrets.token_hex(16)
        number = f"+3247{index:03d}{random.randrange(10**4):04d}"
        self.params = {
            "CallSid": self.sid,
            "AccountSid": ACCOUNT_SID,
            "From": number,
            "To": HOTLINE,
            "Caller": number,
            "Called": HOTLINE,
            "Direction": "inbound",
            "ApiVersion": "2010-04-01",
            "CallStatus": "in-progress",
        }

    async def post(
        self, tally: Tally, step: str, url: str, extra: dict[str, str]
    ) -> str | None:
        absolute = url if url.startswith("http") else self.base + url
        params = {**self.params, **extra}
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": sign_request(AUTH_TOKEN, absolute, params),
        }
        began = time.perf_counter()
        try:
            async with self.http.post(
                absolute, data=urlencode(params), headers=headers
            ) as response:
                body = await response.text()
                ok = response.status == 200
        except aiohttp.ClientError:
            ok, body = False, ""
        if not ok:
            tally.errors += 1
            return None
        tally.latencies[step].append((time.perf_counter() - began) * 1000)
        if self.think_s:  # callers listen for different times: no lockstep
            await asyncio.sleep(random.uniform(0.5, 1.5) * self.think_s)
        return body


def _step_name(url: str) -> str:
    path = urlsplit(url).path
    for prefix in ("/twilio/ivr/", "/twilio/"):
        if path.startswith(prefix):
            return path.removeprefix(prefix)
    return path


async def hotline_dialogue(caller: Caller, tally: Tally) -> None:
    body = await caller.post(tally, "voice", "/twilio/voice", {"CallStatus": "ringing"})
    for _ in range(MAX_STEPS):
        if body is None:
            return
        root = ET.fromstring(body)
        gather = root.find("Gather")
        enqueue = root.find("Enqueue")
        redirect = root.find("Redirect")
        if gather is not None:
            action = gather.get("action", "")
            node = _step_name(action)
            body = await caller.post(
                tally, node, action, {"Digits": ANSWERS.get(node, "1")}
            )
        elif enqueue is not None:
            await _hold_then_hang_up(caller, tally, enqueue)
            tally.dialogues += 1
            return
        elif redirect is not None and redirect.text:
            url = redirect.text
            body = await caller.post(tally, _step_name(url), url, {})
        elif root.find("Hangup") is not None:
            await _hang_up(caller, tally)
            tally.dialogues += 1
            return
        else:
            tally.errors += 1  # a dialogue that ends before the queue
            return
    tally.errors += 1


QUEUE = {"QueueSid": "QU" + "0" * 32, "CurrentQueueSize": "1", "QueuePosition": "1"}


async def _hold_then_hang_up(caller: Caller, tally: Tally, enqueue: ET.Element) -> None:
    queue = QUEUE
    if wait_url := enqueue.get("waitUrl"):
        for _ in range(caller.holds):
            await caller.post(
                tally, "queue/wait", wait_url, {**queue, "QueueTime": "30"}
            )
    if action := enqueue.get("action"):
        await caller.post(
            tally,
            "queue/left",
            action,
            {**queue, "QueueResult": "hangup", "QueueTime": "5"},
        )
    await _hang_up(caller, tally)


async def _hang_up(caller: Caller, tally: Tally) -> None:
    await caller.post(
        tally,
        "status",
        "/twilio/status",
        {"CallStatus": "completed", "CallDuration": "40"},
    )


async def enter_queue(caller: Caller, tally: Tally) -> str | None:
    """Play a dialogue up to the queue; the hold loop's wait URL (None: no hold)."""
    body = await caller.post(tally, "voice", "/twilio/voice", {"CallStatus": "ringing"})
    for _ in range(MAX_STEPS):
        if body is None:
            return None
        root = ET.fromstring(body)
        if (enqueue := root.find("Enqueue")) is not None:
            return enqueue.get("waitUrl")
        gather, redirect = root.find("Gather"), root.find("Redirect")
        if gather is not None:
            action = gather.get("action", "")
            node = _step_name(action)
            body = await caller.post(
                tally, node, action, {"Digits": ANSWERS.get(node, "1")}
            )
        elif redirect is not None and redirect.text:
            body = await caller.post(
                tally, _step_name(redirect.text), redirect.text, {}
            )
        else:
            return None
    return None


async def bare_dialogue(caller: Caller, tally: Tally) -> None:
    for step in BARE_STEPS:
        if await caller.post(tally, step, f"/twilio/{step}", {"Digits": "1"}) is None:
            return
    tally.dialogues += 1


async def _play(
    port: int,
    *,
    callers: int,
    seconds: float,
    bare: bool,
    pid: int,
    think_s: float,
    holds: int,
    hold_only: bool = False,
) -> dict[str, object]:
    base = f"http://127.0.0.1:{port}"
    dialogue = bare_dialogue if bare else hotline_dialogue
    connector = aiohttp.TCPConnector(limit=callers)
    async with aiohttp.ClientSession(connector=connector) as http:

        def caller(index: int, think: float = think_s) -> Caller:
            return Caller(http, base, index, think_s=think, holds=holds)

        warm = Tally()
        await asyncio.gather(*(dialogue(caller(i, 0.0), warm) for i in range(5)))
        holding: list[tuple[Caller, str]] = []
        if hold_only:  # everyone in the queue first (not measured)
            for i in range(callers):
                c = caller(i, 0.0)
                if wait_url := await enter_queue(c, warm):
                    c.think_s = think_s
                    holding.append((c, wait_url))
        tally = Tally()
        deadline = time.perf_counter() + seconds

        async def loop(index: int) -> None:
            await asyncio.sleep(random.uniform(0, think_s))  # not all at once
            while time.perf_counter() < deadline:
                await dialogue(caller(index), tally)

        async def hold(c: Caller, wait_url: str) -> None:
            await asyncio.sleep(random.uniform(0, think_s))
            while time.perf_counter() < deadline:
                extra = {**QUEUE, "QueueTime": "30"}
                if await c.post(tally, "queue/wait", wait_url, extra) is None:
                    return
                tally.dialogues += 1

        load_before = _load()
        cpu_before, started = _cpu_seconds(pid), time.perf_counter()
        if hold_only:
            await asyncio.gather(*(hold(c, url) for c, url in holding))
        else:
            await asyncio.gather(*(loop(i) for i in range(callers)))
        elapsed = time.perf_counter() - started
        cpu = _cpu_seconds(pid) - cpu_before
    latencies = tally.all()
    webhooks = len(latencies)
    return {
        "webhooks": webhooks,
        "dialogues": tally.dialogues,
        "errors": tally.errors,
        "dialogues_per_s": round(tally.dialogues / elapsed, 1),
        "cpu_ms_per_webhook": round(cpu * 1000 / webhooks, 3) if webhooks else None,
        "cpu_ms_per_dialogue": round(cpu * 1000 / tally.dialogues, 2)
        if tally.dialogues
        else None,
        "p50_ms": round(_pct(latencies, 50), 2),
        "p99_ms": round(_pct(latencies, 99), 2),
        "max_ms": round(max(latencies, default=float("nan")), 1),
        "steps": {
            step: {
                "n": len(values),
                "p50_ms": round(_pct(values, 50), 2),
                "p99_ms": round(_pct(values, 99), 2),
                "mean_ms": round(statistics.fmean(values), 2),
            }
            for step, values in sorted(tally.latencies.items())
        },
        "load_1min": f"{load_before:.2f}->{_load():.2f}",
    }


def _seed_operator(url: str) -> None:
    """The schema, and one operator on duty who speaks only German: callers (who
    choose Dutch) hold, and nobody is rung (no provider to ring here)."""
    from datetime import UTC, datetime

    from sqlalchemy import insert

    from app.db import create_engine
    from app.migrate import upgrade_head
    from app.volunteers.models import Volunteer

    upgrade_head(url)

    async def seed() -> None:
        engine = create_engine(url)
        async with engine.begin() as connection:
            await connection.execute(
                insert(Volunteer).values(
                    name="Bench Operator",
                    phone_number=GERMAN_OPERATOR,
                    languages=["de"],
                    is_active=True,
                    is_operator=True,
                    duty_state="available",
                    created_at=datetime.now(UTC),
                )
            )
        await engine.dispose()

    asyncio.run(seed())


def _fresh_postgres(url: str) -> None:
    """Drop and recreate the benchmark database (never the tests' database)."""
    import asyncpg

    name = url.rsplit("/", 1)[1]

    async def recreate() -> None:
        admin_url = url.replace("postgresql+asyncpg", "postgresql").rsplit("/", 1)[0]
        connection = await asyncpg.connect(admin_url + "/postgres")
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()

    asyncio.run(recreate())


def _server_env(port: int, database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "HOTLINE_ENV": "dev",
        "HOTLINE_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "HOTLINE_DATABASE__URL": database_url,
        "HOTLINE_TWILIO__AUTH_TOKEN": AUTH_TOKEN,
        "HOTLINE_TWILIO__ACCOUNT_SID": ACCOUNT_SID,
        "HOTLINE_TWILIO__HOTLINE_NUMBER": HOTLINE,
        "HOTLINE_IVR__OPEN_FROM": "00:00",
        "HOTLINE_IVR__OPEN_UNTIL": "00:00",
        "HOTLINE_ABUSE__CALLER_CALLS_PER_HOUR": "1000000",
    }


def _measure(
    target: list[str],
    database_url: str,
    callers: int,
    seconds: float,
    *,
    bare: bool,
    think_s: float = 0.0,
    holds: int = 3,
    hold_only: bool = False,
) -> dict[str, object]:
    port = _free_port()
    server = _start(target, port, _server_env(port, database_url))
    try:
        wait_ready(port, server)
        result = asyncio.run(
            _play(
                port,
                callers=callers,
                seconds=seconds,
                bare=bare,
                pid=server.pid,
                think_s=think_s,
                holds=holds,
                hold_only=hold_only,
            )
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    # A webhook that failed still answers 200 (its fallback TwiML): the server's
    # warnings and errors are what tells.
    log = _log_of(server, tail=0).splitlines()
    result["server_warnings"] = sum(" WARNING " in line for line in log)
    result["server_errors"] = sum(" ERROR " in line for line in log)
    return result


def _print(rows: list[dict[str, object]]) -> None:
    header = (
        f"{'server':<22} {'callers':>7} {'CPU ms/wh':>9} {'ratio':>6} {'p50 ms':>8} "
        f"{'p99 ms':>8} {'max ms':>8} {'dlg/s':>7} {'errors':>6} {'srv w/e':>7}  load"
    )
    print(header)
    for row in rows:
        print(
            f"{row['server']!s:<22} {row['callers']!s:>7} "
            f"{row['cpu_ms_per_webhook']!s:>9} {row.get('ratio', '')!s:>6} "
            f"{row['p50_ms']!s:>8} {row['p99_ms']!s:>8} {row['max_ms']!s:>8} "
            f"{row['dialogues_per_s']!s:>7} {row['errors']!s:>6} "
            f"{row['server_warnings']!s:>3}/{row['server_errors']!s:<3}  "
            f"{row['load_1min']}"
        )
    for row in rows:
        if row["server"] == "bare":
            continue
        steps = row["steps"]
        assert isinstance(steps, dict)
        parts = ", ".join(
            f"{name} {v['p50_ms']}/{v['p99_ms']}" for name, v in steps.items()
        )
        print(f"  {row['server']} x{row['callers']} p50/p99 ms per step: {parts}")


def _ratio(result: dict[str, object], bare: dict[str, object]) -> float | None:
    mine, floor = result["cpu_ms_per_webhook"], bare["cpu_ms_per_webhook"]
    if not (isinstance(mine, float) and isinstance(floor, float) and floor):
        return None
    return round(mine / floor, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--callers", type=int, nargs="+", default=[20, 50])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--think-ms", type=float, default=0.0)
    parser.add_argument("--holds", type=int, default=3)
    parser.add_argument("--nobody-on-duty", action="store_true")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()

    rows: list[dict[str, object]] = []
    think_s = args.think_ms / 1000
    with tempfile.TemporaryDirectory() as tmp:
        for callers in args.callers:
            bare = _measure(
                ["bench.bare_app:app"],
                "sqlite://",
                callers,
                args.seconds,
                bare=True,
                think_s=think_s,
            )
            rows.append({"server": "bare", "callers": callers, **bare})
            databases = [("hotline SQLite", f"sqlite+aiosqlite:///{tmp}/{callers}")]
            if not args.no_postgres:
                databases.append(("hotline PostgreSQL", args.postgres_url))
            for name, url in databases:
                phases = (
                    [("", False)]
                    if args.nobody_on_duty
                    else [
                        ("", False),
                        (" hold", True),
                    ]
                )
                for suffix, hold_only in phases:
                    if url.startswith("postgresql"):
                        _fresh_postgres(url)
                        database = url
                    else:  # a new file for each phase
                        database = f"{url}-{len(rows)}.db"
                    if not args.nobody_on_duty:
                        _seed_operator(database)
                    result = _measure(
                        ["--factory", "app.main:app_factory"],
                        database,
                        callers,
                        args.seconds,
                        bare=False,
                        think_s=think_s,
                        holds=args.holds,
                        hold_only=hold_only,
                    )
                    rows.append(
                        {
                            "server": name + suffix,
                            "callers": callers,
                            "ratio": _ratio(result, bare),
                            **result,
                        }
                    )
    print(
        f"whole dialogues, one uvicorn worker per server, {args.seconds:.0f} s each, "
        f"think {args.think_ms:.0f} ms, {os.cpu_count()} cores; ratio = CPU per "
        "webhook / bare's in the same run (target <= 6; hold loop <= 2 ms); "
        "p99 target < 50 ms with 50 callers"
    )
    _print(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
