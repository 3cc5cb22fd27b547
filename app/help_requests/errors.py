"""Errors of help requests.

AppError
└── InvalidRequestField (422): a detail the service checks against data, such as
    a postcode that does not exist (the format checks are in the schemas)
"""

from __future__ import annotations

from app.errors import AppError


class InvalidRequestField(AppError):
    status_code = 422

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.reason = message
