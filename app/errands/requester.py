"""The requester's call while their request is open: where it stands, in their
language ("a neighbour, Anna, will bring your groceries and will call you"), then
"press 1 to talk to a volunteer, 2 if you no longer need help".

1 (or silence: staying on the line is staying for a volunteer) joins the queue like
any caller; the call's own request is the same errand and is attached to the open
one before matching (app/triage). 2 closes the request with the reason "no longer
needed" and tells the neighbour who took it by SMS.
"""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession

from app.calls import service as call_service
from app.calls.models import Call
from app.errands import repository, urls
from app.errands.details import first_name
from app.help_requests import repository as request_repository
from app.help_requests import service as request_service
from app.help_requests.models import HelpRequest
from app.ivr import hours
from app.ivr.prompts import LanguagePack
from app.logging import mask_phone
from app.matching import repository as matching_repository
from app.ops import metrics as ops_metrics
from app.phone_numbers import to_e164
from app.queue import urls as queue_urls
from app.queue.legs import pack_for
from app.state import HotlineState
from app.telephony import instructions as ins
from app.telephony.events import VoiceEvent
from app.volunteers import repository as volunteer_repository
from app.volunteers.models import Volunteer

logger = logging.getLogger(__name__)

PURPOSE = "caller"  # they called the hotline: counted as a caller's call
NO_LONGER_NEEDED = "no_longer_needed"


async def _where_it_stands(
    session: AsyncSession, pack: LanguagePack, request: HelpRequest
) -> ins.Say:
    need = pack.text(f"need_{request.need or 'other'}")
    if request.status == repository.IN_PROGRESS and request.volunteer_id is not None:
        volunteer = await volunteer_repository.get(session, request.volunteer_id)
        if name := first_name(volunteer.name if volunteer else None):
            return pack.say("status_matched", volunteer=name, need=need)
    if request.escalated_at is not None:
        return pack.say("status_coordinator", need=need)
    return pack.say("status_searching", need=need)


def _menu(
    state: HotlineState,
    pack: LanguagePack,
    request: HelpRequest,
    event: VoiceEvent,
    *,
    retries: int,
    lead: tuple[ins.Say, ...],
) -> ins.Script:
    # Closed: 1 still joins the queue, where nobody on duty means a callback or a
    # message, so that is what the menu offers.
    line = state.settings.line_for_number(event.to_number)
    is_open = hours.is_open(state.clock.now(), line.ivr)
    return ins.Script(
        (
            ins.Gather(
                action=urls.requester_choice(request.id, retries),
                prompts=(
                    *lead,
                    pack.say("status_menu" if is_open else "status_menu_closed"),
                ),
                num_digits=1,
                timeout_s=state.settings.ivr.gather_timeout_s,
            ),
        )
    )


async def incoming(
    session: AsyncSession, state: HotlineState, request_id: int, event: VoiceEvent
) -> ins.Script:
    """A caller with an open request: where it stands, then the menu."""
    now = state.clock.now()
    call, created = await call_service.get_or_create_call(
        session,
        twilio_call_sid=event.call_sid,
        purpose=PURPOSE,
        direction=event.direction,
        from_number=event.from_number,
        to_number=event.to_number,
        status=event.call_status,
        now=now,
    )
    request = await request_repository.get(session, request_id)
    pack = pack_for(state, request.language if request else None)
    call.language = pack.language
    if request is None:  # gone since the first look (erased): the usual menu later
        await session.commit()
        return ins.Script((ins.Redirect(queue_urls.enter(pack.language)),))
    call.line = request.line
    if created:
        await call_service.add_event(
            session, call, "status_call", now=now, detail={"request_id": request.id}
        )
        request_service.record(
            session,
            request,
            "status_call",
            now=now,
            detail={"call_sid": event.call_sid, "status": request.status},
        )
    sentence = await _where_it_stands(session, pack, request)
    await session.commit()
    return _menu(state, pack, request, event, retries=0, lead=(sentence,))


