"""Volunteer endpoints: coordinator management, the operator's own duty switch, and the
duty phone line webhook."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Query
from fastapi.responses import Response

from app.audit import reveal
from app.auth.dependencies import CoordinatorDep
from app.auth.masking import masked
from app.calls import service as call_service
from app.calls.schemas import CallFilter, CallPage
from app.db import SessionDep
from app.ivr import service as ivr_service
from app.state import StateDep
from app.telephony.webhooks import VoiceHook, respond
from app.volunteers import repository, service
from app.volunteers.dependencies import OperatorDep
from app.volunteers.schemas import (
    DutyRead,
    DutyUpdate,
    ImportReport,
    Language,
    RosterFilter,
    RosterPage,
    ShiftIn,
    VolunteerCreate,
    VolunteerCreated,
    VolunteerPage,
    VolunteerRead,
    VolunteerUpdate,
    WeekCoverage,
)

router = APIRouter(prefix="/api/volunteers", tags=["volunteers"])
duty_router = APIRouter(prefix="/api/duty", tags=["duty"])
phone_router = APIRouter(prefix="/twilio", tags=["twilio"])

MAX_CSV_BYTES = 1_000_000


@router.get("")
async def list_volunteers(
    session: SessionDep,
    _: CoordinatorDep,
    role: Literal["operator", "field"] | None = None,
    duty_state: Literal["offline", "available", "away"] | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> VolunteerPage:
    """Volunteers, optionally by role and duty state."""
    items, total = await repository.list_volunteers(
        session, role=role, duty_state=duty_state, limit=limit, offset=offset
    )
    return VolunteerPage(
        total=total, items=[masked(VolunteerRead.model_validate(v)) for v in items]
    )


@router.post("", status_code=201)
async def create_volunteer(
    data: VolunteerCreate,
    session: SessionDep,
    state: StateDep,
    coordinator: CoordinatorDep,
) -> VolunteerCreated:
    """Add a volunteer; the response carries their personal duty token, once."""
    volunteer, token = await service.create(
        session, data, now=state.clock.now(), actor=coordinator.username
    )
    volunteer = await service.get(session, volunteer.id)
    return masked(
        VolunteerCreated.model_validate(
            {
                **VolunteerRead.model_validate(volunteer).model_dump(),
                "duty_token": token,
            }
        )
    )


@router.post("/import", status_code=201)
async def import_volunteers(
    session: SessionDep,
    state: StateDep,
    coordinator: CoordinatorDep,
    csv_text: Annotated[str, Body(media_type="text/csv", max_length=MAX_CSV_BYTES)],
) -> ImportReport:
    """Import volunteers from CSV: every row or none; errors are listed per line."""
    volunteers = await service.import_csv(
        session, csv_text, now=state.clock.now(), actor=coordinator.username
    )
    return ImportReport(imported=len(volunteers), ids=[v.id for v in volunteers])


@router.get("/roster")
async def roster(
    session: SessionDep,
    state: StateDep,
    _: CoordinatorDep,
    filters: Annotated[RosterFilter, Query()],
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    place_language: Language = "nl",
) -> RosterPage:
    """The console's roster: by name, phones masked, with runs this month."""
    return await service.roster(
        session,
        state,
        filters,
        limit=limit,
        offset=offset,
        place_language=place_language,
    )


@router.get("/coverage")
async def coverage(
    session: SessionDep, state: StateDep, _: CoordinatorDep
) -> WeekCoverage:
    """Next week's operators on shift per open hour and language (0 = a gap)."""
    return await service.week_coverage(session, state)


@router.get("/{volunteer_id}")
async def get_volunteer(
    volunteer_id: int, session: SessionDep, _: CoordinatorDep
) -> VolunteerRead:
    """One volunteer, the phone number masked."""
    return masked(
        VolunteerRead.model_validate(await service.get(session, volunteer_id))
    )


