"""The live board (the console's home): who waits, who answers, today's figures.

The page renders `dashboard.service.board()`; a Server-Sent Events stream re-sends
the board fragment whenever it changed (checked every `console.live_poll_s`), so a
change made by any app instance sharing the queue shows within about a second.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, StreamingResponse

from app.console.security import FormDep, ViewerDep
from app.console.templating import page, render_fragment
from app.dashboard import service as dashboard_service
from app.dashboard.schemas import Board
from app.db import SessionDep
from app.queue import callbacks as queue_callbacks
from app.state import HotlineState, StateDep
from app.volunteers import service as volunteer_service

router = APIRouter(prefix="/console", include_in_schema=False)

# Re-send an unchanged board now and then (keeps proxies from closing the stream),
# and end each stream after a while: EventSource reconnects by itself.
RESEND_EVERY_S = 15.0
STREAM_LIFETIME_S = 300.0


def sse_event(name: str, html: str) -> str:
    data = "".join(f"data: {line}\n" for line in html.splitlines() or [""])
    return f"event: {name}\n{data}\n"


def _fragment(board: Board, viewer: ViewerDep) -> str:
    return render_fragment("board/_board.html", t=viewer.t, board=board, viewer=viewer)


@router.get("")
async def board_page(
    request: Request, viewer: ViewerDep, state: StateDep, session: SessionDep
) -> HTMLResponse:
    board = await dashboard_service.board(session, state)
    return page(
        request,
        "board/index.html",
        t=viewer.t,
        viewer=viewer,
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


async def _board_events(
    request: Request, state: HotlineState, viewer: ViewerDep
) -> AsyncGenerator[str, None]:
    last_signature = ""
    last_sent = 0.0
    started = time.monotonic()
    poll_s = state.settings.console.live_poll_s
    while time.monotonic() - started < STREAM_LIFETIME_S:
        if await request.is_disconnected():
            return
        async with state.sessionmaker() as session:
            board = await dashboard_service.board(session, state)
        signature = board.signature()
        if signature != last_signature or time.monotonic() - last_sent > RESEND_EVERY_S:
            yield sse_event("board", _fragment(board, viewer))
            last_signature, last_sent = signature, time.monotonic()
        # Wall-clock pacing on purpose: this is the reader's refresh rate, not
        # hotline time (and it must not drive a simulator's virtual clock).
        await asyncio.sleep(poll_s)


@router.get("/board/live")
async def board_stream(
    request: Request, viewer: ViewerDep, state: StateDep, session: SessionDep
) -> StreamingResponse:
    await session.close()  # the stream opens its own short sessions
    return StreamingResponse(
        _board_events(request, state, viewer),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
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
    return RedirectResponse("/console?notice=notice-operator-away", status_code=303)


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
    return RedirectResponse(
        "/console?notice=notice-operator-available", status_code=303
    )


@router.post("/callbacks/{entry_id}/ring")
async def ring_callback_now(
    entry_id: str, _form: FormDep, _viewer: ViewerDep, state: StateDep
) -> RedirectResponse:
    await queue_callbacks.ring_now(state, entry_id)
    return RedirectResponse("/console?notice=notice-callback-ringing", status_code=303)
