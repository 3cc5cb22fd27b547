"""The report's tables as cells: the page and the CSV export lay out the same cells,
so a download always matches what the reader saw.

Pure: no I/O and no words. Headers and labels are console message ids; values stay
numbers, dates or codes until the console formats them for the page (in the
reader's language) or for the CSV (plain numbers).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from app.reports.schemas import CallStats, NeedTimings, Report

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


def _call_columns(first: Column, service_level_s: int) -> list[Column]:
    return [
        first,
        Column("rep-col-calls", "count"),
        Column("rep-col-answered", "count"),
        Column("rep-col-abandoned", "count"),
        Column("rep-col-other", "count"),
        Column("rep-col-asa", "seconds"),
        Column("rep-col-average-wait", "seconds"),
        Column("rep-col-p90-wait", "seconds"),
        Column("rep-col-service-level", "ratio", {"seconds": service_level_s}),
    ]


def _call_cells(first: Cell, stats: CallStats) -> list[Cell]:
    return [
        first,
        Cell("count", stats.calls),
        Cell("count", stats.answered),
        Cell("count", stats.abandoned),
        Cell("count", stats.other),
        Cell("seconds", stats.average_answer_s),
        Cell("seconds", stats.average_wait_s),
        Cell("seconds", stats.p90_wait_s),
        Cell("ratio", stats.service_level),
    ]


TOTAL = Cell("label", "rep-total")


def _label(prefix: str, code: str) -> Cell:
    if code == "unknown":
        return Cell("label", f"rep-{prefix}-unknown")
    return Cell("label", f"{prefix}-{code}", fallback=code)


def _timing_cells(first: Cell, timing: NeedTimings) -> list[Cell]:
    return [
        first,
        Cell("count", timing.requests),
        Cell("count", timing.matched),
        Cell("seconds", timing.median_to_match_s),
        Cell("seconds", timing.average_to_match_s),
        Cell("count", timing.done),
        Cell("seconds", timing.median_to_done_s),
        Cell("seconds", timing.average_to_done_s),
    ]


def report_tables(report: Report) -> dict[str, ReportTable]:
    """Every table of the reports page, keyed as in TABLE_KEYS."""
    level = report.service_level_s
    tables = [
        ReportTable(
            "days",
            "rep-table-days",
            _call_columns(Column("rep-col-day", "day"), level),
            [_call_cells(Cell("day", d.day), d) for d in report.days],
            _call_cells(TOTAL, report.totals),
        ),
        ReportTable(
            "hours",
            "rep-table-hours",
            _call_columns(Column("rep-col-hour", "hour"), level),
            [_call_cells(Cell("hour", h.hour), h) for h in report.hours],
            _call_cells(TOTAL, report.totals),
        ),
        ReportTable(
            "languages",
            "rep-table-languages",
            _call_columns(Column("rep-col-language", "label"), level),
            [
                _call_cells(_label("lang", row.language), row)
                for row in report.languages
            ],
            _call_cells(TOTAL, report.totals),
        ),
        ReportTable(
            "callbacks",
            "rep-table-callbacks",
            [
                Column("rep-col-day", "day"),
                Column("rep-col-callbacks-requested", "count"),
                Column("rep-col-callbacks-reached", "count"),
                Column("rep-col-callbacks-unanswered", "count"),
            ],
            [
                [
                    Cell("day", d.day),
                    Cell("count", d.requested),
                    Cell("count", d.reached),
                    Cell("count", d.unanswered),
                ]
                for d in report.callback_days
            ],
            [
                TOTAL,
                Cell("count", report.callbacks.requested),
                Cell("count", report.callbacks.reached),
                Cell("count", report.callbacks.unanswered),
            ],
        ),
        ReportTable(
            "requests",
            "rep-table-requests",
            [
                Column("rep-col-need", "label"),
                *(
                    Column(f"rep-outcome-{key}", "count", fallback=key)
                    for key in report.outcome_keys
                ),
                Column("rep-col-total", "count"),
            ],
            [
                [
                    _label("need", row.need),
                    *(Cell("count", row.outcomes[k]) for k in report.outcome_keys),
                    Cell("count", row.total),
                ]
                for row in report.requests_by_need
            ],
            [
                TOTAL,
                *(
                    Cell("count", report.request_totals.outcomes[k])
                    for k in report.outcome_keys
                ),
                Cell("count", report.request_totals.total),
            ],
        ),
        ReportTable(
            "request-times",
            "rep-table-request-times",
            [
                Column("rep-col-need", "label"),
                Column("rep-col-requests", "count"),
                Column("rep-col-matched", "count"),
                Column("rep-col-median-to-match", "seconds"),
                Column("rep-col-average-to-match", "seconds"),
                Column("rep-col-done", "count"),
                Column("rep-col-median-to-done", "seconds"),
                Column("rep-col-average-to-done", "seconds"),
            ],
            [
                _timing_cells(_label("need", row.need), row)
                for row in report.request_timings
            ],
            _timing_cells(TOTAL, report.request_timing_totals),
        ),
        ReportTable(
            "operators",
            "rep-table-operators",
            [
                Column("rep-col-operator", "text"),
                Column("rep-col-offers", "count"),
                Column("rep-col-calls-answered", "count"),
                Column("rep-col-talk-time", "seconds"),
                Column("rep-col-average-talk", "seconds"),
            ],
            [
                [
                    Cell("text", op.name),
                    Cell("count", op.offers),
                    Cell("count", op.answered),
                    Cell("seconds", op.talk_s),
                    Cell("seconds", op.average_talk_s),
                ]
                for op in report.operators
            ],
        ),
        ReportTable(
            "field-volunteers",
            "rep-table-field-volunteers",
            [
                Column("rep-col-volunteer", "text"),
                Column("rep-col-sms-offers", "count"),
                Column("rep-col-runs-matched", "count"),
                Column("rep-col-runs-done", "count"),
            ],
            [
                [
                    Cell("text", fv.name),
                    Cell("count", fv.offers),
                    Cell("count", fv.matched),
                    Cell("count", fv.done),
                ]
                for fv in report.field_volunteers
            ],
        ),
    ]
    return {table.key: table for table in tables}
