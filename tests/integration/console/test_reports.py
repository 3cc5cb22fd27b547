"""The reports page: a period's figures, charts beside their tables, CSV downloads
that match the page and /api/reports, and periods that are refused."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from tests.integration.reports.report_seed import add_call, add_volunteer, utc
from tests.support.console import console_client, signed_in
from tests.support.harness import Hotline
from twilio_simulator import OperatorPhone, Press, ScriptedCaller

pytestmark = pytest.mark.integration

DAY = "from=2026-11-20&to=2026-11-20"
SVG_NS = "{http://www.w3.org/2000/svg}"


class _Tables(HTMLParser):
    """The text of every table on a page, by caption: rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._rows: list[list[str]] | None = None
        self._caption: str | None = None
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._rows = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("th", "td", "caption") and self._rows is not None:
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if self._rows is None:
            return
        if tag == "caption" and self._text is not None:
            self._caption = "".join(self._text).strip()
            self._text = None
        elif tag in ("th", "td") and self._text is not None:
            self._rows[-1].append("".join(self._text).strip())
            self._text = None
        elif tag == "table":
            assert self._caption is not None
            self.tables[self._caption] = self._rows
            self._rows = self._caption = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode()), "spreadsheets need the BOM"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


async def seed_day(hotline: Hotline) -> None:
    """2026-11-20 in Brussels: Dutch callers at 10:xx answered after 5, 30 and 90 s
    and one abandoned after 20 s; a French caller at 15:10 answered after 10 s."""
    async with hotline.session() as session:
        for minute, wait in ((1, 5), (2, 30), (3, 90)):
            add_call(session, utc(f"2026-11-20 09:0{minute}"), "bridged", wait_s=wait)
        add_call(session, utc("2026-11-20 09:04"), "abandoned", wait_s=20)
        add_call(session, utc("2026-11-20 09:05"), "voicemail")
        add_call(session, utc("2026-11-20 14:10"), "bridged", wait_s=10, language="fr")
        await session.commit()


async def test_the_page_shows_the_periods_figures_charts_and_tables(
    hotline: Hotline,
) -> None:
    await seed_day(hotline)
    async with signed_in(hotline) as client:
        response = await client.get(f"/console/reports?{DAY}")

    assert response.status_code == 200
    html = response.text
    assert "Fri 20 Nov 2026" in html
    assert "20 Nov 2026 to 20 Nov 2026 (one day)" in html
    found = tables(html)
    days = found["Calls per day"]
    assert days[0][:5] == ["Day", "Calls", "Answered", "Abandoned", "Other"]
    assert days[1][:5] == ["Fri 20 Nov 2026", "6", "4", "1", "1"]
    assert days[-1][0] == "Total"
    # Answered within 60 s: 5, 30 and 10 s of the 4 answered and 1 abandoned.
    assert days[1][-1] == "60 %"
    hours = {row[0]: row[1] for row in found["Calls per hour of the day"][1:]}
    assert hours["10:00\u201311:00"] == "5"
    assert hours["15:00\u201316:00"] == "1"
    assert hours["03:00\u201304:00"] == "0"
    languages = {row[0]: row[1:3] for row in found["Calls per language"][1:]}
    assert languages["Dutch"] == ["5", "3"]
    assert languages["French"] == ["1", "1"]
    assert "No operator was offered a call in this period." in html