async def choice(
    session: AsyncSession,
    state: HotlineState,
    event: VoiceEvent,
    *,
    request_id: int,
    retries: int,
) -> ins.Script:
    """The requester answered: 1 a volunteer, 2 no longer needed, * again."""
    now = state.clock.now()
    request = await request_repository.get(session, request_id)
    pack = pack_for(state, request.language if request else None)
    call = await call_service.call_for_event(session, event, purpose=PURPOSE, now=now)
    if request is None or to_e164(event.from_number) != request.caller_number:
        return await _to_volunteer(session, state, call, pack, None)
    digits = (event.digits or "").strip()
    is_open = request.status in repository.OPEN_FOR_REQUESTER
    if digits == "2" and is_open:
        return await _no_longer_needed(session, state, call, pack, request)
    if digits == "*" and is_open:
        sentence = await _where_it_stands(session, pack, request)
        return _menu(state, pack, request, event, retries=retries, lead=(sentence,))
    if digits in ("", "1", "2") or retries >= state.settings.ivr.max_retries:
        # Silence, 1, or a wrong key once too often: a volunteer takes over.
        return await _to_volunteer(session, state, call, pack, request)
    sorry = pack.say("invalid_choice")
    return _menu(state, pack, request, event, retries=retries + 1, lead=(sorry,))


async def _to_volunteer(
    session: AsyncSession,
    state: HotlineState,
    call: Call,
    pack: LanguagePack,
    request: HelpRequest | None,
) -> ins.Script:
    """Into the queue like any caller. The call's own request starts with what the
    open one knows (the operator's whisper says it) and is attached to it before
    matching."""
    now = state.clock.now()
    own = await request_service.ensure_for_call(session, call, now=now)
    if request is not None and own.id != request.id:
        own.need = own.need or request.need
        own.postcode = own.postcode or request.postcode
    await call_service.add_event(
        session,
        call,
        "status_to_volunteer",
        now=now,
        dedupe_key=f"status_to_volunteer:{call.twilio_call_sid}",
    )
    await session.commit()
    return ins.Script((ins.Redirect(queue_urls.enter(pack.language)),))


async def _no_longer_needed(
    session: AsyncSession,
    state: HotlineState,
    call: Call,
    pack: LanguagePack,
    request: HelpRequest,
) -> ins.Script:
    now = state.clock.now()
    # One conditional UPDATE: a neighbour's YES at the same moment either lands
    # before (then they are told below) or finds the request closed.
    if await repository.close_if_open(
        session, request.id, reason=NO_LONGER_NEEDED, now=now
    ):
        await session.refresh(request)
        for offer in await matching_repository.offers_of(session, request.id):
            if offer.response == "pending":
                offer.response, offer.responded_at = "withdrawn", now
        request_service.record(
            session,
            request,
            "closed",
            now=now,
            actor="requester",
            detail={"reason": NO_LONGER_NEEDED, "call_sid": call.twilio_call_sid},
        )
        call.outcome = NO_LONGER_NEEDED
        neighbour = (
            await volunteer_repository.get(session, request.volunteer_id)
            if request.volunteer_id is not None
            else None
        )
        await session.commit()
        if neighbour is not None:
            await _tell_neighbour(state, neighbour, request)
    else:
        await session.commit()
    return ins.Script((pack.say("status_cancelled"), ins.Hangup()))


async def _tell_neighbour(
    state: HotlineState, neighbour: Volunteer, request: HelpRequest
) -> None:
    known = [x for x in neighbour.languages if x in state.catalogue.languages]
    pack = pack_for(state, known[0] if known else None)
    body = pack.text("sms_errand_cancelled", code=request.short_code or "")
    try:
        await state.telephony.send_sms(to=neighbour.phone_number, body=body)
        ops_metrics.sms("sent")
    except Exception:
        logger.exception(
            "cancellation SMS to %s could not be sent",
            mask_phone(neighbour.phone_number),
        )
        ops_metrics.sms("failed")
