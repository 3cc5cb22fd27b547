"""CSV import of requests entered on someone's behalf: every line checked, bad lines
reported with their line number. No I/O here (the postcode directory is given).

Columns (header required, order free): phone, name, language, need, postcode, and
optionally street, number, box, needs_text, urgency (today, week, no_rush),
needed_by (YYYY-MM-DD), access_notes, consent (yes/no, 1/0, true/false), notes,
organisation.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from pydantic import ValidationError

from app.geo.postcodes import PostcodeDirectory
from app.help_requests.schemas import HelpRequestCreate

REQUIRED_COLUMNS = ("phone", "name", "language", "need", "postcode")
# CSV column -> HelpRequestCreate field.
COLUMNS = {
    "phone": "phone_number",
    "name": "requester_name",
    "language": "language",
    "need": "need",
    "postcode": "postcode",
    "street": "address_street",
    "number": "address_number",
    "box": "address_box",
    "needs_text": "needs_text",
    "urgency": "urgency",
    "needed_by": "needed_by",
    "access_notes": "access_notes",
    "consent": "details_consent",
    "notes": "notes",
    "organisation": "organisation",
}
FIELD_COLUMNS = {field: column for column, field in COLUMNS.items()}
MAX_ROWS = 2000
_YES = frozenset({"yes", "y", "1", "true", "ja", "oui"})
_NO = frozenset({"no", "n", "0", "false", "nee", "non", ""})


@dataclass(frozen=True, slots=True)
class LineProblem:
    """Why one line cannot be imported (line 1 is the header)."""

    line: int
    column: str  # "" = the line or the file as a whole
    message: str

    def __str__(self) -> str:
        where = f" ({self.column})" if self.column else ""
        return f"line {self.line}{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class ParsedRow:
    line: int
    request: HelpRequestCreate


def _consent(value: str) -> bool | None:
    word = value.strip().lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    return None


def _row(
    line: int, values: dict[str, str], organisation: str | None
) -> tuple[HelpRequestCreate | None, list[LineProblem]]:
    data: dict[str, object] = {}
    problems: list[LineProblem] = []
    for column, field in COLUMNS.items():
        if column not in values:
            continue
        raw = values[column] or ""
        if column == "consent":
            consent = _consent(raw)
            if consent is None:
                problems.append(LineProblem(line, column, "say yes or no"))
                continue
            data[field] = consent
        else:
            data[field] = raw
    if organisation is not None:
        data["organisation"] = organisation
    try:
        return HelpRequestCreate.model_validate(data), problems
    except ValidationError as exc:
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else ""
            problems.append(
                LineProblem(line, FIELD_COLUMNS.get(field, field), error["msg"])
            )
        return None, problems


def parse(
    text: str, directory: PostcodeDirectory, *, organisation: str | None = None
) -> tuple[list[ParsedRow], list[LineProblem]]:
    """The file's requests, or the problems of every bad line. `organisation`: the
    partner's own, whatever a line says."""
    # newline="": the csv module reads line ends itself; a lone "\r" inside a
    # field would otherwise raise csv.Error on the header line, outside any check.
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    if missing := [c for c in REQUIRED_COLUMNS if c not in header]:
        return [], [LineProblem(1, "", f"missing columns: {', '.join(missing)}")]
    if unknown := [c for c in header if c not in COLUMNS]:
        return [], [LineProblem(1, "", f"unknown columns: {', '.join(unknown)}")]
    reader.fieldnames = header
    rows: list[ParsedRow] = []
    problems: list[LineProblem] = []
    try:
        for record in reader:
            line = reader.line_num
            if len(rows) + len(problems) >= MAX_ROWS:
                problems.append(LineProblem(line, "", f"more than {MAX_ROWS} lines"))
                break
            if None in record:
                problems.append(LineProblem(line, "", "more fields than columns"))
                continue
            values = {k: (v or "") for k, v in record.items() if k is not None}
            if not any(v.strip() for v in values.values()):
                continue
            request, found = _row(line, values, organisation)
            if request is not None and not directory.is_valid(request.postcode):
                found.append(
                    LineProblem(line, "postcode", "not a Belgian postcode in use")
                )
            if found or request is None:
                problems += found
            else:
                rows.append(ParsedRow(line, request))
    except csv.Error as exc:
        problems.append(LineProblem(reader.line_num, "", f"unreadable CSV ({exc})"))
    if not rows and not problems:
        problems.append(LineProblem(1, "", "no requests in the file"))
    return rows, problems
