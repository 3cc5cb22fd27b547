"""Who is reading the console: the session cookie, CSRF tokens, the reader's language.

Dependencies only. A page without a live session redirects to the login page; a
signed-in reader whose role may not see it is refused (403, app/auth/roles.py); a
form whose CSRF token does not match its session is refused (403) before the route
runs. Nothing here renders a page or queries beyond the session lookup.

`ViewerDep`: admin or coordinator (the operational pages); `AdminViewerDep`: admin
only; `AnyViewerDep`: any signed-in role; `console_viewer(Role.X, ...)` another set.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request
from starlette.datastructures import FormData
from starlette.responses import Response

from app.auth import service as auth_service
from app.auth.models import Coordinator
from app.auth.roles import STAFF, Role, ensure_role, parse_role
from app.console.i18n import Translator, load_localiser, negotiate
from app.db import SessionDep
from app.errors import Forbidden
from app.state import StateDep

SESSION_COOKIE = "hotline_session"
LANGUAGE_COOKIE = "hotline_lang"
# Before login there is no session to hold a CSRF token: the login form's token is
# a random cookie value echoed by the form (double submit).
LOGIN_CSRF_COOKIE = "hotline_login_csrf"
CSRF_FIELD = "csrf_token"


class LoginRequired(Exception):
    """No live console session: the handler redirects to the login page, which
    brings the reader back to `next_path` afterwards."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


MAX_NEXT_LENGTH = 500


class CsrfRejected(Forbidden):
    """A form without the token of the reader's session (forged or stale)."""


def translator(request: Request, state: StateDep) -> Translator:
    language = negotiate(
        request.cookies.get(LANGUAGE_COOKIE), request.headers.get("accept-language")
    )
    return load_localiser(state.settings.console.timezone).translator(language)


TranslatorDep = Annotated[Translator, Depends(translator)]


@dataclass(frozen=True)
class Viewer:
    """The signed-in account reading a console page."""

    coordinator: Coordinator
    csrf_token: str
    t: Translator

    @property
    def username(self) -> str:
        return self.coordinator.username

    @property
    def role(self) -> Role:
        return parse_role(self.coordinator.role)


def home_path(role: Role) -> str:
    """Where a role's console starts."""
    if role is Role.PARTNER:
        return "/console/requests"
    if role is Role.OPERATOR:
        return "/console/me"
    return "/console"


def login_url(next_path: str) -> str:
    return "/console/login?next=" + quote(next_path, safe="/")


async def signed_in_viewer(
    request: Request, session: SessionDep, state: StateDep, t: TranslatorDep
) -> Viewer:
    token = request.cookies.get(SESSION_COOKIE, "")
    found = await auth_service.session_user(session, token, now=state.clock.now())
    if found is None:
        path = request.url.path
        if request.url.query:
            path += "?" + request.url.query
        # After signing in, only a page can be returned to (not a form's POST URL).
        if request.method != "GET" or len(path) > MAX_NEXT_LENGTH:
            path = "/console"
        raise LoginRequired(path)
    coordinator, console_session = found
    return Viewer(coordinator, console_session.csrf_token, t)


AnyViewerDep = Annotated[Viewer, Depends(signed_in_viewer)]


def console_viewer(*roles: Role) -> Any:
    """A dependency (`Depends(...)`) for the signed-in reader, refused (403) when
    their role is not one of `roles`."""
    allowed = frozenset(roles)

    async def viewer_with_role(viewer: AnyViewerDep) -> Viewer:
        ensure_role(viewer.role, allowed)
        return viewer

    return Depends(viewer_with_role)


ViewerDep = Annotated[Viewer, console_viewer(*STAFF)]
AdminViewerDep = Annotated[Viewer, console_viewer(Role.ADMIN)]


def _same(given: object, expected: str) -> bool:
    return (
        isinstance(given, str)
        and bool(expected)
        and hmac.compare_digest(given.encode(), expected.encode())
    )


async def checked_form(request: Request, viewer: AnyViewerDep) -> FormData:
    """The posted form, once its CSRF token matches the viewer's session."""
    form = await request.form()
    if not _same(form.get(CSRF_FIELD), viewer.csrf_token):
        raise CsrfRejected("this form has expired or was not sent by the console")
    return form


FormDep = Annotated[FormData, Depends(checked_form)]


async def checked_login_form(request: Request) -> FormData:
    form = await request.form()
    if not _same(form.get(CSRF_FIELD), request.cookies.get(LOGIN_CSRF_COOKIE, "")):
        raise CsrfRejected("this form has expired or was not sent by the console")
    return form


LoginFormDep = Annotated[FormData, Depends(checked_login_form)]


def is_secure(state: StateDep) -> bool:
    return str(state.settings.public_base_url).startswith("https://")


def set_cookie(
    response: Response, *, name: str, value: str, max_age: int, is_secure: bool
) -> None:
    """HttpOnly, SameSite=Lax, whole site; Secure when the public URL is https."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=is_secure,
    )


def new_login_csrf() -> str:
    return secrets.token_urlsafe(32)


def safe_next(next_path: str | None) -> str:
    """Only paths inside the console: never an open redirect to another site."""
    if next_path and next_path.startswith("/console") and "//" not in next_path:
        return next_path
    return "/console"
