"""The database unreachable during calls: callers hear the menus and an apology in
their language, choose a callback or a message, never get an error or silence; what
could not be written is written once the database is back, and the promised
callback is made.

Calls are driven through the Twilio simulator; the outage refuses every statement
of every engine (outage_support.py)."""

from __future__ import annotations

import httpx
import pytest
from prometheus_client import REGISTRY
from sqlalchemy import select

from app.help_requests.models import HelpRequest
from app.queue import dispatcher as queue_dispatcher
from app.queue.backend import QueuedCall
from app.resilience import replay
from tests.e2e.queue.queue_support import (
    call_row,
    heard,
    legs_to,
    prompt,
    queue_caller,
    rows_of_purpose,
)
from tests.integration.resilience.outage_support import DatabaseOutage
from tests.support.harness import HOTLINE_NUMBER, Hotline
from twilio_simulator import OperatorPhone, Press, ScriptedCaller, Talk
from twilio_simulator.parties import CallHandle, GatherInput, GatherPrompt, Step

pytestmark = pytest.mark.e2e

CALLER = "+3225550101"
ANN = "+32470000001"


def _journal(outcome: str) -> float:
    value = REGISTRY.get_sample_value(
        "hotline_outage_journal_total", {"outcome": outcome}
    )
    return value or 0.0


def _failed_webhooks(hotline: Hotline) -> list[str]:
    return [
        f"{r.url} -> {r.status_code or r.error}"
        for r in hotline.sim.requests
        if r.status_code is None or r.status_code >= 400
    ]


async def test_a_caller_is_promised_a_callback_in_their_language_and_it_is_kept(
    hotline: Hotline, database: DatabaseOutage
) -> None:
    journaled, replayed = _journal("journaled"), _journal("replayed")
    with database.down():
        call = await hotline.call(queue_caller("fr", then=(Press("1"),)), from_=CALLER)
        await hotline.run()
        # Still down: the replay stops at once and keeps everything.
        assert await replay.replay_journal(hotline.state) == 0

    assert database.refused > 0
    assert _failed_webhooks(hotline) == []
    said = heard(call)
    assert prompt(hotline, "fr", "error_apology") in said
    assert prompt(hotline, "fr", "overflow_callback_option") in said
    assert prompt(hotline, "fr", "callback_confirmed") in said
    assert await rows_of_purpose(hotline, "caller") == []
    kept = await hotline.state.resilience.journal_length()
    assert kept >= 4  # incoming, language, volunteer key, callback, status
    assert _journal("journaled") - journaled == kept

    # The database is back: the journal is written, the promise is in the queue.
    assert await replay.replay_journal(hotline.state) == kept
    assert _journal("replayed") - replayed == kept
    assert await hotline.state.resilience.journal_length() == 0
    row = await call_row(hotline, call.sid)
    assert (row.caller_e164, row.outcome, row.language) == (CALLER, "callback", "fr")
    assert row.ended_at is not None  # the status callback, written on replay
    promise = await hotline.state.queue.get_entry(f"cb-{call.sid}")
    assert promise is not None
    assert (promise.kind, promise.language) == ("callback", "fr")

    # A French-speaking volunteer comes on duty: the caller is rung back at once
    # (the queue's rebuild that failed during the outage gave its lease back).
    hotline.sim.phone(CALLER, ScriptedCaller(talk_s=20))
    await hotline.add_operator("Ann", ANN, ["fr"], OperatorPhone(talk_s=None))
    await queue_dispatcher.dispatch(hotline.state)
    await hotline.run()
    (callback_leg,) = legs_to(hotline, CALLER)
    (callback_row,) = await rows_of_purpose(hotline, "callback")
    assert callback_row.twilio_call_sid == callback_leg.sid
    assert callback_row.outcome == "bridged"
    assert _failed_webhooks(hotline) == []


async def test_the_menus_go_on_and_a_message_reaches_the_work_list_afterwards(
    hotline: Hotline, database: DatabaseOutage
) -> None:
    steps: list[Step] = [
        Press("1"),
        Press("1"),
        Press("1030"),
        Press("2"),
        Talk(6, "#"),
    ]
    with database.down():
        call = await hotline.call(ScriptedCaller(steps, talk_s=20), from_=CALLER)
        await hotline.run()

    assert _failed_webhooks(hotline) == []
    said = heard(call)
    # The Dutch menus went on as usual (need, postcode), then the apology.
    assert prompt(hotline, "nl", "need_intro") in said
    assert prompt(hotline, "nl", "postcode_ask") in said
    assert prompt(hotline, "nl", "error_apology") in said
    assert prompt(hotline, "nl", "voicemail_prompt") in said
    assert prompt(hotline, "nl", "voicemail_thanks") in said

    await replay.replay_journal(hotline.state)
    async with hotline.session() as session:
        request = (await session.execute(select(HelpRequest))).scalar_one()
    assert (request.language, request.need, request.postcode) == (
        "nl",
        "groceries",
        "1030",
    )
    assert request.voicemail_url is not None
    work = (await hotline.api("GET", "/api/work")).json()
    assert [item["request_id"] for item in work["voicemails"]] == [request.id]


