"""One error hierarchy for the whole app, mapped to JSON by one handler.

    AppError (500)
    ├── BadRequest (400)
    ├── Unauthorized (401)
    ├── Forbidden (403)
    ├── NotFound (404)
    ├── Conflict (409)
    └── TooManyRequests (429)

A value the database refuses (an id past 32 bits on PostgreSQL, a malformed value)
is a 400 too.

Domain errors subclass these (e.g. calls.errors.CallNotFound). Services raise them;
only routers and dependencies may raise HTTPException. Twilio webhooks never see
this JSON: their router turns failures into fallback TwiML.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, DBAPIError


class AppError(Exception):
    status_code = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequest(AppError):
    status_code = 400


class Unauthorized(AppError):
    status_code = 401


class Forbidden(AppError):
    status_code = 403


class NotFound(AppError):
    status_code = 404


class Conflict(AppError):
    status_code = 409


class TooManyRequests(AppError):
    """A rate limit (app/abuse/limits.py) was reached: try again later."""

    status_code = 429

    def __init__(self, message: str, *, retry_after_s: int = 60) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


async def app_error_response(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, Unauthorized) else None
    if isinstance(exc, TooManyRequests):
        headers = {"Retry-After": str(exc.retry_after_s)}
    return JSONResponse(
        {"error": type(exc).__name__, "detail": exc.message},
        status_code=exc.status_code,
        headers=headers,
    )


def _is_bad_value(exc: DBAPIError) -> bool:
    """The database (or its driver, before sending) refused a value: asyncpg raises
    OverflowError for an integer past 32 bits, the server a DataError."""
    if isinstance(exc, DataError):
        return True
    cause: BaseException | None = exc.orig
    while cause is not None:
        if isinstance(cause, OverflowError) or type(cause).__name__ == "DataError":
            return True
        cause = cause.__cause__
    return False


async def data_error_response(request: Request, exc: Exception) -> JSONResponse:
    """A value the database cannot hold (an id past PostgreSQL's 32-bit integers, a
    malformed value): the client's input, not a server fault. Nothing was written
    (the statement failed, the session rolls back). Any other database error is
    re-raised: a 500, logged, as before."""
    assert isinstance(exc, DBAPIError)
    if not _is_bad_value(exc):
        raise exc
    return JSONResponse(
        {"error": "BadRequest", "detail": "a value is out of range or malformed"},
        status_code=400,
    )


def register_exception_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, app_error_response)
    app.add_exception_handler(DBAPIError, data_error_response)
