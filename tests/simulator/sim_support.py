"""Test helpers: a stand-in hotline app and the real twilio client on the simulator.

The stand-in app validates every webhook with twilio's own RequestValidator, so a
badly signed request shows up as a 403 (and an application error) in any test.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import anyio.from_thread
import anyio.to_thread
import httpx
from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.types import ASGIApp
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from app.telephony.twilio_adapter import InProcessHttpClient

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "simulator-auth-token"
HOTLINE = "+3228089654"
BASE = "http://hotline.test"


@dataclass(frozen=True)
class Received:
    path: str
    url: str
    method: str
    params: Mapping[str, str]
    headers: Mapping[str, str]
    signature_ok: bool


HandlerResult = str | Response
Handler = Callable[[Received], HandlerResult | Awaitable[HandlerResult]]


class HotlineStub:
    """A FastAPI app whose routes are set per test: path -> handler returning TwiML."""

    def __init__(self, handlers: dict[str, Handler] | None = None) -> None:
        self.handlers: dict[str, Handler] = dict(handlers or {})
        self.received: list[Received] = []
        self._validator = RequestValidator(AUTH_TOKEN)
        self.app = FastAPI()
        self.app.add_api_route("/{path:path}", self._endpoint, methods=["GET", "POST"])

    def route(self, path: str, handler: Handler) -> None:
        self.handlers[path] = handler

    def on(self, path: str) -> list[Received]:
        return [r for r in self.received if r.path == path]

    async def _endpoint(self, request: Request) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        url = str(request.url)
        signature = request.headers.get("X-Twilio-Signature", "")
        params = {**dict(request.query_params), **form}
        received = Received(
            path="/" + request.path_params["path"],
            url=url,
            method=request.method,
            params=params,
            headers=dict(request.headers),
            signature_ok=self._validator.validate(url, form, signature),
        )
        self.received.append(received)
        if not received.signature_ok:
            return Response(status_code=403)
        handler = self.handlers.get(received.path)
        if handler is None:
            return Response(status_code=404)
        result = handler(received)
        if inspect.isawaitable(result):
            result = await result
        if isinstance(result, Response):
            return result
        return Response(content=result, media_type="application/xml")


def twiml(text: object) -> Callable[[Received], str]:
    """A handler that always answers with this TwiML."""
    return lambda _: str(text)


def rest_client(rest_app: ASGIApp, *, auth_token: str = AUTH_TOKEN) -> Client:
    return Client(
        ACCOUNT_SID,
        auth_token,
        http_client=InProcessHttpClient(httpx.ASGITransport(app=rest_app)),
    )


async def in_thread(function: Callable[[], Any]) -> Any:
    """Run sync twilio-client code the way the app does: in a worker thread."""
    return await anyio.to_thread.run_sync(function)
