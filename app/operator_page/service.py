"""The operator's page: the link they get by SMS when they go on duty, and the call
they are on (or just had) with a form for its request's details.

The page shows the caller's language, need, postcode and municipality and the
earlier calls and requests of the number (masked); the form fills in what a
neighbour needs while the call is live and up to `wrapup.form_window_s` after it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app.calls.models import Call
from app.errors import NotFound
from app.help_requests import service as request_service
from app.help_requests.models import HelpRequest
from app.help_requests.schemas import HelpRequestUpdate
from app.logging import mask_phone
from app.operator_page import links, repository
from app.operator_page.errors import OperatorFormClosed
from app.operator_page.schemas import (
    EarlierCall,
    EarlierRequest,
    OperatorCallView,
    OperatorPage,
)
from app.queue.legs import pack_for
from app.state import HotlineState
from app.triage import service as triage
from app.volunteers import repository as volunteer_repository
from app.volunteers.models import Volunteer
from app.wrapup import repository as wrapup_repository

logger = logging.getLogger(__name__)

# The request details the operator's form fills in.
FORM_FIELDS = (
    "requester_name",
    "address_street",
    "address_number",
    "address_box",
    "postcode",
    "needs_text",
    "urgency",
    "needed_by",
    "access_notes",
    "details_consent",
)
# Duties the operator starts (by phone, on their own page or API, by their shift)
# text them the link; a coordinator setting them available again does not.
LINK_SOURCES = frozenset({"phone", "self", "shift"})


def signing_key(state: HotlineState) -> bytes:
    settings = state.settings
    secret = settings.wrapup.link_secret or settings.twilio.auth_token
    return links.derive_key(secret.get_secret_value())


def link_for(state: HotlineState, volunteer_id: int, *, now: datetime) -> str:
    expires_at = now + timedelta(seconds=state.settings.wrapup.link_lifetime_s)
    token = links.sign(signing_key(state), volunteer_id, expires_at=expires_at)
    return state.settings.public_url(f"/console/operator/{token}")


def volunteer_of(state: HotlineState, token: str) -> int:
    """The volunteer a link was made for (OperatorLinkInvalid, OperatorLinkExpired)."""
    return links.verify(signing_key(state), token, now=state.clock.now())


async def send_link(state: HotlineState, volunteer: Volunteer) -> None:
    """Text the operator their page, in their language. A failed SMS is logged:
    going on duty never fails for it."""
    pack = pack_for(state, volunteer.languages[0] if volunteer.languages else None)
    hours = max(1, state.settings.wrapup.link_lifetime_s // 3600)
    body = pack.text(
        "sms_operator_page",
        hours=hours,
        link=link_for(state, volunteer.id, now=state.clock.now()),
    )
    try:
        await state.telephony.send_sms(to=volunteer.phone_number, body=body)
    except Exception:
        logger.exception("the operator's page link could not be sent")


async def _current(
    session: AsyncSession, state: HotlineState, volunteer_id: int
) -> tuple[Call, Call, HelpRequest] | None:
    """The operator's last leg that took a call, the caller's call, its errand."""
    found = await repository.last_accepted_leg(session, volunteer_id)
    if found is None:
        return None
    leg, offer_id = found
    caller_call = await wrapup_repository.caller_call_of_offer(session, offer_id)
    if caller_call is None:
        return None
    request = await triage.errand_of_call(session, caller_call, now=state.clock.now())
    if request is None:
        return None
    return leg, caller_call, request


def _editable_until(state: HotlineState, leg: Call) -> datetime | None:
    if leg.ended_at is None:
        return None
    return leg.ended_at + timedelta(seconds=state.settings.wrapup.form_window_s)


def _value(request: HelpRequest, name: str) -> str:
    value = getattr(request, name)
    return "" if value is None else str(value)


async def page(
    session: AsyncSession, state: HotlineState, volunteer_id: int
) -> OperatorPage:
    """What the operator's page shows. Commits (a later call of a number with an
    open request is attached to it on first sight, as the wrap-up would)."""
    volunteer = await volunteer_repository.get(session, volunteer_id)
    if volunteer is None or not volunteer.is_operator:
        raise NotFound("no such operator")
    now = state.clock.now()
    current = await _current(session, state, volunteer_id)
    call_view = None
    if current is not None:
        leg, caller_call, request = current
        until = _editable_until(state, leg)
        number = caller_call.caller_e164
        place = state.postcodes.lookup(request.postcode) if request.postcode else None
        language = caller_call.language or request.language
        call_view = OperatorCallView(
            request_id=request.id,
            caller_masked=mask_phone(number or caller_call.from_number),
            language=language,
            need=request.need,
            postcode=request.postcode,
            municipality=place.display_name(language or "nl") if place else None,
            started_at=caller_call.started_at,
            is_live=leg.ended_at is None,
            is_editable=until is None or now <= until,
            editable_until=until,
            values={name: _value(request, name) for name in FORM_FIELDS},
            earlier_calls=[
                EarlierCall(started_at=c.started_at, outcome=c.outcome)
                for c in (
                    await repository.earlier_calls(
                        session, number, before_id=caller_call.id
                    )
                    if number
                    else []
                )
            ],
            earlier_requests=[
                EarlierRequest(
                    id=r.id, status=r.status, need=r.need, created_at=r.created_at
                )
                for r in await repository.requests_of_number(
                    session, request.caller_number, except_id=request.id
                )
            ],
        )
    await session.commit()
    return OperatorPage(
        volunteer_id=volunteer.id,
        name=volunteer.name,
        languages=list(volunteer.languages),
        call=call_view,
    )


async def save_details(
    session: AsyncSession,
    state: HotlineState,
    volunteer_id: int,
    data: HelpRequestUpdate,
) -> HelpRequest:
    """The operator's form: the request of their call, while the call is live and
    up to `form_window_s` after it (OperatorFormClosed otherwise)."""
    now = state.clock.now()
    current = await _current(session, state, volunteer_id)
    if current is None:
        raise OperatorFormClosed("there is no call of yours to fill in")
    leg, _, request = current
    until = _editable_until(state, leg)
    if until is not None and now > until:
        raise OperatorFormClosed("this call ended too long ago to fill in here")
    changes = {k: v for k, v in data.changes().items() if k in FORM_FIELDS}
    request_service.apply_details(
        session,
        state.postcodes,
        request,
        changes,
        now=now,
        actor=f"operator:{volunteer_id}",
    )
    await session.commit()
    return request
