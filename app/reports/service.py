"""The hotline's figures over a period, in the coordinators' time zone.

Definitions (also shown in the console's help text):
- answered: a caller bridged to an operator; abandoned: hung up while waiting;
- average speed of answer: the mean wait of answered callers;
- service level: answered within `console.service_level_s` (60 s) out of the callers
  who were answered or abandoned;
- p90 wait: the nearest-rank 90th percentile wait of the answered and abandoned.

Numbers only: the queries are in repository.py, the words in the console.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from app.help_requests.schemas import CLOSE_REASONS, REQUEST_LANGUAGES, REQUEST_NEEDS
from app.reports import repository
from app.reports.periods import Period, parse_period
from app.reports.schemas import (
    CallbackStats,
    CallStats,
    DayCallbacks,
    DayCalls,
    FieldActivity,
    HourCalls,
    LanguageCalls,
    NeedOutcomes,
    NeedTimings,
    OperatorActivity,
    Report,
    ReportPeriod,
)

UNKNOWN = "unknown"
ALL = "all"
P90 = 90
OUTCOME_KEYS: tuple[str, ...] = (
    "new",
    "offered",
    "matched",
    "done",
    *(f"closed_{reason}" for reason in CLOSE_REASONS),
)


@dataclass(frozen=True)
class CallFigures:
    calls: int
    answered: int
    abandoned: int
    average_answer_s: float | None
    answered_within_target: int

    @property
    def service_level(self) -> float | None:
        offered = self.answered + self.abandoned
        return self.answered_within_target / offered if offered else None


def day_bounds(now: datetime, timezone: str) -> tuple[datetime, datetime]:
    """Local midnight to local midnight (DST-safe) around `now`, as aware datetimes."""
    zone = ZoneInfo(timezone)
    day = now.astimezone(zone).date()
    start = datetime.combine(day, time(0), zone)
    end = datetime.combine(day + timedelta(days=1), time(0), zone)
    return start, end


async def call_figures(
    session: AsyncSession, *, start: datetime, end: datetime, service_level_s: int
) -> CallFigures:
    calls, answered, abandoned, average, within = await repository.call_totals(
        session, start=start, end=end, service_level_s=service_level_s
    )
    return CallFigures(calls, answered, abandoned, average, within)


def period_from_query(
    from_text: str | None, to_text: str | None, *, now: datetime, timezone: str
) -> Period:
    """The reader's period (see periods.parse_period); raises InvalidPeriod."""
    zone = ZoneInfo(timezone)
    return parse_period(
        from_text, to_text, today=now.astimezone(zone).date(), zone=zone
    )


def _mean(total: float, count: int) -> float | None:
    return total / count if count else None


