"""Console pages of the volunteers: roster, add and edit, deactivate, CSV import,
weekly shifts, and next week's coverage.

Thin routes: form fields -> the volunteers' schemas and service -> template. Form
mistakes come back beside their fields in the reader's language, with what was
typed kept. No queries here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData, UploadFile

from app.console.i18n import Translator
from app.console.security import FormDep, ViewerDep
from app.console.templating import see_other, viewer_page
from app.db import SessionDep
from app.logging import mask_phone
from app.state import StateDep
from app.volunteers import service as volunteer_service
from app.volunteers.csv_import import FieldProblem, LineError, decode, problems_of
from app.volunteers.errors import DuplicatePhoneNumber, ImportRejected
from app.volunteers.models import Volunteer
from app.volunteers.schemas import (
    RosterFilter,
    ShiftIn,
    VolunteerCreate,
    VolunteerUpdate,
)

router = APIRouter(prefix="/console/volunteers", include_in_schema=False)

PAGE_SIZE = 50
MAX_CSV_BYTES = 1_000_000
ROLES = ("operator", "field")
LANGUAGES = ("nl", "fr", "en", "de")
NEEDS = ("groceries", "pharmacy", "company", "other")
DUTY_STATES = ("offline", "available", "away")
STATUSES = ("active", "inactive", "all")
A_MONDAY = date(2024, 1, 1)

# Pydantic's error types (and ours, from the schemas) -> the sentence to show.
_PROBLEM_MESSAGES = {
    "missing": "vol-error-required",
    "string_too_short": "vol-error-required",
    "string_too_long": "vol-error-too-long",
    "string_pattern_mismatch": "vol-error-postcode",
    "literal_error": "vol-error-choice",
    "phone_invalid": "vol-error-phone",
    "languages_empty": "vol-error-languages-empty",
    "languages_repeat": "vol-error-languages-repeat",
    "roles_missing": "vol-error-roles-missing",
    "field_details_missing": "vol-error-field-details",
    "shift_empty": "vol-error-shift-empty",
    "float_parsing": "vol-error-number",
    "float_type": "vol-error-number",
    "int_parsing": "vol-error-number",
    "int_type": "vol-error-number",
    "int_from_float": "vol-error-whole-number",
    "greater_than": "vol-error-greater-than",
    "greater_than_equal": "vol-error-at-least",
    "less_than": "vol-error-less-than",
    "less_than_equal": "vol-error-at-most",
    "time_parsing": "vol-error-time",
    "time_type": "vol-error-time",
}
_LIMIT_KEYS = ("gt", "ge", "lt", "le", "max_length")
# Row-level rules are shown beside the part of the form they are about.
_ROW_RULE_FIELDS = {
    "roles_missing": "roles",
    "field_details_missing": "field_role",
    "shift_empty": "ends",
}
_FIELD_LABELS = frozenset(
    (
        "name",
        "phone_number",
        "languages",
        "home_postcode",
        "needs",
        "radius_km",
        "weekly_cap",
    )
)


# --------------------------------------------------------------------------- words


def problem_text(t: Translator, problem: FieldProblem) -> str:
    """One invalid value in the reader's language."""
    message_id = _PROBLEM_MESSAGES.get(problem.kind, "vol-error-invalid")
    for key in _LIMIT_KEYS:
        limit = problem.context.get(key)
        if isinstance(limit, int | float):
            digits = 0 if limit % 1 == 0 else 1
            return t(message_id, limit=t.number(limit, digits=digits))
    return t(message_id, value=problem.value)


def _field_key(problem: FieldProblem) -> str:
    if not problem.field:
        return _ROW_RULE_FIELDS.get(problem.kind, "")
    return problem.field.split(".")[0]


def field_errors(t: Translator, problems: Iterable[FieldProblem]) -> dict[str, str]:
    """Form field name -> what is wrong with it (the first problem of each field)."""
    errors: dict[str, str] = {}
    for problem in problems:
        errors.setdefault(_field_key(problem), problem_text(t, problem))
    return errors


