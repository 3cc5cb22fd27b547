"""Server-side SVG charts: valid, self-contained, labelled, stable."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from app.reports import charts

SVG = "{http://www.w3.org/2000/svg}"


def calls_chart(values: list[float | None]) -> str:
    return str(
        charts.bar_chart(
            chart_id="t-calls",
            title="Calls <per> day",
            description="Answered & abandoned calls.",
            labels=[f"{i + 1} Nov" for i in range(len(values))],
            series=[
                charts.Series("Answered", values, charts.ANSWERED),
                charts.Series("Abandoned", [1] * len(values), charts.ABANDONED),
            ],
            no_data="No calls here",
            value_format=lambda v: f"{v:.0f}",
        )
    )


def test_the_chart_is_inline_svg_without_script_comments_or_outside_links() -> None:
    svg = calls_chart([3, 5, None, 2])

    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert not svg.startswith("<?xml")
    assert not list(root.iter(f"{SVG}script"))
    assert "<!--" not in svg
    assert "pygal.org" not in svg
    assert "googleapis" not in svg
    for element in root.iter():
        assert not any(name.endswith("href") for name in element.attrib)
    assert "viewBox" in root.attrib
    assert "width" not in root.attrib  # scales with the page


def test_the_chart_is_one_labelled_image_for_screen_readers() -> None:
    root = ET.fromstring(calls_chart([3, 5]))

    assert root.get("role") == "img"
    title_id, desc_id = (root.get("aria-labelledby") or "").split()
    found = {el.get("id"): el for el in root.iter() if el.get("id")}
    assert found[title_id].text == "Calls <per> day"  # escaped, then read back
    assert found[desc_id].text == "Answered & abandoned calls."


def test_the_same_numbers_draw_the_same_svg() -> None:
    assert calls_chart([3, 5]) == calls_chart([3, 5])
    assert 'id="chart-t-calls"' in calls_chart([3, 5])


def test_a_chart_without_calls_says_so() -> None:
    empty = str(
        charts.line_chart(
            chart_id="t-sl",
            title="Service level",
            description="d",
            labels=["1 Nov", "2 Nov"],
            series=[charts.Series("Within 60 s", [None, None], charts.LINE)],
            no_data="No calls here",
            value_format=str,
            y_range=(0, 1),
            y_ticks=[0, 0.5, 1],
        )
    )

    assert "No calls here" in empty
    ET.fromstring(empty)


@pytest.mark.parametrize(
    ("top", "ticks"),
    [
        (1, [0, 1]),
        (4, [0, 1, 2, 3, 4]),
        (7, [0, 2, 4, 6, 8]),
        (93, [0, 20, 40, 60, 80, 100]),
        (3000, [0, 1000, 2000, 3000]),
        (0, [0, 1]),
    ],
)
def test_count_axes_have_whole_round_steps(top: float, ticks: list[float]) -> None:
    assert charts.nice_ticks(top) == ticks


def test_each_bar_names_its_day_series_and_value_on_hover() -> None:
    root = ET.fromstring(calls_chart([3, 5]))

    hovers = [
        title.text
        for group in root.iter(f"{SVG}g")
        if group.get("class") == "bar"
        for title in group.findall(f"{SVG}title")
    ]
    assert hovers == [
        "1 Nov, Answered: 3",
        "2 Nov, Answered: 5",
        "1 Nov, Abandoned: 1",
        "2 Nov, Abandoned: 1",
    ]
    assert not list(root.iter(f"{SVG}desc"))[1:]  # only the chart's description
