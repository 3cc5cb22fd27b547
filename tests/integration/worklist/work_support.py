"""Work-list situations built through the real flows: callers driven by the Twilio
simulator, matching run by its own service. Shared by the claim and console tests."""

from __future__ import annotations

import math

from sqlalchemy import select

from app.calls.models import Call
from app.help_requests.models import HelpRequest, HelpRequestEvent
from app.matching import service as matching_service
from app.resilience import service as resilience_service
from tests.support.harness import Hotline
from twilio_simulator.parties import (
    OperatorPhone,
    Press,
    ScriptedCaller,
    Step,
    Talk,
)
from twilio_simulator.state import SimCall

FRENCH, COMPANY, GROCERIES = "2", "3", "1"
CALLBACK, VOICEMAIL = "1", "2"  # the overflow menu when nobody can answer


async def request_of(hotline: Hotline, call: SimCall) -> int:
    async with hotline.session() as session:
        request_id = await session.scalar(
            select(HelpRequest.id)
            .join(Call, Call.id == HelpRequest.call_id)
            .where(Call.twilio_call_sid == call.sid)
        )
    assert request_id is not None, f"no help request for {call.sid}"
    return int(request_id)


async def voicemail(hotline: Hotline, caller: str, *, talk_s: float = 20) -> int:
    """Nobody is on duty: the caller leaves a voicemail (option 2). Needs nobody on
    duty when called."""
    steps: list[Step] = [
        Press(FRENCH),
        Press(GROCERIES),
        Press("1030"),
        Press(VOICEMAIL),
        Talk(talk_s, "#"),
    ]
    call = await hotline.call(ScriptedCaller(steps), from_=caller)
    await hotline.run()
    return await request_of(hotline, call)


async def unreached_callback(hotline: Hotline, caller: str, operator: str) -> int:
    """Nobody is on duty: the caller asks to be called back (option 1). Then an
    operator (phone `operator`) comes on duty and accepts the callback, the hotline
    rings the caller, and nobody answers (the caller's phone has no party), nor at
    the redials. The operator goes off duty again afterwards."""
    steps = [Press(FRENCH), Press(COMPANY), Press("1000"), Press(CALLBACK)]
    call = await hotline.call(ScriptedCaller(steps), from_=caller)
    await hotline.run()
    volunteer_id = await hotline.add_operator(
        f"Operator {operator[-2:]}", operator, ["fr"], OperatorPhone()
    )
    await hotline.run()
    # Rung again after each delay, up to the last attempt (app/resilience/redial.py).
    while due := await hotline.state.resilience.due(math.inf, 1):
        await hotline.sim.advance(
            max(0.0, due[0].due_at - hotline.clock.now().timestamp())
        )
        await resilience_service.tick(hotline.state)
        await hotline.run()
    response = await hotline.api(
        "PUT", f"/api/volunteers/{volunteer_id}/duty", json={"on_duty": False}
    )
    assert response.status_code == 200, response.text
    request_id = await request_of(hotline, call)
    assert "callback_unanswered" in await history(hotline, request_id)
    return request_id


async def escalated(hotline: Hotline, *, postcode: str | None = "1030") -> int:
    """A request entered without a live call; a coordinator's "match now" finds no
    field volunteer (none exist), so matching escalates it."""
    now = hotline.clock.now()
    async with hotline.session() as session:
        request = HelpRequest(
            caller_number="+3225557788",
            language="fr",
            need="groceries",
            postcode=postcode,
            status="new",
            source="api",
            created_at=now,
            updated_at=now,
        )
        session.add(request)
        await session.commit()
        request_id = request.id
    async with hotline.session() as session:
        await matching_service.match_now(
            session, hotline.state, request_id, actor="test"
        )
    assert (await history(hotline, request_id))[-1] == "escalated"
    return request_id


async def history(hotline: Hotline, request_id: int) -> list[str]:
    async with hotline.session() as session:
        rows = await session.execute(
            select(HelpRequestEvent.kind)
            .where(HelpRequestEvent.request_id == request_id)
            .order_by(HelpRequestEvent.id)
        )
        return list(rows.scalars())


async def last_event(hotline: Hotline, request_id: int) -> HelpRequestEvent:
    async with hotline.session() as session:
        event = await session.scalar(
            select(HelpRequestEvent)
            .where(HelpRequestEvent.request_id == request_id)
            .order_by(HelpRequestEvent.id.desc())
            .limit(1)
        )
    assert event is not None
    return event
