"""Errors of the volunteers domain."""

from __future__ import annotations

from collections.abc import Sequence

from app.errors import BadRequest, Conflict, NotFound
from app.volunteers.csv_import import LineError


class VolunteerNotFound(NotFound):
    pass


class ShiftNotFound(NotFound):
    pass


class DuplicatePhoneNumber(Conflict):
    pass


class ImportRejected(BadRequest):
    """A CSV import with at least one bad line: nothing was imported.

    `lines` says why each line is bad (for the console's words); `errors` is the
    same in English, one "line N: ..." string each (the API's detail)."""

    def __init__(self, lines: Sequence[LineError]) -> None:
        self.lines = list(lines)
        self.errors = [str(line) for line in self.lines]
        super().__init__("; ".join(self.errors))
