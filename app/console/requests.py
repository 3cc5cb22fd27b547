"""The requests screen: the board by status with filters and CSV export, a request's
page (history, SMS offers, ranked candidates, actions) and the form for a request
entered on someone's behalf.

Pages render `help_requests.service.board()` / `request_view()` and
`matching.service.ranked_candidates()`, the views `/api/requests/board`,
`/api/requests/{id}` and `/api/requests/{id}/candidates` return; every action calls
the matching service as the API does. The board and a request's page stay live over
Server-Sent Events, as the live board does.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, StreamingResponse
from pydantic import BaseModel, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData

from app.audit import reveal
from app.audit import service as audit
from app.auth.masking import masked
from app.auth.roles import STAFF, Role, organisation_scope
from app.console import live
from app.console.i18n import Translator
from app.console.security import (
    SESSION_COOKIE,
    FormDep,
    Viewer,
    ViewerDep,
    console_viewer,
)
from app.console.templating import render_fragment, see_other, viewer_page
from app.db import SessionDep
from app.errors import BadRequest
from app.help_requests import service as request_service
from app.help_requests.errors import InvalidRequestField
from app.help_requests.schemas import (
    CLOSE_REASONS,
    REQUEST_GROUPS,
    REQUEST_LANGUAGES,
    REQUEST_NEEDS,
    URGENCIES,
    AssignBody,
    CloseBody,
    HelpRequestCreate,
    HelpRequestEventRead,
    HelpRequestUpdate,
    HelpRequestView,
    RequestBoard,
    RequestQuery,
)
from app.matching import service as matching_service
from app.state import HotlineState, StateDep

router = APIRouter(prefix="/console", include_in_schema=False)

PAGE_SIZE = 50
CREATE_FIELDS = tuple(HelpRequestCreate.model_fields)
EDIT_FIELDS = tuple(HelpRequestUpdate.model_fields)
# A field's error, shown beside it (message ids of requests.ftl).
FIELD_ERRORS = {
    "phone_number": "req-error-phone",
    "requester_name": "req-error-name",
    "language": "req-error-language",
    "need": "req-error-need",
    "postcode": "req-error-postcode",
}
TEXT_LIMITS = {
    "requester_name": 120,
    "address_street": 120,
    "address_number": 10,
    "address_box": 10,
    "notes": 2000,
    "needs_text": 2000,
    "access_notes": 500,
    "organisation": 120,
}
Model = TypeVar("Model", bound=BaseModel)
# Edit-form fields holding personal data: on the form only once revealed.
PERSONAL_FIELDS = frozenset(
    {"requester_name", "address_street", "address_number", "address_box", "notes"}
)
# The pages a partner shares with coordinators: the board, the form and a request's
# page, limited to the partner's organisation (the actions stay with coordinators).
ReaderDep = Annotated[Viewer, console_viewer(Role.PARTNER, *STAFF)]


def _scope(viewer: Viewer) -> str | None:
    return organisation_scope(viewer.role, viewer.coordinator.organisation)


# ------------------------------------------------------------------ helpers


def _choices() -> dict[str, Any]:
    """What the forms and filters offer."""
    return {
        "needs": REQUEST_NEEDS,
        "request_languages": REQUEST_LANGUAGES,
        "groups": REQUEST_GROUPS,
        "close_reasons": CLOSE_REASONS,
        "ages": ("1h", "24h", "3d"),
        "text_limits": TEXT_LIMITS,
        "urgencies": URGENCIES,
    }


def _parse(
    model: type[Model], form: FormData, fields: tuple[str, ...], *, keep_blank: bool
) -> tuple[Model | None, dict[str, str], dict[str, str]]:
    """The form as `model`, or the message id of each field's error.

    Also returns what was typed, to fill the form again. Fields left blank are sent
    as blank (create, where blank means "none") or left out (`keep_blank=False`:
    an edit leaves an empty select alone).
    """
    typed = {name: str(form.get(name, "")) for name in fields if name in form}
    data = {name: value for name, value in typed.items() if keep_blank or value.strip()}
    if not keep_blank:
        # Text fields emptied on purpose are cleared; the selects are left out.
        data.update(
            {n: v for n, v in typed.items() if n in TEXT_LIMITS and not v.strip()}
        )
    try:
        return model.model_validate(data), {}, typed
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else "form"
            if field in TEXT_LIMITS and field != "requester_name":
                errors.setdefault(field, "req-error-too-long")
            else:
                errors.setdefault(field, FIELD_ERRORS.get(field, "req-error-invalid"))
        return None, errors, typed


def _field_error(exc: InvalidRequestField) -> dict[str, str]:
    if exc.field == "postcode":
        return {"postcode": "req-error-postcode-unknown"}
    return {exc.field: FIELD_ERRORS.get(exc.field, "req-error-invalid")}


def describe_event(t: Translator, event: HelpRequestEventRead) -> str:
    """One history line in the reader's language (unknown kinds by their name)."""
    detail = event.detail
    volunteers = detail.get("volunteer_ids") or []
    fields = detail.get("fields") or []
    return t(
        "req-event",
        kind=event.kind,
        source=str(detail.get("source") or ""),
        wave=int(detail.get("wave") or 0),
        count=len(volunteers) if isinstance(volunteers, list) else 0,
        boost=float(detail.get("radius_boost_km") or 0),
        reason=str(detail.get("reason") or ""),
        need=t(f"need-{detail['need']}") if detail.get("need") in REQUEST_NEEDS else "",
        postcode=str(detail.get("postcode") or ""),
        fields=len(fields) if isinstance(fields, list) else 0,
        status=str(detail.get("status") or ""),
    )


