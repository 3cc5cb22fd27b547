"""The live board (the console's home): who waits, who answers, today's figures.

The page renders `dashboard.service.board()`; a Server-Sent Events stream
(app/console/live.py) re-sends the board fragment whenever it changed, so a change
made by any app instance sharing the queue shows within about a second.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, StreamingResponse

from app.auth.roles import STAFF
from app.console import live
from app.console.security import (
    SESSION_COOKIE,
    AnyViewerDep,
    FormDep,
    Viewer,
    ViewerDep,
    home_path,
)
from app.console.templating import render_fragment, see_other, viewer_page
from app.dashboard import service as dashboard_service
from app.dashboard.schemas import Board
from app.db import SessionDep
from app.queue import callbacks as queue_callbacks
from app.state import HotlineState, StateDep
from app.volunteers import service as volunteer_service

router = APIRouter(prefix="/console", include_in_schema=False)


def _fragment(board: Board, viewer: Viewer) -> str:
    return render_fragment("board/_board.html", t=viewer.t, board=board, viewer=viewer)


@router.get("", response_model=None)
async def board_page(
    request: Request, viewer: AnyViewerDep, state: StateDep, session: SessionDep
) -> HTMLResponse | RedirectResponse:
    """The console's home: the live board for coordinators; partners and operators
    are sent to their own page (the sign-in brings everyone here)."""
    if viewer.role not in STAFF:
        return RedirectResponse(home_path(viewer.role), status_code=303)
    board = await dashboard_service.board(session, state)
    return viewer_page(
        request,
        viewer,
        "board/index.html",
        section="board",
        board=board,
    )


@router.get("/board/fragment")
async def board_fragment(
    viewer: ViewerDep, state: StateDep, session: SessionDep
) -> HTMLResponse:
    return HTMLResponse(
        _fragment(await dashboard_service.board(session, state), viewer)
    )


def board_events(
    connection: live.Connection,
    state: HotlineState,
    viewer: Viewer,
    *,
    session_token: str,
) -> AsyncGenerator[str, None]:
    """The board fragment, re-sent whenever it changes, while the session lives."""
    return live.fragments(
        connection,
        state,
        session_token=session_token,
        event="board",
        load=lambda session: dashboard_service.board(session, state),
        render=lambda board: _fragment(board, viewer),
    )


@router.get("/board/live")
async def board_stream(
    request: Request, viewer: ViewerDep, state: StateDep, session: SessionDep
) -> StreamingResponse:
    await session.close()  # the stream opens its own short sessions
    return live.stream(
        board_events(
            request,
            state,
            viewer,
            session_token=request.cookies.get(SESSION_COOKIE, ""),
        )
    )


@router.post("/operators/{volunteer_id}/away")
async def set_operator_away(
    volunteer_id: int,
    _form: FormDep,
    viewer: ViewerDep,
    state: StateDep,
    session: SessionDep,
) -> RedirectResponse:
    volunteer = await volunteer_service.get(session, volunteer_id)
    await volunteer_service.set_away(
        session, state, volunteer, source=f"console:{viewer.username}"
    )
    return see_other("/console", "notice-operator-away")


@router.post("/operators/{volunteer_id}/available")
async def set_operator_available(
    volunteer_id: int,
    _form: FormDep,
    viewer: ViewerDep,
    state: StateDep,
    session: SessionDep,
) -> RedirectResponse:
    volunteer = await volunteer_service.get(session, volunteer_id)
    await volunteer_service.set_duty(
        session, state, volunteer, on_duty=True, source=f"console:{viewer.username}"
    )
    return see_other("/console", "notice-operator-available")


@router.post("/callbacks/{entry_id}/ring")
async def ring_callback_now(
    entry_id: str, _form: FormDep, _viewer: ViewerDep, state: StateDep
) -> RedirectResponse:
    await queue_callbacks.ring_now(state, entry_id)
    return see_other("/console", "notice-callback-ringing")
