"""The operator side of an offer: the whisper, accept or not, and how it ended."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from app.calls import repository as call_repository
from app.calls import service as call_service
from app.calls.models import Call
from app.ops import metrics as ops_metrics
from app.queue import callbacks, urls
from app.queue import repository as queue_repository
from app.queue.backend import Offer, OperatorPresence
from app.queue.legs import (
    MISSED_STATUSES,
    at,
    epoch,
    hang_up_leg,
    pack_for,
    room_name,
)
from app.state import HotlineState
from app.telephony import instructions as ins
from app.telephony.events import CallStatusChanged, VoiceEvent
from app.volunteers import repository as volunteer_repository
from app.volunteers.models import Volunteer
from app.wrapup import service as wrapup_service
from app.wrapup import urls as wrapup_urls

logger = logging.getLogger(__name__)


async def offer_answered(
    session: AsyncSession, state: HotlineState, event: VoiceEvent, offer_id: str
) -> ins.Script:
    """The operator picked up: whisper what the call is, ask for 1 to accept."""
    now = state.clock.now()
    offer = await state.queue.get_offer(offer_id)
    leg = await call_repository.get_by_sid(session, event.call_sid)
    volunteer = (
        await volunteer_repository.get(session, leg.volunteer_id)
        if leg and leg.volunteer_id
        else None
    )
    pack = pack_for(state, volunteer.languages[0] if volunteer else None)
    if leg is not None:
        await call_service.add_event(
            session,
            leg,
            "answered",
            now=now,
            detail={"answered_by": event.answered_by},
            dedupe_key=f"answered:{event.call_sid}",
        )
    if offer is None or offer.is_accepted:
        await session.commit()
        return ins.Script((pack.say("offer_taken"), ins.Hangup()))
    if event.answered_by and event.answered_by.startswith(("machine", "fax")):
        await offer_missed(session, state, offer, reason="voicemail")
        return ins.Script((ins.Hangup(),))
    await session.commit()
    entry = offer.entry
    # A caller who chose no language: the operator hears every language they may need.
    language_names = " / ".join(
        pack_for(state, x).name for x in (entry.language, *entry.also_speaks)
    )
    prompt = "whisper_callback" if entry.kind == "callback" else "whisper"
    postcode = (
        " ".join(entry.postcode) if entry.postcode else pack.text("whisper_no_postcode")
    )
    whisper = pack.say(
        prompt,
        language=language_names,
        # The operator's words for the need: the whisper is in their language.
        need=pack.text(f"need_{entry.need}"),
        postcode=postcode,
    )
    return ins.Script(
        (
            ins.Gather(
                action=urls.offer_decision(offer_id),
                prompts=(whisper,),
                num_digits=1,
                timeout_s=state.settings.queue.accept_timeout_s,
            ),
        )
    )


async def offer_decision(
    session: AsyncSession, state: HotlineState, event: VoiceEvent, offer_id: str
) -> ins.Script:
    """1 = accept: bridge now. Anything else, or nothing: the next operator."""
    now = state.clock.now()
    leg = await call_repository.get_by_sid(session, event.call_sid)
    volunteer = (
        await volunteer_repository.get(session, leg.volunteer_id)
        if leg and leg.volunteer_id
        else None
    )
    pack = pack_for(state, volunteer.languages[0] if volunteer else None)
    digits = (event.digits or "").strip()
    if digits != "1":
        offer = await state.queue.get_offer(offer_id)
        if offer is not None and not offer.is_accepted:
            if digits:
                await _offer_declined(session, state, offer, volunteer)
            else:
                await offer_missed(session, state, offer, reason="no_key")
        return ins.Script((pack.say("offer_declined"), ins.Hangup()))
    offer = await state.queue.accept(offer_id, epoch(now))
    if offer is None:
        await session.commit()
        return ins.Script((pack.say("offer_taken"), ins.Hangup()))
    entry = offer.entry
    # Out of the queue for good (a callback is now being kept, not promised).
    await queue_repository.drop_entry(session, entry.entry_id)
    if volunteer is not None:
        volunteer.missed_offers = 0
    caller_call = await call_repository.get_by_sid(
        session, entry.entry_id.removeprefix("cb-")
    )
    if caller_call is not None:
        if entry.kind == "live":
            caller_call.outcome = "bridged"
            caller_call.wait_s = int(epoch(now) - entry.enqueued_at)
        caller_call.volunteer_id = volunteer.id if volunteer else None
        await call_service.add_event(
            session,
            caller_call,
            "accepted",
            now=now,
            detail={
                "offer_id": offer_id,
                "volunteer_id": offer.operator_id,
                "kind": entry.kind,
            },
            dedupe_key=f"accepted:{offer_id}",
        )
        await wrapup_service.hold_for_operator(session, state, caller_call, now=now)
    if leg is not None:
        leg.outcome = "accepted"
        await call_service.add_event(
            session, leg, "accepted", now=now, detail={"offer_id": offer_id}
        )
    await session.commit()
    ops_metrics.offer("accepted")
    if entry.kind == "live":
        try:
            await state.telephony.redirect_call(entry.entry_id, urls.connect(offer_id))
        except Exception:
            # The operator still goes into the room: the caller's hold loop brings
            # the caller in (queue service, REDIRECT_GRACE_S).
            logger.exception("redirecting the caller into the room failed")
    else:
        await callbacks.ring_callback(state, offer)
    return ins.Script(
        (
            pack.say("operator_connecting"),
            ins.JoinConference(
                room=room_name(offer_id),
                end_on_exit=True,
                # When the caller hangs up, the operator's wrap-up (app/wrapup).
                action=(
                    wrapup_urls.after_call(offer_id)
                    if state.settings.wrapup.is_phone_wrapup
                    else None
                ),
            ),
        )
    )


async def offer_status(
    session: AsyncSession, state: HotlineState, event: CallStatusChanged, offer_id: str
) -> None:
    """Operator leg status: no answer withdraws; the end of a call starts wrap-up."""
    now = state.clock.now()
    leg = await call_repository.get_by_sid(session, event.call_sid)
    if leg is None:
        await session.commit()
        return
    if (
        not await call_service.apply_status(session, leg, event, now=now)
        or not event.is_final
    ):
        await session.commit()
        return
    offer = await state.queue.get_offer(offer_id)
    if offer is not None and not offer.is_accepted:
        reason = "no_answer" if event.call_status in MISSED_STATUSES else "hung_up"
        await offer_missed(session, state, offer, reason=reason)
        return
    if leg.outcome == "accepted" and leg.volunteer_id is not None:
        # The wrap-up time counts from the end of the conversation: a wrap-up
        # by phone (app/wrapup) is part of it.
        wrapup_from = await wrapup_service.operator_leg_ended(
            session, leg, offer_id, now=now
        )
        available_at = max(
            epoch(now), epoch(wrapup_from) + state.settings.queue.wrapup_s
        )
        volunteer = await volunteer_repository.get(session, leg.volunteer_id)
        still_on_duty = volunteer is not None and volunteer.duty_state == "available"
        operator_id = str(leg.volunteer_id)
        ended = await state.queue.end_call(
            operator_id, available_at=available_at if still_on_duty else None
        )
        if (
            not ended
            and volunteer is not None
            and still_on_duty
            and await state.queue.operator_state(operator_id, epoch(now)) is None
        ):
            # The queue store lost this operator while they were on the call (it
            # was rebuilt without them): back in the pool after the wrap-up.
            await state.queue.set_available(
                OperatorPresence(
                    operator_id=operator_id,
                    languages=tuple(volunteer.languages),
                    idle_since=available_at,
                )
            )
        await call_service.add_event(
            session,
            leg,
            "wrap_up",
            now=now,
            detail={"until": at(available_at).isoformat()},
        )
    call_service.mark_ended(leg, now=now)
    await session.commit()


async def _offer_declined(
    session: AsyncSession,
    state: HotlineState,
    offer: Offer,
    volunteer: Volunteer | None,
) -> None:
    now = state.clock.now()
    withdrawn = await state.queue.withdraw(
        offer.offer_id,
        operator_idle_since=epoch(now) + state.settings.queue.retry_pause_s,
    )
    if withdrawn is None:
        await session.commit()
        return
    if volunteer is not None:
        volunteer.missed_offers = 0
    await log_offer_end(session, offer, reason="declined", now=now)
    await session.commit()
    ops_metrics.offer("declined")


async def offer_missed(
    session: AsyncSession, state: HotlineState, offer: Offer, *, reason: str
) -> None:
    """The operator did not take the offer: count it; 2 in a row sets them away."""
    now = state.clock.now()
    volunteer = await volunteer_repository.get(session, int(offer.operator_id))
    goes_away = False
    if volunteer is not None:
        goes_away = (
            volunteer.missed_offers + 1 >= state.settings.queue.away_after_missed
        )
    # An operator who let the phone ring goes to the back of the pool (like one who
    # declined): keeping their old idle_since would ring them again at once, before
    # anyone else, while the caller waits through a second timeout.
    withdrawn = await state.queue.withdraw(
        offer.offer_id,
        operator_idle_since=(
            None if goes_away else epoch(now) + state.settings.queue.retry_pause_s
        ),
    )
    if withdrawn is None:
        await session.commit()
        return
    if volunteer is not None:
        volunteer.missed_offers += 1
        if goes_away:
            volunteer.duty_state = "away"
            volunteer.duty_changed_at = now
    await log_offer_end(session, offer, reason=reason, now=now, operator_away=goes_away)
    await session.commit()
    ops_metrics.offer("missed")
    await hang_up_leg(state, offer.operator_call_sid)


async def log_offer_end(
    session: AsyncSession,
    offer: Offer,
    *,
    reason: str,
    now: datetime,
    operator_away: bool = False,
) -> None:
    if offer.entry.call_log_id is None:
        return
    call = await session.get(Call, offer.entry.call_log_id)
    if call is not None:
        await call_service.add_event(
            session,
            call,
            "offer_ended",
            now=now,
            detail={
                "offer_id": offer.offer_id,
                "volunteer_id": offer.operator_id,
                "reason": reason,
                "operator_away": operator_away,
            },
            dedupe_key=f"offer_ended:{offer.offer_id}",
        )