def line_text(t: Translator, error: LineError) -> str:
    """Why one CSV line was refused, in the reader's language."""
    listed = ", ".join(error.values)
    match error.reason:
        case "invalid":
            return "; ".join(_labelled(t, problem) for problem in error.problems)
        case "unreadable":
            return t("vol-import-unreadable")
        case "missing_columns":
            return t("vol-import-missing-columns", columns=listed)
        case "unknown_columns":
            return t("vol-import-unknown-columns", columns=listed)
        case "too_many_rows":
            return t("vol-import-too-many-rows")
        case "more_fields":
            return t("vol-import-more-fields")
        case "unknown_roles":
            return t("vol-import-unknown-roles", roles=listed)
        case "repeated_phone":
            return t("vol-import-repeated-phone", line=error.other_line)
        case "phone_taken":
            return t("vol-import-phone-taken")
        case "no_rows":
            return t("vol-import-no-rows")


def _labelled(t: Translator, problem: FieldProblem) -> str:
    key = _field_key(problem)
    if key not in _FIELD_LABELS:
        return problem_text(t, problem)
    return t(
        "vol-problem", field=t("vol-field-" + key), problem=problem_text(t, problem)
    )


def weekday_names(t: Translator) -> list[str]:
    return [t.date(A_MONDAY + timedelta(days=day), "EEEE") for day in range(7)]


# --------------------------------------------------------------------------- forms


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _chosen(form: FormData, name: str, allowed: tuple[str, ...]) -> list[str]:
    picked = {value for value in form.getlist(name) if isinstance(value, str)}
    return [value for value in allowed if value in picked]


def form_values(form: FormData) -> dict[str, Any]:
    """What the coordinator typed, kept as typed for a form shown again."""
    return {
        "name": _text(form, "name"),
        "phone_number": _text(form, "phone_number"),
        "languages": _chosen(form, "languages", LANGUAGES),
        "roles": _chosen(form, "roles", ROLES),
        "home_postcode": _text(form, "home_postcode"),
        "needs": _chosen(form, "needs", NEEDS),
        "radius_km": _text(form, "radius_km"),
        "weekly_cap": _text(form, "weekly_cap"),
    }


def volunteer_values(volunteer: Volunteer) -> dict[str, Any]:
    radius = volunteer.radius_km
    return {
        "name": volunteer.name,
        "phone_number": volunteer.phone_number,
        "languages": list(volunteer.languages),
        "roles": [
            role
            for role, has in (
                ("operator", volunteer.is_operator),
                ("field", volunteer.is_field),
            )
            if has
        ],
        "home_postcode": volunteer.home_postcode or "",
        "needs": list(volunteer.needs),
        "radius_km": "" if radius is None else f"{radius:g}",
        "weekly_cap": str(volunteer.weekly_cap),
    }


def _as_create(values: Mapping[str, Any]) -> VolunteerCreate:
    """The form is a whole volunteer, new or edited: the same rules apply to both."""
    data: dict[str, object] = {
        "name": values["name"],
        "phone_number": values["phone_number"],
        "languages": values["languages"],
        "is_operator": "operator" in values["roles"],
        "is_field": "field" in values["roles"],
        "home_postcode": values["home_postcode"] or None,
        "needs": values["needs"],
    }
    if values["radius_km"]:
        # A Belgian keyboard types a decimal comma.
        data["radius_km"] = values["radius_km"].replace(",", ".")
    if values["weekly_cap"]:
        data["weekly_cap"] = values["weekly_cap"]
    return VolunteerCreate.model_validate(data)


def _one_of(value: str | None, allowed: tuple[str, ...]) -> Any:
    return value if value in allowed else None


# --------------------------------------------------------------------------- roster


def _page_url(query: Mapping[str, str], offset: int) -> str:
    kept = {k: v for k, v in query.items() if v and k != "offset"}
    if offset:
        kept["offset"] = str(offset)
    return "/console/volunteers" + ("?" + urlencode(kept) if kept else "")


