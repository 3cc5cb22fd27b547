"""From call to grocery run: SMS waves, the YES race, confirmation call, DONE."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from app.help_requests.models import HelpRequest, HelpRequestEvent, MatchOffer
from app.matching import service as matching_service
from app.volunteers import service as volunteer_service
from app.volunteers.schemas import VolunteerCreate
from tests.support.harness import Hotline
from twilio_simulator.parties import OperatorPhone, Press, ScriptedCaller

pytestmark = pytest.mark.e2e

CALLER = "+3225551234"


async def _field_volunteer(
    hotline: Hotline, name: str, phone: str, postcode: str, **extra: object
) -> int:
    data = VolunteerCreate.model_validate(
        {
            "name": name,
            "phone_number": phone,
            "languages": extra.pop("languages", ["fr", "nl"]),
            "is_field": True,
            "home_postcode": postcode,
            "needs": extra.pop("needs", ["groceries", "pharmacy"]),
            **extra,
        }
    )
    async with hotline.session() as session:
        volunteer, _ = await volunteer_service.create(
            session, data, now=hotline.clock.now()
        )
        return volunteer.id


async def _request_after_call(hotline: Hotline, digits: list[str]) -> HelpRequest:
    await hotline.add_operator(
        "Op", "+32470000001", ["fr", "nl"], OperatorPhone(talk_s=30)
    )
    hotline.sim.phone(
        CALLER, ScriptedCaller([], talk_s=30)
    )  # answers the confirmation call
    await hotline.call(
        ScriptedCaller([Press(d) for d in digits], talk_s=20), from_=CALLER
    )
    await hotline.run()
    async with hotline.session() as session:
        return (await session.execute(select(HelpRequest))).scalar_one()


async def test_yes_race_has_one_winner_then_confirmation_call_and_done(
    hotline: Hotline,
) -> None:
    anna = await _field_volunteer(hotline, "Anna Peeters", "+32470100001", "1030")
    bert = await _field_volunteer(hotline, "Bert Claes", "+32470100002", "1030")
    far = await _field_volunteer(hotline, "Far Away", "+32470100003", "8000")
    request = await _request_after_call(hotline, ["2", "1", "1030"])

    assert await matching_service.tick(hotline.state) == 1
    texted = {m.to for m in hotline.sim.messages}
    assert texted == {"+32470100001", "+32470100002"}
    offer_sms = hotline.sim.messages[0].body
    assert "Schaerbeek" in offer_sms or "Schaarbeek" in offer_sms
    assert CALLER not in offer_sms
    async with hotline.session() as session:
        code = (await session.get(HelpRequest, request.id)).short_code  # type: ignore[union-attr]
    assert code

    replies = await asyncio.gather(
        hotline.sim.send_sms(
            from_="+32470100001", to="+3228089654", body=f"oui {code}"
        ),
        hotline.sim.send_sms(
            from_="+32470100002", to="+3228089654", body=f"YES {code}"
        ),
    )
    winners = [r for r in replies if any(CALLER in body for body in r)]
    assert len(winners) == 1
    await hotline.run()

    async with hotline.session() as session:
        done = await session.get(HelpRequest, request.id)
        assert done is not None
        assert done.status == "matched"
        assert done.volunteer_id in (anna, bert)
        offers = (await session.execute(select(MatchOffer))).scalars().all()
        assert sorted(o.response for o in offers) == ["accepted", "too_late"]
        assert far not in {o.volunteer_id for o in offers}
        kinds = [
            e.kind
            for e in (
                await session.execute(
                    select(HelpRequestEvent).where(
                        HelpRequestEvent.request_id == request.id
                    )
                )
            ).scalars()
        ]
    assert "confirmation_delivered" in kinds
    confirmation = [c for c in hotline.sim.calls.values() if c.to == CALLER]
    assert confirmation
    heard = confirmation[0].transcript.format()
    assert "Anna" in heard or "Bert" in heard

    winner_phone = "+32470100001" if done.volunteer_id == anna else "+32470100002"
    reply = await hotline.sim.send_sms(
        from_=winner_phone, to="+3228089654", body=f"DONE {code}"
    )
    assert reply
    async with hotline.session() as session:
        finished = await session.get(HelpRequest, request.id)
        assert finished is not None
        assert finished.status == "done"


async def test_no_candidate_in_range_widens_then_escalates(hotline: Hotline) -> None:
    await _field_volunteer(hotline, "Far Away", "+32470100003", "8000")
    request = await _request_after_call(hotline, ["2", "1", "1030"])
    await matching_service.tick(hotline.state)
    assert hotline.sim.messages == []
    async with hotline.session() as session:
        row = await session.get(HelpRequest, request.id)
        assert row is not None
        assert row.escalated_at is not None
        assert row.wave == hotline.settings.matching.max_waves
        kinds = [
            e.kind
            for e in (
                await session.execute(
                    select(HelpRequestEvent).where(
                        HelpRequestEvent.request_id == request.id
                    )
                )
            ).scalars()
        ]
    assert kinds.count("wave_empty") == hotline.settings.matching.max_waves
    assert kinds[-1] == "escalated"


async def test_malformed_sms_gets_help_and_stop_opts_out(hotline: Hotline) -> None:
    await _field_volunteer(hotline, "Anna Peeters", "+32470100001", "1030")
    reply = await hotline.sim.send_sms(
        from_="+32470100001", to="+3228089654", body="what is this"
    )
    assert reply
    assert "STOP" in reply[0]
    reply = await hotline.sim.send_sms(
        from_="+32470100001", to="+3228089654", body="STOP"
    )
    assert reply
    async with hotline.session() as session:
        from app.volunteers.models import Volunteer

        volunteer = (await session.execute(select(Volunteer))).scalar_one()
        assert volunteer.is_sms_opted_out
