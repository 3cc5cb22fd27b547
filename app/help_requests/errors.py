"""Errors of help requests.

AppError
├── InvalidRequestField (422): a detail the service checks against data, such as
│   a postcode that does not exist (the format checks are in the schemas)
└── RequestImportRejected (422): a CSV import with bad lines (nothing imported)
"""

from __future__ import annotations

from app.errors import AppError


class InvalidRequestField(AppError):
    status_code = 422

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.reason = message


class RequestImportRejected(AppError):
    """A CSV import of requests with at least one bad line: nothing was imported.
    `errors` lists them, one "line N (column): ..." each."""

    status_code = 422

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors
