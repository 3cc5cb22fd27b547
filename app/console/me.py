"""The operator's own console page (/console/me): their duty, a button to switch it,
and their current and recent calls, numbers masked. Reads and writes through the
volunteer and call services, as /api/duty and /api/duty/calls do."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from app.auth.masking import masked
from app.auth.roles import Role
from app.calls import service as call_service
from app.calls.schemas import CallFilter
from app.console.security import FormDep, Viewer, console_viewer
from app.console.templating import see_other, viewer_page
from app.db import SessionDep
from app.errors import Forbidden
from app.state import StateDep
from app.volunteers import service as volunteer_service
from app.volunteers.models import Volunteer

router = APIRouter(prefix="/console/me", include_in_schema=False)

OperatorViewerDep = Annotated[Viewer, console_viewer(Role.OPERATOR)]
RECENT_CALLS = 20


class NoVolunteerRecord(Forbidden):
    """An operator account that names no volunteer record."""


async def _volunteer(viewer: Viewer, session: SessionDep) -> Volunteer:
    if viewer.coordinator.volunteer_id is None:
        raise NoVolunteerRecord("this operator account has no volunteer record")
    return await volunteer_service.get(session, viewer.coordinator.volunteer_id)


@router.get("")
async def my_page(
    request: Request, viewer: OperatorViewerDep, state: StateDep, session: SessionDep
) -> HTMLResponse:
    volunteer = await _volunteer(viewer, session)
    calls = masked(
        await call_service.call_log(
            session,
            CallFilter(operator=volunteer.id),
            timezone=state.settings.console.timezone,
            limit=RECENT_CALLS,
        )
    )
    return viewer_page(
        request,
        viewer,
        "me/index.html",
        section="me",
        volunteer=volunteer,
        live_state=await volunteer_service.live_state(state, volunteer),
        calls=calls.items,
    )


@router.post("/duty")
async def switch_duty(
    form: FormDep, viewer: OperatorViewerDep, state: StateDep, session: SessionDep
) -> RedirectResponse:
    volunteer = await _volunteer(viewer, session)
    on_duty = form.get("on_duty") == "1"
    await volunteer_service.set_duty(
        session, state, volunteer, on_duty=on_duty, source="self"
    )
    return see_other("/console/me", "notice-me-on" if on_duty else "notice-me-off")
