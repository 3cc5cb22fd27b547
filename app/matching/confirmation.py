"""The requester's confirmation call: once a neighbour said yes, the hotline rings the
requester and says, in their language, who will help ("a neighbour, Anna, will bring
your groceries"). Placing the call, its TwiML, and its status callback."""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession

from app.calls import service as call_service
from app.help_requests import repository as request_repository
from app.help_requests import service as request_service
from app.phone_numbers import to_e164
from app.queue.legs import pack_for
from app.resilience import redial, retry
from app.state import HotlineState
from app.telephony import instructions as ins
from app.telephony.events import CallStatusChanged, VoiceEvent
from app.volunteers import repository as volunteer_repository

logger = logging.getLogger(__name__)


def confirm_url(request_id: int) -> str:
    return f"/twilio/confirm/{request_id}"


def confirm_status_url(request_id: int) -> str:
    return f"/twilio/confirm/{request_id}/status"


async def place_call(state: HotlineState, request_id: int) -> None:
    """Ring the requester (after a neighbour said yes); failures are on the history."""
    async with state.sessionmaker() as session:
        request = await request_repository.get(session, request_id)
        if request is None or to_e164(request.caller_number) is None:
            return
        try:
            sid = await retry.retrying(
                state.settings.resilience,
                "confirmation_call",
                lambda: state.telephony.place_call(
                    to=request.caller_number,
                    url=confirm_url(request_id),
                    status_callback=confirm_status_url(request_id),
                    timeout_s=40,
                ),
            )
        except Exception:
            logger.exception("confirmation call could not be placed")
            now = state.clock.now()
            request_service.record(session, request, "confirmation_failed", now=now)
            await redial.confirmation_missed(session, state, request, now=now)
            await session.commit()
            return
        now = state.clock.now()
        call, _ = await call_service.get_or_create_call(
            session,
            twilio_call_sid=sid,
            purpose="confirmation",
            direction="outbound-api",
            from_number=state.settings.twilio.hotline_number,
            to_number=request.caller_number,
            status="queued",
            now=now,
        )
        call.language = request.language
        call.volunteer_id = request.volunteer_id
        request_service.record(
            session, request, "confirmation_call", now=now, detail={"call_sid": sid}
        )
        await session.commit()


async def confirmation_script(
    session: AsyncSession, state: HotlineState, request_id: int, event: VoiceEvent
) -> ins.Script:
    """What the requester hears: who will help, in their language, said twice."""
    request = await request_repository.get(session, request_id)
    pack = pack_for(state, request.language if request else None)
    if request is None or request.volunteer_id is None:
        return ins.Script((pack.say("goodbye"), ins.Hangup()))
    volunteer = await volunteer_repository.get(session, request.volunteer_id)
    first_name = volunteer.name.split()[0] if volunteer else "?"
    message = pack.say(
        "confirmation_call",
        volunteer=first_name,
        need=pack.text(f"need_{request.need or 'other'}"),
    )
    return ins.Script((ins.Pause(1), message, ins.Pause(1), message, ins.Hangup()))


async def confirmation_status(
    session: AsyncSession,
    state: HotlineState,
    request_id: int,
    event: CallStatusChanged,
) -> None:
    now = state.clock.now()
    call = await call_service.call_for_event(
        session, event, purpose="confirmation", now=now
    )
    if (
        not await call_service.apply_status(session, call, event, now=now)
        or not event.is_final
    ):
        await session.commit()
        return
    request = await request_repository.get(session, request_id)
    if request is not None:
        delivered = call.answered_at is not None and event.call_status == "completed"
        call.outcome = "confirmed" if delivered else "unanswered"
        kind = "confirmation_delivered" if delivered else "confirmation_unanswered"
        request_service.record(
            session, request, kind, now=now, detail={"status": event.call_status}
        )
        if not delivered:
            await redial.confirmation_missed(session, state, request, now=now)
    await session.commit()
