"""The volunteers screens: roster, add and edit, deactivate, CSV import, weekly shifts,
next week's coverage. Assertions read the page as a person would (table cells, texts).
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select

from app.help_requests.models import HelpRequest
from app.volunteers import service as volunteer_service
from app.volunteers.models import Volunteer
from app.volunteers.schemas import ShiftIn
from tests.support.console import console_client, field_volunteer, signed_in
from tests.support.harness import Hotline

pytestmark = pytest.mark.integration


class _Tables(HTMLParser):
    """Every table row of a page as the texts of its cells."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table_rows(html: str) -> list[list[str]]:
    parser = _Tables()
    parser.feed(html)
    return parser.rows


def row_of(html: str, first_cell: str) -> list[str]:
    rows = [row for row in table_rows(html) if row and row[0].startswith(first_cell)]
    assert len(rows) == 1, f"{first_cell!r} in {len(rows)} rows"
    return rows[0]


async def _matched_request(
    hotline: Hotline, volunteer_id: int, matched_at: datetime
) -> None:
    async with hotline.session() as session:
        session.add(
            HelpRequest(
                caller_number="+3225551234",
                language="fr",
                need="groceries",
                postcode="1030",
                status="matched",
                source="api",
                volunteer_id=volunteer_id,
                created_at=matched_at,
                updated_at=matched_at,
                matched_at=matched_at,
            )
        )
        await session.commit()


async def _count_volunteers(hotline: Hotline) -> int:
    async with hotline.session() as session:
        return int(await session.scalar(select(func.count(Volunteer.id))) or 0)


async def _volunteer(hotline: Hotline, volunteer_id: int) -> Volunteer:
    async with hotline.session() as session:
        return await volunteer_service.get(session, volunteer_id)


# --------------------------------------------------------------------------- roster


async def test_roster_lists_by_name_with_runs_this_month_and_masked_phones(
    hotline: Hotline,
) -> None:
    await hotline.add_operator("Zoé Janssens", "+32470000011", ["nl", "en"], None)
    anna = await field_volunteer(hotline, "Anna Peeters", "+32470000012")
    # The clock reads Monday 23 November 2026. 23:30 UTC on 31 October is already
    # 1 November in Brussels; 22:30 UTC is still October there.
    await _matched_request(hotline, anna, hotline.clock.now())
    await _matched_request(hotline, anna, datetime(2026, 10, 31, 23, 30, tzinfo=UTC))
    await _matched_request(hotline, anna, datetime(2026, 10, 31, 22, 30, tzinfo=UTC))

    async with signed_in(hotline) as client:
        page = (await client.get("/console/volunteers")).text
    api = (await hotline.api("GET", "/api/volunteers/roster?place_language=fr")).json()
    english = await hotline.api("GET", "/api/volunteers/roster?language=en&status=all")

    names = [row[0] for row in table_rows(page)[1:]]
    assert names == ["Anna Peeters", "Zoé Janssens"]
    assert row_of(page, "Anna Peeters") == [
        "Anna Peeters",
        "+32*******12",
        "Field volunteer",
        "FR, NL",
        "1030 Schaerbeek",
        "Off duty",
        "2",
        "Yes",
    ]
    zoe = row_of(page, "Zoé Janssens")
    assert zoe[2:4] == ["Phone operator", "NL, EN"]
    assert (zoe[5], zoe[6]) == ("On duty", "0")
    assert "+32470000011" not in page
    assert "+32470000012" not in page
    assert "2 volunteers" in page
    assert [(v["name"], v["runs_this_month"]) for v in api["items"]] == [
        ("Anna Peeters", 2),
        ("Zoé Janssens", 0),
    ]
    assert api["items"][0]["phone_masked"] == "+32*******12"
    assert "phone_number" not in api["items"][0]
    assert api["items"][0]["municipality"] == "Schaerbeek"
    assert [v["name"] for v in english.json()["items"]] == ["Zoé Janssens"]


