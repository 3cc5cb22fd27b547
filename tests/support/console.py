"""A coordinator's browser without the browser: an httpx client on the app that signs
in through the login form, keeps the cookies and sends each form's CSRF token."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI

from app.auth import service as auth_service
from app.console.i18n import load_localiser
from app.console.security import Viewer
from app.volunteers import service as volunteer_service
from app.volunteers.schemas import VolunteerCreate
from tests.support.harness import Hotline

PASSWORD = "correct horse battery staple"
_CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = _CSRF_RE.search(html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


class ConsoleClient:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.http = client
        self.csrf = ""

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        response = await self.http.get(path, **kwargs)
        match = _CSRF_RE.search(response.text)
        if match:
            self.csrf = match.group(1)
        return response

    async def post(
        self, path: str, data: dict[str, Any] | None = None, **kwargs: Any
    ) -> httpx.Response:
        """A form post with the session's CSRF token (read from the last page)."""
        if not self.csrf:
            await self.get("/console")
        return await self.http.post(
            path, data={"csrf_token": self.csrf, **(data or {})}, **kwargs
        )

    async def log_in(self, username: str, password: str) -> httpx.Response:
        page = await self.get("/console/login")
        self.csrf = ""  # the session brings its own token
        return await self.http.post(
            "/console/login",
            data={
                "csrf_token": csrf_token(page.text),
                "username": username,
                "password": password,
                "next": "/console",
            },
        )


@asynccontextmanager
async def console_client(
    app: FastAPI, *, language: str = "en", base_url: str = "http://hotline.test"
) -> AsyncIterator[ConsoleClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport,
        base_url=base_url,
        headers={"Accept-Language": language},
    ) as client:
        yield ConsoleClient(client)


async def create_coordinator(hotline: Hotline, username: str = "carla") -> str:
    async with hotline.session() as session:
        await auth_service.create_coordinator(
            session, username, now=hotline.clock.now(), password=PASSWORD
        )
    return username


@asynccontextmanager
async def signed_in(
    hotline: Hotline, username: str = "carla", *, language: str = "en"
) -> AsyncIterator[ConsoleClient]:
    """A console client signed in as a new coordinator `username`."""
    await create_coordinator(hotline, username)
    async with console_client(hotline.app, language=language) as client:
        response = await client.log_in(username, PASSWORD)
        assert response.status_code == 303, response.text
        yield client


async def open_session(
    hotline: Hotline, username: str = "viewer", *, language: str = "en"
) -> tuple[Viewer, str]:
    """A console session opened through the service (no HTTP): the viewer and the
    cookie's session token, for driving live streams directly."""
    await create_coordinator(hotline, username)
    async with hotline.session() as session:
        signed_in = await auth_service.log_in(
            session,
            username=username,
            password=PASSWORD,
            now=hotline.clock.now(),
            lifetime=hotline.settings.console.lifetime,
        )
    t = load_localiser().translator(language)
    return Viewer(
        signed_in.coordinator, signed_in.csrf_token, t
    ), signed_in.session_token


async def field_volunteer(
    hotline: Hotline, name: str, phone: str, postcode: str = "1030"
) -> int:
    """An active field volunteer (French and Dutch, groceries) living at `postcode`."""
    data = VolunteerCreate(
        name=name,
        phone_number=phone,
        languages=["fr", "nl"],
        is_field=True,
        home_postcode=postcode,
        needs=["groceries"],
    )
    async with hotline.session() as session:
        volunteer, _ = await volunteer_service.create(
            session, data, now=hotline.clock.now()
        )
        return volunteer.id