def median(values: list[int]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


@dataclass
class _Tally:
    """Sums of call buckets: they add up, so days, hours and languages fold from
    the same (hour slot, language) rows."""

    calls: int = 0
    answered: int = 0
    abandoned: int = 0
    answered_wait_sum: int = 0
    answered_wait_count: int = 0
    offered_wait_sum: int = 0
    offered_wait_count: int = 0
    within: int = 0

    def add(self, bucket: repository.CallBucket) -> None:
        self.calls += bucket.calls
        self.answered += bucket.answered
        self.abandoned += bucket.abandoned
        self.answered_wait_sum += bucket.answered_wait_sum
        self.answered_wait_count += bucket.answered_wait_count
        self.offered_wait_sum += bucket.offered_wait_sum
        self.offered_wait_count += bucket.offered_wait_count
        self.within += bucket.answered_within

    def stats(self, p90_wait_s: int | None) -> dict[str, Any]:
        offered = self.answered + self.abandoned
        return {
            "calls": self.calls,
            "answered": self.answered,
            "abandoned": self.abandoned,
            "other": self.calls - offered,
            "average_answer_s": _mean(self.answered_wait_sum, self.answered_wait_count),
            "average_wait_s": _mean(self.offered_wait_sum, self.offered_wait_count),
            "p90_wait_s": p90_wait_s,
            "answered_within_target": self.within,
            "service_level": self.within / offered if offered else None,
        }


def _ordered(keys: Iterable[str], first: Iterable[str]) -> list[str]:
    """Known keys in their usual order, then the others sorted, "unknown" last."""
    present = set(keys)
    known = [key for key in first if key in present]
    rest = sorted(present - set(known) - {UNKNOWN})
    return known + rest + ([UNKNOWN] if UNKNOWN in present else [])


async def _calls(
    session: AsyncSession, period: Period, service_level_s: int
) -> tuple[CallStats, list[DayCalls], list[HourCalls], list[LanguageCalls]]:
    total = _Tally()
    days = [_Tally() for _ in range(period.day_count)]
    hours = [_Tally() for _ in range(24)]
    languages: dict[str, _Tally] = {}
    for bucket in await repository.call_buckets(
        session, period=period, service_level_s=service_level_s
    ):
        day, hour = divmod(bucket.slot, 24)
        for tally in (
            total,
            days[day],
            hours[hour],
            languages.setdefault(bucket.language or UNKNOWN, _Tally()),
        ):
            tally.add(bucket)
    p90 = await repository.wait_percentiles(session, period=period, percent=P90)
    return (
        CallStats(**total.stats(p90.get(("all", None)))),
        [
            DayCalls(day=d, **days[i].stats(p90.get(("day", i))))
            for i, d in enumerate(period.days)
        ],
        [HourCalls(hour=h, **hours[h].stats(p90.get(("hour", h)))) for h in range(24)],
        [
            LanguageCalls(
                language=language,
                **languages[language].stats(
                    p90.get(("language", None if language == UNKNOWN else language))
                ),
            )
            for language in _ordered(languages, REQUEST_LANGUAGES)
        ],
    )


async def _callbacks(
    session: AsyncSession, period: Period
) -> tuple[CallbackStats, list[DayCallbacks]]:
    per_day = {
        bucket.day: bucket
        for bucket in await repository.callback_buckets(session, period=period)
    }
    days = []
    for i, day in enumerate(period.days):
        bucket = per_day.get(i)
        days.append(
            DayCallbacks(
                day=day,
                requested=bucket.requested if bucket else 0,
                reached=bucket.reached if bucket else 0,
                unanswered=bucket.unanswered if bucket else 0,
            )
        )
    return (
        CallbackStats(
            requested=sum(d.requested for d in days),
            reached=sum(d.reached for d in days),
            unanswered=sum(d.unanswered for d in days),
        ),
        days,
    )


def _outcome_key(status: str, close_reason: str | None) -> str:
    if status == "closed":
        return f"closed_{close_reason or 'other'}"
    return status


async def _request_outcomes(
    session: AsyncSession, period: Period
) -> tuple[list[str], list[NeedOutcomes], NeedOutcomes]:
    counts: dict[str, dict[str, int]] = {}
    for need, status, reason, count in await repository.request_outcomes(
        session, start=period.start, end=period.end
    ):
        per_need = counts.setdefault(need or UNKNOWN, {})
        key = _outcome_key(status, reason)
        per_need[key] = per_need.get(key, 0) + count
    seen = {key for per_need in counts.values() for key in per_need}
    keys = [*OUTCOME_KEYS, *sorted(seen - set(OUTCOME_KEYS))]

    def row(need: str, outcomes: dict[str, int]) -> NeedOutcomes:
        full = {key: outcomes.get(key, 0) for key in keys}
        return NeedOutcomes(need=need, outcomes=full, total=sum(full.values()))

    totals = {key: sum(c.get(key, 0) for c in counts.values()) for key in keys}
    return (
        keys,
        [row(need, counts[need]) for need in _ordered(counts, REQUEST_NEEDS)],
        row(ALL, totals),
    )


def _timings(need: str, durations: list[tuple[int | None, int | None]]) -> NeedTimings:
    to_match = [m for m, _ in durations if m is not None]
    to_done = [d for _, d in durations if d is not None]
    return NeedTimings(
        need=need,
        requests=len(durations),
        matched=len(to_match),
        average_to_match_s=_mean(sum(to_match), len(to_match)),
        median_to_match_s=median(to_match),
        done=len(to_done),
        average_to_done_s=_mean(sum(to_done), len(to_done)),
        median_to_done_s=median(to_done),
    )


async def _request_timings(
    session: AsyncSession, period: Period
) -> tuple[list[NeedTimings], NeedTimings]:
    per_need: dict[str, list[tuple[int | None, int | None]]] = {}
    for need, to_match, to_done in await repository.request_durations(
        session, start=period.start, end=period.end
    ):
        per_need.setdefault(need or UNKNOWN, []).append((to_match, to_done))
    return (
        [_timings(need, per_need[need]) for need in _ordered(per_need, REQUEST_NEEDS)],
        _timings(ALL, [d for durations in per_need.values() for d in durations]),
    )


async def _volunteers(
    session: AsyncSession, period: Period
) -> tuple[list[OperatorActivity], list[FieldActivity]]:
    window = {"start": period.start, "end": period.end}
    operators = [
        OperatorActivity(
            volunteer_id=volunteer_id,
            name=name,
            offers=offers,
            answered=answered,
            talk_s=talk_s,
            average_talk_s=_mean(talk_s, answered),
        )
        for volunteer_id, name, offers, answered, talk_s in (
            await repository.operator_activity(session, **window)
        )
    ]
    field = [
        FieldActivity(
            volunteer_id=volunteer_id,
            name=name,
            offers=offers,
            matched=matched,
            done=done,
        )
        for volunteer_id, name, offers, matched, done in (
            await repository.field_activity(session, **window)
        )
    ]
    operators.sort(key=lambda o: (-o.answered, -o.offers, o.name.casefold()))
    field.sort(key=lambda f: (-f.done, -f.matched, -f.offers, f.name.casefold()))
    return operators, field


async def report(
    session: AsyncSession, *, period: Period, service_level_s: int
) -> Report:
    """Every figure of the reports page (and of /api/reports) for one period."""
    totals, days, hours, languages = await _calls(session, period, service_level_s)
    callbacks, callback_days = await _callbacks(session, period)
    outcome_keys, by_need, request_totals = await _request_outcomes(session, period)
    timings, timing_totals = await _request_timings(session, period)
    operators, field_volunteers = await _volunteers(session, period)
    return Report(
        period=ReportPeriod(
            first_day=period.first_day,
            last_day=period.last_day,
            days=period.day_count,
            timezone=period.zone.key,
            start=period.start,
            end=period.end,
        ),
        service_level_s=service_level_s,
        totals=totals,
        days=days,
        hours=hours,
        languages=languages,
        callbacks=callbacks,
        callback_days=callback_days,
        outcome_keys=outcome_keys,
        requests_by_need=by_need,
        request_totals=request_totals,
        request_timings=timings,
        request_timing_totals=timing_totals,
        operators=operators,
        field_volunteers=field_volunteers,
    )
