"""The API tokens page (/console/tokens): the viewer's own tokens, a form to make one
(its secret shown once, on the answer to the form, never in a URL) and a button to
revoke one. Reads and writes through app.auth.service, as /api/tokens does."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.auth import service as auth_service
from app.auth.schemas import ApiTokenIssued
from app.console.security import AnyViewerDep, FormDep
from app.console.templating import see_other, viewer_page
from app.db import SessionDep
from app.errors import BadRequest
from app.state import StateDep

router = APIRouter(prefix="/console/tokens", include_in_schema=False)
# The expiry choices of the form, in days; "" is never.
EXPIRY_CHOICES = ("30", "90", "365", "")
DEFAULT_EXPIRY = "90"


async def _page(
    request: Request,
    viewer: AnyViewerDep,
    session: SessionDep,
    state: StateDep,
    *,
    values: dict[str, str],
    errors: dict[str, str],
    issued: ApiTokenIssued | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    tokens = await auth_service.list_tokens(session, viewer.coordinator)
    response = viewer_page(
        request,
        viewer,
        "tokens/index.html",
        section="tokens",
        tokens=tokens,
        now=state.clock.now(),
        expiry_choices=EXPIRY_CHOICES,
        values=values,
        errors=errors,
        issued=issued,
        status_code=status_code,
    )
    # The secret must not stay in a cache, and never in a URL: no redirect here.
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("")
async def tokens_page(
    request: Request, viewer: AnyViewerDep, session: SessionDep, state: StateDep
) -> HTMLResponse:
    values = {"name": "", "expires_in_days": DEFAULT_EXPIRY}
    return await _page(request, viewer, session, state, values=values, errors={})


@router.post("")
async def create_token(
    request: Request,
    form: FormDep,
    viewer: AnyViewerDep,
    session: SessionDep,
    state: StateDep,
) -> HTMLResponse:
    values = {
        "name": str(form.get("name", ""))[:200],
        "expires_in_days": str(form.get("expires_in_days", "")),
    }
    errors: dict[str, str] = {}
    if values["expires_in_days"] not in EXPIRY_CHOICES:
        errors["expires_in_days"] = viewer.t("tok-error-expiry")
    if not values["name"].strip() or len(values["name"].strip()) > 60:
        errors["name"] = viewer.t("tok-error-name")
    if errors:
        return await _page(
            request,
            viewer,
            session,
            state,
            values=values,
            errors=errors,
            status_code=422,
        )
    days = values["expires_in_days"]
    try:
        issued = await auth_service.create_token(
            session,
            viewer.coordinator,
            name=values["name"],
            expires_in_days=int(days) if days else None,
            now=state.clock.now(),
        )
    except BadRequest:
        return await _page(
            request,
            viewer,
            session,
            state,
            values=values,
            errors={"name": viewer.t("tok-error-name")},
            status_code=422,
        )
    fresh = {"name": "", "expires_in_days": DEFAULT_EXPIRY}
    return await _page(
        request,
        viewer,
        session,
        state,
        values=fresh,
        errors={},
        issued=issued,
        status_code=201,
    )


@router.post("/{token_id}/revoke")
async def revoke_token(
    token_id: int,
    _form: FormDep,
    viewer: AnyViewerDep,
    session: SessionDep,
    state: StateDep,
) -> Response:
    await auth_service.revoke_token(
        session, viewer.coordinator, token_id, now=state.clock.now()
    )
    return see_other("/console/tokens", "notice-tok-revoked")
