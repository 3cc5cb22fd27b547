"""The simulator demo: an elderly caller dials the hotline, in one process, on a
virtual clock, against the configured database; and `hotline call`, where you are
the caller at the terminal.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from app.calls.models import Call
from app.clock import Clock, SystemClock
from app.config import Settings
from app.help_requests.models import HelpRequest
from app.sandbox import Sandbox, sandbox
from app.telephony.simulator.clock import VirtualClock
from app.telephony.simulator.parties import (
    InteractiveCaller,
    OperatorPhone,
    Party,
    Press,
    ScriptedCaller,
)
from app.volunteers import repository as volunteer_repository
from app.volunteers import service as volunteer_service
from app.volunteers.models import Volunteer
from app.volunteers.schemas import VolunteerCreate

DEMO_OPERATOR = VolunteerCreate(
    name="Marie (demo operator)",
    phone_number="+32470990001",
    languages=["fr", "nl", "en"],
    is_operator=True,
)
DEMO_CALLER = "+3225551234"


async def _demo_operator(box: Sandbox, party: Party) -> Volunteer:
    """A French/Dutch-speaking operator on duty whose phone the simulator answers."""
    state = box.state
    async with state.sessionmaker() as session:
        volunteer = await volunteer_repository.get_by_phone(
            session, DEMO_OPERATOR.phone_number
        )
        if volunteer is None:
            volunteer, _ = await volunteer_service.create(
                session, DEMO_OPERATOR, now=state.clock.now()
            )
        box.sim.phone(volunteer.phone_number, party)
        await volunteer_service.set_duty(
            session, state, volunteer, on_duty=True, source="demo"
        )
        return volunteer


async def _off_duty(box: Sandbox, volunteer: Volunteer) -> None:
    # The real server started after the demo must not ring a simulated phone.
    async with box.state.sessionmaker() as session:
        fresh = await volunteer_repository.get(session, volunteer.id)
        if fresh is not None:
            await volunteer_service.set_duty(
                session, box.state, fresh, on_duty=False, source="demo"
            )


async def _where_it_went(box: Sandbox, call_sid: str, operator: Volunteer) -> str:
    async with box.state.sessionmaker() as session:
        call = (
            await session.execute(select(Call).where(Call.twilio_call_sid == call_sid))
        ).scalar_one()
        request = (
            await session.execute(
                select(HelpRequest).where(HelpRequest.call_id == call.id)
            )
        ).scalar_one()
    went = {
        "bridged": f"connected to {operator.name} after {call.wait_s} s in the queue",
        "callback": "left a callback request",
        "voicemail": "left a voicemail",
        "abandoned": "hung up while waiting",
    }.get(call.outcome or "", call.outcome or "unknown")
    return (
        f"Where the call went: {went}.\n"
        f"Logged: call #{call.id} ({call.status}, {call.duration_s} s) and help "
        f"request #{request.id}: language={request.language}, need={request.need}, "
        f"postcode={request.postcode}, caller={request.caller_number}, "
        f"status={request.status}."
    )


async def run_demo(settings: Settings) -> str:
    """French, groceries, postcode 1030: returns the transcripts and the outcome."""
    clock = VirtualClock(
        datetime.now(UTC).replace(hour=10, minute=0, second=0, microsecond=0)
    )
    async with sandbox(settings, clock=clock) as box:
        operator = await _demo_operator(box, OperatorPhone(answer_after_s=4, talk_s=75))
        caller = ScriptedCaller([Press("2"), Press("1"), Press("1030")], talk_s=60)
        call = await box.sim.place_call(
            from_=DEMO_CALLER, to=box.hotline_number, party=caller
        )
        await box.sim.run_until_idle(max_virtual_seconds=900)
        operator_legs = [
            c for c in box.sim.calls.values() if c.to == operator.phone_number
        ]
        outcome = await _where_it_went(box, call.sid, operator)
        await _off_duty(box, operator)
    parts = ["== What the caller heard and pressed ==", call.transcript.format()]
    for leg in operator_legs:
        parts += [
            "",
            f"== What volunteer {operator.name} heard ==",
            leg.transcript.format(),
        ]
    parts += ["", outcome]
    return "\n".join(parts)


async def run_interactive_call(settings: Settings, clock: Clock | None = None) -> None:
    """You are the caller: prompts are printed, you type keys (real time)."""
    async with sandbox(settings, clock=clock or SystemClock()) as box:
        operator = await _demo_operator(box, OperatorPhone(answer_after_s=3, talk_s=20))
        call = await box.sim.place_call(
            from_=DEMO_CALLER, to=box.hotline_number, party=InteractiveCaller(talk_s=20)
        )
        await box.sim.run_until_idle(max_virtual_seconds=3600)
        print(await _where_it_went(box, call.sid, operator))  # noqa: T201
        await _off_duty(box, operator)
