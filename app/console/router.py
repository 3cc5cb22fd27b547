"""Mounts the console on the app: its page routers, static files and error pages."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from app.console import board, login
from app.console.i18n import load_localiser, negotiate
from app.console.security import LANGUAGE_COOKIE, LoginRequired, login_url
from app.console.templating import page
from app.errors import AppError, app_error_response

STATIC_DIR = Path(__file__).parent / "static"
PAGE_ROUTERS = (login.router, board.router)


async def _login_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    return RedirectResponse(login_url(exc.next_path), status_code=303)


async def _app_error(request: Request, exc: Exception) -> Response:
    """Console pages get an HTML page in the reader's language; the API its JSON."""
    assert isinstance(exc, AppError)
    if not request.url.path.startswith("/console"):
        return await app_error_response(request, exc)
    settings = request.app.state.hotline.settings
    t = load_localiser(settings.console.timezone).translator(
        negotiate(
            request.cookies.get(LANGUAGE_COOKIE),
            request.headers.get("accept-language"),
        )
    )
    return page(
        request,
        "error.html",
        t=t,
        status_code=exc.status_code,
        error_status=exc.status_code,
        detail=exc.message,
    )


def install_console(app: FastAPI) -> None:
    for router in PAGE_ROUTERS:
        app.include_router(router)
    app.mount(
        "/console/static", StaticFiles(directory=STATIC_DIR), name="console-static"
    )
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(AppError, _app_error)

    @app.get("/", include_in_schema=False)
    async def home() -> RedirectResponse:
        return RedirectResponse("/console", status_code=303)
