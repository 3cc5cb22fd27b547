"""The write path of a caller's webhooks: each one durably records its event before
answering, in the order the webhooks came; a retried webhook writes nothing twice
and gets the same answer; a webhook that fails writes nothing at all."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping

import httpx
import pytest
from sqlalchemy import Connection, func, select

from app.calls import statements as call_statements
from app.calls.models import Call, CallEvent
from app.help_requests import statements as request_statements
from app.help_requests.models import HelpRequest
from tests.e2e.ivr.probe import BASE_URL, call_by_sid, call_events, post_webhook
from tests.support.harness import HOTLINE_NUMBER, TEST_ACCOUNT_SID, Hotline

pytestmark = pytest.mark.integration


def params(sid: str, **extra: str) -> dict[str, str]:
    caller = "+3247" + sid[-7:].translate(str.maketrans("abcdef", "123456"))
    return {
        "CallSid": sid,
        "AccountSid": TEST_ACCOUNT_SID,
        "From": caller,
        "To": HOTLINE_NUMBER,
        "Caller": caller,
        "Called": HOTLINE_NUMBER,
        "Direction": "inbound",
        "ApiVersion": "2010-04-01",
        "CallStatus": "in-progress",
        **extra,
    }


def gather_action(response: httpx.Response) -> str:
    gather = ET.fromstring(response.text).find("Gather")
    assert gather is not None, response.text
    return gather.get("action", "")


async def post(hotline: Hotline, url: str, form: Mapping[str, str]) -> httpx.Response:
    absolute = url if url.startswith("http") else BASE_URL + url
    response = await post_webhook(hotline.app, absolute, form)
    assert response.status_code == 200, response.text
    return response


async def dialogue(hotline: Hotline, sid: str, *, retried: bool) -> list[str]:
    """voice -> language 1 -> need 1 -> postcode 1030; every webhook twice when
    `retried` (Twilio retrying after a timeout). The answers, in order."""
    answers: list[str] = []
    steps: list[tuple[str, dict[str, str]]] = [
        ("/twilio/voice", params(sid, CallStatus="ringing"))
    ]
    for digits in ("1", "1", "1030"):
        url, form = steps[-1]
        response = await post(hotline, url, form)
        if retried:
            again = await post(hotline, url, form)
            assert again.text == response.text
        answers.append(response.text)
        steps.append((gather_action(response), params(sid, Digits=digits)))
    url, form = steps[-1]
    answers.append((await post(hotline, url, form)).text)
    if retried:
        assert (await post(hotline, url, form)).text == answers[-1]
    return answers


async def timeline(hotline: Hotline, sid: str) -> list[CallEvent]:
    async with hotline.session() as session:
        return await call_events(session, await call_by_sid(session, sid))


def shape(events: list[CallEvent]) -> list[tuple[str, object]]:
    """A timeline without its ids and times: what happened, in order."""
    return [(e.kind, e.detail.get("node")) for e in events]


async def test_a_retried_dialogue_writes_what_a_plain_one_does(
    hotline: Hotline,
) -> None:
    plain = await dialogue(hotline, "CA" + "1" * 32, retried=False)
    retried = await dialogue(hotline, "CA" + "2" * 32, retried=True)

    assert retried == plain
    once = await timeline(hotline, "CA" + "1" * 32)
    twice = await timeline(hotline, "CA" + "2" * 32)
    assert shape(twice) == shape(once)
    async with hotline.session() as session:
        requests = await session.scalar(select(func.count(HelpRequest.id)))
    assert requests == 2


async def test_a_calls_events_are_in_the_order_of_its_webhooks(
    hotline: Hotline,
) -> None:
    await dialogue(hotline, "CA" + "3" * 32, retried=False)

    events = await timeline(hotline, "CA" + "3" * 32)
    assert events[0].kind == "incoming"
    inputs = [e.detail for e in events if e.kind == "input"]
    assert [(d["node"], d["digits"]) for d in inputs] == [
        ("language", "1"),
        ("need", "1"),
        ("postcode", "1030"),
    ]
    # Each menu is entered before it is answered.
    kinds = shape(events)
    for node in ("need", "postcode"):
        assert kinds.index(("menu_entered", node)) < kinds.index(("input", node))
    assert [e.id for e in events] == sorted(e.id for e in events)
    times = [e.occurred_at for e in events]
    assert times == sorted(times)


async def test_a_retried_status_callback_is_recorded_once(hotline: Hotline) -> None:
    sid = "CA" + "4" * 32
    await post(hotline, "/twilio/voice", params(sid, CallStatus="ringing"))
    completed = params(sid, CallStatus="completed", CallDuration="12")
    completed["SequenceNumber"] = "3"
    for _ in range(3):
        await post(hotline, "/twilio/status", completed)

    kinds = [e.kind for e in await timeline(hotline, sid)]
    assert kinds.count("status") == 1
    assert kinds.count("hung_up") == 1
    async with hotline.session() as session:
        call = await call_by_sid(session, sid)
    assert (call.status, call.duration_s) == ("completed", 12)


async def test_a_failing_webhook_writes_nothing_and_its_retry_writes_once(
    hotline: Hotline, monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = "CA" + "5" * 32
    first = await post(hotline, "/twilio/voice", params(sid, CallStatus="ringing"))
    language = (gather_action(first), params(sid, Digits="1"))
    before = shape(await timeline(hotline, sid))

    def broken(*_args: object, **_kwargs: object) -> int:
        raise RuntimeError("the database went away mid-webhook")

    # Fails after the webhook's event was inserted, before its commit.
    monkeypatch.setattr(request_statements, "ensure_for_call", broken)
    failed = await post(hotline, *language)
    assert "Redirect" in failed.text  # the fallback: to a volunteer, never silence
    assert shape(await timeline(hotline, sid)) == before
    async with hotline.session() as session:
        call = (
            await session.execute(select(Call).where(Call.twilio_call_sid == sid))
        ).scalar_one()
    assert call.language is None

    monkeypatch.undo()
    await post(hotline, *language)
    await post(hotline, *language)  # and Twilio retries that one too
    after = shape(await timeline(hotline, sid))
    assert after.count(("input", "language")) == 1
    assert len(after) > len(before)


async def test_set_fields_writes_the_named_columns_of_one_row_only(
    hotline: Hotline,
) -> None:
    first, second = "CA" + "6" * 32, "CA" + "7" * 32
    await dialogue(hotline, first, retried=False)
    await dialogue(hotline, second, retried=False)
    async with hotline.session() as session:
        ids = [(await call_by_sid(session, sid)).id for sid in (first, second)]

    def update(connection: Connection) -> None:
        call_statements.set_fields(connection, ids[0], {"outcome": "bridged"})
        # The same columns in another order, and one more: one statement each.
        call_statements.set_fields(
            connection, ids[0], {"wait_s": 42, "outcome": "callback"}
        )
        call_statements.set_fields(connection, ids[0], {})

    async with hotline.state.engine.begin() as connection:
        await connection.run_sync(update)
    async with hotline.session() as session:
        changed = await call_by_sid(session, first)
        untouched = await call_by_sid(session, second)
    assert (changed.outcome, changed.wait_s, changed.language) == ("callback", 42, "nl")
    assert (untouched.outcome, untouched.wait_s) == (None, None)
