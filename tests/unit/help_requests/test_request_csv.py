"""CSV import of requests on someone's behalf: every bad line by its number."""

from __future__ import annotations

from app.geo.postcodes import load_postcode_directory
from app.help_requests import csv_import

DIRECTORY = load_postcode_directory()
HEADER = "phone,name,language,need,postcode,urgency,needed_by,consent\n"


def test_good_lines_become_requests() -> None:
    rows, problems = csv_import.parse(
        HEADER
        + "0470 55 51 11,Maria,fr,groceries,1030,today,,yes\n"
        + "\n"
        + "+32470555112,Jan,nl,pharmacy,1210,,2026-12-03,no\n",
        DIRECTORY,
    )
    assert problems == []
    assert [(r.line, r.request.requester_name) for r in rows] == [
        (2, "Maria"),
        (4, "Jan"),
    ]
    assert rows[0].request.phone_number == "+32470555111"
    assert rows[0].request.details_consent is True
    assert rows[1].request.needed_by is not None
    assert rows[1].request.urgency is None


def test_each_bad_line_is_reported_with_its_number_and_column() -> None:
    rows, problems = csv_import.parse(
        HEADER
        + "0470 55 51 11,Maria,fr,groceries,1030,today,,yes\n"
        + "123,Jan,nl,pharmacy,9999,,,no\n"
        + "0470 55 51 13,Ann,nl,groceries,1210,asap,someday,maybe\n",
        DIRECTORY,
    )
    assert [str(p).split(":")[0] for p in problems] == [
        "line 3 (phone)",
        "line 4 (consent)",
        "line 4 (urgency)",
        "line 4 (needed_by)",
    ]
    assert [r.line for r in rows] == [2]


def test_an_unknown_postcode_is_a_bad_line() -> None:
    _, problems = csv_import.parse(
        HEADER + "0470 55 51 11,Maria,fr,groceries,9999,,,\n", DIRECTORY
    )
    assert [str(p) for p in problems] == [
        "line 2 (postcode): not a Belgian postcode in use"
    ]


def test_missing_or_unknown_columns_reject_the_file() -> None:
    _, missing = csv_import.parse("phone,name\n1,2\n", DIRECTORY)
    assert str(missing[0]) == "line 1: missing columns: language, need, postcode"
    _, unknown = csv_import.parse("phone,name,language,need,postcode,age\n", DIRECTORY)
    assert str(unknown[0]) == "line 1: unknown columns: age"
    _, empty = csv_import.parse(HEADER, DIRECTORY)
    assert str(empty[0]) == "line 1: no requests in the file"


def test_a_partners_organisation_overrides_the_file() -> None:
    rows, _ = csv_import.parse(
        "phone,name,language,need,postcode,organisation\n"
        "0470 55 51 11,Maria,fr,groceries,1030,Other org\n",
        DIRECTORY,
        organisation="Solidare-it!",
    )
    assert rows[0].request.organisation == "Solidare-it!"
