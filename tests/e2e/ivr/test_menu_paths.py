"""Complete calls through every IVR path, asserted on the call log and help request.

An operator is on duty in every test, so a caller who reaches the queue ends bridged.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from tests.e2e.ivr.probe import CallRecord, is_subsequence, record_of
from tests.support.harness import Hotline
from twilio_simulator.parties import (
    HangUp,
    HangUpAfterPrompts,
    OperatorPhone,
    Press,
    ScriptedCaller,
    Speak,
    Step,
)
from twilio_simulator.state import SimCall
from twilio_simulator.transcript import EntryKind

pytestmark = pytest.mark.e2e

CALLER_LOCAL = "0470 12 34 56"
CALLER_E164 = "+32470123456"
QUEUE_TAIL = ["queued", "offered", "accepted", "bridged", "status", "hung_up"]


async def complete_call(
    hotline: Hotline, steps: Sequence[Step], *, from_: str = CALLER_LOCAL
) -> tuple[SimCall, CallRecord]:
    await hotline.add_operator(
        "Marie", "+32470000001", ["nl", "fr", "en", "de"], OperatorPhone(talk_s=30)
    )
    call = await hotline.call(ScriptedCaller(steps, talk_s=20), from_=from_)
    await hotline.run()
    return call, await record_of(hotline, call)


def enqueued_in(call: SimCall) -> list[str]:
    return [entry.text for entry in call.transcript.of_kind(EntryKind.ENQUEUED)]


async def test_keypad_call_records_each_step_in_order(hotline: Hotline) -> None:
    _, record = await complete_call(hotline, [Press("2"), Press("2"), Press("1030")])

    assert record.kinds[:12] == [
        "incoming",
        "menu_entered",
        "input",
        "language_chosen",
        "menu_entered",
        "input",
        "need_chosen",
        "menu_entered",
        "input",
        "postcode_given",
        "handed_off",
        "queued",
    ]
    assert is_subsequence(QUEUE_TAIL, record.kinds)
    assert [e.detail["node"] for e in record.events_of("menu_entered")] == [
        "language",
        "need",
        "postcode",
    ]
    assert (record.call.status, record.call.outcome, record.call.language) == (
        "completed",
        "bridged",
        "fr",
    )
    assert record.call.caller_e164 == CALLER_E164
    request = record.request
    assert request is not None
    assert (request.need, request.language, request.postcode) == (
        "pharmacy",
        "fr",
        "1030",
    )
    assert (request.caller_number, request.status, request.source) == (
        CALLER_E164,
        "new",
        "call",
    )
    assert record.history == ["created", "need_set", "postcode_set"]


@pytest.mark.parametrize(
    ("key", "language"), [("1", "nl"), ("2", "fr"), ("3", "en"), ("4", "de")]
)
async def test_language_key_sets_the_call_request_and_queue_language(
    hotline: Hotline, key: str, language: str
) -> None:
    call, record = await complete_call(hotline, [Press(key), Press("1"), Press("1000")])

    assert record.call.language == language
    assert record.request is not None
    assert record.request.language == language
    assert record.events_of("language_chosen")[0].detail == {
        "language": language,
        "how": "key",
    }
    assert enqueued_in(call) == [f'in "hotline-{language}" (position 1)']


@pytest.mark.parametrize(
    ("key", "need"),
    [("1", "groceries"), ("2", "pharmacy"), ("3", "company"), ("4", "other")],
)
async def test_need_key_is_stored_on_the_help_request(
    hotline: Hotline, key: str, need: str
) -> None:
    _, record = await complete_call(hotline, [Press("3"), Press(key), Press("1000")])

    assert record.request is not None
    assert record.request.need == need
    assert record.events_of("need_chosen")[0].detail == {"need": need, "how": "key"}
    assert record.call.outcome == "bridged"


async def test_silent_caller_is_queued_at_once_without_a_language(
    hotline: Hotline,
) -> None:
    call, record = await complete_call(hotline, [])

    retries = [
        (e.detail["node"], e.detail["reason"]) for e in record.events_of("menu_retry")
    ]
    assert retries == [("language", "no_input")]
    assert record.kinds.count("no_input") == 1
    assert record.events_of("language_chosen") == []
    assert record.events_of("handed_off")[0].detail == {"language": None}
    assert record.call.language is None
    assert record.request is not None
    assert record.request.language is None
    heard = call.transcript.heard()
    catalogue = hotline.state.catalogue
    for language in catalogue.languages:
        assert catalogue[language].text("volunteer_coming") in heard
    assert enqueued_in(call) == ['in "hotline-nl" (position 1)']
    assert record.call.outcome == "bridged"


async def test_invalid_keys_reprompt_then_go_to_a_volunteer(
    hotline: Hotline,
) -> None:
    steps: list[Step] = [Press("2")]
    steps += [Press("6"), Press("7"), Press("8")]  # need: 3 x invalid
    call, record = await complete_call(hotline, steps)

    assert [e.detail["value"] for e in record.events_of("menu_retry")] == [
        "6",
        "7",
        "8",
    ]
    assert {e.detail["reason"] for e in record.events_of("menu_retry")} == {"invalid"}
    assert record.request is not None
    assert (record.request.language, record.request.need) == ("fr", "other")
    fr = hotline.state.catalogue["fr"]
    assert call.transcript.heard().count(fr.text("invalid_choice")) == 2
    assert record.call.outcome == "bridged"


async def test_unknown_postcodes_are_read_back_then_a_volunteer_takes_over(
    hotline: Hotline,
) -> None:
    steps: list[Step] = [Press("1"), Press("1")]
    steps += [Press("9999"), Press("0001"), Press("1234")]  # unknown postcodes
    call, record = await complete_call(hotline, steps)

    assert [e.detail["value"] for e in record.events_of("menu_retry")] == [
        "9999",
        "0001",
        "1234",
    ]
    assert record.request is not None
    assert record.request.postcode is None
    assert record.events_of("postcode_skipped")[0].detail == {"how": "default"}
    nl = hotline.state.catalogue["nl"]
    assert nl.text("postcode_invalid", postcode="9 9 9 9") in call.transcript.heard()
    assert record.call.outcome == "bridged"


async def test_spoken_answers_are_understood_at_every_menu(hotline: Hotline) -> None:
    steps = [Speak("English please"), Speak("I need my medicine"), Speak("it is 1050")]
    _, record = await complete_call(hotline, steps)

    assert record.events_of("language_chosen")[0].detail == {
        "language": "en",
        "how": "speech",
    }
    assert record.events_of("need_chosen")[0].detail == {
        "need": "pharmacy",
        "how": "speech",
    }
    speech = [e.detail["speech"] for e in record.events_of("input")]
    assert speech == ["English please", "I need my medicine", "it is 1050"]
    assert record.request is not None
    assert (record.request.language, record.request.need, record.request.postcode) == (
        "en",
        "pharmacy",
        "1050",
    )


async def test_saying_dont_know_skips_the_postcode(hotline: Hotline) -> None:
    _, record = await complete_call(
        hotline, [Press("3"), Press("1"), Speak("I don't know")]
    )

    assert record.events_of("postcode_skipped")[0].detail == {"how": "speech"}
    assert "menu_retry" not in record.kinds
    assert record.request is not None
    assert record.request.postcode is None


async def test_hash_key_skips_the_postcode_at_once(hotline: Hotline) -> None:
    _, record = await complete_call(hotline, [Press("3"), Press("1"), Press("#")])

    assert record.events_of("postcode_skipped")[0].detail == {"how": "key"}
    assert "menu_retry" not in record.kinds


@pytest.mark.parametrize(
    ("steps", "node"),
    [
        ([Press("0")], "language"),
        ([Press("2"), Press("0")], "need"),
        ([Press("2"), Press("1"), Press("0")], "postcode"),
    ],
)
async def test_zero_reaches_a_volunteer_from_any_menu(
    hotline: Hotline, steps: list[Step], node: str
) -> None:
    _, record = await complete_call(hotline, steps)

    requested = record.events_of("operator_requested")
    assert [e.detail for e in requested] == [{"node": node}]
    handed = record.kinds.index("handed_off")
    assert record.kinds[handed - 1] == "operator_requested"
    assert is_subsequence(QUEUE_TAIL, record.kinds[handed:])
    assert record.call.outcome == "bridged"


async def test_star_repeats_a_menu_without_counting_a_retry(hotline: Hotline) -> None:
    steps = [Press("*"), Press("3"), Press("*"), Press("2"), Press("1000")]
    _, record = await complete_call(hotline, steps)

    assert [e.detail["node"] for e in record.events_of("menu_repeat")] == [
        "language",
        "need",
    ]
    assert "menu_retry" not in record.kinds
    assert record.request is not None
    assert (record.request.language, record.request.need) == ("en", "pharmacy")


async def test_changing_language_back_and_forth_keeps_the_last_choice(
    hotline: Hotline,
) -> None:
    # nl -> (9) -> fr -> (9) -> nl again: the second "1" at the language menu is a new
    # answer, not a retried webhook, and must be recorded.
    steps = [Press("1"), Press("9"), Press("2"), Press("9"), Press("1")]
    steps += [Press("1"), Press("1000")]
    call, record = await complete_call(hotline, steps)

    chosen = [e.detail["language"] for e in record.events_of("language_chosen")]
    assert chosen == ["nl", "fr", "nl"]
    assert record.call.language == "nl"
    assert record.request is not None
    assert record.request.language == "nl"
    assert enqueued_in(call) == ['in "hotline-nl" (position 1)']


async def test_returning_caller_skips_the_language_menu(hotline: Hotline) -> None:
    first, _ = await complete_call(hotline, [Press("4"), Press("1"), Press("1000")])
    # Asked "still 1000, Brüssel?", they moved: 2, then the new postcode.
    second = await hotline.call(
        ScriptedCaller([Press("2"), Press("2"), Press("1050")], talk_s=10),
        from_="+32 470 12 34 56",
    )
    await hotline.run()
    record = await record_of(hotline, second)

    assert record.kinds[:4] == ["incoming", "language_chosen", "menu_entered", "input"]
    assert record.events[0].detail == {"known_language": "de"}
    assert record.events_of("language_chosen")[0].detail == {
        "language": "de",
        "how": "returning",
    }
    de = hotline.state.catalogue["de"]
    heard = second.transcript.heard()
    assert heard[0] == de.text("returning_welcome", name=de.text("hotline_name"))
    # "Another language? Press 9.", in German, then in every other language.
    assert heard[1:5] == [
        hotline.state.catalogue[x].text("other_language_option")
        for x in ("de", "nl", "fr", "en")
    ]
    assert record.request is not None
    assert (record.request.language, record.request.need, record.request.postcode) == (
        "de",
        "pharmacy",
        "1050",
    )
    assert record.call.caller_e164 == CALLER_E164
    assert first.sid != second.sid


async def test_returning_caller_confirms_last_postcode_by_saying_yes(
    hotline: Hotline,
) -> None:
    await complete_call(hotline, [Press("2"), Press("1"), Press("1030")])
    second = await hotline.call(
        ScriptedCaller([Speak("les courses"), Speak("oui")], talk_s=10),
        from_=CALLER_LOCAL,
    )
    await hotline.run()
    record = await record_of(hotline, second)

    fr = hotline.state.catalogue["fr"]
    place = hotline.state.postcodes.lookup("1030")
    assert place is not None
    still = fr.text(
        "postcode_still", postcode="1 0 3 0", place=place.display_name("fr")
    )
    assert still in second.transcript.heard()
    assert fr.text("postcode_ask") not in second.transcript.heard()
    assert record.request is not None
    assert (record.request.need, record.request.postcode) == ("groceries", "1030")
    assert "queued" in record.kinds


async def test_hanging_up_mid_menu_ends_the_call_without_queueing(
    hotline: Hotline,
) -> None:
    _, record = await complete_call(hotline, [Press("1"), HangUp()])

    assert record.kinds == [
        "incoming",
        "menu_entered",
        "input",
        "language_chosen",
        "menu_entered",
        "status",
        "hung_up",
    ]
    assert (record.call.status, record.call.outcome) == ("completed", "hung_up")
    assert record.call.ended_at is not None
    assert record.request is not None
    assert record.request.need is None


async def test_hanging_up_during_the_welcome_leaves_an_empty_request(
    hotline: Hotline,
) -> None:
    _, record = await complete_call(hotline, [HangUpAfterPrompts(1)])

    assert record.kinds == ["incoming", "menu_entered", "status", "hung_up"]
    assert (record.call.outcome, record.call.language) == ("hung_up", None)
    assert record.request is not None
    assert (record.request.need, record.request.status) == (None, "new")


async def test_hidden_number_is_logged_without_an_e164_number(
    hotline: Hotline,
) -> None:
    _, record = await complete_call(
        hotline, [Press("3"), Press("1"), Press("1000")], from_="anonymous"
    )

    assert record.call.caller_e164 is None
    assert record.request is not None
    assert record.request.caller_number == "anonymous"
    assert record.call.outcome == "bridged"


async def test_a_wrong_key_then_an_answer_is_recorded_as_one_retry(
    hotline: Hotline,
) -> None:
    _, record = await complete_call(
        hotline, [Press("7"), Press("2"), Press("1"), Press("1000")]
    )

    assert record.kinds[:5] == [
        "incoming",
        "menu_entered",
        "input",
        "menu_retry",
        "input",
    ]
    assert [e.detail["try"] for e in record.events if e.kind == "input"][:2] == [0, 1]
    assert record.call.language == "fr"


async def test_timeline_is_append_only_while_the_call_goes_on(
    hotline: Hotline,
) -> None:
    await hotline.add_operator(
        "Marie", "+32470000001", ["nl"], OperatorPhone(talk_s=30)
    )
    call = await hotline.call(
        ScriptedCaller([Press("1"), Press("1"), Press("1000")], talk_s=20)
    )
    await hotline.sim.advance(40)
    early = await record_of(hotline, call)
    await hotline.run()
    final = await record_of(hotline, call)

    snapshot = [(e.id, e.kind, e.detail, e.occurred_at) for e in early.events]
    assert 0 < len(snapshot) < len(final.events)
    assert [(e.id, e.kind, e.detail, e.occurred_at) for e in final.events][
        : len(snapshot)
    ] == snapshot
    assert [e.occurred_at for e in final.events] == sorted(
        e.occurred_at for e in final.events
    )
