"""The requests screen's new parts: what a neighbour needs in the form and on the
page, triage's Approve button, the CSV import with its bad lines, the operator's
spoken note played through the server."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from html import unescape

import pytest
from sqlalchemy import func, select

from app.config import Settings
from app.help_requests.models import HelpRequest
from tests.support.console import field_volunteer, signed_in
from tests.support.harness import Hotline, hotline_harness
from twilio_simulator.parties import OperatorPhone, Press, ScriptedCaller

pytestmark = pytest.mark.integration

FORM = {
    "phone_number": "0470 55 51 11",
    "requester_name": "Maria Janssens",
    "language": "fr",
    "need": "groceries",
    "postcode": "1030",
    "needs_text": "Bread and milk",
    "urgency": "today",
    "needed_by": "",
    "access_notes": "Third floor, small dog",
    "details_consent": ["false", "true"],
    "organisation": "",
}


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
async def triage_hotline(settings: Settings) -> AsyncIterator[Hotline]:
    matching = settings.matching.model_copy(update={"mode": "triage"})
    async with hotline_harness(settings.model_copy(update={"matching": matching})) as h:
        yield h


async def test_the_form_records_what_a_neighbour_needs_and_triage_asks_approval(
    triage_hotline: Hotline,
) -> None:
    hotline = triage_hotline
    await field_volunteer(hotline, "Anna Peeters", "+32470100001", "1030")
    async with signed_in(hotline) as client:
        await client.get("/console/requests/new")
        created = await client.post("/console/requests/new", FORM)
        assert created.status_code == 303, created.text
        location = created.headers["location"]
        request_id = int(re.findall(r"\d+", location)[0])
        page = await client.get(f"/console/requests/{request_id}")
        seen = text_of(page.text)
        assert "Waiting for a coordinator's approval (triage)" in seen
        assert "Approve and text the neighbours" in seen
        assert "Today" in seen
        assert "Agreed: one neighbour may get these details" in seen
        assert hotline.sim.messages == []

        approved = await client.post(f"/console/requests/{request_id}/approve")
        assert approved.status_code == 303
        assert "notice-req-approved" in approved.headers["location"]
        after = text_of((await client.get(approved.headers["location"])).text)
    assert "Approved: nearby volunteers get an SMS offer." in after
    assert "Approved by carla" in after
    assert [m.to for m in hotline.sim.messages] == ["+32470100001"]
    async with hotline.session() as session:
        request = await session.get(HelpRequest, request_id)
    assert request is not None
    assert (request.needs_text, request.urgency, request.details_consent) == (
        "Bread and milk",
        "today",
        True,
    )


async def test_the_csv_import_lists_bad_lines_and_imports_nothing(
    hotline: Hotline,
) -> None:
    header = "phone,name,language,need,postcode\n"
    good = "0470 55 51 11,Maria Janssens,fr,groceries,1030\n"
    bad = "0470 55 51 12,Jan Peeters,xx,groceries,1030\n"
    async with signed_in(hotline) as client:
        form = await client.get("/console/requests/import")
        assert "Import requests from CSV" in form.text
        rejected = await client.post(
            "/console/requests/import",
            files={"csv_file": ("requests.csv", header + good + bad, "text/csv")},
        )
        assert rejected.status_code == 422
        assert "line 3 (language)" in rejected.text
        async with hotline.session() as session:
            assert await session.scalar(select(func.count(HelpRequest.id))) == 0

        imported = await client.post(
            "/console/requests/import",
            files={"csv_file": ("requests.csv", header + good, "text/csv")},
        )
        assert imported.status_code == 303
        assert "notice-req-imported" in imported.headers["location"]
    async with hotline.session() as session:
        request = (await session.execute(select(HelpRequest))).scalar_one()
    assert (request.source, request.created_by) == ("console", "carla")


async def test_the_operators_note_plays_through_the_server(hotline: Hotline) -> None:
    await hotline.add_operator(
        "Op", "+32470000001", ["fr"], OperatorPhone(wrapup="3", note_s=6)
    )
    await hotline.call(ScriptedCaller([Press(d) for d in ("2", "1", "1030")]))
    await hotline.run()
    async with hotline.session() as session:
        request = (await session.execute(select(HelpRequest))).scalar_one()
    assert request.wrapup_recording_url
    async with signed_in(hotline) as client:
        page = await client.get(f"/console/requests/{request.id}")
        assert f"/console/requests/{request.id}/wrapup-note" in page.text
        assert request.wrapup_recording_url not in page.text
        seen = text_of(page.text)
        assert "a coordinator should follow up" in seen
        audio = await client.get(f"/console/requests/{request.id}/wrapup-note")
    assert audio.status_code == 200
    assert audio.headers["content-type"].startswith("audio/")
