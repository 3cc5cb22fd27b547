"""The report's tables as cells: the page and the CSV export lay out the same cells,
so a download always matches what the reader saw.

Pure: no I/O and no words. Headers and labels are console message ids; values stay
numbers, dates or codes until the console formats them for the page (in the
reader's language) or for the CSV (plain numbers).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, Literal, TypeVar

from app.reports.schemas import (
    CallbackStats,
    CallStats,
    FieldActivity,
    NeedOutcomes,
    NeedTimings,
    OperatorActivity,
    Report,
)

CellKind = Literal["count", "seconds", "ratio", "day", "hour", "label", "text"]
CellValue = int | float | date | str | None


@dataclass(frozen=True)
class Cell:
    """One value. A "label" cell's value is a message id; `fallback` is shown
    when the console has no such message (e.g. a language code it does not know)."""

    kind: CellKind
    value: CellValue
    fallback: str = ""


@dataclass(frozen=True)
class Column:
    header: str  # message id
    kind: CellKind
    header_args: dict[str, int] = field(default_factory=dict)
    fallback: str = ""  # shown when the console has no such message

    @property
    def is_numeric(self) -> bool:
        return self.kind in ("count", "seconds", "ratio")


@dataclass(frozen=True)
class ReportTable:
    """Rows whose first cell names the row; `total` is the summing row, if any."""

    key: str  # the CSV's URL name
    caption: str  # message id
    columns: Sequence[Column]
    rows: list[list[Cell]]
    total: list[Cell] | None = None


TABLE_KEYS = (
    "days",
    "hours",
    "languages",
    "callbacks",
    "requests",
    "request-times",
    "operators",
    "field-volunteers",
)


Row = TypeVar("Row")


@dataclass(frozen=True)
class _Measure(Generic[Row]):
    """One numeric column and where each row keeps its value."""

    column: Column
    value: Callable[[Row], CellValue]


def _measure(
    header: str, kind: CellKind, value: Callable[[Row], CellValue]
) -> _Measure[Row]:
    return _Measure(Column(header, kind), value)


TOTAL = Cell("label", "rep-total")


def _label(prefix: str, code: str) -> Cell:
    if code == "unknown":
        return Cell("label", f"rep-{prefix}-unknown")
    return Cell("label", f"{prefix}-{code}", fallback=code)


def _table(
    key: str,
    first: Column,
    measures: Sequence[_Measure[Row]],
    rows: Iterable[tuple[Cell, Row]],
    total: Row | None = None,
) -> ReportTable:
    """A table whose rows are a naming cell then one cell per measure, in order."""

    def cells(head: Cell, row: Row) -> list[Cell]:
        return [head, *(Cell(m.column.kind, m.value(row)) for m in measures)]

    return ReportTable(
        key,
        f"rep-table-{key}",
        [first, *(m.column for m in measures)],
        [cells(head, row) for head, row in rows],
        None if total is None else cells(TOTAL, total),
    )


def _call_measures(service_level_s: int) -> list[_Measure[CallStats]]:
    return [
        _measure("rep-col-calls", "count", lambda s: s.calls),
        _measure("rep-col-answered", "count", lambda s: s.answered),
        _measure("rep-col-abandoned", "count", lambda s: s.abandoned),
        _measure("rep-col-other", "count", lambda s: s.other),
        _measure("rep-col-asa", "seconds", lambda s: s.average_answer_s),
        _measure("rep-col-average-wait", "seconds", lambda s: s.average_wait_s),
        _measure("rep-col-p90-wait", "seconds", lambda s: s.p90_wait_s),
        _Measure(
            Column("rep-col-service-level", "ratio", {"seconds": service_level_s}),
            lambda s: s.service_level,
        ),
    ]


CALLBACK_MEASURES: list[_Measure[CallbackStats]] = [
    _measure("rep-col-callbacks-requested", "count", lambda c: c.requested),
    _measure("rep-col-callbacks-reached", "count", lambda c: c.reached),
    _measure("rep-col-callbacks-unanswered", "count", lambda c: c.unanswered),
]
TIMING_MEASURES: list[_Measure[NeedTimings]] = [
    _measure("rep-col-requests", "count", lambda n: n.requests),
    _measure("rep-col-matched", "count", lambda n: n.matched),
    _measure("rep-col-median-to-match", "seconds", lambda n: n.median_to_match_s),
    _measure("rep-col-average-to-match", "seconds", lambda n: n.average_to_match_s),
    _measure("rep-col-done", "count", lambda n: n.done),
    _measure("rep-col-median-to-done", "seconds", lambda n: n.median_to_done_s),
    _measure("rep-col-average-to-done", "seconds", lambda n: n.average_to_done_s),
]
OPERATOR_MEASURES: list[_Measure[OperatorActivity]] = [
    _measure("rep-col-offers", "count", lambda op: op.offers),
    _measure("rep-col-calls-answered", "count", lambda op: op.answered),
    _measure("rep-col-talk-time", "seconds", lambda op: op.talk_s),
    _measure("rep-col-average-talk", "seconds", lambda op: op.average_talk_s),
]
FIELD_MEASURES: list[_Measure[FieldActivity]] = [
    _measure("rep-col-sms-offers", "count", lambda fv: fv.offers),
    _measure("rep-col-runs-matched", "count", lambda fv: fv.matched),
    _measure("rep-col-runs-done", "count", lambda fv: fv.done),
]


def _outcome(key: str) -> _Measure[NeedOutcomes]:
    return _Measure(
        Column(f"rep-outcome-{key}", "count", fallback=key),
        lambda row: row.outcomes[key],
    )


def _outcome_measures(keys: Sequence[str]) -> list[_Measure[NeedOutcomes]]:
    return [
        *(_outcome(key) for key in keys),
        _measure("rep-col-total", "count", lambda row: row.total),
    ]


def report_tables(report: Report) -> dict[str, ReportTable]:
    """Every table of the reports page, keyed as in TABLE_KEYS."""
    calls = _call_measures(report.service_level_s)
    tables = [
        _table(
            "days",
            Column("rep-col-day", "day"),
            calls,
            ((Cell("day", d.day), d) for d in report.days),
            report.totals,
        ),
        _table(
            "hours",
            Column("rep-col-hour", "hour"),
            calls,
            ((Cell("hour", h.hour), h) for h in report.hours),
            report.totals,
        ),
        _table(
            "languages",
            Column("rep-col-language", "label"),
            calls,
            ((_label("lang", row.language), row) for row in report.languages),
            report.totals,
        ),
        _table(
            "callbacks",
            Column("rep-col-day", "day"),
            CALLBACK_MEASURES,
            ((Cell("day", d.day), d) for d in report.callback_days),
            report.callbacks,
        ),
        _table(
            "requests",
            Column("rep-col-need", "label"),
            _outcome_measures(report.outcome_keys),
            ((_label("need", row.need), row) for row in report.requests_by_need),
            report.request_totals,
        ),
        _table(
            "request-times",
            Column("rep-col-need", "label"),
            TIMING_MEASURES,
            ((_label("need", row.need), row) for row in report.request_timings),
            report.request_timing_totals,
        ),
        _table(
            "operators",
            Column("rep-col-operator", "text"),
            OPERATOR_MEASURES,
            ((Cell("text", op.name), op) for op in report.operators),
        ),
        _table(
            "field-volunteers",
            Column("rep-col-volunteer", "text"),
            FIELD_MEASURES,
            ((Cell("text", fv.name), fv) for fv in report.field_volunteers),
        ),
    ]
    return {table.key: table for table in tables}
