"""Benchmark: the incoming-call webhook vs a bare FastAPI endpoint, side by side.

    python -m bench.webhook [--rate 300] [--seconds 10] [--database-url URL] [--json F]

Both servers run as one uvicorn worker each (uvloop, httptools: uvicorn[standard]) on
loopback; the load generator runs in this process. Every app request is a new call
with a unique CallSid, correctly signed (the app checks X-Twilio-Signature with
twilio's RequestValidator and logs the call, its first events and its help request in
the database). Reported: open-loop latency
at the target rate (p50/p99 from the scheduled send time) and closed-loop throughput,
and the app/bare ratio of both.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO
from urllib.parse import urlencode

import httpx

from app.telephony.twilio_adapter import sign_request
from bench.loadgen import PreparedRequest, Result, closed_loop, open_loop

AUTH_TOKEN = "bench-auth-token"
ACCOUNT_SID = "AC" + "b" * 32
HOTLINE = "+3228089654"
# The servers' logs (stderr), by process id.
_LOGS: dict[int, IO[bytes]] = {}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(
    target: list[str], port: int, env: dict[str, str], *, cwd: Path | None = None
) -> subprocess.Popen[bytes]:
    """One uvicorn worker serving `target`; `cwd`: whose app code (default: ours)."""
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        *target,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--loop",
        "uvloop",
        "--http",
        "httptools",
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    # Its log goes to a file: a pipe nobody reads while the load runs fills up, and
    # the server then blocks on its next log line.
    log = tempfile.TemporaryFile()  # noqa: SIM115 (open while the server runs)
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=log
    )
    _LOGS[process.pid] = log
    return process


def _log_of(process: subprocess.Popen[bytes], *, tail: int = 4000) -> str:
    """The end of a server's log (its stderr file); tail=0: all of it."""
    log = _LOGS.get(process.pid)
    if log is None:
        return ""
    log.seek(0)
    return log.read()[-tail:].decode(errors="replace")


def _wait_ready(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server on port {port} exited: {_log_of(process)}")
        try:
            if (
                httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code
                == 200
            ):
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError(f"server on port {port} did not start")


def _requests(port: int, count: int) -> list[PreparedRequest]:
    url = f"http://127.0.0.1:{port}/twilio/voice"
    prepared = []
    for i in range(count):
        params = {
            "CallSid": "CA" + secrets.token_hex(16),
            "AccountSid": ACCOUNT_SID,
            "From": f"+3224{i % 1000000:06d}",
            "To": HOTLINE,
            "Caller": f"+3224{i % 1000000:06d}",
            "Called": HOTLINE,
            "CallStatus": "ringing",
            "Direction": "inbound",
            "ApiVersion": "2010-04-01",
        }
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": sign_request(AUTH_TOKEN, url, params),
        }
        prepared.append(
            PreparedRequest("/twilio/voice", urlencode(params).encode(), headers)
        )
    return prepared


def _row(name: str, fixed: Result, peak: Result) -> dict[str, float | str | int]:
    return {
        "server": name,
        "rate_rps": round(fixed.rps, 1),
        "p50_ms": round(fixed.percentile(50), 2),
        "p99_ms": round(fixed.percentile(99), 2),
        "errors": fixed.errors + peak.errors,
        "max_rps": round(peak.rps, 1),
        "max_p99_ms": round(peak.percentile(99), 2),
    }


async def _measure(
    port: int, *, rate: float, seconds: float, concurrency: int
) -> tuple[Result, Result]:
    base = f"http://127.0.0.1:{port}"
    await closed_loop(base, _requests(port, 300), concurrency=8, seconds=3)  # warm-up
    fixed = await open_loop(base, _requests(port, int(rate * seconds)), rate=rate)
    peak = await closed_loop(
        base, _requests(port, 40_000), concurrency=concurrency, seconds=seconds
    )
    return fixed, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=300)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument(
        "--database-url", default=None, help="default: a fresh SQLite file"
    )
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        app_port, bare_port = _free_port(), _free_port()
        database_url = args.database_url or f"sqlite+aiosqlite:///{tmp}/bench.sqlite3"
        env = {
            **os.environ,
            "HOTLINE_ENV": "dev",
            "HOTLINE_PUBLIC_BASE_URL": f"http://127.0.0.1:{app_port}",
            "HOTLINE_DATABASE__URL": database_url,
            "HOTLINE_TWILIO__AUTH_TOKEN": AUTH_TOKEN,
            "HOTLINE_TWILIO__ACCOUNT_SID": ACCOUNT_SID,
            "HOTLINE_IVR__OPEN_FROM": "00:00",
            "HOTLINE_IVR__OPEN_UNTIL": "00:00",
        }
        servers = [
            _start(["--factory", "app.main:app_factory"], app_port, env),
            _start(["bench.bare_app:app"], bare_port, env),
        ]
        try:
            _wait_ready(app_port, servers[0])
            _wait_ready(bare_port, servers[1])
            options = {
                "rate": args.rate,
                "seconds": args.seconds,
                "concurrency": args.concurrency,
            }
            bare = asyncio.run(_measure(bare_port, **options))
            app = asyncio.run(_measure(app_port, **options))
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=10)

    rows = [
        _row("bare FastAPI, constant TwiML", *bare),
        _row("hotline /twilio/voice", *app),
    ]
    ratio = rows[1]["max_rps"] / rows[0]["max_rps"] if rows[0]["max_rps"] else 0.0  # type: ignore[operator]
    print(
        "incoming-call webhook, one uvicorn worker each (uvloop + httptools), "
        f"{args.rate:.0f} req/s for "
        f"{args.seconds:.0f} s, then closed loop x{args.concurrency}; "
        f"database {database_url.split(':')[0]}"
    )
    columns = ("rate", "p50 ms", "p99 ms", "max rps", "p99@max", "errors")
    print(f"{'server':<30} " + " ".join(f"{c:>8}" for c in columns))
    for row in rows:
        values = ("rate_rps", "p50_ms", "p99_ms", "max_rps", "max_p99_ms", "errors")
        print(f"{row['server']:<30} " + " ".join(f"{row[v]!s:>8}" for v in values))
    print(
        f"throughput ratio hotline/bare: {ratio:.2f} (target >= 0.25); "
        f"hotline p99 at {args.rate:.0f} req/s: {rows[1]['p99_ms']} ms (target < 30 ms)"
    )
    if args.json:
        args.json.write_text(
            json.dumps({"rows": rows, "throughput_ratio": ratio}, indent=2)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
