"""One account of each role, with an API token and a console session, and a raw
ASGI request that stops at the response's start for endless streams (SSE)."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from collections.abc import MutableMapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from app.auth import service as auth_service
from app.auth.models import ConsoleSession
from app.auth.roles import Role
from app.console.security import SESSION_COOKIE
from app.volunteers import service as volunteer_service
from app.volunteers.schemas import VolunteerCreate
from tests.support.harness import Hotline

ANONYMOUS = "anonymous"
PARTNER_ORGANISATION = "Solidare-it! Schaerbeek"
OPERATOR_PHONE = "+32470990001"


@dataclass(frozen=True)
class Identity:
    """Who makes a request: an account of one role, or nobody (`role` None)."""

    name: str
    role: Role | None
    api_token: str | None
    session_token: str | None
    csrf_token: str | None


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


async def create_account(
    hotline: Hotline,
    username: str,
    role: Role,
    *,
    organisation: str | None = None,
    volunteer_id: int | None = None,
) -> str:
    """The account's first API token."""
    async with hotline.session() as session:
        return await auth_service.create_coordinator(
            session,
            username,
            now=hotline.clock.now(),
            role=role,
            organisation=organisation,
            volunteer_id=volunteer_id,
        )


async def operator_volunteer(hotline: Hotline, phone: str = OPERATOR_PHONE) -> int:
    async with hotline.session() as session:
        volunteer, _ = await volunteer_service.create(
            session,
            VolunteerCreate(
                name="Omar", phone_number=phone, languages=["fr"], is_operator=True
            ),
            now=hotline.clock.now(),
        )
        return volunteer.id


async def open_console_session(hotline: Hotline, username: str) -> tuple[str, str]:
    """A console session written straight to the database (no password hashing):
    the cookie's token and the session's CSRF token."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    async with hotline.session() as session:
        account = await auth_service.coordinator_named(session, username)
        now = hotline.clock.now()
        session.add(
            ConsoleSession(
                coordinator_id=account.id,
                token_sha256=hashlib.sha256(token.encode()).hexdigest(),
                csrf_token=csrf,
                created_at=now,
                expires_at=now + timedelta(hours=8),
            )
        )
        await session.commit()
    return token, csrf


async def identities(hotline: Hotline) -> list[Identity]:
    """Anonymous, then one account of every role."""
    volunteer_id = await operator_volunteer(hotline)
    found = [Identity(ANONYMOUS, None, None, None, None)]
    for role in Role:
        username = f"role-{role.value}"
        token = await create_account(
            hotline,
            username,
            role,
            organisation=PARTNER_ORGANISATION if role is Role.PARTNER else None,
            volunteer_id=volunteer_id if role is Role.OPERATOR else None,
        )
        session_token, csrf = await open_console_session(hotline, username)
        found.append(Identity(username, role, token, session_token, csrf))
    return found


async def asgi_request(
    hotline: Hotline,
    method: str,
    path: str,
    *,
    identity: Identity,
    body: bytes = b"",
    content_type: str | None = None,
    query: dict[str, str] | None = None,
) -> Answer:
    """One request straight through the app's ASGI interface, as `identity`. An
    event stream is answered by its start only (its body never ends)."""
    headers: list[tuple[bytes, bytes]] = [
        (b"host", b"hotline.test"),
        (b"accept-language", b"en"),
    ]
    if identity.api_token and not path.startswith("/console"):
        headers.append((b"authorization", f"Bearer {identity.api_token}".encode()))
    if identity.session_token:
        cookie = f"{SESSION_COOKIE}={identity.session_token}"
        headers.append((b"cookie", cookie.encode()))
    if content_type:
        headers.append((b"content-type", content_type.encode()))
    headers.append((b"content-length", str(len(body)).encode()))
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": urlencode(query or {}).encode(),
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("hotline.test", 80),
        "state": {},
    }
    sent_body = False
    started = asyncio.Event()
    finished = asyncio.Event()
    status = 0
    response_headers: dict[str, str] = {}
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        nonlocal sent_body
        if not sent_body:
            sent_body = True
            return {"type": "http.request", "body": body, "more_body": False}
        await finished.wait()
        return {"type": "http.disconnect"}

    async def send(message: MutableMapping[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
            response_headers.update(
                (k.decode().lower(), v.decode()) for k, v in message["headers"]
            )
            started.set()
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                finished.set()

    task = asyncio.create_task(hotline.app(scope, receive, send))
    waiter = asyncio.create_task(started.wait())
    await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
    if not started.is_set():
        waiter.cancel()
        task.result()  # the app's own error, raised here
        raise AssertionError(f"{method} {path}: the app answered nothing")
    if response_headers.get("content-type", "").startswith("text/event-stream"):
        finished.set()  # the reader goes away: the stream ends by itself
    await asyncio.wait_for(task, timeout=30)
    return Answer(status, response_headers, b"".join(chunks))
