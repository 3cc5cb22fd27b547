"""One hotline line's menu: the MenuContext a line gives its calls at a moment.

A deployment runs several hotline numbers (settings' HOTLINE_LINES), each with its
name in the greeting, its languages and their order, opening hours, holidays and
where to turn; they share the volunteers and the queue. Pure: the moment is passed
in, nothing is read or written here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from app.config import Line
from app.ivr import hours, menu
from app.ivr.prompts import PromptCatalogue


def menu_context(
    line: Line,
    catalogue: PromptCatalogue,
    *,
    now: datetime,
    place_for_postcode: Callable[[str, str], str | None],
    number_known: bool = True,
) -> menu.MenuContext:
    """The menu as `line` runs it at `now`: `catalogue` holds every language of the
    deployment, the line speaks its own, in its order."""
    ivr = line.ivr
    return menu.MenuContext(
        catalogue=catalogue.subset(line.languages),
        default_language=ivr.default_language,
        max_retries=ivr.max_retries,
        gather_timeout_s=ivr.gather_timeout_s,
        is_open=hours.is_open(now, ivr),
        open_from=hours.format_hour(ivr.open_from),
        open_until=hours.format_hour(ivr.open_until),
        place_for_postcode=place_for_postcode,
        number_known=number_known,
        open_days=tuple(ivr.open_days),
        holiday=hours.is_holiday(now, ivr),
        emergency_number=ivr.emergency_number,
        listening_lines=ivr.listening_lines,
        names=line.names,
    )
