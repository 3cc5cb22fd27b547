"""`hotline call`: you are the caller, at the terminal, in real time; one operator
of the simulator answers (and is off duty again afterwards). Nobody else is rung:
operators on duty in the database have no phone in this simulator."""

from __future__ import annotations

from sqlalchemy import select

from app.calls.models import Call
from app.clock import Clock, SystemClock
from app.config import Settings
from app.help_requests import repository as request_repository
from app.volunteers import repository as volunteer_repository
from app.volunteers import service as volunteer_service
from app.volunteers.models import Volunteer
from app.volunteers.schemas import VolunteerCreate
from demo.sandbox import Sandbox, sandbox
from demo.seed import ring_only
from twilio_simulator.parties import InteractiveCaller, OperatorPhone, Party

TERMINAL_OPERATOR = VolunteerCreate(
    name="Marie (demo operator)",
    phone_number="+32470990001",
    languages=["fr", "nl", "en"],
    is_operator=True,
)
TERMINAL_CALLER = "+3225551234"


async def _operator(box: Sandbox, party: Party) -> Volunteer:
    """A French/Dutch-speaking operator on duty whose phone the simulator answers."""
    state = box.state
    async with state.sessionmaker() as session:
        volunteer = await volunteer_repository.get_by_phone(
            session, TERMINAL_OPERATOR.phone_number
        )
        if volunteer is None:
            volunteer, _ = await volunteer_service.create(
                session, TERMINAL_OPERATOR, now=state.clock.now()
            )
        box.sim.phone(volunteer.phone_number, party)
        await ring_only(state, {str(volunteer.id)})
        await volunteer_service.set_duty(
            session, state, volunteer, on_duty=True, source="demo"
        )
        return volunteer


async def _off_duty(box: Sandbox, volunteer: Volunteer) -> None:
    # The real server started afterwards must not ring a simulated phone.
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
        request = await request_repository.get_for_call(session, call.id)
    went = {
        "bridged": f"connected to {operator.name} after {call.wait_s} s in the queue",
        "callback": "left a callback request",
        "voicemail": "left a voicemail",
        "abandoned": "hung up while waiting",
    }.get(call.outcome or "", call.outcome or "unknown")
    logged = f"Logged: call #{call.id} ({call.status}, {call.duration_s} s)"
    if request is not None:
        logged += (
            f" and help request #{request.id}: language={request.language}, "
            f"need={request.need}, postcode={request.postcode}, "
            f"status={request.status}"
        )
    return f"Where the call went: {went}.\n{logged}."


async def run_interactive_call(settings: Settings, clock: Clock | None = None) -> None:
    """You are the caller: prompts are printed, you type keys (real time)."""
    async with sandbox(settings, clock=clock or SystemClock()) as box:
        operator = await _operator(box, OperatorPhone(answer_after_s=3, talk_s=20))
        call = await box.sim.place_call(
            from_=TERMINAL_CALLER,
            to=box.hotline_number,
            party=InteractiveCaller(talk_s=20),
        )
        await box.sim.run_until_idle(max_virtual_seconds=3600)
        print(await _where_it_went(box, call.sid, operator))  # noqa: T201
        await _off_duty(box, operator)