async def test_roster_filters_and_pages(hotline: Hotline) -> None:
    rows = "\n".join(
        f"Volunteer {i:02d},+3247100{i:04d},fr,operator" for i in range(52)
    )
    async with hotline.session() as session:
        await volunteer_service.import_csv(
            session, "name,phone,languages,roles\n" + rows, now=hotline.clock.now()
        )
    await hotline.add_operator("Bart", "+32470000021", ["nl"], None)
    await field_volunteer(hotline, "Chloé", "+32470000022")
    gone = await hotline.add_operator("Dirk", "+32470000023", ["nl"], None)
    async with hotline.session() as session:
        await volunteer_service.set_active(
            session, hotline.state, gone, is_active=False
        )

    async def names(query: str) -> list[str]:
        page = (await client.get("/console/volunteers" + query)).text
        return [row[0] for row in table_rows(page)[1:]]

    async with signed_in(hotline) as client:
        dutch = await names("?language=nl")
        field = await names("?role=field")
        on_duty_dutch = await names("?language=nl&duty_state=available&role=")
        inactive = await names("?status=inactive")
        everyone_named_d = await names("?status=all&name=d")
        first = (await client.get("/console/volunteers?language=fr")).text
        second = await names("?language=fr&offset=50")

    assert dutch == ["Bart", "Chloé"]
    assert field == ["Chloé"]
    assert on_duty_dutch == ["Bart"]
    assert inactive == ["Dirk (deactivated)"]
    assert everyone_named_d == ["Dirk (deactivated)"]
    assert len(table_rows(first)) == 51
    assert "Showing 1\u201350 of 53" in first
    assert 'href="/console/volunteers?language=fr&amp;offset=50"' in first
    assert second == ["Volunteer 49", "Volunteer 50", "Volunteer 51"]


# --------------------------------------------------------------------------- add, edit


async def test_adding_with_a_bad_phone_shows_the_error_and_keeps_the_values(
    hotline: Hotline,
) -> None:
    async with signed_in(hotline) as client:
        await client.get("/console/volunteers/new")
        response = await client.post(
            "/console/volunteers/new",
            {
                "name": "Marie Claes",
                "phone_number": "12",
                "languages": ["fr", "en"],
                "roles": ["operator"],
                "weekly_cap": "3",
            },
        )

    assert response.status_code == 422
    assert "Not a valid phone number." in response.text
    assert 'value="Marie Claes"' in response.text
    assert 'value="12"' in response.text
    assert 'value="fr" checked' in response.text
    assert 'value="en" checked' in response.text
    assert 'value="nl" checked' not in response.text
    assert await _count_volunteers(hotline) == 0


async def test_a_field_volunteer_needs_a_postcode_and_an_errand(
    hotline: Hotline,
) -> None:
    async with signed_in(hotline) as client:
        await client.get("/console/volunteers/new")
        response = await client.post(
            "/console/volunteers/new",
            {
                "name": "Jan",
                "phone_number": "0470 00 00 31",
                "roles": ["field"],
                "home_postcode": "10300",
                "radius_km": "0",
            },
        )

    assert response.status_code == 422
    assert "Choose at least one language." in response.text
    assert "Four digits, such as 1030." in response.text
    assert "Must be more than 0." in response.text
    assert "The form has 3 mistakes:" in response.text
    assert await _count_volunteers(hotline) == 0


async def test_adding_an_operator_shows_their_duty_token_once(hotline: Hotline) -> None:
    async with signed_in(hotline) as client:
        await client.get("/console/volunteers/new")
        created = await client.post(
            "/console/volunteers/new",
            {
                "name": "Marie Claes",
                "phone_number": "0470 00 00 41",
                "languages": ["fr"],
                "roles": ["operator"],
                "weekly_cap": "3",
            },
        )
        (volunteer_id,) = [row[0] for row in await _ids(hotline)]  # the one volunteer
        later = (await client.get(f"/console/volunteers/{volunteer_id}")).text

    assert created.status_code == 201
    assert created.headers["cache-control"] == "no-store"
    assert "Marie Claes is added" in created.text
    token = created.text.split('<code class="vol-token">')[1].split("</code>")[0]
    duty = await hotline.api(
        "GET", "/api/duty", headers={"Authorization": f"Bearer {token}"}
    )
    assert duty.status_code == 200
    assert duty.json()["volunteer_id"] == volunteer_id
    assert token not in later


