"""The call log in the console: the filtered list (keyset pages), one call's page with
its timeline, the CSV export, and voicemails played through the server.

Routes stay thin: read the filter from the query string, call app.calls.service (the
same functions as GET /api/calls), render. A voicemail's provider URL never reaches
the browser: /console/voicemails/{id}/audio fetches it with the provider's
credentials and streams it back to signed-in readers only.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from pydantic import ValidationError

from app.audit import service as audit
from app.calls import repository as call_repository
from app.calls import service as call_service
from app.calls.schemas import (
    CALL_LANGUAGES,
    CALL_PURPOSES,
    OUTCOME_FILTERS,
    CallFilter,
    CallPage,
)
from app.console.security import ViewerDep
from app.console.templating import viewer_page
from app.db import SessionDep
from app.ivr.menu import NEEDS
from app.state import StateDep

router = APIRouter(prefix="/console", include_in_schema=False)

PAGE_SIZE = 50
FILTER_FIELDS = (
    "purpose",
    "date_from",
    "date_to",
    "language",
    "need",
    "outcome",
    "operator",
    "digits",
)
DEFAULT_PURPOSE = "caller"
ANY_PURPOSE = "all"
# Timeline kinds with words of their own (calls-event-<kind>); others show as logged.
EVENT_KINDS = frozenset(
    {
        "incoming",
        "menu_entered",
        "input",
        "no_input",
        "language_chosen",
        "need_chosen",
        "postcode_given",
        "postcode_skipped",
        "operator_requested",
        "menu_retry",
        "menu_repeat",
        "handed_off",
        "out_of_hours",
        "queued",
        "offered",
        "offer",
        "offer_ended",
        "offer_withdrawn",
        "accepted",
        "answered",
        "bridged",
        "abandoned",
        "callback_requested",
        "callback_dialled",
        "voicemail_offered",
        "recording",
        "status",
        "hung_up",
        "wrap_up",
        "duty_line",
        "duty_on",
        "duty_off",
    }
)
OPERATOR_RESULTS = frozenset(
    {
        "accepted",
        "declined",
        "no_answer",
        "no_key",
        "voicemail",
        "expired",
        "hung_up",
        "caller_hung_up",
        "ringing",
        "assigned",
    }
)
REQUEST_STATUSES = frozenset({"new", "offered", "matched", "done", "closed"})
# Which message explains a rejected field (the pydantic error type decides).
_FIELD_ERRORS = {
    "digits": "calls-error-digits",
    "operator": "calls-error-operator",
    "date_from": "calls-error-date",
    "date_to": "calls-error-date",
}


class FilterForm:
    """The filter as typed (to show back) and as parsed, or the messages per field."""

    def __init__(self, request: Request) -> None:
        self.values = {
            name: request.query_params.get(name, "").strip()[:40]
            for name in FILTER_FIELDS
        }
        self.errors: dict[str, str] = {}
        self.filters: CallFilter | None = None
        purpose = self.values["purpose"] or DEFAULT_PURPOSE
        self.values["purpose"] = purpose
        data: dict[str, Any] = dict(self.values)
        data["purpose"] = None if purpose == ANY_PURPOSE else purpose
        try:
            self.filters = CallFilter.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                if error["loc"]:
                    field = str(error["loc"][0])
                    message = _FIELD_ERRORS.get(field, "calls-error-choice")
                else:  # the model's own check: the dates are in the wrong order
                    field, message = "date_to", "calls-error-date-order"
                self.errors.setdefault(field, message)

    def href(self, path: str = "/console/calls", **extra: str) -> str:
        """`path` with the filter's query string (defaults left out), plus `extra`."""
        kept = {
            name: value
            for name, value in self.values.items()
            if value and not (name == "purpose" and value == DEFAULT_PURPOSE)
        }
        query = urlencode({**kept, **extra})
        return f"{path}?{query}" if query else path


