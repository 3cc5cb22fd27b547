"""The call log: filters, keyset pages, a call's page, voicemails, CSV export."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.calls import service as call_service
from app.calls.models import Call
from app.calls.schemas import CALL_PURPOSES, OUTCOME_FILTERS, CallFilter
from app.config import QueueSettings, Settings
from app.console import calls as call_pages
from app.console.i18n import LANGUAGES, load_localiser
from app.help_requests.models import HelpRequest
from app.telephony.client import RecordingNotFound, RecordingRefused
from tests.support.console import console_client, signed_in
from tests.support.harness import START, Hotline, hotline_harness
from twilio_simulator import (
    HangUpWhenQueued,
    OperatorPhone,
    Press,
    ScriptedCaller,
    Talk,
)

pytestmark = pytest.mark.integration

# Masked, the three callers differ in their last two digits.
FRENCH, DUTCH, ENGLISH = "+3225551234", "+3225559876", "+3225550011"
FRENCH_MASKED, DUTCH_MASKED, ENGLISH_MASKED = (
    "+32******34",
    "+32******76",
    "+32******11",
)
MARIE = "+32470990001"
CALL_LINK = re.compile(r'href="/console/calls/(\d+)"')


@dataclass(frozen=True)
class Calls:
    marie: int
    french: int  # day 2: groceries, answered by Marie
    dutch: int  # day 2: pharmacy, hung up while waiting
    english: int  # day 1: voicemail (nobody on duty yet)
    voicemail_request: int


async def _call_id(hotline: Hotline, call_sid: str) -> int:
    async with hotline.session() as session:
        call_id = await session.scalar(
            select(Call.id).where(Call.twilio_call_sid == call_sid)
        )
    assert call_id is not None
    return call_id


async def three_calls(hotline: Hotline) -> Calls:
    """Monday: a voicemail in English. Tuesday: a French caller answered by Marie,
    then a Dutch caller who hangs up while waiting (Marie speaks only French)."""
    english = await hotline.call(
        ScriptedCaller([Press("3"), Press("0"), Press("2"), Talk(5, "#")]),
        from_=ENGLISH,
    )
    await hotline.run()
    await hotline.sim.advance(24 * 3600)
    marie = await hotline.add_operator("Marie", MARIE, ["fr"], OperatorPhone())
    french = await hotline.call(
        ScriptedCaller([Press("2"), Press("1"), Press("1030")], talk_s=30),
        from_=FRENCH,
    )
    await hotline.run()
    dutch = await hotline.call(
        ScriptedCaller(
            [Press("1"), Press("2"), Press("1000"), HangUpWhenQueued(15)], talk_s=30
        ),
        from_=DUTCH,
    )
    await hotline.run()
    english_id = await _call_id(hotline, english.sid)
    async with hotline.session() as session:
        request_id = await session.scalar(
            select(HelpRequest.id).where(HelpRequest.call_id == english_id)
        )
    assert request_id is not None
    return Calls(
        marie=marie,
        french=await _call_id(hotline, french.sid),
        dutch=await _call_id(hotline, dutch.sid),
        english=english_id,
        voicemail_request=request_id,
    )


def shown(html: str) -> set[str]:
    return {
        masked
        for masked in (FRENCH_MASKED, DUTCH_MASKED, ENGLISH_MASKED)
        if masked in html
    }


async def test_the_log_lists_callers_masked_with_need_outcome_and_operator(
    hotline: Hotline,
) -> None:
    await three_calls(hotline)
    async with signed_in(hotline) as client:
        response = await client.get("/console/calls")

    html = response.text
    assert response.status_code == 200
    assert shown(html) == {FRENCH_MASKED, DUTCH_MASKED, ENGLISH_MASKED}
    for number in (FRENCH, DUTCH, ENGLISH, MARIE):
        assert number not in html
    assert "3 calls, the newest first" in html
    assert "Groceries" in html
    assert "Pharmacy" in html
    assert "Answered" in html
    assert "Hung up while waiting" in html
    assert "Left a voicemail" in html
    assert "Marie" in html
    # Newest first, in Brussels time (the harness starts at 09:00 UTC = 10:00).
    assert html.index(DUTCH_MASKED) < html.index(FRENCH_MASKED)
    assert html.index(FRENCH_MASKED) < html.index(ENGLISH_MASKED)
    assert "23/11/2026, 10:00" in html
    assert "Older calls" not in html
    assert "Newer calls" not in html


FILTERS = [
    ("language=fr", {FRENCH_MASKED}),
    ("language=nl", {DUTCH_MASKED}),
    ("need=pharmacy", {DUTCH_MASKED}),
    ("need=groceries", {FRENCH_MASKED}),
    ("outcome=bridged", {FRENCH_MASKED}),
    ("outcome=abandoned", {DUTCH_MASKED}),
    ("outcome=voicemail", {ENGLISH_MASKED}),
    ("outcome=live", set()),
    ("digits=1234", {FRENCH_MASKED}),
    ("digits=9876", {DUTCH_MASKED}),
    ("digits=00+11", {ENGLISH_MASKED}),  # "00 11" as typed from a written number
    ("digits=5555", set()),
    ("date_to=2026-11-23", {ENGLISH_MASKED}),
    ("date_from=2026-11-24", {FRENCH_MASKED, DUTCH_MASKED}),
    (
        "date_from=2026-11-23&date_to=2026-11-24",
        {FRENCH_MASKED, DUTCH_MASKED, ENGLISH_MASKED},
    ),
    ("date_from=2026-11-25", set()),
    ("language=fr&outcome=abandoned", set()),
    ("language=&need=&outcome=&digits=", {FRENCH_MASKED, DUTCH_MASKED, ENGLISH_MASKED}),
]


async def test_each_filter_narrows_the_log(hotline: Hotline) -> None:
    await three_calls(hotline)
    async with signed_in(hotline) as client:
        pages = {
            query: await client.get(f"/console/calls?{query}") for query, _ in FILTERS
        }

    for query, expected in FILTERS:
        response = pages[query]
        assert response.status_code == 200, query
        assert shown(response.text) == expected, query
        assert ("No call matches these filters." in response.text) == (not expected), (
            query
        )


async def test_operator_filter_lists_the_operators_and_selects_their_calls(
    hotline: Hotline,
) -> None:
    calls = await three_calls(hotline)
    async with signed_in(hotline) as client:
        everyone = (await client.get("/console/calls")).text
        marie = (await client.get(f"/console/calls?operator={calls.marie}")).text
        legs = (await client.get("/console/calls?purpose=operator_offer")).text

    assert f'<option value="{calls.marie}">Marie</option>' in everyone
    assert shown(marie) == {FRENCH_MASKED}
    assert f'<option value="{calls.marie}" selected>Marie</option>' in marie
    # Other kinds of calls only when asked for: here the leg that rang Marie.
    assert shown(legs) == set()
    assert "+32*******01" in legs
    assert "+32*******01" not in everyone


BAD_INPUT = [
    ("digits=1", "Type 2 to 10 digits", 'value="1"'),
    ("digits=12ab", "Type 2 to 10 digits", 'value="12ab"'),
    ("digits=12345678901", "Type 2 to 10 digits", 'value="12345678901"'),
    ("date_from=23-11-2026", "Type a date as year-month-day", 'value="23-11-2026"'),
    (
        "date_from=2026-11-24&date_to=2026-11-23",
        "The first day must come before the last one",
        'value="2026-11-24"',
    ),
    ("language=xx", "Choose one of the values in the list.", 'id="f-language"'),
    ("operator=marie", "Choose an operator from the list.", 'id="f-operator"'),
]


async def test_bad_filter_input_is_explained_beside_the_field(
    hotline: Hotline,
) -> None:
    async with signed_in(hotline) as client:
        pages = {
            query: await client.get(f"/console/calls?{query}")
            for query, *_ in BAD_INPUT
        }
        cursor = await client.get("/console/calls?language=fr&before=not-a-cursor")

    for query, message, kept in BAD_INPUT:
        html = pages[query].text
        assert pages[query].status_code == 400, query
        assert "Some filters need correcting." in html, query
        assert message in html, query
        assert kept in html, query
        assert 'aria-invalid="true"' in html, query
        assert "<table" not in html, query
    assert cursor.status_code == 400
    assert "This page of the list no longer exists." in cursor.text
    assert 'href="/console/calls?language=fr">Back to the newest calls' in cursor.text


async def test_keyset_pages_show_every_call_exactly_once_both_ways(
    hotline: Hotline,
) -> None:
    # 120 calls, ten of them in the same microsecond: ties are broken by id.
    async with hotline.session() as session:
        for n in range(120):
            started = START + timedelta(minutes=min(n, 110))
            session.add(
                Call(
                    twilio_call_sid=f"CA{n:032x}",
                    purpose="caller",
                    direction="inbound",
                    from_number=f"+324700{n:05d}",
                    to_number="+3228089654",
                    caller_e164=f"+324700{n:05d}",
                    status="completed",
                    started_at=started,
                )
            )
        await session.commit()
        rows = await session.execute(
            select(Call.id).order_by(Call.started_at.desc(), Call.id.desc())
        )
        newest_first = [str(call_id) for call_id in rows.scalars()]

    pages: list[list[str]] = []
    async with signed_in(hotline) as client:
        html = (await client.get("/console/calls")).text
        while True:
            pages.append(CALL_LINK.findall(html))
            older = re.search(r'href="(/console/calls\?[^"]*)" rel="next"', html)
            if older is None:
                break
            html = (await client.get(older.group(1).replace("&amp;", "&"))).text
        back: list[list[str]] = [CALL_LINK.findall(html)]
        while True:
            newer = re.search(r'href="(/console/calls\?[^"]*)" rel="prev"', html)
            if newer is None:
                break
            html = (await client.get(newer.group(1).replace("&amp;", "&"))).text
            back.append(CALL_LINK.findall(html))

    assert [len(p) for p in pages] == [50, 50, 20]
    assert [call_id for page in pages for call_id in page] == newest_first
    assert back == list(reversed(pages))
    assert "Back to the newest calls" in html  # reached by "Newer" links


async def test_paging_keeps_the_filters(hotline: Hotline) -> None:
    async with hotline.session() as session:
        for n in range(60):
            session.add(
                Call(
                    twilio_call_sid=f"CA{n:032x}",
                    purpose="caller",
                    direction="inbound",
                    from_number="+32470000000",
                    to_number="+3228089654",
                    caller_e164=f"+3247000{n % 2}{n:04d}",
                    language="fr" if n % 2 else "nl",
                    status="completed",
                    started_at=START + timedelta(seconds=n),
                )
            )
        await session.commit()
    async with signed_in(hotline) as client:
        first = (await client.get("/console/calls?language=fr")).text
        older = re.search(r'href="(/console/calls\?[^"]*)" rel="next"', first)

    assert "30 calls, the newest first" in first
    assert older is None  # 30 French calls fit on one page
    assert "Dutch" not in first.split("<tbody>")[1]


async def test_a_calls_page_shows_its_timeline_operators_and_request(
    hotline: Hotline,
) -> None:
    calls = await three_calls(hotline)
    async with hotline.session() as session:
        request_id = await session.scalar(
            select(HelpRequest.id).where(HelpRequest.call_id == calls.french)
        )
    async with signed_in(hotline) as client:
        response = await client.get(f"/console/calls/{calls.french}")
        html = response.text
        leg_id = re.search(r'href="/console/calls/(\d+)">Their call', html)
        assert leg_id is not None
        leg = (await client.get(f"/console/calls/{leg_id.group(1)}")).text
        missing = await client.get("/console/calls/999999")

    assert response.status_code == 200
    assert "Call " + str(calls.french) in html
    assert FRENCH_MASKED in html
    assert FRENCH not in html
    assert "French" in html
    assert "Answered" in html
    # In Brussels time: the day started at 09:00 UTC, 10:00 in Brussels.
    assert re.search(r"24 Nov 2026, 10:0[0-9]:[0-9][0-9]", html)
    for words in (
        "Call came in",
        "Language chosen",
        "Need chosen",
        "Postcode given",
        "Waiting in line",
        "Operator rung",
        "Operator accepted",
        "Caller and operator connected",
        "Call ended",
    ):
        assert words in html, words
    assert "Marie" in html
    assert "Took the call" in html
    assert "Talk time" in html
    assert f'href="/console/requests/{request_id}"' in html
    assert "Groceries" in html
    assert "One operator" in html
    assert "Operators rung" in leg
    assert "Marie" in leg
    assert missing.status_code == 404


async def test_a_callers_page_links_the_call_back_and_its_operator(
    settings: Settings,
) -> None:
    no_wrap_up = settings.model_copy(update={"queue": QueueSettings(wrapup_s=0)})
    async with hotline_harness(no_wrap_up) as hotline:
        await _call_back_page_checks(hotline)


async def _call_back_page_checks(hotline: Hotline) -> None:
    await hotline.add_operator(
        "Ann", "+32470000001", ["nl"], OperatorPhone(talk_s=None)
    )
    to_operator = [Press("1", after_s=0.5), Press("0", after_s=0.5)]
    await hotline.call(ScriptedCaller(to_operator, talk_s=60), from_="+3225550001")
    await hotline.sim.advance(2)
    # Ann is busy: this caller asks to be called back (1) while holding.
    wants_callback = await hotline.call(
        ScriptedCaller([*to_operator, Press("1", after_s=12)]), from_="+3225550002"
    )
    hotline.sim.phone("+3225550002", ScriptedCaller(talk_s=30))
    await hotline.run()
    call_id = await _call_id(hotline, wants_callback.sid)
    async with hotline.session() as session:
        callback_id = await session.scalar(
            select(Call.id).where(Call.purpose == "callback")
        )
    async with signed_in(hotline) as client:
        html = (await client.get(f"/console/calls/{call_id}")).text
        callback = (await client.get(f"/console/calls/{callback_id}")).text

    assert "Asked to be called back" in html
    assert "Ann" in html
    assert "Took the call" in html
    assert "Calls back" in html
    assert f'href="/console/calls/{callback_id}"' in html
    assert "Kind of call" in callback
    assert "Calls back" in callback
    assert "Ann" in callback


async def test_voicemail_plays_through_the_console_never_from_the_provider(
    hotline: Hotline,
) -> None:
    calls = await three_calls(hotline)
    audio_path = f"/console/voicemails/{calls.voicemail_request}/audio"
    async with console_client(hotline.app) as anonymous:
        refused = await anonymous.get(audio_path)
    async with signed_in(hotline) as client:
        page = (await client.get(f"/console/calls/{calls.english}")).text
        audio = await client.get(audio_path)
        nothing = await client.get(f"/console/voicemails/{calls.french + 999}/audio")

    async with hotline.session() as session:
        request = await session.get(HelpRequest, calls.voicemail_request)
    assert request is not None
    assert request.voicemail_url
    assert refused.status_code == 303
    assert refused.headers["location"].startswith("/console/login")
    assert f'src="{audio_path}"' in page
    assert "Voicemail (5 s)" in page
    assert "Voicemail recorded" in page
    assert request.voicemail_url not in page
    assert "twilio.com" not in page
    assert audio.status_code == 200
    assert audio.headers["content-type"] == "audio/x-wav"
    assert audio.headers["cache-control"] == "private, no-store"
    assert audio.content[:4] == b"RIFF"
    assert audio.content[8:12] == b"WAVE"
    # 5 s of 8 kHz 16-bit mono after the 44-byte header.
    assert len(audio.content) == 44 + 5 * 8000 * 2
    assert nothing.status_code == 404


async def test_voicemail_proxy_refuses_urls_off_the_providers_host(
    hotline: Hotline,
) -> None:
    calls = await three_calls(hotline)
    async with hotline.session() as session:
        request = await session.get(HelpRequest, calls.voicemail_request)
        assert request is not None
        assert request.voicemail_url
        request.voicemail_url = request.voicemail_url.replace(
            "api.twilio.com", "attacker.example"
        )
        await session.commit()
    async with signed_in(hotline) as client:
        response = await client.get(
            f"/console/voicemails/{calls.voicemail_request}/audio"
        )

    assert response.status_code == 403
    assert "attacker.example" not in response.text


@pytest.mark.parametrize(
    "url",
    [
        "https://attacker.example/2010-04-01/Accounts/{sid}/Recordings/RE1",
        "http://api.twilio.com/2010-04-01/Accounts/{sid}/Recordings/RE1",
        "https://api.twilio.com/2010-04-01/Accounts/AC{other}/Recordings/RE1",
        "https://api.twilio.com/2010-04-01/Accounts/{sid}/Calls/CA1.json",
        "https://api.twilio.com/2010-04-01/Accounts/{sid}/Recordings/",
        "https://api.twilio.com/2010-04-01/Accounts/{sid}/Recordings/RE1/../../Calls",
        "https://user:pw@api.twilio.com/2010-04-01/Accounts/{sid}/Recordings/RE1",
        "file:///etc/passwd",
    ],
)
async def test_the_provider_client_fetches_only_this_accounts_recordings(
    hotline: Hotline, url: str
) -> None:
    sid = hotline.settings.twilio.account_sid
    with pytest.raises(RecordingRefused):
        await hotline.state.telephony.fetch_recording(
            url.format(sid=sid, other="2" * 32)
        )


async def test_an_unknown_recording_is_not_found_at_the_provider(
    hotline: Hotline,
) -> None:
    sid = hotline.settings.twilio.account_sid
    base = f"https://api.twilio.com/2010-04-01/Accounts/{sid}/Recordings/"
    with pytest.raises(RecordingNotFound):
        await hotline.state.telephony.fetch_recording(base + "RE" + "0" * 32)


async def test_csv_export_streams_what_the_filters_select(hotline: Hotline) -> None:
    await three_calls(hotline)
    async with signed_in(hotline) as client:
        everything = await client.get("/console/calls.csv")
        french = await client.get("/console/calls.csv?language=fr")
        bad = await client.get("/console/calls.csv?digits=1")
        listing = (await client.get("/console/calls?need=pharmacy")).text

    assert everything.status_code == 200
    assert everything.headers["content-type"] == "text/csv; charset=utf-8"
    assert everything.headers["content-disposition"] == (
        "attachment; filename=calls-2026-11-24.csv"
    )
    rows = list(csv.DictReader(io.StringIO(everything.text)))
    assert [row["caller"] for row in rows] == [
        DUTCH_MASKED,
        FRENCH_MASKED,
        ENGLISH_MASKED,
    ]
    for number in (FRENCH, DUTCH, ENGLISH):
        assert number not in everything.text
    (only,) = list(csv.DictReader(io.StringIO(french.text)))
    assert only["caller"] == FRENCH_MASKED
    assert (only["language"], only["need"], only["outcome"], only["operator"]) == (
        "fr",
        "groceries",
        "bridged",
        "Marie",
    )
    assert only["started_at"].startswith("2026-11-24T10:0")
    assert only["started_at"].endswith("+01:00")
    assert int(only["wait_s"]) >= 0
    assert bad.status_code == 400
    assert "Type 2 to 10 digits" in bad.text
    assert 'href="/console/calls.csv?need=pharmacy"' in listing


async def test_csv_export_reads_in_batches(hotline: Hotline) -> None:
    async with hotline.session() as session:
        for n in range(7):
            session.add(
                Call(
                    twilio_call_sid=f"CA{n:032x}",
                    purpose="caller",
                    direction="inbound",
                    from_number="+32470000000",
                    to_number="+3228089654",
                    caller_e164=f"+324700000{n:02d}",
                    status="completed",
                    started_at=START,
                )
            )
        await session.commit()
    chunks = [
        chunk
        async for chunk in call_service.export_csv(
            hotline.state.sessionmaker,
            CallFilter(purpose="caller"),
            timezone="Europe/Brussels",
            batch=3,
        )
    ]

    rows = list(csv.DictReader(io.StringIO("".join(chunks))))
    assert len(chunks) == 1 + 3  # the header, then batches of 3, 3 and 1
    assert len({row["id"] for row in rows}) == 7


def test_every_word_the_call_pages_build_exists_in_every_language() -> None:
    built = (
        {f"calls-event-{kind}" for kind in call_pages.EVENT_KINDS}
        | {f"calls-op-result-{result}" for result in call_pages.OPERATOR_RESULTS}
        | {f"calls-outcome-{outcome}" for outcome in OUTCOME_FILTERS}
        | {f"calls-purpose-{purpose}" for purpose in (*CALL_PURPOSES, "all")}
        | {f"calls-request-status-{s}" for s in call_pages.REQUEST_STATUSES}
        | {"calls-error-cursor", "calls-error-date-order"}
        | set(call_pages._FIELD_ERRORS.values())
    )
    for language in LANGUAGES:
        bundle = load_localiser().translator(language).bundle
        assert sorted(m for m in built if not bundle.has_message(m)) == [], language