async def test_a_replayed_journal_writes_nothing_twice(
    hotline: Hotline, database: DatabaseOutage
) -> None:
    with database.down():
        call = await hotline.call(queue_caller("nl", then=(Press("1"),)), from_=CALLER)
        await hotline.run()
    entries = await hotline.state.resilience.oldest(100)

    await replay.replay_journal(hotline.state)
    # Another instance replays the same entries (it read them before the drop).
    for entry in entries:
        await hotline.state.resilience.drop(entry)
        assert not await hotline.state.resilience.journal(entry)  # kept once
    for entry in entries:
        await replay._replay(hotline.state, entry)

    async with hotline.session() as session:
        requests = (await session.execute(select(HelpRequest))).scalars().all()
    assert len(requests) == 1
    assert (await call_row(hotline, call.sid)).outcome == "callback"
    assert await hotline.state.queue.waiting_count() == 1


async def test_a_forged_webhook_is_refused_during_an_outage(
    hotline: Hotline, database: DatabaseOutage
) -> None:
    form = {
        "CallSid": "CA" + "9" * 32,
        "AccountSid": hotline.settings.twilio.account_sid,
        "From": CALLER,
        "To": HOTLINE_NUMBER,
        "CallStatus": "ringing",
        "Direction": "inbound",
    }
    transport = httpx.ASGITransport(app=hotline.app)
    with database.down():
        async with httpx.AsyncClient(
            transport=transport, base_url="http://hotline.test"
        ) as client:
            response = await client.post(
                "/twilio/voice", data=form, headers={"X-Twilio-Signature": "forged"}
            )
    assert response.status_code == 403
    assert await hotline.state.resilience.journal_length() == 0


@pytest.mark.redis
async def test_with_two_instances_either_one_replays_what_the_other_journaled(
    two_instances_on_redis: Hotline, database: DatabaseOutage
) -> None:
    hotline = two_instances_on_redis
    first, second = (app.state.hotline for app in hotline.apps)
    with database.down():
        call = await hotline.call(queue_caller("de", then=(Press("1"),)), from_=CALLER)
        await hotline.run()
    assert _failed_webhooks(hotline) == []
    assert prompt(hotline, "de", "callback_confirmed") in heard(call)
    # The webhooks went to both instances; the journal is one, in Redis.
    kept = await first.resilience.journal_length()
    assert kept == await second.resilience.journal_length() >= 4

    assert await replay.replay_journal(second) == kept
    assert await first.resilience.journal_length() == 0
    row = await call_row(hotline, call.sid)
    assert (row.outcome, row.language) == ("callback", "de")
    assert await first.queue.get_entry(f"cb-{call.sid}") is not None


async def test_nobody_is_rung_while_the_database_is_down_and_the_caller_keeps_the_place(
    hotline: Hotline, database: DatabaseOutage
) -> None:
    ann = await hotline.add_operator("Ann", ANN, ["nl"], OperatorPhone(talk_s=None))
    now = hotline.clock.now().timestamp()
    waiting = QueuedCall(
        entry_id="CA" + "7" * 32,
        language="nl",
        enqueued_at=now,
        kind="live",
        need="other",
        postcode=None,
        caller_number=CALLER,
        call_log_id=None,
    )
    await hotline.state.queue.enqueue(waiting)
    with database.down():
        assert await queue_dispatcher.dispatch(hotline.state) == 0

    assert database.refused > 0  # Ann was chosen; looking her up failed
    assert legs_to(hotline, ANN) == []
    assert await hotline.state.queue.offer_for_entry(waiting.entry_id) is None
    assert await hotline.state.queue.position(waiting.entry_id) == 1
    operator = await hotline.state.queue.operator_state(str(ann), now)
    assert operator is not None
    assert operator.status == "available"  # no missed offer counted


class _DatabaseGoesDownAtTheNeedMenu(ScriptedCaller):
    """Chooses French with the database up; it goes down as the need menu plays."""

    def __init__(self, database: DatabaseOutage, steps: list[Step]) -> None:
        super().__init__(steps, talk_s=20)
        self._database = database
        self._menus = 0

    async def gather(self, call: CallHandle, prompt: GatherPrompt) -> GatherInput:
        self._menus += 1
        if self._menus == 2:
            self._database.stop()
        return await super().gather(call, prompt)


async def test_the_database_going_down_during_a_call_loses_none_of_it(
    hotline: Hotline, database: DatabaseOutage
) -> None:
    steps: list[Step] = [Press("2"), Press("1"), Press("1030"), Press("1")]
    call = await hotline.call(
        _DatabaseGoesDownAtTheNeedMenu(database, steps), from_=CALLER
    )
    await hotline.run()
    database.restore()

    assert _failed_webhooks(hotline) == []
    said = heard(call)
    assert prompt(hotline, "fr", "postcode_ask") in said
    assert prompt(hotline, "fr", "error_apology") in said
    assert prompt(hotline, "fr", "callback_confirmed") in said
    row = await call_row(hotline, call.sid)  # written before the outage
    assert row.language == "fr"
    assert row.outcome is None

    await replay.replay_journal(hotline.state)
    row = await call_row(hotline, call.sid)
    assert (row.outcome, row.ended_at is not None) == ("callback", True)
    async with hotline.session() as session:
        request = (await session.execute(select(HelpRequest))).scalar_one()
    assert (request.language, request.need, request.postcode) == (
        "fr",
        "groceries",
        "1030",
    )
    promise = await hotline.state.queue.get_entry(f"cb-{call.sid}")
    assert promise is not None
    assert (promise.need, promise.postcode) == ("groceries", "1030")
