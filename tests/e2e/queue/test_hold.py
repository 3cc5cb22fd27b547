"""Waiting never sounds dead: the comfort sound between announcements (never more
than 10 s of silence), an announcement about once a minute, keys that work while
waiting (1 call back, 2 message, * repeat), no callback offered to a hidden number.

Every test runs over the memory and the Redis queue backend (conftest.py).
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import pytest

from app.queue import urls
from tests.e2e.queue.queue_support import (
    call_row,
    heard,
    kinds,
    prompt,
    queue_caller,
    seconds,
)
from tests.support.harness import Hotline
from twilio_simulator import (
    EntryKind,
    OperatorPhone,
    Press,
    ScriptedCaller,
    Silence,
    Talk,
)
from twilio_simulator.state import SimCall

pytestmark = pytest.mark.e2e

ANN = "+32470000001"
FIRST, SECOND = "+3225550001", "+3225550002"


def silences_while_holding(hotline: Hotline, call: SimCall) -> list[float]:
    """The gaps (s) between what the caller hears, from queued to bridged or gone,
    with the simulator's own durations (speech by words, media by length)."""
    options = hotline.sim.options
    (enqueued,) = call.transcript.of_kind(EntryKind.ENQUEUED)
    ends = call.transcript.of_kind(EntryKind.BRIDGED, EntryKind.LEFT_QUEUE)
    end = ends[0].at if ends else call.end_time
    assert end is not None
    audible = [
        e
        for e in call.transcript.of_kind(EntryKind.HEARD, EntryKind.PLAYED)
        if enqueued.at <= e.at < end
    ]
    gaps, heard_until = [], enqueued.at

    def duration(text: str, kind: EntryKind) -> float:
        if kind is EntryKind.PLAYED:
            return options.media_s.get(text, options.play_s)
        return max(options.min_say_s, len(text.split()) / options.words_per_second)

    for entry in audible:
        gaps.append(seconds(entry.at, heard_until))
        heard_until = max(
            heard_until, _plus(entry.at, duration(entry.text, entry.kind))
        )
    gaps.append(seconds(end, heard_until))
    return gaps


def _plus(at: datetime, s: float) -> datetime:
    return at + timedelta(seconds=s)


async def test_a_caller_waiting_five_minutes_hears_music_and_an_update_each_minute(
    hotline: Hotline,
) -> None:
    await hotline.add_operator("Ann", ANN, ["nl"], OperatorPhone(talk_s=None))
    await hotline.call(queue_caller("nl", talk_s=300), from_=FIRST)
    await hotline.sim.advance(2)
    call = await hotline.call(queue_caller("nl", talk_s=10), from_=SECOND)
    await hotline.run()

    assert (await call_row(hotline, call.sid)).outcome == "bridged"
    gaps = silences_while_holding(hotline, call)
    assert max(gaps) <= 10
    music = [
        e for e in call.transcript.of_kind(EntryKind.PLAYED) if "hold-music" in e.text
    ]
    assert music
    assert all(e.text.endswith(urls.hold_music()) for e in music)
    keys = prompt(hotline, "nl", "hold_keys")
    announced = [e.at for e in call.transcript.entries if e.text == keys]
    assert len(announced) >= 4
    spacing = [seconds(b, a) for a, b in itertools.pairwise(announced)]
    assert all(45 <= s <= 75 for s in spacing), spacing
    # Alone in line behind the one volunteer, who just started a call: next, about
    # the mean call (5 min) at first, then less each minute; never "1 minuten".
    said = call.transcript.heard()
    assert prompt(hotline, "nl", "hold_next") in said
    estimates = [
        minutes
        for text in said
        for minutes in range(2, 10)
        if text == prompt(hotline, "nl", "hold_estimate", minutes=minutes)
    ]
    assert estimates[0] == 5
    assert estimates == sorted(estimates, reverse=True)
    one = prompt(hotline, "nl", "hold_estimate", minutes=1)
    assert one == "De verwachte wachttijd is ongeveer één minuut."
    assert one in said
    assert "1 minuten" not in heard(call)


