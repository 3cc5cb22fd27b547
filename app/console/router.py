"""Mounts the console on the app: its page routers, static files and error pages."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.console import (
    audit,
    bans,
    board,
    calls,
    intake,
    login,
    me,
    operator,
    reports,
    requests,
    tokens,
    volunteers,
    worklist,
)
from app.console.i18n import load_localiser, negotiate
from app.console.security import LANGUAGE_COOKIE, LoginRequired, login_url
from app.console.templating import page
from app.errors import AppError, app_error_response

STATIC_DIR = Path(__file__).parent / "static"
PAGE_ROUTERS = (
    login.router,
    board.router,
    worklist.router,
    volunteers.router,
    requests.router,
    intake.router,
    operator.router,
    calls.router,
    reports.router,
    bans.router,
    tokens.router,
    me.router,
    audit.router,
)


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


# Console pages may not be framed (one-click actions), are never cached (a shared
# tablet's Back button after logout), and load nothing from elsewhere. Inline styles
# are allowed for the server-rendered SVG charts; scripts only from /console/static.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


class ConsoleHeaders:
    """Pure ASGI middleware adding SECURITY_HEADERS to console responses only: the
    Twilio webhooks' hot path does not pay for it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not path.startswith("/console"):
            await self.app(scope, receive, send)
            return
        is_static = path.startswith("/console/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                if not is_static and "cache-control" not in headers:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install_console(app: FastAPI) -> None:
    for router in PAGE_ROUTERS:
        app.include_router(router)
    app.mount(
        "/console/static", StaticFiles(directory=STATIC_DIR), name="console-static"
    )
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(AppError, _app_error)
    app.add_middleware(ConsoleHeaders)

    @app.get("/", include_in_schema=False)
    async def home() -> RedirectResponse:
        return RedirectResponse("/console", status_code=303)
