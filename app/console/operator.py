"""The operator's page (/console/operator/<signed link>), for a phone's browser: the
call they are on (or just had) and a form for its request's details.

No sign-in: the link texted when they go on duty is the key (signed, expiring, for
one operator), which also stands in for a CSRF token, since a forged form cannot
know it. In the operator's language (their first one the console speaks). An
expired link gets a page saying so, and how to get a new one.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from starlette.datastructures import FormData

from app.console.i18n import LANGUAGES, Translator, load_localiser
from app.console.templating import page, see_other
from app.db import SessionDep
from app.help_requests.errors import InvalidRequestField
from app.help_requests.schemas import URGENCIES, HelpRequestUpdate
from app.operator_page import service
from app.operator_page.errors import OperatorLinkExpired
from app.operator_page.schemas import OperatorPage
from app.state import HotlineState, StateDep
from app.volunteers import repository as volunteer_repository

router = APIRouter(prefix="/console/operator", include_in_schema=False)
TEXT_FIELDS = frozenset(
    {
        "requester_name",
        "address_street",
        "address_number",
        "address_box",
        "needs_text",
        "access_notes",
    }
)


def _translator(state: HotlineState, languages: list[str]) -> Translator:
    language = next((x for x in languages if x in LANGUAGES), "en")
    return load_localiser(state.settings.console.timezone).translator(language)


async def _form(request: Request) -> FormData:
    return await request.form()


def _render(
    request: Request,
    t: Translator,
    view: OperatorPage,
    *,
    token: str,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return page(
        request,
        "operator/page.html",
        t=t,
        view=view,
        token=token,
        values=values
        if values is not None
        else (view.call.values if view.call else {}),
        errors=errors or {},
        urgencies=URGENCIES,
        status_code=status_code,
    )


async def _expired(
    request: Request, state: HotlineState, session: SessionDep, exc: OperatorLinkExpired
) -> HTMLResponse:
    volunteer = await volunteer_repository.get(session, exc.volunteer_id)
    t = _translator(state, list(volunteer.languages) if volunteer else [])
    return page(request, "operator/expired.html", t=t, status_code=410)


@router.get("/{token}", response_model=None)
async def operator_page(
    token: str, request: Request, state: StateDep, session: SessionDep
) -> HTMLResponse:
    try:
        volunteer_id = service.volunteer_of(state, token)
    except OperatorLinkExpired as exc:
        return await _expired(request, state, session, exc)
    view = await service.page(session, state, volunteer_id)
    return _render(request, _translator(state, view.languages), view, token=token)


def _parse(
    form: FormData,
) -> tuple[HelpRequestUpdate | None, dict[str, str], dict[str, str]]:
    typed = {
        name: str(form.get(name, "")) for name in service.FORM_FIELDS if name in form
    }
    data: dict[str, str] = {
        name: value
        for name, value in typed.items()
        if value.strip() or name in TEXT_FIELDS
    }
    try:
        return HelpRequestUpdate.model_validate(data), {}, typed
    except ValidationError as exc:
        errors = {
            str(error["loc"][0]): "op-error-invalid"
            for error in exc.errors()
            if error["loc"]
        }
        return None, errors, typed


@router.post("/{token}", response_model=None)
async def save_details(
    token: str,
    request: Request,
    form: Annotated[FormData, Depends(_form)],
    state: StateDep,
    session: SessionDep,
) -> HTMLResponse | RedirectResponse:
    try:
        volunteer_id = service.volunteer_of(state, token)
    except OperatorLinkExpired as exc:
        return await _expired(request, state, session, exc)
    data, errors, typed = _parse(form)
    if data is not None:
        try:
            await service.save_details(session, state, volunteer_id, data)
        except InvalidRequestField as exc:
            errors = {exc.field: "op-error-postcode"}
        else:
            return see_other(f"/console/operator/{token}", "notice-op-saved")
    view = await service.page(session, state, volunteer_id)
    return _render(
        request,
        _translator(state, view.languages),
        view,
        token=token,
        values=typed,
        errors=errors,
        status_code=422,
    )
