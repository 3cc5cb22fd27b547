"""Errors of the operator's page.

AppError
├── Forbidden
│   └── OperatorLinkInvalid (403): not a link the hotline signed
├── OperatorLinkExpired (410): a link the hotline signed, too old
└── Conflict
    └── OperatorFormClosed (409): no call to fill in (none, or over 30 min ago)
"""

from __future__ import annotations

from app.errors import AppError, Conflict, Forbidden


class OperatorLinkInvalid(Forbidden):
    """Not a link the hotline signed (mistyped, cut, or forged)."""


class OperatorLinkExpired(AppError):
    """A genuine link whose time is over: going on duty sends a new one."""

    status_code = 410

    def __init__(self, message: str, *, volunteer_id: int) -> None:
        super().__init__(message)
        self.volunteer_id = volunteer_id


class OperatorFormClosed(Conflict):
    """The call is too long ago (or there is none) to fill in its request here."""