@router.post("/{volunteer_id}/reveal")
async def reveal_volunteer(
    volunteer_id: int, session: SessionDep, state: StateDep, coordinator: CoordinatorDep
) -> VolunteerRead:
    """One volunteer with the phone number in full; who asked is written to the
    audit log."""
    return await reveal.reveal_volunteer(
        session, state, volunteer_id, account=coordinator, via="api"
    )


@router.patch("/{volunteer_id}")
async def update_volunteer(
    volunteer_id: int,
    data: VolunteerUpdate,
    session: SessionDep,
    state: StateDep,
    coordinator: CoordinatorDep,
) -> VolunteerRead:
    """Edit a volunteer."""
    await service.update(session, state, volunteer_id, data, actor=coordinator.username)
    return masked(
        VolunteerRead.model_validate(await service.get(session, volunteer_id))
    )


@router.put("/{volunteer_id}/shifts")
async def replace_shifts(
    volunteer_id: int,
    shifts: list[ShiftIn],
    session: SessionDep,
    state: StateDep,
    coordinator: CoordinatorDep,
) -> VolunteerRead:
    """Replace an operator's weekly shifts (they go on/off duty at the shift edges)."""
    return masked(
        VolunteerRead.model_validate(
            await service.replace_shifts(
                session,
                volunteer_id,
                shifts,
                actor=coordinator.username,
                now=state.clock.now(),
            )
        )
    )


@router.put("/{volunteer_id}/duty")
async def set_duty(
    volunteer_id: int,
    data: DutyUpdate,
    session: SessionDep,
    state: StateDep,
    _: CoordinatorDep,
) -> DutyRead:
    """A coordinator puts an operator on or off duty."""
    volunteer = await service.get(session, volunteer_id)
    await service.set_duty(
        session, state, volunteer, on_duty=data.on_duty, source="coordinator"
    )
    return DutyRead(
        volunteer_id=volunteer.id,
        duty_state=volunteer.duty_state,
        live_state=await service.live_state(state, volunteer),
    )


@duty_router.get("")
async def my_duty(operator: OperatorDep, state: StateDep) -> DutyRead:
    """The operator's own duty state (personal token)."""
    return DutyRead(
        volunteer_id=operator.id,
        duty_state=operator.duty_state,
        live_state=await service.live_state(state, operator),
    )


@duty_router.get("/calls")
async def my_calls(
    operator: OperatorDep,
    session: SessionDep,
    state: StateDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> CallPage:
    """The operator's own current and recent calls, newest first (numbers masked)."""
    page = await call_service.call_log(
        session,
        CallFilter(operator=operator.id),
        timezone=state.settings.console.timezone,
        limit=limit,
        with_total=False,
    )
    return masked(page)


@duty_router.put("")
async def switch_my_duty(
    data: DutyUpdate, operator: OperatorDep, session: SessionDep, state: StateDep
) -> DutyRead:
    """The operator goes on or off duty themselves (personal token)."""
    await service.set_duty(
        session, state, operator, on_duty=data.on_duty, source="self"
    )
    return DutyRead(
        volunteer_id=operator.id,
        duty_state=operator.duty_state,
        live_state=await service.live_state(state, operator),
    )


@phone_router.post("/duty/pin")
async def duty_line_pin(
    hook: VoiceHook,
    session: SessionDep,
    retries: Annotated[int, Query(alias="try", ge=0, le=20)] = 0,
) -> Response:
    """An operator keyed their duty PIN on the phone."""
    state, event = hook.state, hook.event
    return await respond(
        state,
        session,
        lambda: service.duty_line_pin(session, state, event, retries),
        fallback=lambda: ivr_service.fallback_script(state, None, to_queue=False),
    )


@phone_router.post("/duty")
async def duty_line(
    hook: VoiceHook,
    session: SessionDep,
    retries: Annotated[int, Query(alias="try", ge=0, le=20)] = 0,
) -> Response:
    """An operator answered the duty menu on the phone (1 on, 2 off)."""
    state, event = hook.state, hook.event
    return await respond(
        state,
        session,
        lambda: service.duty_line_choice(session, state, event, retries),
        fallback=lambda: ivr_service.fallback_script(state, None, to_queue=False),
    )