async def test_star_repeats_the_announcement_while_waiting(hotline: Hotline) -> None:
    await hotline.add_operator("Ann", ANN, ["nl"], OperatorPhone(talk_s=None))
    await hotline.call(queue_caller("nl", talk_s=120), from_=FIRST)
    await hotline.sim.advance(2)
    call = await hotline.call(
        queue_caller("nl", then=(Press("*", after_s=20),), talk_s=5), from_=SECOND
    )
    await hotline.run()

    keys = prompt(hotline, "nl", "hold_keys")
    announced = [e.at for e in call.transcript.entries if e.text == keys]
    assert seconds(announced[1], announced[0]) < 30  # at once, not a minute later
    assert (await call_row(hotline, call.sid)).outcome == "bridged"


async def test_2_while_waiting_leaves_a_message(hotline: Hotline) -> None:
    await hotline.add_operator("Ann", ANN, ["nl"], OperatorPhone(talk_s=None))
    await hotline.call(queue_caller("nl", talk_s=120), from_=FIRST)
    await hotline.sim.advance(2)
    call = await hotline.call(
        queue_caller("nl", then=(Press("2", after_s=15), Talk(5, "#"))), from_=SECOND
    )
    await hotline.run()

    said = heard(call)
    assert prompt(hotline, "nl", "voicemail_prompt") in said
    assert prompt(hotline, "nl", "voicemail_thanks") in said
    flow = await kinds(hotline, call.sid)
    assert flow.index("voicemail_requested") < flow.index("voicemail_offered")
    assert (await call_row(hotline, call.sid)).outcome == "voicemail"
    assert await hotline.state.queue.waiting_count() == 0


async def test_a_hidden_number_waiting_is_never_offered_a_callback(
    hotline: Hotline,
) -> None:
    await hotline.add_operator("Ann", ANN, ["nl"], OperatorPhone(talk_s=None))
    await hotline.call(queue_caller("nl", talk_s=90), from_=FIRST)
    await hotline.sim.advance(2)
    call = await hotline.call(
        queue_caller("nl", then=(Press("1", after_s=15), Silence()), talk_s=5),
        from_="anonymous",
    )
    await hotline.run()

    said = heard(call)
    assert prompt(hotline, "nl", "hold_keys_hidden") in said
    assert prompt(hotline, "nl", "hold_keys") not in said
    assert prompt(hotline, "nl", "callback_unavailable") in said
    assert prompt(hotline, "nl", "callback_confirmed") not in said
    assert (await call_row(hotline, call.sid)).outcome == "bridged"


async def test_the_comfort_sound_is_served_as_a_wav(hotline: Hotline) -> None:
    response = await hotline.api("GET", urls.hold_music())

    assert response.status_code == 200
    assert response.headers["content-type"] == "audio/wav"
    assert response.content[:4] == b"RIFF"


async def test_a_caller_with_no_language_hears_the_waiting_news_in_every_language(
    hotline: Hotline,
) -> None:
    await hotline.add_operator("Ann", ANN, ["nl", "fr"], OperatorPhone(talk_s=None))
    await hotline.call(queue_caller("nl", talk_s=90), from_=FIRST)
    await hotline.sim.advance(2)
    call = await hotline.call(ScriptedCaller([Silence()], talk_s=5), from_=SECOND)
    await hotline.run()

    assert (await call_row(hotline, call.sid)).outcome == "bridged"
    said = call.transcript.heard()
    # The main language in full (with the keys), every other language briefly.
    assert prompt(hotline, "nl", "hold_keys") in said
    for language in hotline.state.catalogue.languages:
        assert prompt(hotline, language, "hold_next") in said, language
    others = [x for x in hotline.state.catalogue.languages if x != "nl"]
    assert all(prompt(hotline, x, "hold_keys") not in said for x in others)
    assert max(silences_while_holding(hotline, call)) <= 10


async def test_a_caller_who_chose_a_language_hears_the_waiting_news_only_in_it(
    hotline: Hotline,
) -> None:
    await hotline.add_operator("Ann", ANN, ["fr"], OperatorPhone(talk_s=None))
    await hotline.call(queue_caller("fr", talk_s=90), from_=FIRST)
    await hotline.sim.advance(2)
    call = await hotline.call(queue_caller("fr", talk_s=5), from_=SECOND)
    await hotline.run()

    said = call.transcript.heard()
    assert prompt(hotline, "fr", "hold_next") in said
    for language in ("nl", "en", "de"):
        assert prompt(hotline, language, "hold_next") not in said
