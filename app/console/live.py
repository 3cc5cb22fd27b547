"""Live parts of console pages: Server-Sent Events carrying re-rendered HTML fragments.

A stream polls its view every `console.live_poll_s` (wall clock: the reader's refresh
rate, not hotline time, and never a simulator's virtual clock), sends the fragment
when the view's signature changed, re-sends it now and then to keep proxies from
closing the stream, ends when the reader's console session ends (logout, expiry) and
after a few minutes anyway: the browser's EventSource reconnects by itself.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from typing import Protocol, TypeVar

from fastapi.responses import StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import service as auth_service
from app.state import HotlineState

RESEND_EVERY_S = 15.0
STREAM_LIFETIME_S = 300.0


class Signed(Protocol):
    def signature(self) -> str:
        """What must be re-sent to the reader when it changes."""
        ...


class Connection(Protocol):
    async def is_disconnected(self) -> bool: ...


ViewT = TypeVar("ViewT", bound=Signed)


def sse_event(name: str, html: str) -> str:
    """One SSE event; every line of the fragment is its own `data:` line."""
    data = "".join(f"data: {line}\n" for line in html.splitlines() or [""])
    return f"event: {name}\n{data}\n"


async def fragments(
    connection: Connection,
    state: HotlineState,
    *,
    session_token: str,
    event: str,
    load: Callable[[AsyncSession], Awaitable[ViewT]],
    render: Callable[[ViewT], str],
) -> AsyncGenerator[str, None]:
    last_signature = ""
    last_sent = 0.0
    started = time.monotonic()
    poll_s = state.settings.console.live_poll_s
    while time.monotonic() - started < STREAM_LIFETIME_S:
        if await connection.is_disconnected():
            return
        async with state.sessionmaker() as session:
            signed_in = await auth_service.session_user(
                session, session_token, now=state.clock.now()
            )
            if signed_in is None:
                return
            view = await load(session)
        signature = view.signature()
        if signature != last_signature or time.monotonic() - last_sent > RESEND_EVERY_S:
            yield sse_event(event, render(view))
            last_signature, last_sent = signature, time.monotonic()
        await asyncio.sleep(poll_s)


def stream(events: AsyncIterator[str]) -> StreamingResponse:
    return StreamingResponse(
        events,
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