async def test_charts_are_inline_svg_with_a_title_and_no_outside_references(
    hotline: Hotline,
) -> None:
    await seed_day(hotline)
    async with signed_in(hotline) as client:
        html = (await client.get(f"/console/reports?{DAY}")).text

    svgs = re.findall(r"<svg\b.*?</svg>", html, flags=re.DOTALL)
    assert len(svgs) == 3
    titles = []
    for svg in svgs:
        root = ET.fromstring(svg)  # well-formed XML
        assert root.tag == f"{SVG_NS}svg"
        assert root.get("role") == "img"
        labelled = (root.get("aria-labelledby") or "").split()
        ids = {el.get("id"): el for el in root.iter() if el.get("id")}
        assert [ids[i].tag for i in labelled] == [f"{SVG_NS}title", f"{SVG_NS}desc"]
        titles.append(ids[labelled[0]].text)
        assert not list(root.iter(f"{SVG_NS}script"))
        for element in root.iter():
            for name, value in element.attrib.items():
                assert not name.endswith("href"), (name, value)
                assert "url(" not in value or "url(#" in value
        without_namespaces = svg.replace("http://www.w3.org/2000/svg", "").replace(
            "http://www.w3.org/1999/xlink", ""
        )
        assert "http" not in without_namespaces
        assert "<!--" not in svg
    assert titles == [
        "Calls per day",
        "Answered within 60 seconds, per day",
        "Calls per hour of the day",
    ]


async def test_every_table_downloads_as_csv_matching_the_page_and_the_api(
    hotline: Hotline,
) -> None:
    await seed_day(hotline)
    async with signed_in(hotline) as client:
        html = (await client.get(f"/console/reports?{DAY}")).text
        downloads = {
            key: await client.get(f"/console/reports/{key}.csv?{DAY}")
            for key in (
                "days",
                "hours",
                "languages",
                "callbacks",
                "requests",
                "request-times",
                "operators",
                "field-volunteers",
            )
        }
    api = (await hotline.api("GET", f"/api/reports?{DAY}")).json()

    for key, response in downloads.items():
        assert response.status_code == 200, key
        assert response.headers["content-type"] == "text/csv; charset=utf-8"
        disposition = response.headers["content-disposition"]
        assert disposition == (
            f'attachment; filename="{key}_2026-11-20_2026-11-20.csv"'
        )
        assert f'href="/console/reports/{key}.csv?{DAY.replace("&", "&amp;")}"' in html
        assert read_csv(response.content)  # at least the header row
    days = read_csv(downloads["days"].content)
    assert days[0] == [
        "Day",
        "Calls",
        "Answered",
        "Abandoned",
        "Other",
        "Average speed of answer (s)",
        "Average wait (s)",
        "90% waited at most (s)",
        "Answered within 60 s (%)",
    ]
    assert days[1] == ["2026-11-20", "6", "4", "1", "1", "33.8", "31", "90", "60"]
    assert days[2][0] == "Total"
    page_row = tables(html)["Calls per day"][1]
    assert days[1][1:5] == page_row[1:5]
    assert page_row[5:8] == ["34 s", "31 s", "1 min 30 s"]
    api_day = api["days"][0]
    assert api_day["day"] == days[1][0]
    assert [api_day[k] for k in ("calls", "answered", "abandoned", "other")] == [
        6,
        4,
        1,
        1,
    ]
    assert api_day["average_answer_s"] == pytest.approx(33.75)
    assert api_day["p90_wait_s"] == 90
    assert api_day["service_level"] == pytest.approx(0.6)
    hours = read_csv(downloads["hours"].content)
    assert len(hours) == 1 + 24 + 1
    assert hours[11][:2] == ["10:00", "5"]


async def test_csv_headers_follow_the_readers_language_and_formulas_are_defused(
    hotline: Hotline,
) -> None:
    async with hotline.session() as session:
        sneaky = await add_volunteer(session, "=HYPERLINK(1)", operator=True)
        add_call(
            session,
            utc("2026-11-20 09:00"),
            "accepted",
            purpose="operator_offer",
            volunteer_id=sneaky,
            duration_s=120,
        )
        await session.commit()
    async with signed_in(hotline, language="nl") as client:
        page = (await client.get(f"/console/reports?{DAY}")).text
        operators = read_csv(
            (await client.get(f"/console/reports/operators.csv?{DAY}")).content
        )

    assert "Oproepen per dag" in page
    assert operators[0][:3] == [
        "Operator",
        "Oproepen aangeboden",
        "Oproepen aangenomen",
    ]
    assert operators[1] == ["'=HYPERLINK(1)", "1", "1", "120", "120"]