def _list_page(
    request: Request,
    viewer: ViewerDep,
    form: FilterForm,
    *,
    operators: list[tuple[int, str]],
    calls: CallPage | None,
    status_code: int = 200,
) -> HTMLResponse:
    return viewer_page(
        request,
        viewer,
        "calls/index.html",
        section="calls",
        status_code=status_code,
        form=form,
        calls=calls,
        operators=operators,
        purposes=(*CALL_PURPOSES, ANY_PURPOSE),
        call_languages=CALL_LANGUAGES,
        needs=NEEDS,
        outcomes=OUTCOME_FILTERS,
        outcome_words=frozenset(OUTCOME_FILTERS),
        is_first_page=not (
            request.query_params.get("before") or request.query_params.get("after")
        ),
    )


@router.get("/calls")
async def calls_page(
    request: Request, viewer: ViewerDep, state: StateDep, session: SessionDep
) -> HTMLResponse:
    form = FilterForm(request)
    operators = await call_repository.operator_choices(session)
    if form.filters is None:
        return _list_page(
            request, viewer, form, operators=operators, calls=None, status_code=400
        )
    try:
        calls = await call_service.call_log(
            session,
            form.filters,
            timezone=state.settings.console.timezone,
            limit=PAGE_SIZE,
            before=request.query_params.get("before"),
            after=request.query_params.get("after"),
        )
    except call_service.InvalidCursor:
        form.errors["cursor"] = "calls-error-cursor"
        return _list_page(
            request, viewer, form, operators=operators, calls=None, status_code=400
        )
    return _list_page(request, viewer, form, operators=operators, calls=calls)


@router.get("/calls.csv", response_model=None)
async def calls_csv(
    request: Request, viewer: ViewerDep, state: StateDep, session: SessionDep
) -> Response:
    form = FilterForm(request)
    if form.filters is None:
        operators = await call_repository.operator_choices(session)
        return _list_page(
            request, viewer, form, operators=operators, calls=None, status_code=400
        )
    await audit.record_export(
        session,
        actor=viewer.username,
        subject="calls",
        filters=form.filters.model_dump(),
        now=state.clock.now(),
    )
    await session.close()  # the export reads in batches, each in its own session
    timezone = state.settings.console.timezone
    today = state.clock.now().astimezone(ZoneInfo(timezone)).date()
    return StreamingResponse(
        call_service.export_csv(state.sessionmaker, form.filters, timezone=timezone),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f"attachment; filename={_csv_name(today)}",
            "Cache-Control": "no-store",
        },
    )


def _csv_name(day: date) -> str:
    return f"calls-{day.isoformat()}.csv"


@router.get("/calls/{call_id:int}")
async def call_page(
    request: Request, call_id: int, viewer: ViewerDep, session: SessionDep
) -> HTMLResponse:
    detail = await call_service.call_detail(session, call_id)
    return viewer_page(
        request,
        viewer,
        "calls/detail.html",
        section="calls",
        call=detail,
        call_languages=CALL_LANGUAGES,
        event_kinds=EVENT_KINDS,
        operator_results=OPERATOR_RESULTS,
        outcome_words=frozenset(OUTCOME_FILTERS),
        request_statuses=REQUEST_STATUSES,
    )


@router.get("/voicemails/{request_id:int}/audio")
async def voicemail_audio(
    request_id: int, _viewer: ViewerDep, state: StateDep, session: SessionDep
) -> Response:
    """A voicemail's recording, fetched by the server with the provider's
    credentials: the browser never sees (nor could use) the provider's URL."""
    audio = await call_service.voicemail_audio(session, state.telephony, request_id)
    extension = "mp3" if audio.media_type == "audio/mpeg" else "wav"
    return Response(
        audio.content,
        media_type=audio.media_type,
        headers={
            "Cache-Control": "private, no-store",
            "Content-Disposition": (
                f'inline; filename="voicemail-{request_id}.{extension}"'
            ),
            "X-Content-Type-Options": "nosniff",
        },
    )
