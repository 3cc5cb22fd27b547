"""Two hotline lines in one app, through the Twilio simulator: each number greets
with its own name and offers its own languages in its own order; the call and its
help request record the line, and the API shows it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from app.config import LineSettings, Settings
from app.volunteers import repository as volunteer_repository
from tests.e2e.ivr.probe import record_of
from tests.support.harness import HOTLINE_NUMBER, Hotline, hotline_harness
from twilio_simulator.parties import OperatorPhone, Press, ScriptedCaller, Silence

pytestmark = pytest.mark.e2e

BRUSSELS_NUMBER = "+3222001234"
LINES = (
    LineSettings(
        key="national",
        number=HOTLINE_NUMBER,
        names={"nl": "Solidariteitslijn", "fr": "Ligne Solidarité"},
        languages=("nl", "fr"),
    ),
    LineSettings(
        key="brussels",
        number=BRUSSELS_NUMBER,
        names={
            "fr": "Ligne Solidarité Bruxelles",
            "nl": "Solidariteitslijn Brussel",
            "en": "Solidarity Hotline Brussels",
        },
        languages=("fr", "nl", "en"),
        # Not the national line's (Dutch and French): a caller who chooses no
        # language here waits for someone speaking French and English.
        main_languages=("fr", "en"),
    ),
)


@pytest.fixture
async def two_lines(settings: Settings) -> AsyncIterator[Hotline]:
    async with hotline_harness(settings.model_copy(update={"lines": LINES})) as line:
        # Volunteers are shared by the lines. Marie has been idle the longest.
        await line.add_operator(
            "Marie", "+32470000001", ["fr", "nl"], OperatorPhone(talk_s=30)
        )
        await line.add_operator(
            "John", "+32470000002", ["fr", "en"], OperatorPhone(talk_s=30)
        )
        yield line


async def test_each_number_greets_with_its_name_and_its_languages_in_its_order(
    two_lines: Hotline,
) -> None:
    # French is key 2 on the national line, key 1 on the Brussels line.
    national = await two_lines.sim.place_call(
        from_="+32470123456",
        to=HOTLINE_NUMBER,
        party=ScriptedCaller([Press("2"), Press("1"), Press("1030")], talk_s=20),
    )
    brussels = await two_lines.sim.place_call(
        from_="+32470654321",
        to=BRUSSELS_NUMBER,
        party=ScriptedCaller([Press("1"), Press("1"), Press("1030")], talk_s=20),
    )
    await two_lines.run()

    assert national.transcript.heard()[:3] == [
        "Solidariteitslijn. Zeg of kies uw taal.",
        "Nederlands, druk 1.",
        "Français, appuyez sur 2.",
    ]
    assert brussels.transcript.heard()[:4] == [
        "Ligne Solidarité Bruxelles. Dites ou choisissez votre langue.",
        "Français, appuyez sur 1.",
        "Nederlands, druk 2.",
        "English, press 3.",
    ]
    for sim_call, line in ((national, "national"), (brussels, "brussels")):
        record = await record_of(two_lines, sim_call)
        assert record.request is not None
        assert (record.call.line, record.request.line) == (line, line)
        assert (record.call.language, record.request.language) == ("fr", "fr")
        assert (record.call.outcome, record.request.postcode) == ("bridged", "1030")

        call_api = await two_lines.api("GET", f"/api/calls/{record.call.id}")
        request_api = await two_lines.api("GET", f"/api/requests/{record.request.id}")
        assert call_api.json()["line"] == request_api.json()["line"] == line


async def test_a_silent_caller_hears_the_lines_languages_and_waits_for_its_main_ones(
    two_lines: Hotline,
) -> None:
    call = await two_lines.sim.place_call(
        from_="+32470123456",
        to=BRUSSELS_NUMBER,
        party=ScriptedCaller([Silence()], talk_s=20),
    )
    await two_lines.run()
    record = await record_of(two_lines, call)

    catalogue = two_lines.state.catalogue
    coming = [catalogue[x].text("volunteer_coming") for x in ("fr", "nl", "en")]
    heard = call.transcript.heard()
    assert heard[heard.index(coming[0]) :][:3] == coming
    assert catalogue["de"].text("volunteer_coming") not in heard
    assert record.call.line == "brussels"
    assert record.call.language is None
    assert record.events_of("queued")[0].detail["language"] == "fr"
    assert record.call.outcome == "bridged"
    # French and English, Brussels' main languages: John, not Marie.
    async with two_lines.session() as session:
        john = await volunteer_repository.get(session, record.call.volunteer_id or 0)
    assert john is not None
    assert john.name == "John"


async def test_a_silent_caller_waiting_hears_the_queue_in_the_lines_languages(
    settings: Settings,
) -> None:
    async with hotline_harness(settings.model_copy(update={"lines": LINES})) as line:
        # On duty, but speaking none of the line's languages: the caller waits.
        await line.add_operator("Hans", "+32470000003", ["de"], OperatorPhone())
        call = await line.sim.place_call(
            from_="+32470123456",
            to=BRUSSELS_NUMBER,
            party=ScriptedCaller([Silence()], talk_s=20),
        )
        await line.run()
        record = await record_of(line, call)
        catalogue = line.state.catalogue

    heard = call.transcript.heard()
    waiting = [catalogue[x].text("hold_next") for x in ("fr", "nl", "en")]
    assert [text for text in heard if text in waiting][:3] == waiting
    assert catalogue["de"].text("hold_next") not in heard
    assert record.call.line == "brussels"
    assert record.events_of("queued")[0].detail["language"] == "fr"
