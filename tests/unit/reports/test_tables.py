"""Report tables as cells, shown on the page and written to CSV from the same cells."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from functools import partial

import pytest

from app.console.i18n import LANGUAGES, load_localiser
from app.console.reports import (
    PeriodForm,
    csv_text,
    csv_value,
    header,
    report_charts,
    show,
)
from app.console.templating import environment
from app.reports.schemas import (
    CallbackStats,
    CallStats,
    NeedOutcomes,
    NeedTimings,
    OperatorActivity,
    Report,
    ReportPeriod,
)
from app.reports.tables import TABLE_KEYS, Cell, report_tables

EN = load_localiser().translator("en")
NL = load_localiser().translator("nl")


def stats(calls: int = 0) -> dict[str, object]:
    return CallStats(
        calls=calls,
        answered=calls,
        abandoned=0,
        other=0,
        average_answer_s=12.25 if calls else None,
        average_wait_s=None,
        p90_wait_s=None,
        answered_within_target=calls,
        service_level=1.0 if calls else None,
    ).model_dump()


def timings(need: str) -> NeedTimings:
    return NeedTimings(
        need=need,
        requests=0,
        matched=0,
        average_to_match_s=None,
        median_to_match_s=None,
        done=0,
        average_to_done_s=None,
        median_to_done_s=None,
    )


def a_report() -> Report:
    day = date(2026, 11, 20)
    return Report.model_validate(
        {
            "period": ReportPeriod(
                first_day=day,
                last_day=day,
                days=1,
                timezone="Europe/Brussels",
                start=datetime(2026, 11, 19, 23, tzinfo=UTC),
                end=datetime(2026, 11, 20, 23, tzinfo=UTC),
            ),
            "service_level_s": 60,
            "totals": stats(2),
            "days": [{"day": day, **stats(2)}],
            "hours": [{"hour": h, **stats(2 if h == 10 else 0)} for h in range(24)],
            "languages": [
                {"language": "nl", **stats(1)},
                {"language": "xx", **stats(1)},
                {"language": "unknown", **stats(0)},
            ],
            "callbacks": CallbackStats(requested=0, reached=0, unanswered=0),
            "callback_days": [
                {"day": day, "requested": 0, "reached": 0, "unanswered": 0}
            ],
            "outcome_keys": ["new", "closed_weird"],
            "requests_by_need": [
                NeedOutcomes(
                    need="groceries", outcomes={"new": 1, "closed_weird": 1}, total=2
                )
            ],
            "request_totals": NeedOutcomes(
                need="all", outcomes={"new": 1, "closed_weird": 1}, total=2
            ),
            "request_timings": [timings("groceries")],
            "request_timing_totals": timings("all"),
            "operators": [
                OperatorActivity(
                    volunteer_id=1,
                    name="-Ann",
                    offers=2,
                    answered=1,
                    talk_s=95,
                    average_talk_s=95.0,
                )
            ],
            "field_volunteers": [],
        }
    )


def test_every_table_has_a_row_per_item_and_one_cell_per_column() -> None:
    tables = report_tables(a_report())

    assert tuple(tables) == TABLE_KEYS
    assert len(tables["hours"].rows) == 24
    for table in tables.values():
        for row in [*table.rows, *([table.total] if table.total else [])]:
            assert len(row) == len(table.columns), table.key


def test_labels_fall_back_to_the_code_when_there_are_no_words_for_it() -> None:
    tables = report_tables(a_report())

    languages = [show(EN, row[0]) for row in tables["languages"].rows]
    assert languages == ["Dutch", "xx", "No language chosen"]
    outcome_headers = [header(EN, c) for c in tables["requests"].columns]
    assert outcome_headers == ["Need", "New", "closed_weird", "Total"]


@pytest.mark.parametrize(
    ("cell", "page", "spreadsheet"),
    [
        (Cell("count", 1234), "1,234", "1234"),
        (Cell("seconds", 95.0), "1 min 35 s", "95"),
        (Cell("seconds", 12.25), "12 s", "12.2"),
        (Cell("ratio", 0.8333), "83 %", "83.3"),
        (Cell("ratio", None), "\u2013", ""),
        (Cell("day", date(2026, 10, 25)), "Sun 25 Oct 2026", "2026-10-25"),
        (Cell("hour", 23), "23:00\u201300:00", "23:00"),
        (Cell("label", "need-pharmacy"), "Pharmacy", "Pharmacy"),
        (Cell("text", "=1+1"), "=1+1", "'=1+1"),
        (Cell("text", "@SUM(A1)"), "@SUM(A1)", "'@SUM(A1)"),
    ],
)
def test_a_cell_on_the_page_and_in_the_csv(
    cell: Cell, page: str, spreadsheet: str
) -> None:
    assert show(EN, cell) == page
    assert csv_value(EN, cell) == spreadsheet


def test_the_csv_has_translated_headers_with_units_and_the_total_row() -> None:
    text = csv_text(NL, report_tables(a_report())["days"])

    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["Dag", "Oproepen"]
    assert rows[0][5] == "Gemiddelde antwoordsnelheid (s)"
    assert rows[0][-1] == "Beantwoord binnen 60 s (%)"
    assert rows[1][:2] == ["2026-11-20", "2"]
    assert rows[2][0] == "Totaal"
    assert text.endswith("\r\n")


def test_a_name_that_looks_like_a_formula_is_written_as_text() -> None:
    text = csv_text(EN, report_tables(a_report())["operators"])

    assert list(csv.reader(io.StringIO(text)))[1][0] == "'-Ann"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_and_its_charts_have_words_in_every_language(language: str) -> None:
    t = load_localiser().translator(language)
    report = a_report()

    html = (
        environment()
        .get_template("reports/index.html")
        .render(
            t=t,
            notice="",
            viewer=None,
            csrf_token="",
            current_path="/console/reports",
            section="reports",
            max_days=366,
            form=PeriodForm("2026-11-20", "2026-11-20"),
            report=report,
            tables=report_tables(report),
            charts=report_charts(t, report),
            show=partial(show, t),
            header=partial(header, t),
            query="from=2026-11-20&to=2026-11-20",
        )
    )

    assert t("rep-table-request-times") in html
    assert html.count("<svg") == 3
    for code, args in (
        ("date", {}),
        ("order", {}),
        ("too-long", {"max": 366, "days": 400}),
    ):
        assert t(f"rep-error-{code}", **args)
