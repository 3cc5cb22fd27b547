"""The work list page: callbacks to make, voicemails to handle, escalated requests;
claim, release and done as forms (someone else's claim: back to the list, whose
row says who holds it). Renders `worklist.service.work_list()`, the same
view `/api/work` returns."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from app.console.security import FormDep, ViewerDep
from app.console.templating import page
from app.db import SessionDep
from app.state import StateDep
from app.worklist import service as worklist_service
from app.worklist.errors import AlreadyClaimed
from app.worklist.schemas import WorkKind

router = APIRouter(prefix="/console/work", include_in_schema=False)


def _back(notice: str, kind: WorkKind, request_id: int) -> RedirectResponse:
    return RedirectResponse(
        f"/console/work?{notice}#work-{kind}-{request_id}", status_code=303
    )


@router.get("")
async def work_page(
    request: Request, viewer: ViewerDep, state: StateDep, session: SessionDep
) -> HTMLResponse:
    work = await worklist_service.work_list(session, state, viewer=viewer.username)
    return page(
        request, "work/index.html", t=viewer.t, viewer=viewer, section="work", work=work
    )


@router.post("/{kind}/{request_id}/claim")
async def claim_item(
    kind: WorkKind,
    request_id: int,
    _form: FormDep,
    viewer: ViewerDep,
    state: StateDep,
    session: SessionDep,
) -> RedirectResponse:
    try:
        await worklist_service.claim(
            session, state, kind=kind, request_id=request_id, username=viewer.username
        )
    except AlreadyClaimed:
        return _back("notice=notice-work-taken", kind, request_id)
    return _back("notice=notice-work-claimed", kind, request_id)


@router.post("/{kind}/{request_id}/release")
async def release_item(
    kind: WorkKind,
    request_id: int,
    _form: FormDep,
    viewer: ViewerDep,
    session: SessionDep,
) -> RedirectResponse:
    try:
        await worklist_service.release(
            session, kind=kind, request_id=request_id, username=viewer.username
        )
    except AlreadyClaimed:
        return _back("notice=notice-work-taken", kind, request_id)
    return _back("notice=notice-work-released", kind, request_id)


@router.post("/{kind}/{request_id}/done")
async def finish_item(
    kind: WorkKind,
    request_id: int,
    _form: FormDep,
    viewer: ViewerDep,
    state: StateDep,
    session: SessionDep,
) -> RedirectResponse:
    try:
        await worklist_service.done(
            session, state, kind=kind, request_id=request_id, username=viewer.username
        )
    except AlreadyClaimed:
        return _back("notice=notice-work-taken", kind, request_id)
    return _back("notice=notice-work-done", kind, request_id)
