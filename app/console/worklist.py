"""The work list page: callbacks to make, voicemails to handle, escalated requests;
claim, release and done as forms (someone else's claim: back to the list, whose
row says who holds it). Renders `worklist.service.work_list()`, the same
view `/api/work` returns."""

from __future__ import annotations

from collections.abc import Awaitable

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from app.console.security import FormDep, ViewerDep
from app.console.templating import see_other, viewer_page
from app.db import SessionDep
from app.state import StateDep
from app.worklist import service as worklist_service
from app.worklist.errors import AlreadyClaimed
from app.worklist.schemas import WorkKind

router = APIRouter(prefix="/console/work", include_in_schema=False)


@router.get("")
async def work_page(
    request: Request, viewer: ViewerDep, state: StateDep, session: SessionDep
) -> HTMLResponse:
    work = await worklist_service.work_list(session, state, viewer=viewer.username)
    return viewer_page(request, viewer, "work/index.html", section="work", work=work)


async def _act(
    action: Awaitable[object], *, kind: WorkKind, request_id: int, notice: str
) -> RedirectResponse:
    """Back to the item's row on the list, saying what happened (or who has it)."""
    try:
        await action
    except AlreadyClaimed:
        notice = "notice-work-taken"
    return see_other("/console/work", notice, anchor=f"work-{kind}-{request_id}")


@router.post("/{kind}/{request_id}/claim")
async def claim_item(
    kind: WorkKind,
    request_id: int,
    _form: FormDep,
    viewer: ViewerDep,
    state: StateDep,
    session: SessionDep,
) -> RedirectResponse:
    return await _act(
        worklist_service.claim(
            session, state, kind=kind, request_id=request_id, username=viewer.username
        ),
        kind=kind,
        request_id=request_id,
        notice="notice-work-claimed",
    )


@router.post("/{kind}/{request_id}/release")
async def release_item(
    kind: WorkKind,
    request_id: int,
    _form: FormDep,
    viewer: ViewerDep,
    session: SessionDep,
) -> RedirectResponse:
    return await _act(
        worklist_service.release(
            session, kind=kind, request_id=request_id, username=viewer.username
        ),
        kind=kind,
        request_id=request_id,
        notice="notice-work-released",
    )


@router.post("/{kind}/{request_id}/done")
async def finish_item(
    kind: WorkKind,
    request_id: int,
    _form: FormDep,
    viewer: ViewerDep,
    state: StateDep,
    session: SessionDep,
) -> RedirectResponse:
    return await _act(
        worklist_service.done(
            session, state, kind=kind, request_id=request_id, username=viewer.username
        ),
        kind=kind,
        request_id=request_id,
        notice="notice-work-done",
    )
