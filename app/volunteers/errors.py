"""Errors of the volunteers domain."""

from app.errors import BadRequest, Conflict, NotFound


class VolunteerNotFound(NotFound):
    pass


class DuplicatePhoneNumber(Conflict):
    pass


class ImportRejected(BadRequest):
    """A CSV import with at least one bad row: nothing was imported."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors
