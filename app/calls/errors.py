"""Errors of the call log domain."""

from app.errors import NotFound


class CallNotFound(NotFound):
    pass
