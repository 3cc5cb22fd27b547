"""Console pages for signing in and out, and for choosing the reading language."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.auth import service as auth_service
from app.console import security
from app.console.i18n import LANGUAGES
from app.console.security import AnyViewerDep, FormDep, LoginFormDep, TranslatorDep
from app.console.templating import page
from app.db import SessionDep
from app.state import StateDep

router = APIRouter(prefix="/console", include_in_schema=False)

LANGUAGE_COOKIE_AGE_S = 365 * 24 * 3600
LOGIN_CSRF_AGE_S = 3600


def _login_page(
    request: Request,
    t: TranslatorDep,
    *,
    next_path: str,
    csrf_token: str,
    error: str | None = None,
    username: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    return page(
        request,
        "login.html",
        t=t,
        csrf_token=csrf_token,
        next_path=next_path,
        error=error,
        username=username,
        status_code=status_code,
    )


@router.get("/login")
async def login_form(
    request: Request,
    t: TranslatorDep,
    state: StateDep,
    next_path: Annotated[str, Query(alias="next", max_length=500)] = "/console",
) -> HTMLResponse:
    token = request.cookies.get(security.LOGIN_CSRF_COOKIE) or security.new_login_csrf()
    response = _login_page(
        request, t, next_path=security.safe_next(next_path), csrf_token=token
    )
    security.set_cookie(
        response,
        name=security.LOGIN_CSRF_COOKIE,
        value=token,
        max_age=LOGIN_CSRF_AGE_S,
        is_secure=security.is_secure(state),
    )
    return response


@router.post("/login")
async def log_in(
    request: Request,
    form: LoginFormDep,
    session: SessionDep,
    state: StateDep,
    t: TranslatorDep,
) -> Response:
    username = "".join(
        ch for ch in str(form.get("username", ""))[:60] if ch.isprintable()
    )
    password = str(form.get("password", ""))
    next_path = security.safe_next(str(form.get("next", "")))
    csrf = str(form.get(security.CSRF_FIELD, ""))
    # Per client address as well as per name: one address trying many names.
    client_ip = request.client.host if request.client else "unknown"
    try:
        if not await state.limits.allow_login(client_ip):
            raise auth_service.LoginThrottled(state.settings.abuse.login_window_s)
        signed_in = await auth_service.log_in(
            session,
            username=username,
            password=password,
            now=state.clock.now(),
            lifetime=state.settings.console.lifetime,
            previous_session_token=request.cookies.get(security.SESSION_COOKIE),
        )
    except auth_service.LoginThrottled as exc:
        throttled = _login_page(
            request,
            t,
            next_path=next_path,
            csrf_token=csrf,
            username=username,
            error=t("login-throttled", seconds=exc.retry_after_s),
            status_code=429,
        )
        throttled.headers["Retry-After"] = str(exc.retry_after_s)
        return throttled
    except auth_service.InvalidLogin:
        return _login_page(
            request,
            t,
            next_path=next_path,
            csrf_token=csrf,
            username=username,
            error=t("login-invalid"),
            status_code=401,
        )
    response = RedirectResponse(next_path, status_code=303)
    security.set_cookie(
        response,
        name=security.SESSION_COOKIE,
        value=signed_in.session_token,
        max_age=state.settings.console.session_lifetime_s,
        is_secure=security.is_secure(state),
    )
    response.delete_cookie(security.LOGIN_CSRF_COOKIE, path="/")
    return response


@router.post("/logout")
async def log_out(
    request: Request, _form: FormDep, viewer: AnyViewerDep, session: SessionDep
) -> Response:
    await auth_service.log_out(
        session, request.cookies.get(security.SESSION_COOKIE, "")
    )
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(security.SESSION_COOKIE, path="/")
    return response


@router.get("/language/{language}")
async def choose_language(
    language: str,
    state: StateDep,
    next_path: Annotated[str, Query(alias="next", max_length=500)] = "/console",
) -> Response:
    """Remember the reader's language (a preference, not a change of data)."""
    response = RedirectResponse(security.safe_next(next_path), status_code=303)
    if language in LANGUAGES:
        security.set_cookie(
            response,
            name=security.LANGUAGE_COOKIE,
            value=language,
            max_age=LANGUAGE_COOKIE_AGE_S,
            is_secure=security.is_secure(state),
        )
    return response