async def _ids(hotline: Hotline) -> list[tuple[int, str]]:
    async with hotline.session() as session:
        rows = await session.execute(select(Volunteer.id, Volunteer.name))
        return [(int(i), str(n)) for i, n in rows]


async def test_adding_a_field_volunteer_opens_their_page(hotline: Hotline) -> None:
    async with signed_in(hotline) as client:
        await client.get("/console/volunteers/new")
        response = await client.post(
            "/console/volunteers/new",
            {
                "name": "Jan Peeters",
                "phone_number": "0470 00 00 51",
                "languages": ["nl"],
                "roles": ["field"],
                "home_postcode": "3000",
                "needs": ["groceries", "pharmacy"],
                "radius_km": "2,5",
                "weekly_cap": "",
            },
        )
        page = await client.get(response.headers["location"])

    assert response.status_code == 303
    assert "The volunteer is added." in page.text
    assert 'value="2.5"' in page.text
    assert 'value="3000"' in page.text
    assert 'value="3"' in page.text  # the usual weekly cap


async def test_editing_a_volunteer(hotline: Hotline) -> None:
    ann = await hotline.add_operator("Ann", "+32470000061", ["nl"], None)
    await hotline.add_operator("Bob", "+32470000062", ["nl"], None)

    async with signed_in(hotline) as client:
        form = (await client.get(f"/console/volunteers/{ann}")).text
        fields = {
            "name": "Ann Vermeulen",
            "phone_number": "0470 00 00 63",
            "languages": ["nl", "de"],
            "roles": ["operator", "field"],
            "home_postcode": "1000",
            "needs": ["company"],
            "weekly_cap": "2",
        }
        saved = await client.post(f"/console/volunteers/{ann}", fields)
        edited = (await client.get(saved.headers["location"])).text
        taken = await client.post(
            f"/console/volunteers/{ann}", {**fields, "phone_number": "0470000062"}
        )
        roster = (await client.get("/console/volunteers")).text

    # Masked like everywhere (sent back unchanged, it keeps the number).
    assert 'value="+32*******61"' in form
    assert "+32470000061" not in form
    assert saved.status_code == 303
    assert "The changes are saved." in edited
    assert 'value="Ann Vermeulen"' in edited
    assert 'value="+32*******63"' in edited
    assert taken.status_code == 409
    assert "Another volunteer already has this phone number." in taken.text
    assert 'value="0470000062"' in taken.text
    row = row_of(roster, "Ann Vermeulen")
    assert row[1:5] == [
        "+32*******63",
        "Phone operator, Field volunteer",
        "NL, DE",
        "1000 Brussels",  # place names in the reader's language
    ]
    volunteer = await _volunteer(hotline, ann)
    assert (volunteer.needs, volunteer.weekly_cap) == (["company"], 2)


