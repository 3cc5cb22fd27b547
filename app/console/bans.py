"""The ban list page (/console/bans): numbers and prefixes kept off the line, a form to
add one and a button to lift one. Reads and writes through app.abuse.service, the
same functions as /api/bans. Not in the navigation: coordinators reach it by URL."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from app.abuse import service as abuse_service
from app.abuse.errors import AlreadyBanned
from app.abuse.schemas import BanCreate, BanRead
from app.console.security import FormDep, ViewerDep
from app.console.templating import see_other, viewer_page
from app.db import SessionDep
from app.logging import mask_phone
from app.phone_numbers import to_e164
from app.state import HotlineState, StateDep

router = APIRouter(prefix="/console/bans", include_in_schema=False)
FIELDS = ("number_prefix", "reason", "until")


def shown_number(ban: BanRead) -> str:
    """A whole number is masked, as in every list; a prefix is nobody's number."""
    if to_e164(ban.number_prefix) == ban.number_prefix:
        return mask_phone(ban.number_prefix)
    return ban.number_prefix


def _end_of_day(state: HotlineState, day: date) -> datetime:
    """The ban lasts through `day`, local time."""
    zone = ZoneInfo(state.settings.console.timezone)
    return datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=zone)


async def _page(
    request: Request,
    viewer: ViewerDep,
    state: HotlineState,
    session: SessionDep,
    *,
    values: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    bans = await abuse_service.list_bans(session, state)
    return viewer_page(
        request,
        viewer,
        "bans/index.html",
        section="bans",
        bans=bans,
        shown_number=shown_number,
        values=values,
        errors=errors,
        status_code=status_code,
    )


@router.get("")
async def bans_page(
    request: Request, viewer: ViewerDep, state: StateDep, session: SessionDep
) -> HTMLResponse:
    values = dict.fromkeys(FIELDS, "")
    return await _page(request, viewer, state, session, values=values, errors={})


@router.post("")
async def add_ban(
    request: Request,
    form: FormDep,
    viewer: ViewerDep,
    state: StateDep,
    session: SessionDep,
) -> Response:
    values = {key: str(form.get(key, ""))[:200] for key in FIELDS}
    t = viewer.t
    errors: dict[str, str] = {}
    data: dict[str, Any] = {
        "number_prefix": values["number_prefix"],
        "reason": values["reason"],
    }
    if values["until"]:
        try:
            day = date.fromisoformat(values["until"])
        except ValueError:
            errors["until"] = t("ban-error-until")
        else:
            if _end_of_day(state, day) <= state.clock.now():
                errors["until"] = t("ban-error-until")
            data["expires_at"] = _end_of_day(state, day)
    try:
        ban = BanCreate.model_validate(data)
    except ValidationError as exc:
        for problem in exc.errors():
            key = str(problem["loc"][0]) if problem["loc"] else "number_prefix"
            errors.setdefault(key, t(f"ban-error-{key}"))
    if errors:
        return await _page(
            request,
            viewer,
            state,
            session,
            values=values,
            errors=errors,
            status_code=422,
        )
    try:
        await abuse_service.add_ban(session, state, ban, created_by=viewer.username)
    except AlreadyBanned:
        return await _page(
            request,
            viewer,
            state,
            session,
            values=values,
            errors={"number_prefix": t("ban-error-exists")},
            status_code=409,
        )
    return see_other("/console/bans", "notice-ban-added")


@router.post("/{ban_id}/remove")
async def remove_ban(
    ban_id: int,
    _form: FormDep,
    _viewer: ViewerDep,
    state: StateDep,
    session: SessionDep,
) -> Response:
    await abuse_service.remove_ban(session, state, ban_id)
    return see_other("/console/bans", "notice-ban-removed")
