"""The reports page: a period's figures as charts and tables, each table as CSV.

Thin routes: read the period, call app.reports.service.report() (the same function
as GET /api/reports), lay out. The page's tables and the CSV files come from the
same cells (app.reports.tables); this module only puts them in words and numbers
for the reader (page) or for a spreadsheet (CSV: plain numbers, seconds, percent).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from app.audit import service as audit
from app.console.i18n import NONE, Translator
from app.console.security import Viewer, ViewerDep
from app.console.templating import viewer_page
from app.db import SessionDep
from app.errors import NotFound
from app.reports import charts
from app.reports import service as report_service
from app.reports.periods import MAX_DAYS, InvalidPeriod, Period
from app.reports.schemas import CallStats, Report
from app.reports.tables import TABLE_KEYS, Cell, Column, ReportTable, report_tables
from app.state import HotlineState, StateDep

router = APIRouter(prefix="/console/reports", include_in_schema=False)

FromQuery = Annotated[str | None, Query(alias="from", max_length=40)]
ToQuery = Annotated[str | None, Query(alias="to", max_length=40)]
# A spreadsheet would run a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_UNITS = {"seconds": " (s)", "ratio": " (%)"}


@dataclass(frozen=True)
class PeriodForm:
    """What the reader typed, and the messages to show beside the fields."""

    from_value: str
    to_value: str
    errors: dict[str, str] = field(default_factory=dict)


def _message(t: Translator, msg_id: str, fallback: str, **args: object) -> str:
    if fallback and not t.bundle.has_message(msg_id):
        return fallback
    return t(msg_id, **args)


def header(t: Translator, column: Column) -> str:
    return _message(t, column.header, column.fallback, **column.header_args)


def hour_label(hour: int) -> str:
    return f"{hour:02d}:00\u2013{(hour + 1) % 24:02d}:00"


def show(t: Translator, cell: Cell) -> str:
    """A cell as the reader sees it on the page."""
    value = cell.value
    if value is None:
        return NONE
    match cell.kind:
        case "count":
            assert isinstance(value, int | float)
            return t.number(value)
        case "seconds":
            assert isinstance(value, int | float)
            return t.duration(value)
        case "ratio":
            assert isinstance(value, int | float)
            return t.percent(value)
        case "day":
            assert isinstance(value, date)
            return t.date(value, "EEE d MMM y")
        case "hour":
            assert isinstance(value, int)
            return hour_label(value)
        case "label":
            return _message(t, str(value), cell.fallback or str(value))
        case _:
            return str(value)


def _plain(number: float) -> str:
    return f"{number:.1f}".removesuffix(".0")


def csv_value(t: Translator, cell: Cell) -> str:
    """A cell for a spreadsheet: plain numbers (seconds, percent), ISO dates."""
    value = cell.value
    if value is None:
        return ""
    match cell.kind:
        case "count":
            return str(value)
        case "seconds":
            assert isinstance(value, int | float)
            return _plain(value)
        case "ratio":
            assert isinstance(value, int | float)
            return _plain(value * 100)
        case "day":
            assert isinstance(value, date)
            return value.isoformat()
        case "hour":
            assert isinstance(value, int)
            return f"{value:02d}:00"
        case _:
            text = show(t, cell)
            return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(t: Translator, table: ReportTable) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([header(t, c) + CSV_UNITS.get(c.kind, "") for c in table.columns])
    rows = [*table.rows, *([table.total] if table.total else [])]
    writer.writerows([csv_value(t, cell) for cell in row] for row in rows)
    return out.getvalue()


def report_charts(t: Translator, report: Report) -> dict[str, Markup]:
    """The three charts, in the reader's words; the tables hold the same numbers."""
    period = {
        "from": t.date(report.period.first_day),
        "to": t.date(report.period.last_day),
    }
    days = [t.date(d.day, "d MMM") for d in report.days]
    count: Callable[[float], str] = t.number
    no_data = t("rep-chart-no-data")

    def calls_chart(key: str, labels: list[str], rows: Sequence[CallStats]) -> Markup:
        """Calls per day or per hour, stacked by how they ended."""
        return charts.bar_chart(
            chart_id=f"rep-{key}",
            title=t(f"rep-chart-{key}-title"),
            description=t(f"rep-chart-{key}-desc", **period),
            labels=labels,
            series=[
                charts.Series(t(name), [getattr(row, attr) for row in rows], colour)
                for name, colour, attr in (
                    ("rep-col-answered", charts.ANSWERED, "answered"),
                    ("rep-col-abandoned", charts.ABANDONED, "abandoned"),
                    ("rep-col-other", charts.OTHER, "other"),
                )
            ],
            no_data=no_data,
            value_format=count,
        )

    return {
        "days": calls_chart("days", days, report.days),
        "hours": calls_chart(
            "hours", [f"{h.hour:02d}" for h in report.hours], report.hours
        ),
        "service": charts.line_chart(
            chart_id="rep-service",
            title=t("rep-chart-service-title", seconds=report.service_level_s),
            description=t("rep-chart-service-desc", **period),
            labels=days,
            series=[
                charts.Series(
                    t("rep-col-service-level", seconds=report.service_level_s),
                    [d.service_level for d in report.days],
                    charts.LINE,
                )
            ],
            no_data=no_data,
            value_format=t.percent,
            y_range=(0, 1),
            y_ticks=[0, 0.25, 0.5, 0.75, 1],
        ),
    }