async def test_deactivating_an_operator_on_duty_takes_them_off_the_board(
    hotline: Hotline,
) -> None:
    marie = await hotline.add_operator("Marie", "+32470000071", ["fr"], None)

    async with signed_in(hotline) as client:
        board_before = (await client.get("/console")).text
        page = (await client.get(f"/console/volunteers/{marie}")).text
        response = await client.post(f"/console/volunteers/{marie}/deactivate")
        after = (await client.get(response.headers["location"])).text
        board_after = (await client.get("/console")).text
        roster = (await client.get("/console/volunteers")).text
        await client.post(f"/console/volunteers/{marie}/reactivate")
        reactivated = (await client.get(f"/console/volunteers/{marie}")).text

    assert "Marie" in board_before
    assert "Deactivate" in page
    assert response.status_code == 303
    assert "The volunteer is deactivated." in after
    assert "Marie is deactivated" in after
    assert "Marie" not in board_after
    assert "No operator on duty" in board_after
    assert "Marie" not in roster  # the roster shows active volunteers first
    assert await hotline.state.queue.operator_state(str(marie), 0) is None
    assert "Off duty" in reactivated
    volunteer = await _volunteer(hotline, marie)
    assert (volunteer.is_active, volunteer.duty_state) == (True, "offline")


# --------------------------------------------------------------------------- import

GOOD_CSV = """name,phone,languages,roles,postcode,needs
Ann,0470 00 00 81,nl,operator,,
Bob,0470 00 00 82,fr;nl,operator;field,1030,groceries|pharmacy
Chloé,0470 00 00 83,en,operator,,
"""

BAD_CSV = """name,phone,languages,roles,postcode,needs
Ann,0470 00 00 81,nl,operator,,
Bob,not a number,fr,operator,,
Chloé,0470 00 00 83,es,operator,,
Dirk,0470 00 00 84,nl,driver,,
Eva,0470 00 00 81,nl,operator,,
Fien,0470 00 00 86,nl,field,,
"""


async def test_csv_with_bad_lines_lists_each_line_and_imports_nothing(
    hotline: Hotline,
) -> None:
    await hotline.add_operator("Gert", "+32470000081", ["nl"], None)
    async with signed_in(hotline) as client:
        await client.get("/console/volunteers/import")
        response = await client.post(
            "/console/volunteers/import", {"csv_text": BAD_CSV}
        )

    assert response.status_code == 400
    assert table_rows(response.text) == [
        ["Line", "Problem"],
        ["2", "This phone number already belongs to a volunteer."],
        ["3", "Phone number: Not a valid phone number."],
        ["4", "Languages: “es” is not one of the choices."],
        ["5", "Unknown role driver (use operator or field)."],
        ["6", "Same phone number as line 2."],
        [
            "7",
            "A field volunteer needs a home postcode and at least one kind of errand.",
        ],
    ]
    assert "6 lines have mistakes, so nothing was imported." in response.text
    assert "Dirk,0470 00 00 84,nl,driver" in response.text  # the text is kept
    assert await _count_volunteers(hotline) == 1


async def test_a_good_csv_file_imports_every_line(hotline: Hotline) -> None:
    async with signed_in(hotline) as client:
        await client.get("/console/volunteers/import")
        response = await client.post(
            "/console/volunteers/import",
            files={
                "csv_file": ("volunteers.csv", GOOD_CSV.encode("cp1252"), "text/csv")
            },
        )
        roster = (await client.get(response.headers["location"])).text

    assert response.status_code == 303
    assert "Every line of the file was imported." in roster
    assert [row[0] for row in table_rows(roster)[1:]] == ["Ann", "Bob", "Chloé"]
    assert row_of(roster, "Bob")[2:5] == [
        "Phone operator, Field volunteer",
        "FR, NL",
        "1030 Schaerbeek",
    ]


async def test_importing_nothing_says_so(hotline: Hotline) -> None:
    async with signed_in(hotline) as client:
        await client.get("/console/volunteers/import")
        response = await client.post("/console/volunteers/import", {"csv_text": "  "})

    assert response.status_code == 400
    assert "Choose a file or paste the CSV text." in response.text


# --------------------------------------------------------------------------- shifts


