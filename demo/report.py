"""What `hotline demo` prints: the day it played, what is in the database, and how
to open the console. Text only; no I/O."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from demo.roster import DEMO_COORDINATOR
from demo.seed import SeededDemo

OUTCOMES = (
    ("bridged", "answered"),
    ("abandoned", "gave up waiting"),
    ("hung_up", "hung up in the menu"),
    ("callback", "asked to be called back"),
    ("voicemail", "left a voicemail"),
)
STATUSES = ("new", "offered", "matched", "done", "closed")


def _counts(counts: dict[str, int], labels: tuple[tuple[str, str], ...]) -> str:
    known = [f"{counts.get(key, 0)} {label}" for key, label in labels]
    other = sum(n for key, n in counts.items() if key not in dict(labels))
    return ", ".join(known + ([f"{other} other"] if other else []))


def describe(seeded: SeededDemo, *, seconds: float, port: int, timezone: str) -> str:
    zone = ZoneInfo(timezone)
    start, end = seeded.start.astimezone(zone), seeded.end.astimezone(zone)
    summary = seeded.summary
    since = f"{start:%A %d %B %Y %H:%M}"
    if seeded.plan is None:
        lines = [
            f"This database already has the demo's calls since {since}: no new "
            "demo day was played; the data from before is kept.",
        ]
    else:
        until = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%A %H:%M}"
        lines = [
            f"Demo day played: {since} to {until} ({timezone}) on the "
            f"simulator's clock, in {seconds:.1f} s.",
        ]
    duty = summary.operators_by_duty
    lines += [
        f"  Calls to the hotline: {summary.calls} - "
        + _counts(summary.calls_by_outcome, OUTCOMES),
        f"  Help requests: {summary.requests} - "
        + _counts(summary.requests_by_status, tuple((s, s) for s in STATUSES))
        + f"; {summary.escalated} escalated to a coordinator, "
        f"{summary.on_behalf} entered on someone's behalf",
        f"  Volunteers: {summary.operators} phone operators ({summary.shifts} weekly "
        f"shifts; {duty.get('away', 0)} away, {duty.get('available', 0)} on duty), "
        f"{summary.field_volunteers} field volunteers",
    ]
    if seeded.transcript:
        lines += [
            "",
            "== One of the day's calls, as the caller heard it ==",
            seeded.transcript,
        ]
    lines += [
        "",
        f"Open http://127.0.0.1:{port}/console - user {DEMO_COORDINATOR}, "
        f"password {seeded.password}",
        "(a new password on every run; the server keeps running until Ctrl-C)",
    ]
    return "\n".join(lines)
