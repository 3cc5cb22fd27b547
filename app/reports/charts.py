"""Charts of the reports page as inline SVG, rendered on the server with pygal.

Words come from the caller; this module only draws. pygal's SVG is made fit for
inlining in the console's page: no <script> (pygal adds its tooltip config even
with js=[]), no comments (they carry pygal's URLs and the rendering date), no XML
declaration, a fixed id instead of a random one (stable output, and the chart's
CSS is scoped to that id), and role="img" with a <title> and a <desc> so a screen
reader announces the chart once; the table beside it is the accessible version.
"""

from __future__ import annotations

import math
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pygal  # type: ignore[import-untyped]
from markupsafe import Markup
from pygal.style import Style  # type: ignore[import-untyped]

# Importing pygal appends a sys.meta_path finder for its map plugins (unused here)
# that has no find_spec(): from then on every import of an absent module warns
# (ImportWarning; an error in the tests). Take it out again.
sys.meta_path[:] = [
    finder
    for finder in sys.meta_path
    if not isinstance(finder, pygal.PluginImportFixer)
]

WIDTH = 560
HEIGHT = 340
# Console palette (console.css): ok green, bad red, muted grey, link blue.
ANSWERED = "#0b6b2e"
ABANDONED = "#a00000"
OTHER = "#767676"
LINE = "#0a4b8c"
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'
# More x labels than this and only every n-th one is written.
MAX_X_LABELS = 12


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    colour: str


def _style(colours: Sequence[str]) -> Style:
    return Style(
        background="transparent",
        plot_background="#ffffff",
        foreground="#1a1a1a",
        foreground_strong="#1a1a1a",
        foreground_subtle="#595959",
        font_family=FONT,
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=14,
        no_data_font_size=20,
        opacity="1",
        opacity_hover="0.85",
        transition="0ms",
        stroke_width="3",
        stroke_width_hover="3",
        colors=tuple(colours),
    )


def nice_ticks(top: float, *, most: int = 6) -> list[float]:
    """0 and round steps (1, 2 or 5 x 10^k) up to at least `top`: whole numbers
    on a count axis instead of pygal's 0.2, 0.4, ..."""
    if top <= 0:
        return [0, 1]
    raw = top / (most - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(step, 1) if top >= 1 else step
    count = math.ceil(top / step)
    return [round(i * step, 10) for i in range(count + 1)]


def _hover_titles(root: Any, series_names: Sequence[str]) -> None:
    """Each bar or dot gets a <title> ("20 Oct, Answered: 4"), which browsers show
    on hover without JavaScript, instead of the <desc> data of pygal's script."""
    for group in root.iter("g"):
        classes = (group.get("class") or "").split()
        index = next(
            (int(c.removeprefix("serie-")) for c in classes if c.startswith("serie-")),
            None,
        )
        if "series" not in classes or index is None or index >= len(series_names):
            continue
        for item in group.iter("g"):
            descs = {d.get("class", ""): d for d in item.findall("desc")}
            if "value" not in descs:
                continue
            for desc in descs.values():
                item.remove(desc)
            label = descs["x_label"].text if "x_label" in descs else ""
            hover = ET.Element("title")
            hover.text = f"{label}, {series_names[index]}: {descs['value'].text}"
            item.insert(0, hover)


def _make_inline(
    chart_id: str, title: str, description: str, series_names: Sequence[str]
) -> Callable[[Any], Any]:
    def tidy(root: Any) -> Any:
        for child in list(root):
            if child.tag is ET.Comment:
                root.remove(child)
        for defs in root.iter("defs"):
            for script in list(defs.iter("script")):
                defs.remove(script)
        _hover_titles(root, series_names)
        title_element = root.find("title")
        if title_element is None:
            title_element = ET.SubElement(root, "title")
        title_element.text = title
        title_element.set("id", f"{chart_id}-title")
        desc = ET.Element("desc", {"id": f"{chart_id}-desc"})
        desc.text = description
        root.insert(list(root).index(title_element) + 1, desc)
        root.set("role", "img")
        root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
        root.set("focusable", "false")
        return root

    return tidy


def _render(
    chart: Any,
    chart_id: str,
    title: str,
    description: str,
    series: Sequence[Series],
) -> Markup:
    # The id scopes the chart's CSS (#chart-<id> ...); pygal draws a random one.
    chart.uuid = chart_id
    chart.add_xml_filter(
        _make_inline(f"chart-{chart_id}", title, description, [s.name for s in series])
    )
    svg: str = chart.render(is_unicode=True)
    return Markup(svg)


def _config(
    *,
    labels: Sequence[str],
    no_data: str,
    value_format: Callable[[float], str],
    colours: Sequence[str],
) -> dict[str, Any]:
    every = max(1, math.ceil(len(labels) / MAX_X_LABELS))
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "style": _style(colours),
        "js": [],
        "disable_xml_declaration": True,
        "explicit_size": False,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 3,
        "truncate_legend": -1,
        "truncate_label": -1,
        "show_minor_x_labels": every == 1,
        "x_labels_major_every": every if every > 1 else None,
        "x_label_rotation": 0 if len(labels) <= 8 else 40,
        "tooltip_fancy_mode": False,
        "value_formatter": value_format,
        "no_data_text": no_data,
        "margin": 12,
        "margin_bottom": 28,
        "spacing": 12,
    }


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    no_data: str,
    value_format: Callable[[float], str],
    is_stacked: bool = True,
) -> Markup:
    """Bars per label (stacked series by default), counts on the y axis."""
    config = _config(
        labels=labels,
        no_data=no_data,
        value_format=value_format,
        colours=[s.colour for s in series],
    )
    chart = (pygal.StackedBar if is_stacked else pygal.Bar)(**config)
    chart.x_labels = list(labels)
    if is_stacked:
        heights = [sum(s.values[i] or 0 for s in series) for i in range(len(labels))]
    else:
        heights = [v or 0 for s in series for v in s.values]
    top = max(heights, default=0)
    if top > 0:
        chart.y_labels = nice_ticks(top)
        chart.range = (0, chart.y_labels[-1])
    for s in series:
        chart.add(s.name, list(s.values))
    return _render(chart, chart_id, title, description, series)


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    no_data: str,
    value_format: Callable[[float], str],
    y_range: tuple[float, float],
    y_ticks: Sequence[float],
) -> Markup:
    """Lines over the labels on a fixed y range; a missing value breaks the line."""
    config = _config(
        labels=labels,
        no_data=no_data,
        value_format=value_format,
        colours=[s.colour for s in series],
    )
    chart = pygal.Line(**config, range=y_range, allow_interruptions=True, dots_size=3)
    chart.x_labels = list(labels)
    chart.y_labels = list(y_ticks)
    for s in series:
        chart.add(s.name, list(s.values))
    if all(v is None for s in series for v in s.values):
        # pygal would draw empty axes: say there is nothing instead.
        chart = pygal.Line(**config)
    return _render(chart, chart_id, title, description, series)
