"""API shapes of the reports. The console's reports page lays out exactly these
objects and `/api/reports` returns them as JSON: one copy of every figure.

Durations are seconds, rates are ratios (0..1), days are local dates in the
coordinators' time zone; "unknown" stands for a missing language or need.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel


class ReportPeriod(BaseModel):
    first_day: date
    last_day: date
    days: int
    timezone: str
    start: datetime
    end: datetime  # exclusive


class CallStats(BaseModel):
    """Callers' calls (purpose "caller"): answered = bridged to an operator,
    abandoned = hung up while waiting, other = every other ending (callback asked,
    voicemail, closed, hung up in the menu, still going)."""

    calls: int
    answered: int
    abandoned: int
    other: int
    average_answer_s: float | None  # ASA: mean wait of the answered
    average_wait_s: float | None  # mean wait of the answered and the abandoned
    p90_wait_s: int | None  # nearest-rank 90th percentile, same callers
    answered_within_target: int
    service_level: float | None  # answered within target / (answered + abandoned)


class DayCalls(CallStats):
    day: date


class HourCalls(CallStats):
    hour: int  # local hour of day, 0..23


class LanguageCalls(CallStats):
    language: str


class CallbackStats(BaseModel):
    requested: int  # callers who asked to be called back
    reached: int  # callback calls the caller answered
    unanswered: int  # callback calls nobody answered


class DayCallbacks(CallbackStats):
    day: date


class NeedOutcomes(BaseModel):
    """Requests created in the period, by where they stand now: the status, or
    "closed_<reason>" for closed ones."""

    need: str  # "all" for the totals row
    outcomes: dict[str, int]
    total: int


class NeedTimings(BaseModel):
    need: str  # "all" for the totals row
    requests: int
    matched: int
    average_to_match_s: float | None
    median_to_match_s: float | None
    done: int
    average_to_done_s: float | None
    median_to_done_s: float | None


class OperatorActivity(BaseModel):
    volunteer_id: int
    name: str
    offers: int  # times their phone was rung with a call
    answered: int  # offers they accepted
    talk_s: int  # on the accepted calls (whisper included)
    average_talk_s: float | None


class FieldActivity(BaseModel):
    volunteer_id: int
    name: str
    offers: int  # SMS offers sent to them
    matched: int  # requests matched to them
    done: int  # requests they reported done


class Report(BaseModel):
    period: ReportPeriod
    service_level_s: int
    totals: CallStats
    days: list[DayCalls]
    hours: list[HourCalls]
    languages: list[LanguageCalls]
    callbacks: CallbackStats
    callback_days: list[DayCallbacks]
    outcome_keys: list[str]
    requests_by_need: list[NeedOutcomes]
    request_totals: NeedOutcomes
    request_timings: list[NeedTimings]
    request_timing_totals: NeedTimings
    operators: list[OperatorActivity]
    field_volunteers: list[FieldActivity]
