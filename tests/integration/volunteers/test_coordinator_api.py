"""Coordinator API of volunteers: create, list, edit, shifts, duty, CSV import."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.logging import mask_phone
from app.volunteers.models import Volunteer
from tests.integration.volunteers.volunteer_support import CreateVolunteer
from tests.support.harness import Hotline

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0470 12 34 56", "+32470123456"),
        ("0470/12.34.56", "+32470123456"),
        ("+32 470 12 34 56", "+32470123456"),
        ("0032 470 12 34 56", "+32470123456"),
        ("02 808 96 54", "+3228089654"),
    ],
)
async def test_create_normalises_belgian_numbers_to_e164(
    hotline: Hotline, create_volunteer: CreateVolunteer, typed: str, stored: str
) -> None:
    body = await create_volunteer(phone=typed)
    # Answers mask the number; the stored one is shown by the audited reveal.
    assert body["phone_number"] == mask_phone(stored)
    revealed = await hotline.api("POST", f"/api/volunteers/{body['id']}/reveal")
    assert revealed.json()["phone_number"] == stored
    assert body["duty_state"] == "offline"
    assert body["duty_token"].startswith("vol_")


async def test_create_rejects_a_phone_number_already_taken_in_another_format(
    hotline: Hotline, create_volunteer: CreateVolunteer
) -> None:
    await create_volunteer(phone="0470 12 34 56")
    response = await hotline.api(
        "POST",
        "/api/volunteers",
        json={
            "name": "Bob",
            "phone_number": "+32470123456",
            "languages": ["fr"],
            "is_operator": True,
        },
    )
    assert response.status_code == 409
    assert response.json()["error"] == "DuplicatePhoneNumber"
    async with hotline.session() as session:
        assert await session.scalar(select(func.count(Volunteer.id))) == 1


async def test_create_rejects_an_invalid_number_and_a_volunteer_without_role(
    hotline: Hotline,
) -> None:
    base = {"name": "Ann", "languages": ["nl"], "is_operator": True}
    bad_phone = await hotline.api(
        "POST", "/api/volunteers", json={**base, "phone_number": "12"}
    )
    no_role = await hotline.api(
        "POST",
        "/api/volunteers",
        json={**base, "phone_number": "0470123456", "is_operator": False},
    )
    assert (bad_phone.status_code, no_role.status_code) == (422, 422)


async def test_api_refuses_requests_without_a_coordinator_token(
    hotline: Hotline,
) -> None:
    response = await hotline.api(
        "GET", "/api/volunteers", headers={"Authorization": "Bearer nope"}
    )
    assert response.status_code == 401


async def test_list_filters_by_role_and_duty_state(
    hotline: Hotline, create_volunteer: CreateVolunteer
) -> None:
    ann = await create_volunteer("Ann", "0470 00 00 01")
    await create_volunteer(
        "Bob",
        "0470 00 00 02",
        is_operator=False,
        is_field=True,
        home_postcode="1030",
        needs=["groceries"],
    )
    await create_volunteer("Chloé", "0470 00 00 03")
    duty = await hotline.api(
        "PUT", f"/api/volunteers/{ann['id']}/duty", json={"on_duty": True}
    )
    assert duty.status_code == 200

    async def names(query: str) -> tuple[int, list[str]]:
        response = await hotline.api("GET", f"/api/volunteers{query}")
        assert response.status_code == 200
        body = response.json()
        return body["total"], [v["name"] for v in body["items"]]

    assert await names("") == (3, ["Ann", "Bob", "Chloé"])
    assert await names("?role=operator") == (2, ["Ann", "Chloé"])
    assert await names("?role=field") == (1, ["Bob"])
    assert await names("?role=operator&duty_state=available") == (1, ["Ann"])
    assert await names("?limit=1&offset=1") == (3, ["Bob"])
    assert "duty_token" not in (await hotline.api("GET", "/api/volunteers")).text


async def test_patch_edits_a_volunteer_and_refuses_a_taken_number(
    hotline: Hotline, create_volunteer: CreateVolunteer
) -> None:
    ann = await create_volunteer("Ann", "0470 00 00 01")
    await create_volunteer("Bob", "0470 00 00 02")
    response = await hotline.api(
        "PATCH",
        f"/api/volunteers/{ann['id']}",
        json={
            "name": "Ann V.",
            "languages": ["fr", "nl"],
            "phone_number": "0470000009",
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["name"], body["languages"], body["phone_number"]) == (
        "Ann V.",
        ["fr", "nl"],
        "+32*******09",
    )
    taken = await hotline.api(
        "PATCH", f"/api/volunteers/{ann['id']}", json={"phone_number": "0470000002"}
    )
    assert taken.status_code == 409
    missing = await hotline.api("PATCH", "/api/volunteers/999", json={"name": "X"})
    assert missing.status_code == 404


async def test_deactivating_an_operator_on_duty_takes_them_off_duty(
    hotline: Hotline, create_volunteer: CreateVolunteer
) -> None:
    ann = await create_volunteer()
    await hotline.api(
        "PUT", f"/api/volunteers/{ann['id']}/duty", json={"on_duty": True}
    )
    response = await hotline.api(
        "PATCH", f"/api/volunteers/{ann['id']}", json={"is_active": False}
    )
    assert response.json()["duty_state"] == "offline"
    now = hotline.clock.now().timestamp()
    assert await hotline.state.queue.operator_state(str(ann["id"]), now) is None


async def test_shifts_are_replaced_and_invalid_ones_refused(
    hotline: Hotline, create_volunteer: CreateVolunteer
) -> None:
    ann = await create_volunteer()
    shifts = [
        {"weekday": 0, "starts": "09:00:00", "ends": "12:00:00"},
        {"weekday": 4, "starts": "22:00:00", "ends": "02:00:00"},
    ]
    response = await hotline.api(
        "PUT", f"/api/volunteers/{ann['id']}/shifts", json=shifts
    )
    assert response.status_code == 200, response.text
    assert response.json()["shifts"] == shifts
    replaced = await hotline.api(
        "PUT", f"/api/volunteers/{ann['id']}/shifts", json=shifts[:1]
    )
    assert replaced.json()["shifts"] == shifts[:1]
    empty = await hotline.api(
        "PUT",
        f"/api/volunteers/{ann['id']}/shifts",
        json=[{"weekday": 7, "starts": "09:00:00", "ends": "09:00:00"}],
    )
    assert empty.status_code == 422
    got = await hotline.api("GET", f"/api/volunteers/{ann['id']}")
    assert got.json()["shifts"] == shifts[:1]


async def test_coordinator_puts_an_operator_on_and_off_duty(
    hotline: Hotline, create_volunteer: CreateVolunteer
) -> None:
    ann = await create_volunteer()
    on = await hotline.api(
        "PUT", f"/api/volunteers/{ann['id']}/duty", json={"on_duty": True}
    )
    assert on.status_code == 200
    assert on.json() == {
        "volunteer_id": ann["id"],
        "duty_state": "available",
        "live_state": "available",
    }
    off = await hotline.api(
        "PUT", f"/api/volunteers/{ann['id']}/duty", json={"on_duty": False}
    )
    assert off.json()["duty_state"] == "offline"
    assert off.json()["live_state"] is None


async def test_a_field_only_volunteer_cannot_go_on_duty(
    hotline: Hotline, create_volunteer: CreateVolunteer
) -> None:
    bob = await create_volunteer(
        is_operator=False, is_field=True, home_postcode="1030", needs=["pharmacy"]
    )
    response = await hotline.api(
        "PUT", f"/api/volunteers/{bob['id']}/duty", json={"on_duty": True}
    )
    assert response.status_code == 409


GOOD_CSV = """name,phone,languages,roles,postcode,needs,radius_km,weekly_cap
Ann,0470 00 00 01,nl;fr,operator,,,,
Bob,+32 470 00 00 02,fr,operator|field,1030,groceries pharmacy,3,2
Chloé,0032470000003,en,field,1000,company,,
"""

BAD_CSV = """name,phone,languages,roles,postcode,needs
Ann,0470 00 00 01,nl,operator,,
Bob,12,fr,operator,,
Chloé,0470 00 00 03,xx,operator,,
Dirk,0470 00 00 01,nl,operator,,
Eva,0470 00 00 05,nl,field,,
"""


async def _volunteer_count(hotline: Hotline) -> int:
    async with hotline.session() as session:
        return int(await session.scalar(select(func.count(Volunteer.id))) or 0)


async def test_csv_import_of_a_good_file_imports_every_row(hotline: Hotline) -> None:
    response = await hotline.api(
        "POST",
        "/api/volunteers/import",
        content=GOOD_CSV.encode(),
        headers={"Content-Type": "text/csv"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["imported"] == 3
    listed = (await hotline.api("GET", "/api/volunteers")).json()["items"]
    assert [(v["name"], v["phone_number"]) for v in listed] == [
        ("Ann", "+32*******01"),
        ("Bob", "+32*******02"),
        ("Chloé", "+32*******03"),
    ]
    bob = listed[1]
    assert (bob["is_operator"], bob["is_field"], bob["needs"]) == (
        True,
        True,
        ["groceries", "pharmacy"],
    )
    assert (bob["radius_km"], bob["weekly_cap"]) == (3.0, 2)


async def test_csv_import_with_bad_rows_lists_them_by_line_and_imports_nothing(
    hotline: Hotline,
) -> None:
    response = await hotline.api(
        "POST",
        "/api/volunteers/import",
        content=BAD_CSV.encode(),
        headers={"Content-Type": "text/csv"},
    )
    assert response.status_code == 400
    detail = response.json()["detail"]
    for line in ("line 3:", "line 4:", "line 5:", "line 6:"):
        assert line in detail
    assert "line 2:" not in detail
    assert "repeats line 2" in detail
    assert await _volunteer_count(hotline) == 0


async def test_csv_import_refuses_numbers_already_registered(
    hotline: Hotline, create_volunteer: CreateVolunteer
) -> None:
    await create_volunteer(phone="0470 00 00 02")
    response = await hotline.api(
        "POST",
        "/api/volunteers/import",
        content=GOOD_CSV.encode(),
        headers={"Content-Type": "text/csv"},
    )
    assert response.status_code == 400
    assert "+32470000002" in response.json()["detail"]
    assert await _volunteer_count(hotline) == 1