async def test_weekly_shifts_are_added_and_removed_on_the_volunteers_page(
    hotline: Hotline,
) -> None:
    ann = await hotline.add_operator("Ann", "+32470000091", ["nl"], None)

    async with signed_in(hotline) as client:
        await client.get(f"/console/volunteers/{ann}")
        added = await client.post(
            f"/console/volunteers/{ann}/shifts",
            {"weekday": "0", "starts": "09:00", "ends": "17:00"},
        )
        await client.post(
            f"/console/volunteers/{ann}/shifts",
            {"weekday": "6", "starts": "22:00", "ends": "06:00"},
        )
        empty = await client.post(
            f"/console/volunteers/{ann}/shifts",
            {"weekday": "2", "starts": "10:00", "ends": "10:00"},
        )
        no_time = await client.post(
            f"/console/volunteers/{ann}/shifts",
            {"weekday": "2", "starts": "", "ends": "11:00"},
        )
        page = (await client.get(f"/console/volunteers/{ann}")).text
        monday = next(
            s for s in (await _volunteer(hotline, ann)).shifts if s.weekday == 0
        )
        removed = await client.post(
            f"/console/volunteers/{ann}/shifts/{monday.id}/remove"
        )
        after = (await client.get(removed.headers["location"])).text
        gone = await client.post(f"/console/volunteers/{ann}/shifts/{monday.id}/remove")

    assert added.status_code == 303
    assert empty.status_code == 422
    assert "The shift must end at another time than it starts." in empty.text
    assert no_time.status_code == 422
    assert "Type a time, such as 09:00." in no_time.text
    assert 'value="11:00"' in no_time.text
    assert row_of(page, "Monday")[:3] == ["Monday", "09:00", "17:00"]
    assert row_of(page, "Sunday")[:3] == ["Sunday", "22:00", "06:00 (next day)"]
    assert "The shift is removed." in after
    assert [row[0] for row in table_rows(after)[1:]] == ["Sunday"]
    assert gone.status_code == 404
    shifts = (await _volunteer(hotline, ann)).shifts
    assert [(s.weekday, s.starts, s.ends) for s in shifts] == [(6, time(22), time(6))]


# --------------------------------------------------------------------------- coverage


async def test_coverage_page_marks_the_gaps_of_next_week(hotline: Hotline) -> None:
    # The test hotline is open around the clock; the clock reads Monday 23 November.
    ann = await hotline.add_operator("Ann", "+32470000101", ["nl", "fr"], None)
    bob = await hotline.add_operator("Bob", "+32470000102", ["nl"], None)
    async with hotline.session() as session:
        await volunteer_service.replace_shifts(
            session, ann, [ShiftIn(weekday=0, starts=time(9), ends=time(17))]
        )
        await volunteer_service.replace_shifts(
            session, bob, [ShiftIn(weekday=0, starts=time(12), ends=time(13))]
        )

    async with signed_in(hotline) as client:
        page = (await client.get("/console/volunteers/coverage")).text
    api = (await hotline.api("GET", "/api/volunteers/coverage")).json()

    assert "From Monday, 30 November 2026 to Sunday, 6 December 2026." in page
    assert "Dutch: 160 gaps" in page  # 168 hours, 8 covered on Monday
    assert "German: 168 gaps" in page
    dutch_rows = [row for row in table_rows(page) if row and row[0].endswith(":00")][
        :24
    ]
    by_hour = {row[0]: row[1:] for row in dutch_rows}
    assert by_hour["09:00"][0] == "1"
    assert by_hour["12:00"][0] == "2"
    assert by_hour["08:00"][0] == "0 — gap"
    assert by_hour["09:00"][1] == "0 — gap"  # Tuesday
    assert api["week_start"] == "2026-11-30"
    dutch = api["languages"][0]
    assert (dutch["language"], dutch["gaps"]) == ("nl", 160)
    assert dutch["hours"][12]["cells"][0] == {
        "day": "2026-11-30",
        "operators": 2,
        "is_gap": False,
    }


async def test_pages_need_a_signed_in_coordinator(hotline: Hotline) -> None:
    async with console_client(hotline.app) as client:
        response = await client.get("/console/volunteers/coverage")

    assert response.status_code == 303
    assert response.headers["location"].startswith("/console/login")
