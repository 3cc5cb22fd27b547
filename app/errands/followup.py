"""After DONE, a short call to the requester: "did your neighbour come? 1 yes, 2 no".

Placed `followup_delay_s` after the neighbour texted DONE, only while the request's
line is open (nobody is rung at night), once per request (a conditional UPDATE
claims it, so two app instances never both ring). "No" puts the request back
before the coordinators: open again, escalated, on the work list.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app.calls import service as call_service
from app.errands import repository, urls
from app.errands.details import first_name
from app.help_requests import repository as request_repository
from app.help_requests import service as request_service
from app.help_requests.models import HelpRequest
from app.ivr import hours
from app.phone_numbers import to_e164
from app.queue.legs import pack_for
from app.state import HotlineState
from app.telephony import instructions as ins
from app.telephony.events import CallStatusChanged, VoiceEvent
from app.volunteers import repository as volunteer_repository

logger = logging.getLogger(__name__)

PURPOSE = "followup"
BATCH = 50
DID_NOT_COME = "neighbour_did_not_come"


async def tick(state: HotlineState) -> int:
    """Place the follow-up calls that are due; returns how many were placed."""
    now = state.clock.now()
    settings = state.settings.errands
    async with state.sessionmaker() as session:
        due = await repository.followups_due(
            session,
            done_before=now - timedelta(seconds=settings.followup_delay_s),
            done_after=now - timedelta(seconds=settings.followup_max_age_s),
            limit=BATCH,
        )
        claimed = []
        for request_id in due:
            request = await request_repository.get(session, request_id)
            if request is None:
                continue
            line = state.settings.line(request.line)
            if not hours.is_open(now, line.ivr):
                continue  # rung when the line opens again
            if await repository.claim_followup(session, request_id, now=now):
                claimed.append(request_id)
        await session.commit()
    for request_id in claimed:
        await _place_call(state, request_id)
    return len(claimed)


async def _place_call(state: HotlineState, request_id: int) -> None:
    async with state.sessionmaker() as session:
        request = await request_repository.get(session, request_id)
        if request is None:
            return
        now = state.clock.now()
        if to_e164(request.caller_number) is None:
            request.followup_answer = "no_number"
            request_service.record(session, request, "followup_skipped", now=now)
            await session.commit()
            return
        try:
            sid = await state.telephony.place_call(
                to=request.caller_number,
                url=urls.followup(request_id),
                status_callback=urls.followup_status(request_id),
                timeout_s=state.settings.errands.followup_ring_s,
            )
        except Exception:
            logger.exception("follow-up call could not be placed")
            request.followup_answer = "failed"
            request_service.record(session, request, "followup_failed", now=now)
            await session.commit()
            return
        call, _ = await call_service.get_or_create_call(
            session,
            twilio_call_sid=sid,
            purpose=PURPOSE,
            direction="outbound-api",
            from_number=state.settings.twilio.hotline_number,
            to_number=request.caller_number,
            status="queued",
            now=now,
        )
        call.language = request.language
        call.volunteer_id = request.volunteer_id
        request_service.record(
            session, request, "followup_call", now=now, detail={"call_sid": sid}
        )
        await session.commit()


def _question(
    state: HotlineState,
    request: HelpRequest,
    volunteer_name: str,
    *,
    retries: int,
    lead: tuple[ins.Prompt, ...] = (),
) -> ins.Script:
    pack = pack_for(state, request.language)
    question = pack.say(
        "followup_question",
        volunteer=volunteer_name,
        need=pack.text(f"need_{request.need or 'other'}"),
    )
    return ins.Script(
        (
            ins.Gather(
                action=urls.followup_answer(request.id, retries),
                prompts=(*lead, question),
                num_digits=1,
                timeout_s=state.settings.ivr.gather_timeout_s,
            ),
        )
    )


async def _volunteer_name(session: AsyncSession, request: HelpRequest) -> str | None:
    if request.volunteer_id is None:
        return None
    volunteer = await volunteer_repository.get(session, request.volunteer_id)
    return first_name(volunteer.name if volunteer else None)


async def script(
    session: AsyncSession, state: HotlineState, request_id: int, event: VoiceEvent
) -> ins.Script:
    """The requester answered the follow-up call: the question."""
    request = await request_repository.get(session, request_id)
    pack = pack_for(state, request.language if request else None)
    name = await _volunteer_name(session, request) if request else None
    if request is None or name is None:
        return ins.Script((pack.say("goodbye"), ins.Hangup()))
    return _question(state, request, name, retries=0, lead=(ins.Pause(1),))


async def answer(
    session: AsyncSession,
    state: HotlineState,
    request_id: int,
    event: VoiceEvent,
    *,
    retries: int,
) -> ins.Script:
    """1: the neighbour came. 2: they did not: back to the coordinators."""
    now = state.clock.now()
    request = await request_repository.get(session, request_id)
    pack = pack_for(state, request.language if request else None)
    if request is None:
        return ins.Script((pack.say("goodbye"), ins.Hangup()))
    digits = (event.digits or "").strip()
    if digits in ("1", "2"):
        call = await call_service.call_for_event(
            session, event, purpose=PURPOSE, now=now
        )
        came = digits == "1"
        call.outcome = "followup_came" if came else "followup_not_came"
        if request.followup_answer is None:  # a retried webhook changes nothing
            request.followup_answer = "came" if came else "did_not_come"
            request_service.record(
                session,
                request,
                "followup_came" if came else "followup_did_not_come",
                now=now,
                actor="requester",
            )
            if not came:
                _back_to_coordinators(session, request, now=now)
        await session.commit()
        sentence = "followup_thanks" if came else "followup_sorry"
        return ins.Script((pack.say(sentence), ins.Hangup()))
    name = await _volunteer_name(session, request)
    if name is not None and retries < state.settings.ivr.max_retries:
        sorry = pack.say("invalid_choice" if digits else "no_input")
        return _question(state, request, name, retries=retries + 1, lead=(sorry,))
    return ins.Script((pack.say("goodbye"), ins.Hangup()))


def _back_to_coordinators(
    session: AsyncSession, request: HelpRequest, *, now: datetime
) -> None:
    """Open again and escalated: the work list shows it, automatic matching does
    not touch it, and a coordinator matches, assigns or closes it."""
    request.status = "new"
    request.done_at = None
    request.next_wave_at = None
    request.escalated_at = now
    request_service.record(
        session, request, "escalated", now=now, detail={"reason": DID_NOT_COME}
    )


async def status(
    session: AsyncSession,
    state: HotlineState,
    request_id: int,
    event: CallStatusChanged,
) -> None:
    """Status callback of a follow-up call: an unanswered one is on the history."""
    now = state.clock.now()
    call = await call_service.call_for_event(session, event, purpose=PURPOSE, now=now)
    if (
        not await call_service.apply_status(session, call, event, now=now)
        or not event.is_final
    ):
        await session.commit()
        return
    request = await request_repository.get(session, request_id)
    if request is not None and request.followup_answer is None:
        request.followup_answer = "no_answer"
        call.outcome = call.outcome or "followup_unanswered"
        request_service.record(
            session,
            request,
            "followup_unanswered",
            now=now,
            detail={"status": event.call_status},
        )
    await session.commit()
