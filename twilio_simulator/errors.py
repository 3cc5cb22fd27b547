"""Exceptions the simulator raises to its users: crashes and Twilio REST errors."""

from __future__ import annotations


class SimulatorError(Exception):
    """A simulator task crashed; the original exception is chained."""


class RestError(Exception):
    """A Twilio REST error: HTTP status plus Twilio error code (TWILIO.md 4.1)."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
