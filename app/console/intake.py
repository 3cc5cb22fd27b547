"""The requests screen's way into matching: approve a request set aside in triage,
import requests on someone's behalf from CSV, and play the operator's spoken note
(fetched by the server: the provider's URL never reaches the browser)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from app.auth.roles import STAFF, Role
from app.console.security import FormDep, Viewer, ViewerDep, console_viewer
from app.console.templating import see_other, viewer_page
from app.db import SessionDep
from app.errors import NotFound
from app.help_requests import repository as request_repository
from app.help_requests.errors import RequestImportRejected
from app.matching import service as matching_service
from app.state import StateDep
from app.volunteers.csv_import import decode

router = APIRouter(prefix="/console/requests", include_in_schema=False)
MAX_CSV_BYTES = 1_000_000
# Coordinators, and partner organisations entering requests for their own people.
EntryViewerDep = Annotated[Viewer, console_viewer(Role.PARTNER, *STAFF)]


@router.post("/{request_id:int}/approve")
async def approve_request(
    request_id: int,
    _form: FormDep,
    viewer: ViewerDep,
    state: StateDep,
    session: SessionDep,
) -> RedirectResponse:
    await matching_service.approve(session, state, request_id, actor=viewer.username)
    return see_other(f"/console/requests/{request_id}", "notice-req-approved")


@router.get("/{request_id:int}/wrapup-note")
async def wrapup_note(
    request_id: int, _viewer: ViewerDep, state: StateDep, session: SessionDep
) -> Response:
    """The operator's spoken note of the request, fetched with the provider's
    credentials."""
    request = await request_repository.get(session, request_id)
    if request is None or not request.wrapup_recording_url:
        raise NotFound(f"no operator's note for help request {request_id}")
    audio = await state.telephony.fetch_recording(request.wrapup_recording_url)
    extension = "mp3" if audio.media_type == "audio/mpeg" else "wav"
    return Response(
        audio.content,
        media_type=audio.media_type,
        headers={
            "Cache-Control": "private, no-store",
            "Content-Disposition": f'inline; filename="note-{request_id}.{extension}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


def _import_page(
    request: Request,
    viewer: Viewer,
    *,
    errors: list[str] | None = None,
    message: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    return viewer_page(
        request,
        viewer,
        "requests/import.html",
        section="requests",
        errors=errors or [],
        message=message,
        status_code=status_code,
    )


@router.get("/import")
async def import_form(request: Request, viewer: EntryViewerDep) -> HTMLResponse:
    return _import_page(request, viewer)


async def _uploaded(form: FormData) -> str:
    upload = form.get("csv_file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return ""
    try:
        data = await upload.read(MAX_CSV_BYTES + 1)
    finally:
        await upload.close()
    return decode(data[:MAX_CSV_BYTES])


@router.post("/import", response_model=None)
async def import_requests(
    request: Request,
    form: FormDep,
    viewer: EntryViewerDep,
    state: StateDep,
    session: SessionDep,
) -> HTMLResponse | RedirectResponse:
    text = await _uploaded(form)
    if not text.strip():
        return _import_page(
            request, viewer, message="req-import-empty", status_code=400
        )
    try:
        await matching_service.import_on_behalf(
            session,
            state,
            text,
            source="console",
            actor=viewer.username,
            # A partner's requests are its own organisation's, whatever the file says.
            organisation=(
                viewer.coordinator.organisation if viewer.role is Role.PARTNER else None
            ),
        )
    except RequestImportRejected as exc:
        return _import_page(
            request,
            viewer,
            errors=exc.errors,
            message="req-import-errors",
            status_code=422,
        )
    return see_other("/console/requests", "notice-req-imported")