def _period(state: HotlineState, from_text: str | None, to_text: str | None) -> Period:
    return report_service.period_from_query(
        from_text,
        to_text,
        now=state.clock.now(),
        timezone=state.settings.console.timezone,
    )


def _query(period: Period) -> str:
    return urlencode(
        {"from": period.first_day.isoformat(), "to": period.last_day.isoformat()}
    )


def _reports_page(
    request: Request, viewer: Viewer, *, status_code: int = 200, **context: Any
) -> HTMLResponse:
    return viewer_page(
        request,
        viewer,
        "reports/index.html",
        section="reports",
        status_code=status_code,
        max_days=MAX_DAYS,
        **context,
    )


@router.get("")
async def reports_page(
    request: Request,
    viewer: ViewerDep,
    state: StateDep,
    session: SessionDep,
    from_text: FromQuery = None,
    to_text: ToQuery = None,
) -> HTMLResponse:
    t = viewer.t
    try:
        period = _period(state, from_text, to_text)
    except InvalidPeriod as exc:
        message = t(f"rep-error-{exc.code}", **exc.message_args)
        form = PeriodForm(from_text or "", to_text or "", {exc.field: message})
        return _reports_page(request, viewer, form=form, report=None, status_code=400)
    report = await report_service.report(
        session, period=period, service_level_s=state.settings.console.service_level_s
    )
    return _reports_page(
        request,
        viewer,
        form=PeriodForm(period.first_day.isoformat(), period.last_day.isoformat()),
        report=report,
        tables=report_tables(report),
        charts=report_charts(t, report),
        show=partial(show, t),
        header=partial(header, t),
        query=_query(period),
    )


@router.get("/{table}.csv")
async def report_csv(
    table: str,
    viewer: ViewerDep,
    state: StateDep,
    session: SessionDep,
    from_text: FromQuery = None,
    to_text: ToQuery = None,
) -> Response:
    """One table of the reports page as CSV (UTF-8 with a BOM, for spreadsheets)."""
    if table not in TABLE_KEYS:
        raise NotFound(f"there is no report table {table[:40]!r}")
    period = _period(state, from_text, to_text)
    report = await report_service.report(
        session, period=period, service_level_s=state.settings.console.service_level_s
    )
    text = csv_text(viewer.t, report_tables(report)[table])
    await audit.record_export(
        session,
        actor=viewer.username,
        subject=f"report:{table}",
        filters={"from": period.first_day, "to": period.last_day},
        now=state.clock.now(),
    )
    filename = f"{table}_{period.first_day.isoformat()}_{period.last_day.isoformat()}"
    return Response(
        "\ufeff" + text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
    )
