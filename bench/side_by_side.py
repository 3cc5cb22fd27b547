"""Benchmark: two builds of the hotline under the same load at the same moment.

    python -m bench.side_by_side BEFORE_DIR AFTER_DIR [--runs 4] [--callers 10]
                                 [--seconds 10] [--think-ms 0] [--postgres]

On shared, noisy cores one build's CPU per webhook moves by tens of percent from one
run to the next, more than most changes worth measuring. This runs both builds at
once instead: two uvicorn workers (the app code of each directory, e.g. a
`git worktree` of the older commit), each with a database of its own created by its
own migrations, each driven by its own closed-loop callers playing the whole
dialogues of `bench.dialogue`, for the same seconds. Whatever else the machine does
hits both. The order alternates between runs (which server starts first and is
driven first).

Reported per run: each build's CPU per webhook (its process's user + system time over
the window, as `bench.dialogue`), their ratio (after / before), p99 and max per
webhook, and the load average; then the range of the ratios. Running the same
directory twice checks the method (its ratios should stay near 1).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.dialogue import DEFAULT_POSTGRES, _fresh_postgres, _play, _server_env
from bench.webhook import _free_port, _start
from bench.webhook import _wait_ready as wait_ready


def _seed(code: Path, url: str) -> None:
    """The schema from `code`'s own migrations, and its benchmark operator."""
    subprocess.run(
        [
            sys.executable,
            "-c",
            f"from bench import dialogue; dialogue._seed_operator({url!r})",
        ],
        cwd=code,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _serve(code: Path, url: str) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    server = _start(
        ["--factory", "app.main:app_factory"], port, _server_env(port, url), cwd=code
    )
    wait_ready(port, server)
    return server, port


def _database(tmp: str, name: str, *, postgres: bool) -> str:
    if not postgres:
        return f"sqlite+aiosqlite:///{tmp}/{name}.db"
    url = f"{DEFAULT_POSTGRES}_{name}"
    _fresh_postgres(url)
    return url


def one_run(
    first: Path,
    second: Path,
    *,
    callers: int,
    seconds: float,
    think_s: float,
    postgres: bool,
) -> tuple[dict[str, object], dict[str, object]]:
    """Both builds at once; their results in the order given."""
    with tempfile.TemporaryDirectory() as tmp:
        urls = []
        for name, code in (("first", first), ("second", second)):
            url = _database(tmp, name, postgres=postgres)
            _seed(code, url)
            urls.append(url)
        servers = [
            _serve(code, url) for code, url in zip((first, second), urls, strict=True)
        ]
        try:

            async def both() -> list[dict[str, object]]:
                return list(
                    await asyncio.gather(
                        *(
                            _play(
                                port,
                                callers=callers,
                                seconds=seconds,
                                bare=False,
                                pid=server.pid,
                                think_s=think_s,
                                holds=3,
                            )
                            for server, port in servers
                        )
                    )
                )

            results = asyncio.run(both())
        finally:
            for server, _ in servers:
                server.terminate()
                server.wait(timeout=10)
    return results[0], results[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--runs", type=int, default=4)
    parser.add_argument("--callers", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--think-ms", type=float, default=0.0)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()

    ratios: list[float] = []
    for run in range(args.runs):
        swapped = run % 2 == 1
        first, second = (
            (args.after, args.before) if swapped else (args.before, args.after)
        )
        one, two = one_run(
            first,
            second,
            callers=args.callers,
            seconds=args.seconds,
            think_s=args.think_ms / 1000,
            postgres=args.postgres,
        )
        before, after = (two, one) if swapped else (one, two)
        ratio = float(str(after["cpu_ms_per_webhook"])) / float(
            str(before["cpu_ms_per_webhook"])
        )
        ratios.append(ratio)
        print(
            json.dumps(
                {
                    "run": run + 1,
                    "started_first": "after" if swapped else "before",
                    "cpu_ms_per_webhook": [
                        before["cpu_ms_per_webhook"],
                        after["cpu_ms_per_webhook"],
                    ],
                    "after/before": round(ratio, 3),
                    "p99_ms": [before["p99_ms"], after["p99_ms"]],
                    "max_ms": [before["max_ms"], after["max_ms"]],
                    "errors": [before["errors"], after["errors"]],
                    "load_1min": round(os.getloadavg()[0], 2),
                }
            ),
            flush=True,
        )
    print(f"after/before CPU per webhook: {min(ratios):.3f}-{max(ratios):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
