"""The Twilio lane: every Twilio webhook straight to its route, past the generic stack.

A caller's IVR is ten webhooks or more, and FastAPI's per-request machinery (scanning
every console route, solving each dependency, wrapping the response) cost more CPU
than the hotline's own work. The webhooks stay declared as FastAPI routes (their
path and query parameters, the OpenAPI schema, one router per domain); this pure ASGI
middleware runs them with what a webhook needs and no more:

    path -> route (declaration order) -> the signed, parsed event (403 / 400)
         -> path and query parameters, validated as FastAPI would (422)
         -> a database session when the route asks for one -> the endpoint -> send

Only routes of that shape join the lane (`serves`): a route declaring anything else
(a header, a body model, another dependency) is left to FastAPI, whole. Errors are
answered by the app's own exception handlers, so a 400, 403 or 422 reads the same
on both paths; `tests/integration/telephony/test_lane.py` holds the two to that.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable, Iterable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request, params
from fastapi._compat import ModelField
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, ValidationError, create_model
from starlette.types import ASGIApp, Receive, Scope, Send

from app.db import get_session
from app.telephony.webhooks import sms_webhook, status_webhook, voice_webhook

PREFIX = "/twilio/"
_HOOKS = frozenset({voice_webhook, status_webhook, sms_webhook})
HookFactory = Callable[[Request], Awaitable[Any]]
# get_session as FastAPI runs it: an exception in the endpoint is thrown into it.
_session_scope = asynccontextmanager(get_session)


class Parameters:
    """A route's path and query parameters, validated in one pydantic call: the
    constraints and aliases its signature declares (FastAPI validates them one by
    one, at several times the cost). A bad value raises RequestValidationError, its
    errors located as FastAPI locates them (("query", "try"), ...)."""

    def __init__(self, route: APIRoute) -> None:
        fields = [*route.dependant.path_params, *route.dependant.query_params]
        self._where = {field.alias: _located_in(field) for field in fields}
        self._path_names = {field.alias for field in route.dependant.path_params}
        self._model: type[BaseModel] | None = (
            create_model(  # type: ignore[call-overload]
                f"{route.name}_parameters",
                __config__=ConfigDict(extra="ignore"),
                **{
                    field.name: (field.field_info.annotation, field.field_info)
                    for field in fields
                },
            )
            if fields
            else None
        )

    def __call__(self, request: Request) -> dict[str, Any]:
        if self._model is None:
            return {}
        given: dict[str, Any] = {
            alias: value
            for alias, value in request.query_params.items()
            if alias in self._where and alias not in self._path_names
        }
        given.update(request.path_params)
        try:
            return dict(self._model.model_validate(given))
        except ValidationError as error:
            raise RequestValidationError(
                [self._located(e) for e in error.errors(include_url=False)]
            ) from None

    def _located(self, error: Any) -> dict[str, Any]:
        alias = error["loc"][0] if error["loc"] else ""
        located = {**error, "loc": (self._where.get(alias, "query"), *error["loc"])}
        if error["type"] == "missing":
            located["input"] = None  # FastAPI validates each value alone
        return located


def _located_in(field: ModelField) -> str:
    info = field.field_info
    return info.in_.value if isinstance(info, params.Param) else "query"


@dataclass(frozen=True, slots=True)
class LaneRoute:
    """One webhook route, taken apart once: what its endpoint needs, by name."""

    route: APIRoute
    hook_name: str
    hook: HookFactory
    session_name: str | None
    parameters: Parameters

    def path_params(self, found: re.Match[str]) -> dict[str, Any]:
        return {
            name: self.route.param_convertors[name].convert(value)
            for name, value in found.groupdict().items()
        }

    async def __call__(self, request: Request) -> Response:
        # The signature first: a forged request is a 403 whatever its parameters.
        arguments: dict[str, Any] = {self.hook_name: await self.hook(request)}
        arguments.update(self.parameters(request))
        return await self._run(request, arguments)

    async def _run(self, request: Request, arguments: dict[str, Any]) -> Response:
        endpoint = self.route.endpoint
        if self.session_name is None:
            response: Response = await endpoint(**arguments)
            return response
        # The session is closed before the answer is sent (and before the work that
        # runs after it): nothing after the endpoint needs it.
        async with _session_scope(request) as session:
            arguments[self.session_name] = session
            response = await endpoint(**arguments)
        return response


def serves(route: APIRoute) -> LaneRoute | None:
    """`route` taken apart for the lane, or None if it declares more than a Twilio
    webhook's shape: an async endpoint returning its Response, taking its signed
    event, path and query parameters, and perhaps a session."""
    dependant = route.dependant
    if (
        route.methods != {"POST"}
        or not route.path.startswith(PREFIX)
        # The endpoint answers with a Response of its own, awaited in the loop.
        or not inspect.iscoroutinefunction(route.endpoint)
        or route.response_model is not None
        or dependant.header_params
        or dependant.cookie_params
        or dependant.body_params
        or dependant.request_param_name
        or dependant.websocket_param_name
        or dependant.response_param_name
        or dependant.background_tasks_param_name
        or dependant.http_connection_param_name
        or dependant.security_scopes_param_name
    ):
        return None
    hooks = [d for d in dependant.dependencies if d.call in _HOOKS]
    sessions = [d for d in dependant.dependencies if d.call is get_session]
    if len(hooks) != 1 or len(sessions) > 1:
        return None
    if len(hooks) + len(sessions) != len(dependant.dependencies):
        return None
    hook, session = hooks[0], (sessions[0] if sessions else None)
    if hook.name is None or (session is not None and session.name is None):
        return None
    return LaneRoute(
        route=route,
        hook_name=hook.name,
        hook=hook.call,  # type: ignore[arg-type]
        session_name=session.name if session is not None else None,
        parameters=Parameters(route),
    )


def api_routes(app: FastAPI) -> Iterator[APIRoute]:
    """The app's routes in the order its router tries them (included routers
    expanded in place)."""

    def walk(routes: Iterable[Any]) -> Iterator[APIRoute]:
        for route in routes:
            included = getattr(route, "original_router", None)
            if included is not None:
                yield from walk(included.routes)
            elif isinstance(route, APIRoute):
                yield route

    return walk(app.routes)


class TwilioLane:
    """Pure ASGI middleware: a POST under /twilio/ that a lane route matches runs
    here; any other request goes on through the app unchanged.

    Add it before the other middleware (innermost): request ids, metrics and the
    console's headers still wrap every webhook."""

    def __init__(self, app: ASGIApp, *, hotline: FastAPI) -> None:
        self.app = app
        self.hotline = hotline
        self._routes: tuple[tuple[APIRoute, LaneRoute | None], ...] | None = None

    def _lane(self) -> tuple[tuple[APIRoute, LaneRoute | None], ...]:
        # Built on the first request: every router is included by then. Every POST
        # route under /twilio/, in order: the first that matches a path is the one
        # FastAPI would run, and a route the lane does not serve stays FastAPI's.
        if self._routes is None:
            self._routes = tuple(
                (route, serves(route))
                for route in api_routes(self.hotline)
                if "POST" in (route.methods or ()) and route.path.startswith(PREFIX)
            )
        return self._routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] == "POST"
            and scope["path"].startswith(PREFIX)
        ):
            path = scope["path"]
            for route, lane_route in self._lane():
                found = route.path_regex.match(path)
                if found is None:
                    continue
                if lane_route is not None:
                    scope["route"] = route
                    scope["path_params"] = lane_route.path_params(found)
                    await self._answer(lane_route, Request(scope, receive), send)
                    return
                break
        await self.app(scope, receive, send)

    async def _answer(self, route: LaneRoute, request: Request, send: Send) -> None:
        try:
            response = await route(request)
        except Exception as error:
            # Answered by the app's own handler for it (AppError's 400 and 403,
            # the 422 of a bad parameter); one without a handler is a 500.
            handler = self._handler_for(error)
            if handler is None:
                raise
            response = await handler(request, error)
        # The work after the answer (response.background) runs in here too.
        await response(request.scope, request.receive, send)

    def _handler_for(
        self, error: Exception
    ) -> Callable[[Request, Exception], Awaitable[Response]] | None:
        handlers = self.hotline.exception_handlers
        for kind in type(error).__mro__:
            if kind in handlers and kind is not Exception:
                return handlers[kind]  # type: ignore[return-value]
        return None
