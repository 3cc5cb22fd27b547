"""CSV import of volunteers: parse every row, report bad rows line by line. No I/O here.

Columns (header required, order free): name, phone, languages, roles, and for field
volunteers postcode, needs, radius_km, weekly_cap. Lists (languages, roles, needs) are
separated by ';' or '|' or spaces, e.g. `nl;fr`, `operator;field`.
"""

from __future__ import annotations

import csv
import io
import re

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


def _row_to_create(row: dict[str, str | None]) -> VolunteerCreate:
    roles = set(_items(row.get("roles")))
    unknown_roles = roles - {"operator", "field"}
    if unknown_roles:
        raise ValueError(f"unknown roles {sorted(unknown_roles)} (use operator, field)")
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
    return VolunteerCreate.model_validate(data)


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts)


def parse_csv(text: str) -> tuple[list[VolunteerCreate], list[str]]:
    """Rows as VolunteerCreate, plus one error line per bad row ("line 3: …").

    Line numbers are the file's own (blank lines and quoted line breaks count); any
    line ending works (LF, CRLF, and the lone CR of "CSV (Macintosh)").
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        return _parse_rows(reader)
    except csv.Error as exc:
        return [], [f"line {max(reader.line_num, 1)}: unreadable CSV ({exc})"]


def _parse_rows(reader: csv.DictReader[str]) -> tuple[list[VolunteerCreate], list[str]]:
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        return [], [f"line 1: missing columns {', '.join(missing)}"]
    unknown = [c for c in header if c not in KNOWN_COLUMNS]
    if unknown:
        return [], [f"line 1: unknown columns {', '.join(unknown)}"]
    reader.fieldnames = header
    rows: list[VolunteerCreate] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for count, row in enumerate(reader, start=1):
        line = reader.line_num
        if count > MAX_ROWS:
            errors.append(f"line {line}: more than {MAX_ROWS} rows; split the file")
            break
        if None in row:
            errors.append(f"line {line}: more fields than columns")
            continue
        try:
            volunteer = _row_to_create(row)
        except ValidationError as exc:
            errors.append(f"line {line}: {_describe(exc)}")
            continue
        except ValueError as exc:
            errors.append(f"line {line}: {exc}")
            continue
        if volunteer.phone_number in seen:
            errors.append(
                f"line {line}: phone {volunteer.phone_number} "
                f"repeats line {seen[volunteer.phone_number]}"
            )
            continue
        seen[volunteer.phone_number] = line
        rows.append(volunteer)
    if not rows and not errors:
        errors.append("line 2: no rows")
    return rows, errors