def _board_fragment(board: RequestBoard, viewer: Viewer) -> str:
    return render_fragment(
        "requests/_board.html",
        t=viewer.t,
        board=board,
        viewer=viewer,
        **_choices(),
    )


def _detail_fragment(view: HelpRequestView, viewer: Viewer) -> str:
    return render_fragment(
        "requests/_detail.html",
        t=viewer.t,
        view=view,
        viewer=viewer,
        describe=describe_event,
    )


def _with_query(path: str, params: dict[str, str]) -> str:
    return f"{path}?{urlencode(params)}" if params else path


def _query(request: Request) -> RequestQuery:
    return RequestQuery.lenient(dict(request.query_params))


# -------------------------------------------------------------------- board


@router.get("/requests")
async def requests_page(
    request: Request,
    viewer: ReaderDep,
    state: StateDep,
    session: SessionDep,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    query = _query(request)
    limit = PAGE_SIZE if query.group else request_service.BOARD_COLUMN_SIZE
    board = masked(
        await request_service.board(
            session,
            state,
            query,
            offset=offset if query.group else 0,
            limit=limit,
            organisation=_scope(viewer),
        )
    )
    params = board.query.params()
    if board.offset:
        params["offset"] = str(board.offset)
    return viewer_page(
        request,
        viewer,
        "requests/index.html",
        section="requests",
        board=board,
        live_url=_with_query("/console/requests/live", params),
        # The CSV export is the coordinators' (a partner reads its own board).
        export_url=_with_query("/console/requests.csv", board.query.params())
        if viewer.role in STAFF
        else None,
        **_choices(),
    )


@router.get("/requests/live")
async def requests_stream(
    request: Request,
    viewer: ReaderDep,
    state: StateDep,
    session: SessionDep,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> StreamingResponse:
    await session.close()  # the stream opens its own short sessions
    return live.stream(
        board_events(
            request,
            state,
            viewer,
            _query(request),
            offset=offset,
            session_token=request.cookies.get(SESSION_COOKIE, ""),
        )
    )


def board_events(
    connection: live.Connection,
    state: HotlineState,
    viewer: Viewer,
    query: RequestQuery,
    *,
    offset: int = 0,
    session_token: str,
) -> AsyncGenerator[str, None]:
    """The board's counts and lists, re-sent whenever they change, while the
    reader's session lives."""
    limit = PAGE_SIZE if query.group else request_service.BOARD_COLUMN_SIZE

    async def load(session: AsyncSession) -> RequestBoard:
        return masked(
            await request_service.board(
                session,
                state,
                query,
                offset=offset if query.group else 0,
                limit=limit,
                organisation=_scope(viewer),
            )
        )

    return live.fragments(
        connection,
        state,
        session_token=session_token,
        event="requests",
        load=load,
        render=lambda board: _board_fragment(board, viewer),
    )


@router.get("/requests.csv")
async def requests_csv(
    request: Request, viewer: ViewerDep, state: StateDep, session: SessionDep
) -> StreamingResponse:
    query = _query(request)
    await audit.record_export(
        session,
        actor=viewer.username,
        subject="requests",
        filters=query.model_dump(),
        now=state.clock.now(),
    )
    await session.close()  # the export reads in short sessions of its own
    stamp = viewer.t.local(state.clock.now()).strftime("%Y%m%d-%H%M")
    return StreamingResponse(
        request_service.export_csv(
            state, query, timezone=state.settings.console.timezone
        ),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="requests-{stamp}.csv"',
            "Cache-Control": "no-store",
        },
    )


# ---------------------------------------------------------------- on behalf


def _new_form(
    request: Request,
    viewer: Viewer,
    *,
    values: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    return viewer_page(
        request,
        viewer,
        "requests/new.html",
        section="requests",
        values=values,
        errors=errors,
        status_code=status_code,
        **_choices(),
    )


@router.get("/requests/new")
async def new_request_form(request: Request, viewer: ReaderDep) -> HTMLResponse:
    return _new_form(request, viewer, values={}, errors={})


@router.post("/requests/new", response_model=None)
async def create_request(
    request: Request,
    form: FormDep,
    viewer: ReaderDep,
    state: StateDep,
    session: SessionDep,
) -> HTMLResponse | RedirectResponse:
    data, errors, typed = _parse(
        HelpRequestCreate, form, CREATE_FIELDS, keep_blank=True
    )
    scope = _scope(viewer)
    if data is not None and scope is not None:
        # A partner's requests are its own organisation's, whatever was typed.
        data = data.model_copy(update={"organisation": scope})
    if data is not None:
        try:
            created = await matching_service.create_on_behalf(
                session, state, data, source="console", actor=viewer.username
            )
        except InvalidRequestField as exc:
            errors = _field_error(exc)
        else:
            return see_other(f"/console/requests/{created.id}", "notice-req-created")
    return _new_form(request, viewer, values=typed, errors=errors, status_code=422)


# -------------------------------------------------------------- one request


async def _detail_page(
    request: Request,
    viewer: Viewer,
    state: HotlineState,
    session: AsyncSession,
    request_id: int,
    *,
    revealed: HelpRequestView | None = None,
    edit_values: dict[str, str] | None = None,
    edit_errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """A request's page: masked, unless `revealed` (the audited reveal's view) is
    given; only then does the edit form carry the personal fields."""
    scope = _scope(viewer)
    view = revealed or masked(
        await request_service.request_view(
            session, state, request_id, organisation=scope
        )
    )
    is_staff = viewer.role in STAFF
    candidates = (
        await matching_service.ranked_candidates(session, state, request_id)
        if is_staff
        else []
    )
    if scope is not None:
        view = view.model_copy(update={"offers": []})
    values = edit_values
    if values is None:
        values = {
            name: "" if getattr(view, name) is None else str(getattr(view, name))
            for name in EDIT_FIELDS
            if revealed is not None or name not in PERSONAL_FIELDS
        }
    return viewer_page(
        request,
        viewer,
        "requests/detail.html",
        section="requests",
        view=view,
        candidates=candidates,
        values=values,
        errors=edit_errors or {},
        describe=describe_event,
        status_code=status_code,
        is_revealed=revealed is not None,
        is_staff=is_staff,
        personal_fields=PERSONAL_FIELDS,
        **_choices(),
    )


@router.get("/requests/{request_id:int}")
async def request_page(
    request_id: int,
    request: Request,
    viewer: ReaderDep,
    state: StateDep,
    session: SessionDep,
) -> HTMLResponse:
    return await _detail_page(request, viewer, state, session, request_id)


@router.post("/requests/{request_id:int}/reveal")
async def reveal_request(
    request_id: int,
    request: Request,
    _form: FormDep,
    viewer: ReaderDep,
    state: StateDep,
    session: SessionDep,
) -> HTMLResponse:
    """The request's page with the number, name and address in full (audited)."""
    view = await reveal.reveal_request(
        session, state, request_id, account=viewer.coordinator, via="console"
    )
    return await _detail_page(
        request, viewer, state, session, request_id, revealed=view
    )


async def _masked_view(
    session: AsyncSession, state: HotlineState, viewer: Viewer, request_id: int
) -> HelpRequestView:
    view = masked(
        await request_service.request_view(
            session, state, request_id, organisation=_scope(viewer)
        )
    )
    if _scope(viewer) is not None:
        view = view.model_copy(update={"offers": []})
    return view


@router.get("/requests/{request_id:int}/fragment")
async def request_fragment(
    request_id: int, viewer: ReaderDep, state: StateDep, session: SessionDep
) -> HTMLResponse:
    view = await _masked_view(session, state, viewer, request_id)
    return HTMLResponse(_detail_fragment(view, viewer))


@router.get("/requests/{request_id:int}/live")
async def request_stream(
    request_id: int,
    request: Request,
    viewer: ReaderDep,
    state: StateDep,
    session: SessionDep,
) -> StreamingResponse:
    await _masked_view(session, state, viewer, request_id)  # 404 up front
    await session.close()  # the stream opens its own short sessions
    return live.stream(
        request_events(
            request,
            state,
            viewer,
            request_id,
            session_token=request.cookies.get(SESSION_COOKIE, ""),
        )
    )


def request_events(
    connection: live.Connection,
    state: HotlineState,
    viewer: Viewer,
    request_id: int,
    *,
    session_token: str,
) -> AsyncGenerator[str, None]:
    """The request page's live part, re-sent whenever the request changed, while
    the reader's session lives."""

    async def load(session: AsyncSession) -> HelpRequestView:
        return await _masked_view(session, state, viewer, request_id)

    return live.fragments(
        connection,
        state,
        session_token=session_token,
        event="request",
        load=load,
        render=lambda view: _detail_fragment(view, viewer),
    )


def _done(request_id: int, notice: str) -> RedirectResponse:
    return see_other(f"/console/requests/{request_id}", notice)


@router.post("/requests/{request_id:int}/edit", response_model=None)
async def edit_request(
    request_id: int,
    request: Request,
    form: FormDep,
    viewer: ViewerDep,
    state: StateDep,
    session: SessionDep,
) -> HTMLResponse | RedirectResponse:
    data, errors, typed = _parse(HelpRequestUpdate, form, EDIT_FIELDS, keep_blank=False)
    if data is not None:
        try:
            await matching_service.update_details(
                session, state, request_id, data, actor=viewer.username
            )
        except InvalidRequestField as exc:
            # Raised before anything changed: the session holds nothing to undo
            # (and a rollback would expire the viewer's row).
            errors = _field_error(exc)
        else:
            return _done(request_id, "notice-req-edited")
    return await _detail_page(
        request,
        viewer,
        state,
        session,
        request_id,
        edit_values=typed,
        edit_errors=errors,
        status_code=422,
    )


@router.post("/requests/{request_id:int}/match")
async def match_request(
    request_id: int,
    _form: FormDep,
    viewer: ViewerDep,
    state: StateDep,
    session: SessionDep,
) -> RedirectResponse:
    await matching_service.match_now(session, state, request_id, actor=viewer.username)
    return _done(request_id, "notice-req-matching")


def _body(model: type[Model], form: FormData, fields: tuple[str, ...]) -> Model:
    try:
        return model.model_validate({name: form.get(name) for name in fields})
    except ValidationError as exc:
        raise BadRequest(f"invalid form: {exc.errors()[0]['msg']}") from exc


@router.post("/requests/{request_id:int}/assign")
async def assign_request(
    request_id: int,
    form: FormDep,
    viewer: ViewerDep,
    state: StateDep,
    session: SessionDep,
) -> RedirectResponse:
    body = _body(AssignBody, form, ("volunteer_id",))
    await matching_service.assign(
        session, state, request_id, body.volunteer_id, actor=viewer.username
    )
    return _done(request_id, "notice-req-assigned")


@router.post("/requests/{request_id:int}/close")
async def close_request(
    request_id: int,
    form: FormDep,
    viewer: ViewerDep,
    state: StateDep,
    session: SessionDep,
) -> RedirectResponse:
    body = _body(CloseBody, form, ("reason", "note"))
    await matching_service.close(
        session,
        state,
        request_id,
        reason=body.reason,
        note=(body.note or "").strip() or None,
        actor=viewer.username,
    )
    return _done(request_id, "notice-req-closed")


@router.post("/requests/{request_id:int}/reopen")
async def reopen_request(
    request_id: int,
    _form: FormDep,
    viewer: ViewerDep,
    state: StateDep,
    session: SessionDep,
) -> RedirectResponse:
    await matching_service.reopen(session, state, request_id, actor=viewer.username)
    return _done(request_id, "notice-req-reopened")
