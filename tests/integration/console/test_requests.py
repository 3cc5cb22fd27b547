"""The requests screen: the board by status with filters, a request's page and its
actions, a request entered on someone's behalf, live updates and the CSV export."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from datetime import timedelta
from html import unescape
from typing import Any

import pytest
from sqlalchemy import func, select

from app.console import requests as request_pages
from app.help_requests.models import HelpRequest
from app.help_requests.schemas import RequestQuery
from tests.support.console import (
    ConsoleClient,
    field_volunteer,
    open_session,
    signed_in,
)
from tests.support.harness import HOTLINE_NUMBER, Hotline
from twilio_simulator.parties import ScriptedCaller

pytestmark = pytest.mark.integration

REQUESTER = "+32470555111"
NEW_REQUEST = {
    "phone_number": "0470 55 51 11",
    "requester_name": "Maria Janssens",
    "language": "fr",
    "need": "groceries",
    "postcode": "1030",
    "address_street": "Rue Royale Sainte-Marie",
    "address_number": "12",
    "address_box": "",
    "notes": "Third floor, no lift",
    "organisation": "CPAS Schaerbeek",
}


def text_of(html: str) -> str:
    """What a person reads: the page without tags, blanks collapsed."""
    without_tags = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", unescape(without_tags))


async def add_request(
    hotline: Hotline,
    *,
    status: str = "new",
    need: str = "groceries",
    language: str = "fr",
    postcode: str = "1030",
    age: timedelta = timedelta(minutes=5),
    escalated: bool = False,
    phone: str = "+32470123456",
    **extra: Any,
) -> int:
    now = hotline.clock.now()
    async with hotline.session() as session:
        request = HelpRequest(
            caller_number=phone,
            language=language,
            need=need,
            postcode=postcode,
            status=status,
            source="call",
            escalated_at=now if escalated else None,
            created_at=now - age,
            updated_at=now,
            **extra,
        )
        session.add(request)
        await session.commit()
        return request.id


async def one_of_each_group(hotline: Hotline) -> None:
    await add_request(hotline, status="new")
    await add_request(hotline, status="new", need="pharmacy", age=timedelta(hours=30))
    await add_request(hotline, status="new", escalated=True, postcode="8000")
    await add_request(hotline, status="offered", language="nl")
    await add_request(hotline, status="offered", escalated=True, age=timedelta(days=4))
    await add_request(hotline, status="matched", postcode="1210")
    await add_request(hotline, status="done", need="pharmacy")
    await add_request(hotline, status="closed", close_reason="duplicate")


async def request_ids(hotline: Hotline) -> list[int]:
    async with hotline.session() as session:
        return list((await session.execute(select(HelpRequest.id))).scalars())


async def test_the_board_counts_every_group_escalated_apart(hotline: Hotline) -> None:
    await one_of_each_group(hotline)
    async with signed_in(hotline) as client:
        response = await client.get("/console/requests")

    assert response.status_code == 200
    seen = text_of(response.text)
    for group, count in [
        ("All", 8),
        ("New", 2),
        ("Escalated", 2),
        ("Offered by SMS", 1),
        ("Matched", 1),
        ("Done", 1),
        ("Closed", 1),
    ]:
        assert f"{group} {count} " in seen, group
    assert "+32470123456" not in response.text  # numbers are masked
    assert "+32*******56" in response.text


FILTER_CASES: list[tuple[dict[str, str], dict[str, int]]] = [
    ({"need": "pharmacy"}, {"All": 2, "New": 1, "Done": 1, "Escalated": 0}),
    ({"language": "nl"}, {"All": 1, "Offered by SMS": 1, "New": 0}),
    ({"place": "1210"}, {"All": 1, "Matched": 1}),
    ({"place": "Brugge"}, {"All": 1, "Escalated": 1}),
    ({"place": "schaerbeek"}, {"All": 6, "New": 2, "Escalated": 1, "Matched": 0}),
    ({"age": "24h"}, {"All": 2, "New": 1, "Escalated": 1}),
    ({"age": "3d"}, {"All": 1, "Escalated": 1}),
    ({"need": "pharmacy", "age": "24h"}, {"All": 1, "New": 1}),
]
GROUP_KEYS = {
    "New": "new",
    "Escalated": "escalated",
    "Offered by SMS": "offered",
    "Matched": "matched",
    "Done": "done",
}


async def test_filters_narrow_every_count_on_the_page_and_in_the_api(
    hotline: Hotline,
) -> None:
    await one_of_each_group(hotline)
    async with signed_in(hotline) as client:
        for query, expected in FILTER_CASES:
            seen = text_of((await client.get("/console/requests", params=query)).text)
            api = (await hotline.api("GET", "/api/requests/board", params=query)).json()
            counts = {c["group"]: c["count"] for c in api["columns"]}
            for group, count in expected.items():
                assert f"{group} {count} " in seen, (query, group)
                if group in GROUP_KEYS:
                    assert counts[GROUP_KEYS[group]] == count, (query, group)
        ignored = await client.get(
            "/console/requests", params={"age": "forever", "need": "taxi"}
        )

    assert "All 8 " in text_of(ignored.text)  # not filters: left out


async def test_one_group_lists_its_requests_a_page_at_a_time(
    hotline: Hotline,
) -> None:
    for minutes in range(request_pages.PAGE_SIZE + 2):
        await add_request(hotline, age=timedelta(minutes=minutes + 1))
    await add_request(hotline, status="closed")
    async with signed_in(hotline) as client:
        first = await client.get("/console/requests", params={"group": "new"})
        second = await client.get(
            "/console/requests",
            params={"group": "new", "offset": str(request_pages.PAGE_SIZE)},
        )

    assert "52 requests" in first.text
    assert "1\N{EN DASH}50 of 52" in first.text
    assert "Next" in first.text
    assert "51\N{EN DASH}52 of 52" in second.text
    assert "Previous" in second.text
    # The oldest request waited longest: it comes first.
    ids = re.findall(r'href="/console/requests/(\d+)"', first.text)
    assert ids[0] == str(max(await request_ids(hotline)) - 1)


async def new_request(client: ConsoleClient, **changes: str) -> tuple[int | None, Any]:
    await client.get("/console/requests/new")
    response = await client.post("/console/requests/new", {**NEW_REQUEST, **changes})
    location = response.headers.get("location", "")
    match = re.match(r"/console/requests/(\d+)\?notice=notice-req-created", location)
    return (int(match.group(1)) if match else None), response


async def test_a_request_entered_in_the_form_is_offered_and_a_yes_shows_live(
    hotline: Hotline,
) -> None:
    hotline.settings.console.live_poll_s = 0.02
    await field_volunteer(hotline, "Anna Peeters", "+32470100001", "1210")
    hotline.sim.phone(REQUESTER, ScriptedCaller([], talk_s=20))
    async with signed_in(hotline) as client:
        request_id, response = await new_request(client)
        assert response.status_code == 303, response.text
        assert request_id is not None
        offered = await client.get(
            f"/console/requests/{request_id}?notice=notice-req-created"
        )

        viewer, token = await open_session(hotline)
        events = request_pages.request_events(
            _OpenConnection(), hotline.state, viewer, request_id, session_token=token
        )
        first = await anext(events)
        sms = hotline.sim.messages[0]
        async with hotline.session() as session:
            row = await session.get(HelpRequest, request_id)
            assert row is not None
            assert row.short_code
            assert row.short_code in sms.body
        await hotline.sim.send_sms(
            from_="+32470100001", to=HOTLINE_NUMBER, body=f"YES {row.short_code}"
        )
        second = await asyncio.wait_for(anext(events), timeout=5)
        await events.aclose()
        await hotline.run()
        reloaded = await client.get(f"/console/requests/{request_id}")

    seen = text_of(offered.text)
    assert "The request is entered and matching has started." in seen
    assert "Status: Offered by SMS" in seen
    assert "Anna Peeters" in seen
    assert "No answer yet" in seen
    # Names are masked until someone shows them in full (audited).
    assert "M. J." in seen
    assert "Maria Janssens" not in seen
    assert "CPAS Schaerbeek" in seen
    assert "Console · by carla" in seen
    assert "Wave 1: SMS offer to one volunteer" in seen
    assert REQUESTER not in offered.text
    assert sms.to == "+32470100001"
    assert first.startswith("event: request\n")
    assert "Offered by SMS" in first
    live = text_of(second)
    assert "Status: Matched · with Anna Peeters" in live
    assert "A volunteer said yes" in live
    assert "Yes" in live
    assert "Status: Matched" in text_of(reloaded.text)
    assert "Confirmation call answered" in text_of(reloaded.text)


class _OpenConnection:
    async def is_disconnected(self) -> bool:
        return False


async def test_the_board_stream_shows_a_new_request(hotline: Hotline) -> None:
    hotline.settings.console.live_poll_s = 0.02
    viewer, token = await open_session(hotline)
    events = request_pages.board_events(
        _OpenConnection(),
        hotline.state,
        viewer,
        RequestQuery(need="groceries"),
        session_token=token,
    )
    first = await anext(events)
    await add_request(hotline, requester_name="Pia Pharma", need="pharmacy")
    await add_request(hotline, requester_name="Jan Modaal")
    second = await asyncio.wait_for(anext(events), timeout=5)
    await events.aclose()

    # Names are masked on the board: initials.
    assert "J. M." not in first
    assert "J. M." in second
    assert "P. P." not in second  # the stream keeps the page's filters
    assert "New 1 " in text_of(second)


async def test_form_errors_show_beside_the_fields_and_nothing_is_created(
    hotline: Hotline,
) -> None:
    async with signed_in(hotline) as client:
        request_id, response = await new_request(
            client, phone_number="12", requester_name="", need="", postcode="10A0"
        )
        _, unknown = await new_request(client, postcode="9999")

    assert request_id is None
    assert response.status_code == 422
    seen = text_of(response.text)
    assert "Some details need correcting" in seen
    assert "Enter a phone number we can call" in seen
    assert "Enter the person's name" in seen
    assert "Choose a need." in seen
    assert "Enter a postcode of four digits." in seen
    assert 'value="10A0"' in response.text  # what was typed stays
    assert 'value="Rue Royale Sainte-Marie"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert unknown.status_code == 422
    assert "This postcode is not in use in Belgium." in unknown.text
    async with hotline.session() as session:
        assert await session.scalar(select(func.count(HelpRequest.id))) == 0
    assert hotline.sim.messages == []


async def test_edit_the_details_of_a_request(hotline: Hotline) -> None:
    request_id = await add_request(hotline, requester_name="Old Name", notes="x")
    async with signed_in(hotline) as client:
        await client.get(f"/console/requests/{request_id}")
        edited = await client.post(
            f"/console/requests/{request_id}/edit",
            {
                "requester_name": "Maria Janssens",
                "language": "nl",
                "need": "pharmacy",
                "postcode": "1210",
                "address_street": "Kruidtuinlaan",
                "address_number": "5",
                "address_box": "",
                "notes": "",
            },
        )
        page = await client.get(
            f"/console/requests/{request_id}?notice=notice-req-edited"
        )
        refused = await client.post(
            f"/console/requests/{request_id}/edit",
            {"requester_name": "Someone Else", "postcode": "9999"},
        )
        after = await client.get(f"/console/requests/{request_id}")

    assert edited.status_code == 303
    seen = text_of(page.text)
    assert "The details are saved." in seen
    # Saved, and masked on the page until shown in full.
    assert "M. J." in seen
    assert "Kruidtuinlaan" not in seen
    assert "Pharmacy" in seen
    assert "1210 Sint-Joost-ten-Node" in seen
    async with signed_in(hotline, "dora") as client:
        await client.get(f"/console/requests/{request_id}")
        shown = text_of(
            (await client.post(f"/console/requests/{request_id}/reveal")).text
        )
    assert "Maria Janssens" in shown
    assert "Kruidtuinlaan 5" in shown
    assert "Details edited (7 fields) by carla" in seen
    assert refused.status_code == 422
    assert "This postcode is not in use in Belgium." in refused.text
    assert 'value="Someone Else"' in refused.text
    assert "Someone Else" not in after.text  # nothing of a refused edit is kept


async def test_close_with_a_reason_then_reopen(hotline: Hotline) -> None:
    request_id = await add_request(hotline)
    async with signed_in(hotline) as client:
        page = await client.get(f"/console/requests/{request_id}")
        closed = await client.post(
            f"/console/requests/{request_id}/close",
            {"reason": "no_longer_needed", "note": "Family helps"},
        )
        closed_page = await client.get(f"/console/requests/{request_id}")
        again = await client.post(
            f"/console/requests/{request_id}/close", {"reason": "duplicate"}
        )
        bad_reason = await client.post(
            f"/console/requests/{request_id}/close", {"reason": "bored"}
        )
        reopened = await client.post(f"/console/requests/{request_id}/reopen")
        reopened_page = await client.get(reopened.headers["location"])

    assert "Close the request" in page.text
    assert "Re-open the request" not in page.text
    assert closed.status_code == 303
    seen = text_of(closed_page.text)
    assert "Status: Closed · No longer needed" in seen
    assert "Family helps" in seen
    assert "Closed by carla" in seen
    assert "Re-open the request" in closed_page.text
    assert again.status_code == 409
    assert "Someone or something changed this in the meantime." in again.text
    assert bad_reason.status_code == 400
    assert "Status: New" in text_of(reopened_page.text)
    assert "The request is open again: matching starts over." in reopened_page.text
    assert "Re-opened by carla" in text_of(reopened_page.text)


async def test_candidates_with_distance_then_assign_by_hand(hotline: Hotline) -> None:
    await field_volunteer(hotline, "Anna Peeters", "+32470100001", "1210")
    await field_volunteer(hotline, "Bert Claes", "+32470100002", "1030")
    await field_volunteer(hotline, "Far Away", "+32470100003", "8000")
    request_id = await add_request(hotline, phone=REQUESTER)
    hotline.sim.phone(REQUESTER, ScriptedCaller([], talk_s=20))
    async with signed_in(hotline) as client:
        page = await client.get(f"/console/requests/{request_id}")
        anna = re.search(r'<option value="(\d+)">Anna Peeters', page.text)
        assert anna is not None
        assigned = await client.post(
            f"/console/requests/{request_id}/assign", {"volunteer_id": anna.group(1)}
        )
        await hotline.run()
        after = await client.get(assigned.headers["location"])

    seen = text_of(page.text)
    assert "Candidates for the next wave" in seen
    assert seen.index("Bert Claes") < seen.index("Anna Peeters")  # nearest first
    assert "0.0 km" in seen
    assert "1.6 km" in seen
    assert "Far Away" not in seen
    assert (
        "Groceries and French match, 1.6 km away (reaches 5.0 km), "
        "0 of 3 runs this week"
    ) in seen
    assert "Status: Matched · with Anna Peeters" in text_of(after.text)
    assert "The request is assigned" in after.text
    assert "Assigned by hand by carla" in text_of(after.text)
    assert [m.to for m in hotline.sim.messages] == ["+32470100001"]


async def test_match_now_sends_the_next_wave(hotline: Hotline) -> None:
    await field_volunteer(hotline, "Anna Peeters", "+32470100001", "1210")
    request_id = await add_request(hotline)
    async with signed_in(hotline) as client:
        await client.get(f"/console/requests/{request_id}")
        response = await client.post(f"/console/requests/{request_id}/match")
        page = await client.get(response.headers["location"])

    seen = text_of(page.text)
    assert "Matching ran" in seen
    assert "Status: Offered by SMS" in seen
    assert "Matching started by hand by carla" in seen
    assert [m.to for m in hotline.sim.messages] == ["+32470100001"]


async def test_actions_need_the_forms_csrf_token(hotline: Hotline) -> None:
    request_id = await add_request(hotline)
    async with signed_in(hotline) as client:
        response = await client.http.post(
            f"/console/requests/{request_id}/close",
            data={"reason": "duplicate", "csrf_token": "forged"},
        )
        page = await client.get(f"/console/requests/{request_id}")

    assert response.status_code == 403
    assert "Status: New" in text_of(page.text)


async def test_an_unknown_request_is_a_page_not_found(hotline: Hotline) -> None:
    async with signed_in(hotline) as client:
        page = await client.get("/console/requests/999")
        stream = await client.get("/console/requests/999/live")

    assert page.status_code == 404
    assert "This no longer exists." in page.text
    assert stream.status_code == 404


async def test_csv_export_has_the_filtered_requests_masked(hotline: Hotline) -> None:
    await one_of_each_group(hotline)
    await add_request(
        hotline,
        need="pharmacy",
        phone="+32470999888",
        requester_name='Maria, "Mimi" Janssens',
        organisation="CPAS",
    )
    async with signed_in(hotline) as client:
        everything = await client.get("/console/requests.csv")
        pharmacy = await client.get(
            "/console/requests.csv", params={"need": "pharmacy", "group": "new"}
        )

    assert everything.status_code == 200
    assert everything.headers["content-type"].startswith("text/csv")
    assert "attachment" in everything.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(everything.text)))
    assert len(rows) == 9
    assert {r["group"] for r in rows} == {
        "new",
        "escalated",
        "offered",
        "matched",
        "done",
        "closed",
    }
    assert "+32470999888" not in everything.text
    picked = list(csv.DictReader(io.StringIO(pharmacy.text)))
    assert [(r["need"], r["group"]) for r in picked] == [("pharmacy", "new")] * 2
    mimi = next(r for r in picked if r["requester_name"])
    assert mimi["requester_name"] == "M. M. J."  # names are masked too
    assert mimi["phone"] == "+32*******88"
    assert mimi["municipality"] == "Schaerbeek"
    assert mimi["created_at"].endswith("+01:00")  # Brussels time in November


async def test_the_pages_speak_the_readers_language(hotline: Hotline) -> None:
    request_id = await add_request(hotline)
    async with signed_in(hotline, language="nl") as client:
        board = await client.get("/console/requests")
        page = await client.get(f"/console/requests/{request_id}")
        form = await client.get("/console/requests/new")

    assert "Geëscaleerd" in board.text
    assert f"Hulpvraag nr. {request_id}" in page.text
    assert "Nieuwe hulpvraag namens iemand" in form.text


async def test_a_voicemail_plays_through_the_console_proxy(hotline: Hotline) -> None:
    raw = "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1"
    request_id = await add_request(hotline, voicemail_url=raw, voicemail_duration_s=42)
    async with signed_in(hotline) as client:
        page = await client.get(f"/console/requests/{request_id}")

    assert f'src="/console/voicemails/{request_id}/audio"' in page.text
    assert raw not in page.text
    assert "42 s" in page.text
