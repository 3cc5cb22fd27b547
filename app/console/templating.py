"""Jinja2 environment of the console: templates beside the routes, autoescaped,
with the reader's translator, the CSRF token and small formatting filters."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse

from app.console.i18n import LANGUAGE_NAMES, LANGUAGES, Translator
from app.console.security import CSRF_FIELD, Viewer

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_VERSION = "1"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        languages=LANGUAGES,
        language_names=LANGUAGE_NAMES,
        csrf_field=CSRF_FIELD,
        static_version=STATIC_VERSION,
    )
    return env


def render_fragment(template: str, *, t: Translator, **context: Any) -> str:
    return environment().get_template(template).render(t=t, **context)


def page(
    request: Request,
    template: str,
    *,
    t: Translator,
    viewer: Viewer | None = None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    path = request.url.path
    if request.url.query:
        path += "?" + request.url.query
    notice = request.query_params.get("notice", "")
    if not (notice.startswith("notice-") and t.bundle.has_message(notice)):
        notice = ""
    html = (
        environment()
        .get_template(template)
        .render(
            t=t,
            notice=notice,
            viewer=viewer,
            csrf_token=viewer.csrf_token if viewer else context.pop("csrf_token", ""),
            current_path=path,
            section=context.pop("section", ""),
            **context,
        )
    )
    return HTMLResponse(html, status_code=status_code)


def viewer_page(
    request: Request,
    viewer: Viewer,
    template: str,
    *,
    section: str,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """A page of the console's `section`, as the signed-in `viewer` reads it."""
    return page(
        request,
        template,
        t=viewer.t,
        viewer=viewer,
        section=section,
        status_code=status_code,
        **context,
    )


def see_other(path: str, notice: str = "", *, anchor: str = "") -> RedirectResponse:
    """After a POST that worked: back to `path` (303, so the browser GETs it),
    showing the message `notice` (an id of the form notice-*) if given."""
    if notice:
        path += ("&" if "?" in path else "?") + f"notice={notice}"
    if anchor:
        path += f"#{anchor}"
    return RedirectResponse(path, status_code=303)
