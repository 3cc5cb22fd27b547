"""Unit tests for app/volunteers/csv_import.parse_csv: rows, and bad rows by line."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.volunteers.csv_import import MAX_ROWS, parse_csv
from app.volunteers.schemas import VolunteerCreate

HEADER = "name,phone,languages,roles,postcode,needs,radius_km,weekly_cap"


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join((header, *rows)) + "\n"


class TestGoodRows:
    def test_operator_row(self) -> None:
        rows, errors = parse_csv(csv_text("Anna Peeters,0470 12 34 56,nl;fr,operator"))

        assert errors == []
        assert rows == [
            VolunteerCreate(
                name="Anna Peeters",
                phone_number="+32470123456",
                languages=["nl", "fr"],
                is_operator=True,
            )
        ]

    def test_field_volunteer_row_with_all_columns(self) -> None:
        rows, errors = parse_csv(
            csv_text("Jean Dupont,02 808 96 54,fr,field,1030,groceries|pharmacy,7.5,4")
        )

        assert errors == []
        (row,) = rows
        assert row.is_field
        assert not row.is_operator
        assert row.phone_number == "+3228089654"
        assert row.home_postcode == "1030"
        assert row.needs == ["groceries", "pharmacy"]
        assert row.radius_km == 7.5
        assert row.weekly_cap == 4

    def test_operator_and_field_row(self) -> None:
        rows, errors = parse_csv(
            csv_text('Ann,+32 470 12 34 56,en de,"operator;field",1000,company,,')
        )

        assert errors == []
        (row,) = rows
        assert (row.is_operator, row.is_field) == (True, True)
        assert row.languages == ["en", "de"]
        assert row.radius_km is None
        assert row.weekly_cap == 3

    @pytest.mark.parametrize(
        ("phone", "e164"),
        [
            ("0470 12 34 56", "+32470123456"),
            ("0470/12.34.56", "+32470123456"),
            ("0032 470 12 34 56", "+32470123456"),
            ("+32470123456", "+32470123456"),
            ("02 808 96 54", "+3228089654"),
        ],
    )
    def test_belgian_phone_formats_are_stored_as_e164(
        self, phone: str, e164: str
    ) -> None:
        rows, errors = parse_csv(csv_text(f'X,"{phone}",nl,operator'))

        assert errors == []
        assert rows[0].phone_number == e164

    def test_columns_in_any_order_case_and_spacing(self) -> None:
        text = csv_text(
            "operator,NL | FR,0470123456,Piet", header=" Roles , Languages,PHONE,Name "
        )

        rows, errors = parse_csv(text)

        assert errors == []
        assert rows[0].name == "Piet"
        assert rows[0].languages == ["nl", "fr"]

    def test_byte_order_mark_from_excel_is_ignored(self) -> None:
        rows, errors = parse_csv("\ufeff" + csv_text("Piet,0470123456,nl,operator"))

        assert errors == []
        assert len(rows) == 1

    def test_windows_line_endings(self) -> None:
        text = "name,phone,languages,roles\r\nPiet,0470123456,nl,operator\r\n"

        rows, errors = parse_csv(text)

        assert (len(rows), errors) == (1, [])

    def test_old_mac_line_endings(self) -> None:
        # "CSV (Macintosh)" from Excel for Mac ends lines with a lone CR.
        text = "name,phone,languages,roles\rPiet,0470123456,nl,operator\r"

        rows, errors = parse_csv(text)

        assert errors == []
        assert [r.name for r in rows] == ["Piet"]


class TestBadRows:
    def test_each_bad_row_is_reported_with_its_line_number(self) -> None:
        text = csv_text(
            "Good,0470 12 34 56,nl,operator",
            "Bad phone,not a number,nl,operator",
            "Bad language,0470 12 34 57,es,operator",
            "Good too,0470 12 34 58,fr,operator",
        )

        rows, errors = parse_csv(text)

        assert [r.name for r in rows] == ["Good", "Good too"]
        assert len(errors) == 2
        assert errors[0].startswith("line 3: phone_number: ")
        assert "not a valid phone number" in errors[0]
        assert errors[1].startswith("line 4: languages")

    def test_line_numbers_count_blank_lines(self) -> None:
        text = csv_text(
            "Good,0470 12 34 56,nl,operator",
            "",
            "Bad phone,not a number,nl,operator",
        )

        rows, errors = parse_csv(text)

        assert len(rows) == 1
        assert len(errors) == 1
        assert errors[0].startswith("line 4: "), errors

    def test_line_numbers_count_quoted_line_breaks(self) -> None:
        text = csv_text(
            '"Anna\nPeeters",0470 12 34 56,nl,operator',
            "Bad phone,not a number,nl,operator",
        )

        _, errors = parse_csv(text)

        assert errors == [
            "line 4: phone_number: not a valid phone number: 'not a number'"
        ]

    def test_unknown_role(self) -> None:
        _, errors = parse_csv(csv_text("X,0470123456,nl,driver"))

        assert errors == ["line 2: unknown roles ['driver'] (use operator, field)"]

    def test_no_role(self) -> None:
        _, errors = parse_csv(csv_text("X,0470123456,nl,"))

        assert errors == [
            "line 2: a volunteer is an operator, a field volunteer, or both"
        ]

    @pytest.mark.parametrize(
        "row",
        ["X,0470123456,nl,field,,groceries", "X,0470123456,nl,field,1030,"],
        ids=["no-postcode", "no-needs"],
    )
    def test_field_volunteer_needs_postcode_and_needs(self, row: str) -> None:
        rows, errors = parse_csv(csv_text(row))

        assert rows == []
        assert errors == [
            "line 2: a field volunteer needs a home_postcode and at least one need"
        ]

    @pytest.mark.parametrize(
        ("row", "field"),
        [
            ("X,0470123456,nl,field,10300,groceries", "home_postcode"),
            ("X,0470123456,nl,field,1030,laundry", "needs.0"),
            ("X,0470123456,nl,field,1030,groceries,far", "radius_km"),
            ("X,0470123456,nl,field,1030,groceries,0", "radius_km"),
            ("X,0470123456,nl,operator,,,,lots", "weekly_cap"),
            ("X,0470123456,,operator", "languages"),
            ("X,0470123456,nl;nl,operator", "languages"),
            (",0470123456,nl,operator", "name"),
        ],
    )
    def test_invalid_field_is_named(self, row: str, field: str) -> None:
        rows, errors = parse_csv(csv_text(row))

        assert rows == []
        assert len(errors) == 1
        assert errors[0].startswith(f"line 2: {field}")

    def test_more_fields_than_columns(self) -> None:
        text = csv_text(
            "X,0470123456,nl,operator,extra", header="name,phone,languages,roles"
        )

        assert parse_csv(text) == ([], ["line 2: more fields than columns"])

    def test_duplicate_phone_in_the_file_is_reported_once(self) -> None:
        text = csv_text(
            "Anna,0470 12 34 56,nl,operator",
            "Bert,0470 99 99 99,nl,operator",
            "Anna again,+32470123456,fr,operator",
        )

        rows, errors = parse_csv(text)

        assert [r.name for r in rows] == ["Anna", "Bert"]
        assert errors == ["line 4: phone +32470123456 repeats line 2"]


class TestHeader:
    def test_missing_columns_are_listed(self) -> None:
        text = csv_text("Anna,nl", header="name,languages")

        assert parse_csv(text) == ([], ["line 1: missing columns phone, roles"])

    def test_unknown_columns_are_listed(self) -> None:
        text = csv_text(
            "A,0470123456,nl,operator,x", header="name,phone,languages,roles,email"
        )

        assert parse_csv(text) == ([], ["line 1: unknown columns email"])

    def test_empty_file(self) -> None:
        assert parse_csv("") == (
            [],
            ["line 1: missing columns name, phone, languages, roles"],
        )

    def test_header_without_rows(self) -> None:
        assert parse_csv(csv_text()) == ([], ["line 2: no rows"])


def test_too_many_rows_stops_with_an_error() -> None:
    rows_text = [f"P{i},+3247{i:07d},nl,operator" for i in range(MAX_ROWS + 1)]

    rows, errors = parse_csv(csv_text(*rows_text, header="name,phone,languages,roles"))

    assert len(rows) == MAX_ROWS
    assert errors == [f"line {MAX_ROWS + 2}: more than {MAX_ROWS} rows; split the file"]


@given(st.text(max_size=300))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    rows, errors = parse_csv(text)

    assert rows or errors
    assert all(e.startswith("line ") for e in errors)
