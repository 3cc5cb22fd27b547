"""Calls outside opening hours, and voicemails: logged as help requests with a URL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import time

import pytest

from app.config import IvrSettings, Settings
from tests.e2e.ivr.probe import record_of
from tests.support.harness import Hotline, hotline_harness
from twilio_simulator.parties import Press, ScriptedCaller, Silence, Step, Talk
from twilio_simulator.transcript import EntryKind

pytestmark = pytest.mark.e2e

RECORDING_PREFIX = "https://api.twilio.com/2010-04-01/Accounts/"


@pytest.fixture
async def closed_hotline(settings: Settings) -> AsyncIterator[Hotline]:
    """The harness starts at 10:00 in Brussels; this hotline opens at 18:00."""
    evening = settings.model_copy(
        update={"ivr": IvrSettings(open_from=time(18, 0), open_until=time(20, 0))}
    )
    async with hotline_harness(evening) as hotline:
        yield hotline


async def test_out_of_hours_voicemail_is_logged_as_a_request(
    closed_hotline: Hotline,
) -> None:
    call = await closed_hotline.call(
        ScriptedCaller([Press("2"), Talk(25, finish_key="#")]), from_="02 555 12 34"
    )
    await closed_hotline.run()
    record = await record_of(closed_hotline, call)

    assert record.kinds == [
        "incoming",
        "menu_entered",
        "input",
        "language_chosen",
        "out_of_hours",
        "recording",
        "status",
        "hung_up",
    ]
    assert (record.call.status, record.call.outcome, record.call.language) == (
        "completed",
        "voicemail",
        "fr",
    )
    request = record.request
    assert request is not None
    assert request.source == "voicemail"
    assert request.voicemail_url is not None
    assert request.voicemail_url.startswith(RECORDING_PREFIX)
    assert request.voicemail_duration_s == 25
    assert (request.language, request.caller_number, request.status) == (
        "fr",
        "+3225551234",
        "new",
    )
    assert record.events_of("recording")[0].detail == {"url": request.voicemail_url}
    assert record.history == ["created", "voicemail"]
    fr = closed_hotline.state.catalogue["fr"]
    assert fr.text("voicemail_thanks") in call.transcript.heard()
    assert not call.transcript.of_kind(EntryKind.ENQUEUED)


async def test_returning_caller_out_of_hours_goes_straight_to_voicemail(
    closed_hotline: Hotline,
) -> None:
    await closed_hotline.call(ScriptedCaller([Press("3"), Talk(10)]))
    await closed_hotline.run()
    second = await closed_hotline.call(ScriptedCaller([Talk(15, finish_key="#")]))
    await closed_hotline.run()
    record = await record_of(closed_hotline, second)

    assert record.kinds[:4] == [
        "incoming",
        "language_chosen",
        "out_of_hours",
        "recording",
    ]
    assert record.events_of("language_chosen")[0].detail == {
        "language": "en",
        "how": "returning",
    }
    en = closed_hotline.state.catalogue["en"]
    assert second.transcript.heard()[0] == en.text(
        "closed", days="every day", open_from="18:00", open_until="20:00"
    )
    assert record.request is not None
    assert record.request.voicemail_duration_s == 15


async def test_silent_voicemail_is_logged_without_a_message(
    closed_hotline: Hotline,
) -> None:
    call = await closed_hotline.call(ScriptedCaller([Press("1"), Silence()]))
    await closed_hotline.run()
    record = await record_of(closed_hotline, call)

    # An empty recording does not reach the action URL: the call falls through.
    assert record.kinds[-3:] == ["out_of_hours", "status", "hung_up"]
    assert record.call.outcome == "hung_up"
    assert record.request is not None
    assert (record.request.source, record.request.voicemail_url) == ("call", None)
    nl = closed_hotline.state.catalogue["nl"]
    assert nl.text("voicemail_empty") in call.transcript.heard()
    assert nl.text("voicemail_thanks") not in call.transcript.heard()


async def test_voicemail_when_nobody_is_on_duty_keeps_need_and_postcode(
    hotline: Hotline,
) -> None:
    # No operator on duty: the queue says nobody is available and offers
    # 1 = callback / 2 = voicemail.
    steps: list[Step] = [
        Press("3"),
        Press("1"),
        Press("1000"),
        Press("2"),
        Talk(20, "#"),
    ]
    call = await hotline.call(ScriptedCaller(steps), from_="+32470123456")
    await hotline.run()
    record = await record_of(hotline, call)

    assert record.kinds[-6:] == [
        "handed_off",
        "queued",
        "voicemail_offered",
        "recording",
        "status",
        "hung_up",
    ]
    assert record.call.outcome == "voicemail"
    request = record.request
    assert request is not None
    assert (request.need, request.postcode, request.language) == (
        "groceries",
        "1000",
        "en",
    )
    assert request.source == "voicemail"
    assert request.voicemail_url is not None
    assert request.voicemail_url.startswith(RECORDING_PREFIX)
    assert record.history == ["created", "need_set", "postcode_set", "voicemail"]
    en = hotline.state.catalogue["en"]
    assert en.text("nobody_available") in call.transcript.heard()


async def test_callback_is_chosen_when_nobody_is_on_duty(hotline: Hotline) -> None:
    steps = [Press("2"), Press("3"), Press("1000"), Press("1")]
    call = await hotline.call(ScriptedCaller(steps), from_="0470 12 34 56")
    await hotline.run()
    record = await record_of(hotline, call)

    assert record.call.outcome == "callback"
    assert "callback_requested" in record.kinds
    assert record.request is not None
    assert record.request.caller_number == "+32470123456"
    assert record.history[-1] == "callback_requested"
    waiting = await hotline.state.queue.get_entry(f"cb-{call.sid}")
    assert waiting is not None
    assert (waiting.kind, waiting.caller_number, waiting.need) == (
        "callback",
        "+32470123456",
        "company",
    )