async def test_without_dates_the_report_covers_the_last_seven_days(
    hotline: Hotline,
) -> None:
    # The harness's clock: Monday 2026-11-23, 10:00 in Brussels.
    async with signed_in(hotline) as client:
        html = (await client.get("/console/reports")).text
    api = (await hotline.api("GET", "/api/reports")).json()

    assert 'name="from" value="2026-11-17"' in html
    assert 'name="to" value="2026-11-23"' in html
    assert "(7 days)" in html
    assert api["period"]["first_day"] == "2026-11-17"
    assert api["period"]["last_day"] == "2026-11-23"
    assert len(api["days"]) == 7


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            "from=2026-11-20&to=2026-11-19",
            "to",
            "The end date is before the start date.",
        ),
        (
            "from=2025-11-20&to=2026-11-21",
            "to",
            "A report covers at most 366 days; this period has 367 days.",
        ),
        ("from=20-11-2026&to=2026-11-21", "from", "Enter a date such as 2026-10-25."),
        ("from=2026-02-30", "from", "Enter a date such as 2026-10-25."),
    ],
)
async def test_a_period_that_cannot_be_reported_is_refused_beside_its_field(
    hotline: Hotline, query: str, field: str, message: str
) -> None:
    async with signed_in(hotline) as client:
        response = await client.get(f"/console/reports?{query}")
        download = await client.get(f"/console/reports/days.csv?{query}")
    api = await hotline.api("GET", f"/api/reports?{query}")

    assert response.status_code == 400
    assert f'<p class="error" id="rep-{field}-error">{message}</p>' in response.text
    assert f'aria-describedby="rep-{field}-error"' in response.text
    typed = dict(part.split("=") for part in query.split("&"))
    assert f'value="{typed["from"]}"' in response.text  # kept as typed
    assert "<svg" not in response.text
    assert download.status_code == 400
    assert api.status_code == 400
    assert api.json()["error"] == "InvalidPeriod"


async def test_a_full_year_is_accepted(hotline: Hotline) -> None:
    response = await hotline.api("GET", "/api/reports?from=2024-01-01&to=2024-12-31")

    assert response.status_code == 200
    assert response.json()["period"]["days"] == 366


async def test_reports_need_a_signed_in_coordinator(hotline: Hotline) -> None:
    async with console_client(hotline.app) as client:
        page = await client.get(f"/console/reports?{DAY}")
        download = await client.get(f"/console/reports/days.csv?{DAY}")
    transport_api = await hotline.api(
        "GET", "/api/reports", headers={"Authorization": "Bearer wrong"}
    )

    assert page.status_code == download.status_code == 303
    assert page.headers["location"].startswith("/console/login?next=/console/reports")
    assert transport_api.status_code == 401


async def test_an_unknown_table_is_not_found(hotline: Hotline) -> None:
    async with signed_in(hotline) as client:
        response = await client.get(f"/console/reports/passwords.csv?{DAY}")

    assert response.status_code == 404


async def test_a_real_call_through_the_simulator_shows_in_the_report(
    hotline: Hotline,
) -> None:
    await hotline.add_operator(
        "Marie", "+32470990001", ["fr"], OperatorPhone(answer_after_s=15)
    )
    await hotline.call(
        ScriptedCaller([Press("2"), Press("1"), Press("1030")], talk_s=30)
    )
    await hotline.run()

    report = (await hotline.api("GET", "/api/reports")).json()

    assert report["totals"]["calls"] == 1
    assert report["totals"]["answered"] == 1
    assert report["totals"]["service_level"] == 1.0
    assert [row["language"] for row in report["languages"]] == ["fr"]
    (marie,) = report["operators"]
    assert (marie["name"], marie["offers"], marie["answered"]) == ("Marie", 1, 1)
    assert marie["talk_s"] >= 30
