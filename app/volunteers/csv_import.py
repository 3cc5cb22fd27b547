"""CSV import of volunteers: parse every row, report bad rows line by line. No I/O here.

Columns (header required, order free): name, phone, languages, roles, and for field
volunteers postcode, needs, radius_km, weekly_cap. Lists (languages, roles, needs) are
separated by ';' or '|' or spaces, e.g. `nl;fr`, `operator;field`.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from pydantic import ValidationError

from app.volunteers.schemas import VolunteerCreate

REQUIRED_COLUMNS = ("name", "phone", "languages", "roles")
KNOWN_COLUMNS = frozenset(
    (*REQUIRED_COLUMNS, "postcode", "needs", "radius_km", "weekly_cap")
)
MAX_ROWS = 5000
_SPLIT = re.compile(r"[;|\s]+")


def _items(value: str | None) -> list[str]:
    return [part for part in _SPLIT.split((value or "").strip().lower()) if part]


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One invalid value of a row: the field ("" = the row as a whole), pydantic's
    error type (ours are named: phone_invalid, roles_missing, ...) and its English
    message; `context` holds the limits of range errors."""

    field: str
    kind: str
    message: str
    context: Mapping[str, object] = dataclasses.field(default_factory=dict)
    value: str = ""  # the refused text, when it is short text


LineReason = Literal[
    "unreadable",
    "missing_columns",
    "unknown_columns",
    "too_many_rows",
    "more_fields",
    "unknown_roles",
    "invalid",
    "repeated_phone",
    "phone_taken",
    "no_rows",
]


@dataclass(frozen=True, slots=True)
class LineError:
    """Why one line of the file cannot be imported. `str()` is the English line
    ("line 3: ..."); the console words it from the fields instead."""

    line: int
    reason: LineReason
    values: tuple[str, ...] = ()  # columns, roles or the phone number concerned
    other_line: int = 0  # the first line with the same phone number
    problems: tuple[FieldProblem, ...] = ()
    detail: str = ""  # the csv module's own words for an unreadable file

    def __str__(self) -> str:
        return f"line {self.line}: {self._text()}"

    def _text(self) -> str:
        listed = ", ".join(self.values)
        match self.reason:
            case "unreadable":
                return f"unreadable CSV ({self.detail})"
            case "missing_columns":
                return f"missing columns {listed}"
            case "unknown_columns":
                return f"unknown columns {listed}"
            case "too_many_rows":
                return f"more than {MAX_ROWS} rows; split the file"
            case "more_fields":
                return "more fields than columns"
            case "unknown_roles":
                return f"unknown roles {list(self.values)} (use operator, field)"
            case "invalid":
                return "; ".join(
                    f"{p.field}: {p.message}" if p.field else p.message
                    for p in self.problems
                )
            case "repeated_phone":
                return f"phone {listed} repeats line {self.other_line}"
            case "phone_taken":
                return f"phone {listed} already belongs to a volunteer"
            case "no_rows":
                return "no rows"


@dataclass(frozen=True, slots=True)
class CsvRow:
    line: int
    volunteer: VolunteerCreate


def _row_to_create(
    row: dict[str, str | None], line: int
) -> VolunteerCreate | LineError:
    roles = set(_items(row.get("roles")))
    unknown_roles = roles - {"operator", "field"}
    if unknown_roles:
        return LineError(line, "unknown_roles", tuple(sorted(unknown_roles)))
    data: dict[str, object] = {
        "name": (row.get("name") or "").strip(),
        "phone_number": (row.get("phone") or "").strip(),
        "languages": _items(row.get("languages")),
        "is_operator": "operator" in roles,
        "is_field": "field" in roles,
        "home_postcode": (row.get("postcode") or "").strip() or None,
        "needs": _items(row.get("needs")),
    }
    if radius := (row.get("radius_km") or "").strip():
        data["radius_km"] = radius
    if cap := (row.get("weekly_cap") or "").strip():
        data["weekly_cap"] = cap
    try:
        return VolunteerCreate.model_validate(data)
    except ValidationError as exc:
        return LineError(line, "invalid", problems=problems_of(exc))


def problems_of(exc: ValidationError) -> tuple[FieldProblem, ...]:
    return tuple(
        FieldProblem(
            field=".".join(str(part) for part in error["loc"]),
            kind=error["type"],
            message=error["msg"].removeprefix("Value error, "),
            context=dict(error.get("ctx") or {}),
            value=_short_text(error.get("input")),
        )
        for error in exc.errors()
    )


def _short_text(value: object) -> str:
    return value if isinstance(value, str) and len(value) <= 40 else ""


def parse_rows(text: str) -> tuple[list[CsvRow], list[LineError]]:
    """Rows as VolunteerCreate with their line, plus why each bad line is bad.

    Line numbers are the file's own (blank lines and quoted line breaks count); any
    line ending works (LF, CRLF, and the lone CR of "CSV (Macintosh)").
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        return _parse_rows(reader)
    except csv.Error as exc:
        return [], [LineError(max(reader.line_num, 1), "unreadable", detail=str(exc))]


def parse_csv(text: str) -> tuple[list[VolunteerCreate], list[str]]:
    """Rows as VolunteerCreate, plus one error line per bad row ("line 3: …")."""
    rows, errors = parse_rows(text)
    return [row.volunteer for row in rows], [str(error) for error in errors]


def decode(data: bytes) -> str:
    """An uploaded file's text: UTF-8 (with or without Excel's BOM), else the
    Windows-1252 that Excel uses for "CSV" on Western European Windows."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _parse_rows(reader: csv.DictReader[str]) -> tuple[list[CsvRow], list[LineError]]:
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        return [], [LineError(1, "missing_columns", tuple(missing))]
    unknown = [c for c in header if c not in KNOWN_COLUMNS]
    if unknown:
        return [], [LineError(1, "unknown_columns", tuple(unknown))]
    reader.fieldnames = header
    rows: list[CsvRow] = []
    errors: list[LineError] = []
    seen: dict[str, int] = {}
    for count, row in enumerate(reader, start=1):
        line = reader.line_num
        if count > MAX_ROWS:
            errors.append(LineError(line, "too_many_rows"))
            break
        if None in row:
            errors.append(LineError(line, "more_fields"))
            continue
        volunteer = _row_to_create(row, line)
        if isinstance(volunteer, LineError):
            errors.append(volunteer)
            continue
        phone = volunteer.phone_number
        if phone in seen:
            errors.append(
                LineError(line, "repeated_phone", (phone,), other_line=seen[phone])
            )
            continue
        seen[phone] = line
        rows.append(CsvRow(line, volunteer))
    if not rows and not errors:
        errors.append(LineError(2, "no_rows"))
    return rows, errors
