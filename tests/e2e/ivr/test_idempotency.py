"""Twilio retries webhooks and reorders status callbacks: replays must change nothing.

Replays reuse the exact signed parameters the simulator sent (hotline.sim.requests).
"""

from __future__ import annotations

import asyncio
from datetime import time
from urllib.parse import urlsplit

import pytest

from app.config import IvrSettings, Settings
from tests.e2e.ivr.probe import (
    BASE_URL,
    call_by_sid,
    call_events,
    post_webhook,
    record_of,
    row_counts,
)
from tests.support.harness import HOTLINE_NUMBER, Hotline, hotline_harness
from twilio_simulator.parties import (
    OperatorPhone,
    Press,
    ScriptedCaller,
    Speak,
    Step,
    Talk,
)
from twilio_simulator.webhooks import WebhookRecord

pytestmark = pytest.mark.e2e

CALL_SID = "CA" + "ab" * 16
IVR_PATHS = ("/twilio/voice", "/twilio/ivr/", "/twilio/status")


def ivr_webhooks(hotline: Hotline, call_sid: str) -> list[WebhookRecord]:
    return [
        r
        for r in hotline.sim.requests
        if r.params.get("CallSid") == call_sid
        and urlsplit(r.url).path.startswith(IVR_PATHS)
    ]


async def test_replayed_ivr_webhooks_answer_the_same_twiml_and_write_nothing(
    hotline: Hotline,
) -> None:
    await hotline.add_operator("Marie", "+32470000001", ["fr"], OperatorPhone())
    steps: list[Step] = [Press("7"), Press("2"), Speak("pharmacie"), Press("1030")]
    call = await hotline.call(ScriptedCaller(steps, talk_s=20))
    await hotline.run()
    before = await record_of(hotline, call)
    counts = await row_counts(hotline.state.sessionmaker)
    sent = ivr_webhooks(hotline, call.sid)
    assert len(sent) == 6  # voice, 4 menu answers, the final status callback

    for original in sent:
        replay = await post_webhook(hotline.app, original.url, original.params)
        assert replay.status_code == 200, original.url
        assert replay.text == original.body, original.url

    after = await record_of(hotline, call)
    assert await row_counts(hotline.state.sessionmaker) == counts
    assert [(e.id, e.kind) for e in after.events] == [
        (e.id, e.kind) for e in before.events
    ]
    assert (after.call.status, after.call.outcome) == ("completed", "bridged")
    assert after.history == before.history


async def test_concurrent_duplicates_of_one_answer_are_applied_once(
    hotline: Hotline,
) -> None:
    params = {"CallSid": CALL_SID, "From": "+32470123456", "To": HOTLINE_NUMBER}
    voice = await post_webhook(hotline.app, f"{BASE_URL}/twilio/voice", params)
    assert voice.status_code == 200
    url = f"{BASE_URL}/twilio/ivr/language?lang=&try=0"
    answers = await asyncio.gather(
        *(post_webhook(hotline.app, url, {**params, "Digits": "2"}) for _ in range(3))
    )

    assert {a.status_code for a in answers} == {200}
    assert len({a.text for a in answers}) == 1
    async with hotline.session() as session:
        call = await call_by_sid(session, CALL_SID)
        kinds = [e.kind for e in await call_events(session, call)]
    assert kinds.count("input") == 1
    assert kinds.count("language_chosen") == 1


async def test_status_callbacks_out_of_order_leave_the_call_completed(
    hotline: Hotline,
) -> None:
    base = {"CallSid": CALL_SID, "From": "+32470123456", "To": HOTLINE_NUMBER}
    await post_webhook(hotline.app, f"{BASE_URL}/twilio/voice", base)
    status_url = f"{BASE_URL}/twilio/status"
    completed = {
        **base,
        "CallStatus": "completed",
        "SequenceNumber": "3",
        "CallDuration": "42",
    }
    late = [
        {**base, "CallStatus": "ringing", "SequenceNumber": "1"},
        {**base, "CallStatus": "in-progress", "SequenceNumber": "2"},
        completed,  # a plain duplicate
        {**base, "CallStatus": "failed", "SequenceNumber": "4"},  # a second ending
    ]

    for params in (completed, *late):
        response = await post_webhook(hotline.app, status_url, params)
        assert response.status_code == 200
        assert response.text.endswith("<Response />")

    async with hotline.session() as session:
        call = await call_by_sid(session, CALL_SID)
        kinds = [e.kind for e in await call_events(session, call)]
    assert call.status == "completed"
    assert call.duration_s == 42
    assert call.ended_at is not None
    assert call.outcome == "hung_up"
    assert kinds.count("hung_up") == 1
    # completed, ringing, in-progress, failed: no duplicate
    assert kinds.count("status") == 4


async def test_replayed_voicemail_is_stored_once(settings: Settings) -> None:
    closed = settings.model_copy(
        update={"ivr": IvrSettings(open_from=time(18, 0), open_until=time(20, 0))}
    )
    async with hotline_harness(closed) as hotline:
        call = await hotline.call(ScriptedCaller([Press("1"), Talk(12, "#")]))
        await hotline.run()
        [voicemail] = [
            r for r in hotline.sim.requests if "/twilio/ivr/voicemail" in r.url
        ]
        counts = await row_counts(hotline.state.sessionmaker)

        replay = await post_webhook(hotline.app, voicemail.url, voicemail.params)

        assert replay.status_code == 200
        assert replay.text == voicemail.body
        assert await row_counts(hotline.state.sessionmaker) == counts
        record = await record_of(hotline, call)
        assert record.kinds.count("recording") == 1
        assert record.history == ["created", "voicemail"]


async def test_replayed_queue_entry_while_waiting_does_not_queue_twice(
    hotline: Hotline,
) -> None:
    # An operator who never answers keeps the caller waiting in the queue.
    await hotline.add_operator("Jan", "+32470000002", ["nl"], OperatorPhone.no_answer())
    call = await hotline.call(ScriptedCaller([Press("1"), Press("1"), Press("1000")]))
    await hotline.sim.advance(70)
    [entered] = [r for r in hotline.sim.requests if "/twilio/queue/enter" in r.url]
    counts = await row_counts(hotline.state.sessionmaker)

    replay = await post_webhook(hotline.app, entered.url, entered.params)

    assert replay.status_code == 200
    assert replay.text == entered.body
    assert await row_counts(hotline.state.sessionmaker) == counts
    assert await hotline.state.queue.position(call.sid) == 1
    call.hang_up("test")
    await hotline.run()


async def test_late_duplicate_of_the_queue_entry_does_not_requeue_an_ended_call(
    hotline: Hotline,
) -> None:
    await hotline.add_operator("Marie", "+32470000001", ["nl"], OperatorPhone())
    call = await hotline.call(
        ScriptedCaller([Press("1"), Press("1"), Press("1000")], talk_s=20)
    )
    await hotline.run()
    [entered] = [r for r in hotline.sim.requests if "/twilio/queue/enter" in r.url]
    counts = await row_counts(hotline.state.sessionmaker)

    replay = await post_webhook(hotline.app, entered.url, entered.params)

    assert replay.status_code == 200
    assert await hotline.state.queue.get_entry(call.sid) is None
    assert await row_counts(hotline.state.sessionmaker) == counts
    record = await record_of(hotline, call)
    assert record.call.outcome == "bridged"
