"""Benchmark: whole caller dialogues, the hotline vs a bare endpoint, side by side.

    python -m bench.dialogue [--callers 20 50] [--seconds 10] [--postgres-url URL]
                             [--no-postgres] [--json F]

A caller's dialogue is every webhook Twilio sends for a caller who chooses a language,
a need, types a postcode, is queued and, nobody being on duty, asks for a callback:

    voice -> language -> need -> postcode -> queue/enter -> queue/overflow -> status

(with operators on duty a caller would instead hear the hold loop: queue/wait,
queue/left; the client follows whichever TwiML it gets).

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

    def __init__(self, http: aiohttp.ClientSession, base: str, index: int) -> None:
        self.http = http
        self.base = base
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


async def _hold_then_hang_up(caller: Caller, tally: Tally, enqueue: ET.Element) -> None:
    queue = {"QueueSid": "QU" + "0" * 32, "CurrentQueueSize": "1", "QueuePosition": "1"}
    if wait_url := enqueue.get("waitUrl"):
        await caller.post(tally, "queue/wait", wait_url, {**queue, "QueueTime": "0"})
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


async def bare_dialogue(caller: Caller, tally: Tally) -> None:
    for step in BARE_STEPS:
        if await caller.post(tally, step, f"/twilio/{step}", {"Digits": "1"}) is None:
            return
    tally.dialogues += 1


async def _play(
    port: int, *, callers: int, seconds: float, bare: bool, pid: int
) -> dict[str, object]:
    base = f"http://127.0.0.1:{port}"
    dialogue = bare_dialogue if bare else hotline_dialogue
    connector = aiohttp.TCPConnector(limit=callers)
    async with aiohttp.ClientSession(connector=connector) as http:
        warm = Tally()
        await asyncio.gather(*(dialogue(Caller(http, base, i), warm) for i in range(5)))
        tally = Tally()
        deadline = time.perf_counter() + seconds

        async def loop(index: int) -> None:
            while time.perf_counter() < deadline:
                await dialogue(Caller(http, base, index), tally)

        load_before = _load()
        cpu_before, started = _cpu_seconds(pid), time.perf_counter()
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
    target: list[str], database_url: str, callers: int, seconds: float, *, bare: bool
) -> dict[str, object]:
    port = _free_port()
    server = _start(target, port, _server_env(port, database_url))
    try:
        wait_ready(port, server)
        result = asyncio.run(
            _play(port, callers=callers, seconds=seconds, bare=bare, pid=server.pid)
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--callers", type=int, nargs="+", default=[20, 50])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()

    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for callers in args.callers:
            bare = _measure(
                ["bench.bare_app:app"], "sqlite://", callers, args.seconds, bare=True
            )
            rows.append({"server": "bare", "callers": callers, **bare})
            databases = [("hotline SQLite", f"sqlite+aiosqlite:///{tmp}/{callers}.db")]
            if not args.no_postgres:
                databases.append(("hotline PostgreSQL", args.postgres_url))
            for name, url in databases:
                if url.startswith("postgresql"):
                    _fresh_postgres(url)
                result = _measure(
                    ["--factory", "app.main:app_factory"],
                    url,
                    callers,
                    args.seconds,
                    bare=False,
                )
                ratio = None
                if result["cpu_ms_per_webhook"] and bare["cpu_ms_per_webhook"]:
                    ratio = round(
                        float(result["cpu_ms_per_webhook"])  # type: ignore[arg-type]
                        / float(bare["cpu_ms_per_webhook"]),  # type: ignore[arg-type]
                        1,
                    )
                rows.append(
                    {"server": name, "callers": callers, "ratio": ratio, **result}
                )
    print(
        f"whole dialogues, one uvicorn worker per server, {args.seconds:.0f} s each, "
        f"{os.cpu_count()} cores; ratio = CPU per webhook / bare's in the same run "
        "(target <= 6); p99 target < 50 ms with 50 callers"
    )
    _print(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
