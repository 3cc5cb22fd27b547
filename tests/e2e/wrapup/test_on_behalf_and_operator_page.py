"""Requests on someone's behalf with the details a neighbour needs (API and CSV,
coordinator and partner), and the operator's page behind its signed link."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from app.auth import service as auth_service
from app.auth.roles import Role
from app.config import Settings
from app.help_requests.models import HelpRequest
from app.logging import mask_phone
from app.operator_page import service as operator_page
from app.volunteers import service as volunteer_service
from app.volunteers.models import Volunteer
from app.volunteers.schemas import VolunteerCreate
from tests.support.harness import HOTLINE_NUMBER, Hotline, hotline_harness
from twilio_simulator.parties import OperatorPhone, Press, ScriptedCaller

pytestmark = pytest.mark.e2e

NEIGHBOUR = "+32470100001"
OPERATOR = "+32470000001"
HEADER = (
    "phone,name,language,need,postcode,street,number,needs_text,urgency,"
    "needed_by,access_notes,consent,organisation\n"
)
GOOD = (
    "0470 55 51 11,Maria Janssens,fr,groceries,1030,Rue Royale,12,"
    "Bread and milk,today,,Third floor,yes,CPAS\n"
)
OTHER = (
    "0470 55 51 12,Jan Peeters,nl,pharmacy,1210,Kruidtuinlaan,3,"
    "His pills,week,2026-11-27,,no,CPAS\n"
)


@pytest.fixture
async def triage_hotline(settings: Settings) -> AsyncIterator[Hotline]:
    matching = settings.matching.model_copy(update={"mode": "triage"})
    async with hotline_harness(settings.model_copy(update={"matching": matching})) as h:
        yield h


async def _neighbour(hotline: Hotline) -> None:
    data = VolunteerCreate(
        name="Anna Peeters",
        phone_number=NEIGHBOUR,
        languages=["fr", "nl"],
        is_field=True,
        home_postcode="1030",
        needs=["groceries", "pharmacy"],
    )
    async with hotline.session() as session:
        await volunteer_service.create(session, data, now=hotline.clock.now())


async def _count(hotline: Hotline) -> int:
    async with hotline.session() as session:
        return int(await session.scalar(select(func.count(HelpRequest.id))) or 0)


def _body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "phone_number": "0470 55 51 11",
        "requester_name": "Maria Janssens",
        "language": "fr",
        "need": "groceries",
        "postcode": "1030",
        "address_street": "Rue Royale",
        "address_number": "12",
        "address_box": "3B",
        "needs_text": "Bread, milk and the newspaper",
        "urgency": "today",
        "access_notes": "Third floor, ring twice, small dog",
        "details_consent": True,
        "organisation": "CPAS Schaerbeek",
    }
    body.update(changes)
    return body


async def test_an_on_behalf_request_keeps_what_a_neighbour_needs_and_is_offered(
    hotline: Hotline,
) -> None:
    await _neighbour(hotline)
    response = await hotline.api("POST", "/api/requests", json=_body())

    assert response.status_code == 201, response.text
    created = response.json()
    assert created["status"] == "offered"
    async with hotline.session() as session:
        request = await session.get(HelpRequest, created["id"])
    assert request is not None
    assert request.needs_text == "Bread, milk and the newspaper"
    assert request.urgency == "today"
    assert request.access_notes == "Third floor, ring twice, small dog"
    assert request.details_consent is True
    assert request.address_box == "3B"
    assert [m.to for m in hotline.sim.messages] == [NEIGHBOUR]

    edited = await hotline.api(
        "PATCH",
        f"/api/requests/{created['id']}",
        json={"urgency": "week", "needed_by": "2026-11-26", "details_consent": False},
    )
    assert edited.status_code == 200, edited.text
    assert (edited.json()["urgency"], edited.json()["needed_by"]) == (
        "week",
        "2026-11-26",
    )
    assert edited.json()["details_consent"] is False


async def test_bad_details_are_refused_and_nothing_is_created(hotline: Hotline) -> None:
    response = await hotline.api(
        "POST", "/api/requests", json=_body(urgency="tomorrow", needed_by="soon")
    )
    assert response.status_code == 422
    fields = {tuple(e["loc"])[-1] for e in response.json()["detail"]}
    assert {"urgency", "needed_by"} <= fields
    assert await _count(hotline) == 0


async def test_in_triage_an_on_behalf_request_waits_for_approval(
    triage_hotline: Hotline,
) -> None:
    hotline = triage_hotline
    await _neighbour(hotline)
    response = await hotline.api("POST", "/api/requests", json=_body())
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "new"
    assert response.json()["is_awaiting_approval"] is True
    assert hotline.sim.messages == []
    approved = await hotline.api(
        "POST", f"/api/requests/{response.json()['id']}/approve"
    )
    assert approved.json()["status"] == "offered"
    assert [m.to for m in hotline.sim.messages] == [NEIGHBOUR]


async def test_a_csv_import_enters_every_line_into_matching(hotline: Hotline) -> None:
    await _neighbour(hotline)
    response = await hotline.api(
        "POST",
        "/api/requests/import",
        content=HEADER + GOOD + OTHER,
        headers={"Content-Type": "text/csv"},
    )

    assert response.status_code == 201, response.text
    assert response.json()["imported"] == 2
    async with hotline.session() as session:
        rows = (
            (await session.execute(select(HelpRequest).order_by(HelpRequest.id)))
            .scalars()
            .all()
        )
    assert [(r.requester_name, r.status, r.organisation) for r in rows] == [
        ("Maria Janssens", "offered", "CPAS"),
        ("Jan Peeters", "offered", "CPAS"),
    ]
    assert rows[1].needed_by is not None
    assert rows[1].needed_by.isoformat() == "2026-11-27"
    assert (rows[0].details_consent, rows[1].details_consent) == (True, False)
    assert len([m for m in hotline.sim.messages if m.to == NEIGHBOUR]) == 2


async def test_a_csv_with_bad_lines_reports_them_and_imports_nothing(
    hotline: Hotline,
) -> None:
    bad_postcode = GOOD.replace(",1030,", ",9999,")
    bad_urgency = OTHER.replace(",week,", ",someday,")
    bad_consent = GOOD.replace(",yes,", ",perhaps,")
    response = await hotline.api(
        "POST",
        "/api/requests/import",
        content=HEADER + GOOD + bad_postcode + bad_urgency + bad_consent,
        headers={"Content-Type": "text/csv"},
    )

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [e.split(":")[0] for e in errors] == [
        "line 3 (postcode)",
        "line 4 (urgency)",
        "line 5 (consent)",
    ]
    assert await _count(hotline) == 0
    assert hotline.sim.messages == []


async def test_a_partners_import_is_recorded_for_its_own_organisation(
    hotline: Hotline,
) -> None:
    async with hotline.session() as session:
        token = await auth_service.create_coordinator(
            session,
            "solidare",
            now=hotline.clock.now(),
            role=Role.PARTNER,
            organisation="Solidare-it!",
        )
    response = await hotline.api(
        "POST",
        "/api/requests/import",
        content=HEADER + GOOD,
        headers={"Content-Type": "text/csv", "Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201, response.text
    async with hotline.session() as session:
        request = (await session.execute(select(HelpRequest))).scalar_one()
    assert (request.organisation, request.created_by) == ("Solidare-it!", "solidare")


# ------------------------------------------------------------ the operator's page


async def _get(hotline: Hotline, url: str, **kwargs: Any) -> httpx.Response:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=hotline.app), base_url="http://hotline.test"
    ) as client:
        return await client.request(url=url, **kwargs)


def _path(link: str) -> str:
    return link.removeprefix("http://hotline.test")


async def test_going_on_duty_by_phone_texts_the_operators_page_link(
    hotline: Hotline,
) -> None:
    async with hotline.session() as session:
        await volunteer_service.create(
            session,
            VolunteerCreate(
                name="Op", phone_number=OPERATOR, languages=["fr"], is_operator=True
            ),
            now=hotline.clock.now(),
        )
    await hotline.sim.place_call(
        from_=OPERATOR, to=HOTLINE_NUMBER, party=ScriptedCaller([Press("1")])
    )
    await hotline.run()

    (sms,) = [m for m in hotline.sim.messages if m.to == OPERATOR]
    assert "valable 12 heures" in sms.body
    link = re.search(r"http://hotline\.test/console/operator/\S+", sms.body)
    assert link is not None
    page = await _get(hotline, _path(link.group(0)), method="GET")
    assert page.status_code == 200
    assert "Votre appel" in page.text


async def test_the_page_shows_the_call_and_its_form_fills_the_request(
    hotline: Hotline,
) -> None:
    await hotline.add_operator(
        "Op", OPERATOR, ["nl", "fr"], OperatorPhone(talk_s=120, wrapup="1", note_s=4)
    )
    await hotline.call(
        ScriptedCaller([Press(d) for d in ("2", "1", "1030")], talk_s=20)
    )
    await hotline.run()
    await hotline.call(
        ScriptedCaller([Press(d) for d in ("2", "1", "1030")], talk_s=20),
        from_="+3225559999",
    )
    await hotline.run()
    link = operator_page.link_for(
        hotline.state, await _operator_id(hotline), now=hotline.clock.now()
    )
    page = await _get(hotline, _path(link), method="GET")
    assert page.status_code == 200
    # In the operator's language (Dutch), the last call: French, groceries, 1030.
    assert "Uw laatste oproep" in page.text
    assert "Frans" in page.text or "Français" in page.text
    assert "1030" in page.text
    assert mask_phone("+3225559999") in page.text
    assert "+3225559999" not in page.text

    saved = await _get(
        hotline,
        _path(link),
        method="POST",
        data={
            "requester_name": "Mia Claes",
            "address_street": "Rue Royale",
            "address_number": "7",
            "postcode": "1030",
            "needs_text": "Brood en melk",
            "urgency": "today",
            "access_notes": "Bel 2",
            "details_consent": "true",
        },
    )
    assert saved.status_code == 303, saved.text
    async with hotline.session() as session:
        second = (
            await session.execute(
                select(HelpRequest).where(HelpRequest.caller_number == "+3225559999")
            )
        ).scalar_one()
    assert (second.requester_name, second.needs_text, second.details_consent) == (
        "Mia Claes",
        "Brood en melk",
        True,
    )

    await hotline.sim.advance(31 * 60)
    late = await _get(
        hotline, _path(link), method="POST", data={"needs_text": "Too late"}
    )
    assert late.status_code == 409


async def _operator_id(hotline: Hotline) -> int:
    async with hotline.session() as session:
        return int(
            (
                await session.execute(
                    select(Volunteer.id).where(Volunteer.phone_number == OPERATOR)
                )
            ).scalar_one()
        )


async def test_an_expired_link_gets_a_clear_page_and_a_forged_one_is_refused(
    hotline: Hotline,
) -> None:
    await hotline.add_operator("Op", OPERATOR, ["fr"], None)
    link = operator_page.link_for(
        hotline.state, await _operator_id(hotline), now=hotline.clock.now()
    )
    await hotline.sim.advance(13 * 3600)
    expired = await _get(hotline, _path(link), method="GET")
    assert expired.status_code == 410
    assert "Ce lien a expiré" in expired.text
    posted = await _get(hotline, _path(link), method="POST", data={"needs_text": "x"})
    assert posted.status_code == 410

    volunteer_id, expires, signature = _path(link).rsplit("/", 1)[1].split(".")
    forged = f"/console/operator/{int(volunteer_id) + 1}.{expires}.{signature}"
    refused = await _get(hotline, forged, method="GET")
    assert refused.status_code == 403