@router.get("")
async def roster_page(
    request: Request,
    viewer: ViewerDep,
    state: StateDep,
    session: SessionDep,
    role: str | None = None,
    language: str | None = None,
    duty_state: str | None = None,
    status: str | None = None,
    name: Annotated[str | None, Query(max_length=120)] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    # Unknown or empty choices (the filter form's "any") mean no filter.
    filters = RosterFilter(
        role=_one_of(role, ROLES),
        language=_one_of(language, LANGUAGES),
        duty_state=_one_of(duty_state, DUTY_STATES),
        status=_one_of(status, STATUSES) or "active",
        name=(name or "").strip() or None,
    )
    roster = await volunteer_service.roster(
        session,
        state,
        filters,
        limit=PAGE_SIZE,
        offset=offset,
        place_language=viewer.t.language,
    )
    query = {
        "role": filters.role or "",
        "language": filters.language or "",
        "duty_state": filters.duty_state or "",
        "status": filters.status if filters.status != "active" else "",
        "name": filters.name or "",
    }
    previous_url = _page_url(query, max(0, offset - PAGE_SIZE)) if offset > 0 else None
    next_url = (
        _page_url(query, offset + PAGE_SIZE)
        if offset + PAGE_SIZE < roster.total
        else None
    )
    return viewer_page(
        request,
        viewer,
        "volunteers/index.html",
        section="volunteers",
        roster=roster,
        filters=filters,
        roles=ROLES,
        language_codes=LANGUAGES,
        duty_states=DUTY_STATES,
        statuses=STATUSES,
        previous_url=previous_url,
        next_url=next_url,
    )


# --------------------------------------------------------------------------- add


def _new_page(
    request: Request,
    viewer: ViewerDep,
    *,
    values: Mapping[str, Any],
    errors: Mapping[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    return viewer_page(
        request,
        viewer,
        "volunteers/new.html",
        section="volunteers",
        values=values,
        errors=errors,
        roles=ROLES,
        language_codes=LANGUAGES,
        needs=NEEDS,
        status_code=status_code,
    )


@router.get("/new")
async def new_volunteer_form(request: Request, viewer: ViewerDep) -> HTMLResponse:
    values = {**form_values(FormData()), "weekly_cap": "3"}
    return _new_page(request, viewer, values=values, errors={})


@router.post("/new")
async def add_volunteer(
    request: Request,
    form: FormDep,
    viewer: ViewerDep,
    state: StateDep,
    session: SessionDep,
) -> Response:
    values = form_values(form)
    try:
        data = _as_create(values)
    except ValidationError as exc:
        errors = field_errors(viewer.t, problems_of(exc))
        return _new_page(request, viewer, values=values, errors=errors, status_code=422)
    try:
        volunteer, token = await volunteer_service.create(
            session, data, now=state.clock.now(), actor=viewer.username
        )
    except DuplicatePhoneNumber:
        errors = {"phone_number": viewer.t("vol-error-phone-taken")}
        return _new_page(request, viewer, values=values, errors=errors, status_code=409)
    if not volunteer.is_operator:
        return see_other(f"/console/volunteers/{volunteer.id}", "notice-vol-created")
    # The personal duty token exists only in this response (the database keeps its
    # hash): shown here once rather than carried through a redirect URL.
    response = viewer_page(
        request,
        viewer,
        "volunteers/created.html",
        section="volunteers",
        volunteer=volunteer,
        duty_token=token,
        status_code=201,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


# --------------------------------------------------------------------------- import


def _import_page(
    request: Request,
    viewer: ViewerDep,
    *,
    csv_text: str = "",
    lines: list[tuple[int, str]] | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return viewer_page(
        request,
        viewer,
        "volunteers/import.html",
        section="volunteers",
        csv_text=csv_text,
        lines=lines or [],
        error=error,
        max_kb=MAX_CSV_BYTES // 1000,
        status_code=status_code,
    )


@router.get("/import")
async def import_form(request: Request, viewer: ViewerDep) -> HTMLResponse:
    return _import_page(request, viewer)


async def _csv_of(form: FormData) -> str | None:
    """The uploaded file if one was chosen, else the pasted text; None if too big."""
    upload = form.get("csv_file")
    if isinstance(upload, UploadFile) and upload.filename:
        try:
            data = await upload.read(MAX_CSV_BYTES + 1)
        finally:
            await upload.close()
        return None if len(data) > MAX_CSV_BYTES else decode(data)
    text = form.get("csv_text")
    if not isinstance(text, str):
        return ""
    return None if len(text.encode()) > MAX_CSV_BYTES else text


@router.post("/import")
async def import_volunteers(
    request: Request,
    form: FormDep,
    viewer: ViewerDep,
    state: StateDep,
    session: SessionDep,
) -> Response:
    t = viewer.t
    pasted = form.get("csv_text")
    pasted_text = pasted if isinstance(pasted, str) else ""
    text = await _csv_of(form)
    if text is None:
        error = t("vol-import-too-big", kb=MAX_CSV_BYTES // 1000)
        return _import_page(request, viewer, error=error, status_code=413)
    if not text.strip():
        error = t("vol-import-empty")
        return _import_page(
            request, viewer, csv_text=pasted_text, error=error, status_code=400
        )
    try:
        await volunteer_service.import_csv(
            session, text, now=state.clock.now(), actor=viewer.username
        )
    except ImportRejected as exc:
        lines = [(line.line, line_text(t, line)) for line in exc.lines]
        return _import_page(
            request,
            viewer,
            csv_text=pasted_text[:MAX_CSV_BYTES],
            lines=lines,
            error=t("vol-import-rejected", count=len(lines)),
            status_code=400,
        )
    return see_other("/console/volunteers?status=all", "notice-vol-imported")


# --------------------------------------------------------------------------- coverage


@router.get("/coverage")
async def coverage_page(
    request: Request, viewer: ViewerDep, state: StateDep, session: SessionDep
) -> HTMLResponse:
    coverage = await volunteer_service.week_coverage(session, state)
    return viewer_page(
        request,
        viewer,
        "volunteers/coverage.html",
        section="volunteers",
        coverage=coverage,
    )


# --------------------------------------------------------------------------- volunteer


def _volunteer_page(
    request: Request,
    viewer: ViewerDep,
    volunteer: Volunteer,
    *,
    values: Mapping[str, Any] | None = None,
    errors: Mapping[str, str] | None = None,
    shift_values: Mapping[str, str] | None = None,
    shift_errors: Mapping[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return viewer_page(
        request,
        viewer,
        "volunteers/detail.html",
        section="volunteers",
        volunteer=volunteer,
        shifts=sorted(volunteer.shifts, key=lambda s: (s.weekday, s.starts, s.ends)),
        values=_phone_masked(values or volunteer_values(volunteer), volunteer),
        errors=errors or {},
        shift_values=shift_values or {"weekday": "0", "starts": "", "ends": ""},
        shift_errors=shift_errors or {},
        weekdays=weekday_names(viewer.t),
        roles=ROLES,
        language_codes=LANGUAGES,
        needs=NEEDS,
        status_code=status_code,
    )


def _phone_masked(values: Mapping[str, Any], volunteer: Volunteer) -> dict[str, Any]:
    """The edit form shows the stored number masked (app/auth/masking.py); sent
    back unchanged, it keeps the number (`_phone_kept`)."""
    shown = dict(values)
    if shown.get("phone_number") == volunteer.phone_number:
        shown["phone_number"] = mask_phone(volunteer.phone_number)
    return shown


def _phone_kept(values: dict[str, Any], volunteer: Volunteer) -> dict[str, Any]:
    if values.get("phone_number") == mask_phone(volunteer.phone_number):
        values["phone_number"] = volunteer.phone_number
    return values


@router.get("/{volunteer_id:int}")
async def volunteer_page(
    volunteer_id: int, request: Request, viewer: ViewerDep, session: SessionDep
) -> HTMLResponse:
    volunteer = await volunteer_service.get(session, volunteer_id)
    return _volunteer_page(request, viewer, volunteer)


@router.post("/{volunteer_id:int}")
async def edit_volunteer(
    volunteer_id: int,
    request: Request,
    form: FormDep,
    viewer: ViewerDep,
    state: StateDep,
    session: SessionDep,
) -> Response:
    volunteer = await volunteer_service.get(session, volunteer_id)
    values = _phone_kept(form_values(form), volunteer)
    try:
        data = VolunteerUpdate.model_validate(_as_create(values).model_dump())
    except ValidationError as exc:
        errors = field_errors(viewer.t, problems_of(exc))
        return _volunteer_page(
            request, viewer, volunteer, values=values, errors=errors, status_code=422
        )
    try:
        await volunteer_service.update(
            session, state, volunteer_id, data, actor=viewer.username
        )
    except DuplicatePhoneNumber:
        errors = {"phone_number": viewer.t("vol-error-phone-taken")}
        return _volunteer_page(
            request, viewer, volunteer, values=values, errors=errors, status_code=409
        )
    return see_other(f"/console/volunteers/{volunteer_id}", "notice-vol-saved")


async def _set_active(
    volunteer_id: int,
    viewer: ViewerDep,
    state: StateDep,
    session: SessionDep,
    *,
    is_active: bool,
) -> RedirectResponse:
    await volunteer_service.set_active(
        session, state, volunteer_id, is_active=is_active, actor=viewer.username
    )
    notice = "notice-vol-reactivated" if is_active else "notice-vol-deactivated"
    return see_other(f"/console/volunteers/{volunteer_id}", notice)


@router.post("/{volunteer_id:int}/deactivate")
async def deactivate_volunteer(
    volunteer_id: int,
    _form: FormDep,
    viewer: ViewerDep,
    state: StateDep,
    session: SessionDep,
) -> RedirectResponse:
    return await _set_active(volunteer_id, viewer, state, session, is_active=False)


@router.post("/{volunteer_id:int}/reactivate")
async def reactivate_volunteer(
    volunteer_id: int,
    _form: FormDep,
    viewer: ViewerDep,
    state: StateDep,
    session: SessionDep,
) -> RedirectResponse:
    return await _set_active(volunteer_id, viewer, state, session, is_active=True)


@router.post("/{volunteer_id:int}/shifts")
async def add_shift(
    volunteer_id: int,
    request: Request,
    form: FormDep,
    viewer: ViewerDep,
    state: StateDep,
    session: SessionDep,
) -> Response:
    shift_values = {name: _text(form, name) for name in ("weekday", "starts", "ends")}
    try:
        shift = ShiftIn.model_validate(shift_values)
    except ValidationError as exc:
        volunteer = await volunteer_service.get(session, volunteer_id)
        return _volunteer_page(
            request,
            viewer,
            volunteer,
            shift_values=shift_values,
            shift_errors=field_errors(viewer.t, problems_of(exc)),
            status_code=422,
        )
    await volunteer_service.add_shift(
        session, volunteer_id, shift, actor=viewer.username, now=state.clock.now()
    )
    return see_other(
        f"/console/volunteers/{volunteer_id}", "notice-vol-shift-added", anchor="shifts"
    )


@router.post("/{volunteer_id:int}/shifts/{shift_id:int}/remove")
async def remove_shift(
    volunteer_id: int,
    shift_id: int,
    _form: FormDep,
    viewer: ViewerDep,
    state: StateDep,
    session: SessionDep,
) -> RedirectResponse:
    await volunteer_service.remove_shift(
        session, volunteer_id, shift_id, actor=viewer.username, now=state.clock.now()
    )
    return see_other(
        f"/console/volunteers/{volunteer_id}",
        "notice-vol-shift-removed",
        anchor="shifts",
    )
