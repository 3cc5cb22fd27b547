"""Log lines as text or JSON, with the CallSid and a request id bound and phone
numbers masked (app.logging's filter), for the app's loggers and uvicorn's alike.

`configure_logging` sets the handlers up in-process (the lifespan);
`uvicorn_log_config` is the same set-up as a dictConfig for `uvicorn.run`.
"""

from __future__ import annotations

import itertools
import logging
import re
import secrets
from contextvars import ContextVar
from typing import Any, Literal

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import Settings
from app.logging import CallContextFilter
from app.ops.metrics import ErrorCounter

LogFormat = Literal["text", "json"]

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")

TEXT_FORMAT = (
    "%(asctime)s %(levelname)s %(name)s call=%(call_sid)s req=%(request_id)s "
    "%(message)s"
)
# The order of the JSON keys; `time` is added by the formatter.
JSON_FIELDS = "%(levelname)s %(name)s %(message)s %(call_sid)s %(request_id)s"
# The loggers we configure: ours, and uvicorn's server and access logs.
LOGGERS = ("app", "uvicorn", "uvicorn.error", "uvicorn.access")
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# New ids: a random prefix per process and a counter, unique across instances and
# far cheaper than uuid4 (a system call for randomness on every webhook).
_ID_PREFIX = secrets.token_hex(6)
_id_counter = itertools.count(1)


def log_format(settings: Settings) -> LogFormat:
    """HOTLINE_LOG_FORMAT, else JSON in production and text elsewhere."""
    if settings.log_format is not None:
        return settings.log_format
    return "json" if settings.env == "production" else "text"


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


def make_formatter(fmt: LogFormat) -> logging.Formatter:
    if fmt == "text":
        return logging.Formatter(TEXT_FORMAT)
    return JsonFormatter(
        JSON_FIELDS,
        rename_fields={"levelname": "level", "name": "logger"},
        timestamp="time",
        # uvicorn's coloured copy of the message is noise in a JSON line.
        reserved_attrs=[*RESERVED_ATTRS, "color_message"],
    )


def _handler(fmt: LogFormat) -> logging.Handler:
    handler = logging.StreamHandler()
    handler.setFormatter(make_formatter(fmt))
    handler.addFilter(CallContextFilter())
    handler.addFilter(RequestIdFilter())
    return handler


def configure_logging(settings: Settings, level: int = logging.INFO) -> None:
    """One handler for our loggers and uvicorn's, plus the error counter."""
    fmt = log_format(settings)
    handler = _handler(fmt)
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if name == "uvicorn.access" and _switched_off(logger):
            # `uvicorn --no-access-log`: uvicorn writes an access line only while
            # this logger has a handler (checked per connection), so giving it one
            # here would switch the lines (and their cost per request) back on.
            continue
        if name == "uvicorn.error":
            # Propagates to "uvicorn": only its errors are counted here.
            logger.handlers[:] = [ErrorCounter()]
            logger.propagate = True
        else:
            logger.handlers[:] = (
                [handler, ErrorCounter()] if name == "app" else [handler]
            )
            logger.propagate = False
        logger.setLevel(level)


def _switched_off(logger: logging.Logger) -> bool:
    """uvicorn switches its access log off by leaving the logger without handlers
    and not propagating (a logger nobody configured propagates)."""
    return not logger.handlers and not logger.propagate


def uvicorn_log_config(settings: Settings) -> dict[str, Any]:
    """`uvicorn.run(log_config=...)`: the same lines from the first one on."""
    fmt = log_format(settings)
    handler = {
        "class": "logging.StreamHandler",
        "formatter": "default",
        "filters": ["call", "request_id"],
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": {"()": make_formatter, "fmt": fmt}},
        "filters": {
            "call": {"()": CallContextFilter},
            "request_id": {"()": RequestIdFilter},
        },
        "handlers": {"default": handler, "errors": {"()": ErrorCounter}},
        "loggers": {
            "app": {
                "handlers": ["default", "errors"],
                "level": "INFO",
                "propagate": False,
            },
            "uvicorn": {"handlers": ["default"], "level": "INFO", "propagate": False},
            "uvicorn.error": {
                "handlers": ["errors"],
                "level": "INFO",
                "propagate": True,
            },
            "uvicorn.access": {
                "handlers": ["default"],
                "level": "INFO",
                "propagate": False,
            },
        },
    }


class RequestIdMiddleware:
    """Pure ASGI: binds a request id for the request's log lines (the caller's
    X-Request-ID when it is a plain token, e.g. from the proxy; else a new one) and
    returns it in the X-Request-ID response header."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = next(
            (v for k, v in scope["headers"] if k == b"x-request-id"), b""
        ).decode("latin-1")
        request_id = (
            given
            if _SAFE_REQUEST_ID.fullmatch(given)
            else f"{_ID_PREFIX}-{next(_id_counter):x}"
        )

        header = (b"x-request-id", request_id.encode("latin-1"))

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        token = request_id_var.set(request_id)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id_var.reset(token)
