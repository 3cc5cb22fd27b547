"""The operator's wrap-up by phone, through the simulator: 1/2/3, hanging up, the
spoken note, auto and triage, a second call of the same number."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from app.calls.models import Call, CallEvent
from app.config import LineSettings, Settings
from app.help_requests.models import HelpRequest, HelpRequestCall, HelpRequestEvent
from app.matching import service as matching_service
from app.volunteers import service as volunteer_service
from app.volunteers.schemas import VolunteerCreate
from tests.support.harness import HOTLINE_NUMBER, Hotline, hotline_harness
from twilio_simulator.parties import OperatorPhone, Press, ScriptedCaller

pytestmark = pytest.mark.e2e

CALLER = "+3225551234"
NEIGHBOUR = "+32470100001"
# French, groceries, postcode 1030 (Schaerbeek).
DIGITS = ("2", "1", "1030")


@pytest.fixture
async def triage_hotline(settings: Settings) -> AsyncIterator[Hotline]:
    matching = settings.matching.model_copy(update={"mode": "triage"})
    async with hotline_harness(settings.model_copy(update={"matching": matching})) as h:
        yield h


async def _neighbour(hotline: Hotline) -> None:
    data = VolunteerCreate.model_validate(
        {
            "name": "Anna Peeters",
            "phone_number": NEIGHBOUR,
            "languages": ["fr", "nl"],
            "is_field": True,
            "home_postcode": "1030",
            "needs": ["groceries"],
        }
    )
    async with hotline.session() as session:
        await volunteer_service.create(session, data, now=hotline.clock.now())


async def _call_with_wrapup(
    hotline: Hotline, operator: OperatorPhone, *, from_: str = CALLER
) -> None:
    await _neighbour(hotline)
    await hotline.add_operator("Op", "+32470000001", ["fr", "nl"], operator)
    await hotline.call(
        ScriptedCaller([Press(d) for d in DIGITS], talk_s=20), from_=from_
    )
    await hotline.run()


async def _requests(hotline: Hotline) -> list[HelpRequest]:
    async with hotline.session() as session:
        rows = await session.execute(select(HelpRequest).order_by(HelpRequest.id))
        return list(rows.scalars())


async def _kinds(hotline: Hotline, request_id: int) -> list[str]:
    async with hotline.session() as session:
        rows = await session.execute(
            select(HelpRequestEvent.kind)
            .where(HelpRequestEvent.request_id == request_id)
            .order_by(HelpRequestEvent.id)
        )
        return list(rows.scalars())


def _operator_heard(hotline: Hotline) -> str:
    legs = [c for c in hotline.sim.calls.values() if c.to == "+32470000001"]
    assert len(legs) == 1
    return legs[0].transcript.format()


def _offers_to_neighbour(hotline: Hotline) -> list[str]:
    return [m.body for m in hotline.sim.messages if m.to == NEIGHBOUR]


async def test_one_sends_to_neighbours_with_the_spoken_note_attached(
    hotline: Hotline,
) -> None:
    await _call_with_wrapup(hotline, OperatorPhone(wrapup="1", note_s=8))

    heard = _operator_heard(hotline)
    assert "Appuyez sur 1 si un voisin doit aider cette personne" in heard
    assert "Après le bip, dites le nom, l'adresse" in heard
    assert "votre note est jointe à la demande" in heard
    (request,) = await _requests(hotline)
    assert request.wrapup_outcome == "neighbour"
    assert request.wrapup_recording_duration_s == 8
    assert request.wrapup_recording_url
    assert (request.wrapup_recording_sid or "").startswith("RE")
    assert request.held_until is None
    assert await _kinds(hotline, request.id) == [
        "created",
        "need_set",
        "postcode_set",
        "wrapup",
        "wrapup_note",
    ]

    assert await matching_service.tick(hotline.state) == 1
    assert len(_offers_to_neighbour(hotline)) == 1


async def test_two_closes_the_request_as_solved_and_texts_nobody(
    hotline: Hotline,
) -> None:
    await _call_with_wrapup(hotline, OperatorPhone(wrapup="2", note_s=8))

    assert "réglée au téléphone" in _operator_heard(hotline)
    (request,) = await _requests(hotline)
    assert (request.status, request.close_reason) == ("closed", "solved_on_phone")
    assert request.wrapup_outcome == "solved"
    assert request.wrapup_recording_url is None
    assert await matching_service.tick(hotline.state) == 0
    assert _offers_to_neighbour(hotline) == []


async def test_three_goes_to_the_coordinators_with_the_note_and_texts_nobody(
    hotline: Hotline,
) -> None:
    await _call_with_wrapup(hotline, OperatorPhone(wrapup="3", note_s=12))

    (request,) = await _requests(hotline)
    assert request.wrapup_outcome == "coordinator"
    assert request.escalated_at is not None
    assert request.wrapup_recording_duration_s == 12
    assert "escalated" in await _kinds(hotline, request.id)
    assert await matching_service.tick(hotline.state) == 0
    assert _offers_to_neighbour(hotline) == []
    work = await hotline.api("GET", "/api/work")
    assert work.status_code == 200
    assert str(request.id) in work.text


async def test_an_operator_who_hangs_up_leaves_the_request_to_the_line_setting(
    hotline: Hotline,
) -> None:
    await _call_with_wrapup(hotline, OperatorPhone(wrapup=None))

    assert "Appuyez sur 1 si un voisin" in _operator_heard(hotline)
    (request,) = await _requests(hotline)
    assert request.wrapup_outcome is None
    assert request.held_until is None
    assert await matching_service.tick(hotline.state) == 1
    assert len(_offers_to_neighbour(hotline)) == 1


async def test_a_key_that_is_no_choice_is_asked_again_then_nothing_changes(
    hotline: Hotline,
) -> None:
    await _call_with_wrapup(hotline, OperatorPhone(wrapup="7"))

    heard = _operator_heard(hotline)
    assert heard.count("Appuyez sur 1 si un voisin") == 2
    assert "Aucun choix n'a été fait" in heard
    (request,) = await _requests(hotline)
    assert request.wrapup_outcome is None
    assert await matching_service.tick(hotline.state) == 1


async def test_the_wrapup_counts_as_wrapup_time_from_the_end_of_the_conversation(
    hotline: Hotline,
) -> None:
    await _call_with_wrapup(hotline, OperatorPhone(wrapup="1", note_s=8))

    async with hotline.session() as session:
        leg = (
            await session.execute(select(Call).where(Call.to_number == "+32470000001"))
        ).scalar_one()
        events = {
            e.kind: e
            for e in (
                await session.execute(
                    select(CallEvent).where(CallEvent.call_id == leg.id)
                )
            ).scalars()
        }
    started = events["wrapup_started"].occurred_at
    until = datetime.fromisoformat(events["wrap_up"].detail["until"])
    wrapup_s = hotline.settings.queue.wrapup_s
    assert leg.ended_at is not None
    assert leg.ended_at > started
    # The phone wrap-up took less than the wrap-up time: available a minute after
    # the conversation ended, not a minute after the phone was put down.
    assert until == max(started + timedelta(seconds=wrapup_s), leg.ended_at)


async def test_triage_waits_for_a_coordinator_then_texts_the_neighbours(
    triage_hotline: Hotline,
) -> None:
    hotline = triage_hotline
    await _call_with_wrapup(hotline, OperatorPhone(wrapup="1", note_s=5))

    assert await matching_service.tick(hotline.state) == 1  # set aside
    assert await matching_service.tick(hotline.state) == 0
    (request,) = await _requests(hotline)
    assert request.is_awaiting_approval
    assert request.status == "new"
    assert _offers_to_neighbour(hotline) == []

    approved = await hotline.api("POST", f"/api/requests/{request.id}/approve")
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert body["status"] == "offered"
    assert body["approved_by"] == "coordinator"
    assert len(_offers_to_neighbour(hotline)) == 1
    again = await hotline.api("POST", f"/api/requests/{request.id}/approve")
    assert again.status_code == 409


async def test_a_second_call_of_the_number_attaches_to_its_open_request(
    hotline: Hotline,
) -> None:
    await _call_with_wrapup(hotline, OperatorPhone(wrapup="1", note_s=5))
    assert await matching_service.tick(hotline.state) == 1
    assert len(_offers_to_neighbour(hotline)) == 1

    # The caller with an open request hears where it stands; 1: a volunteer.
    await hotline.call(ScriptedCaller([Press("1")], talk_s=20))
    await hotline.run()
    await matching_service.tick(hotline.state)

    first, second = await _requests(hotline)
    assert first.status == "offered"
    assert (second.status, second.close_reason) == ("closed", "duplicate")
    # The second call's wrap-up went to the open request; no second errand.
    assert len(_offers_to_neighbour(hotline)) == 1
    kinds = await _kinds(hotline, first.id)
    assert "call_attached" in kinds
    assert kinds.count("wrapup_note") == 2
    async with hotline.session() as session:
        links = (await session.execute(select(HelpRequestCall))).scalars().all()
    assert [(x.request_id, x.call_id) for x in links] == [(first.id, second.call_id)]
    view = await hotline.api("GET", f"/api/requests/{first.id}")
    assert view.status_code == 200
    assert second.call_id in view.json()["call_ids"]


async def test_no_neighbour_is_texted_while_the_operator_is_still_wrapping_up(
    hotline: Hotline,
) -> None:
    await _neighbour(hotline)
    await hotline.add_operator(
        "Op", "+32470000001", ["fr", "nl"], OperatorPhone(wrapup="1", note_s=110)
    )
    await hotline.call(ScriptedCaller([Press(d) for d in DIGITS], talk_s=20))
    await hotline.sim.advance(150)

    async with hotline.session() as session:
        calls = {c.purpose: c for c in (await session.execute(select(Call))).scalars()}
    assert calls["caller"].ended_at is not None  # the caller hung up
    assert calls["operator_offer"].ended_at is None  # the operator is recording
    assert await matching_service.tick(hotline.state) == 0
    assert _offers_to_neighbour(hotline) == []

    await hotline.run()
    assert await matching_service.tick(hotline.state) == 1
    assert len(_offers_to_neighbour(hotline)) == 1


BRUSSELS_NUMBER = "+3222001234"


@pytest.fixture
async def triage_line(settings: Settings) -> AsyncIterator[Hotline]:
    """The national line matches automatically, the Brussels line in triage."""
    lines = (
        LineSettings(key="national", number=HOTLINE_NUMBER),
        LineSettings(key="brussels", number=BRUSSELS_NUMBER, matching_mode="triage"),
    )
    async with hotline_harness(settings.model_copy(update={"lines": lines})) as h:
        yield h


async def test_a_line_in_triage_holds_its_requests_while_the_other_matches(
    triage_line: Hotline,
) -> None:
    hotline = triage_line
    await _neighbour(hotline)
    await hotline.add_operator(
        "Op", "+32470000001", ["fr", "nl"], OperatorPhone(wrapup="1", note_s=4)
    )
    for number, caller in ((HOTLINE_NUMBER, CALLER), (BRUSSELS_NUMBER, "+3225554321")):
        await hotline.sim.place_call(
            from_=caller,
            to=number,
            party=ScriptedCaller([Press(d) for d in DIGITS], talk_s=20),
        )
        await hotline.run()

    assert await matching_service.tick(hotline.state) == 2
    national, brussels = await _requests(hotline)
    assert (national.line, national.status) == ("national", "offered")
    assert (brussels.line, brussels.status) == ("brussels", "new")
    assert brussels.is_awaiting_approval
    assert len(_offers_to_neighbour(hotline)) == 1


async def test_an_operator_who_hangs_up_first_gets_no_wrapup(hotline: Hotline) -> None:
    await _neighbour(hotline)
    await hotline.add_operator(
        "Op", "+32470000001", ["fr", "nl"], OperatorPhone(talk_s=10, wrapup="2")
    )
    await hotline.call(ScriptedCaller([Press(d) for d in DIGITS], talk_s=60))
    await hotline.run()

    assert "Appuyez sur 1 si un voisin" not in _operator_heard(hotline)
    (request,) = await _requests(hotline)
    assert request.wrapup_outcome is None
    assert request.status == "new"
    assert await matching_service.tick(hotline.state) == 1
