"""Queue use cases: callers wait, operators are offered calls, accepted calls bridge.

The flow (see README "How a call reaches a volunteer"):
caller  -> /queue/enter: enqueued, holds in a provider <Enqueue> whose wait URL
           announces position/estimate and offers a callback (press 1);
dispatch-> pure policy picks (oldest caller, longest-idle operator); the backend
           reserves both atomically; we ring the operator's own phone;
operator-> hears a whisper, presses 1: the backend accepts atomically, the caller is
           redirected into a conference room and the operator joins it.
No answer, decline, voicemail or timeout withdraws the offer: the caller keeps their
place and the next operator is tried. Webhook handlers commit once; dispatch runs
after that commit in its own session.
"""

from __future__ import annotations

import logging
import math

from sqlalchemy.ext.asyncio import AsyncSession

from app.calls import repository as call_repository
from app.calls import service as call_service
from app.help_requests import service as request_service
from app.ivr.prompts import LanguagePack
from app.queue import urls
from app.queue.backend import Offer, QueuedCall, RemovedEntry
from app.queue.legs import (
    bridge_into_room,
    epoch,
    hang_up_leg,
    pack_for,
)
from app.state import HotlineState
from app.telephony import instructions as ins
from app.telephony.events import VoiceEvent
from app.volunteers import repository as volunteer_repository

logger = logging.getLogger(__name__)

# After an operator accepts, the caller is redirected into the room by a REST request;
# a hold-loop request this long after the accept means that redirect never came.
REDIRECT_GRACE_S = 10.0


def estimate_minutes(
    *, position: int, operators_on_duty: int, avg_call_minutes: float
) -> int:
    """A simple, honest estimate: callers ahead x handling time / operators."""
    return max(1, math.ceil(position * avg_call_minutes / max(operators_on_duty, 1)))


async def enter_queue(
    session: AsyncSession, state: HotlineState, event: VoiceEvent, language: str
) -> ins.Script:
    """The IVR handed the caller over: enqueue them (idempotent) and start holding."""
    now = state.clock.now()
    pack = pack_for(state, language)
    call = await call_service.call_for_event(session, event, purpose="caller", now=now)
    existing = await state.queue.get_entry(event.call_sid)
    if existing is None and (call.outcome is not None or call.ended_at is not None):
        # A late duplicate for a call that was already bridged, called back or over:
        # enqueueing it again would ring operators for a ghost caller.
        await session.commit()
        return ins.Script()
    request = await request_service.ensure_for_call(session, call, now=now)
    entry = existing or QueuedCall(
        entry_id=event.call_sid,
        language=pack.language,
        enqueued_at=epoch(now),
        kind="live",
        need=request.need or "other",
        postcode=request.postcode,
        caller_number=call.caller_e164 or call.from_number,
        call_log_id=call.id,
    )
    position = await state.queue.enqueue(entry)
    if existing is None:
        await call_service.add_event(
            session,
            call,
            "queued",
            now=now,
            detail={"language": pack.language, "position": position},
        )
    on_duty = await volunteer_repository.operators_on_duty(session)
    await session.commit()
    if on_duty == 0:
        # Straight to the choice: a Redirect would post no Digits to the overflow
        # menu, which then apologises for "no input" before asking anything.
        return _overflow_menu(pack, 0, lead=(pack.say("nobody_available"),))
    return ins.Script(
        (
            ins.Enqueue(
                queue_name=f"hotline-{pack.language}",
                wait_url=urls.wait(pack.language),
                action=urls.left(pack.language),
            ),
        )
    )


async def hold(
    session: AsyncSession,
    state: HotlineState,
    event: VoiceEvent,
    language: str,
    *,
    looked_again: bool = False,
) -> ins.Script:
    """The hold loop asks what to play next: position, estimate, callback offer.

    Also the queue's heartbeat: expired offers are retried and callers dispatched.
    """
    pack = pack_for(state, language)
    now = state.clock.now()
    entry = await state.queue.get_entry(event.call_sid)
    if entry is None:
        return await _held_but_not_waiting(
            session, state, event.call_sid, pack, looked_again=looked_again
        )
    on_duty = await volunteer_repository.operators_on_duty(session)
    waited = epoch(now) - entry.enqueued_at
    if on_duty == 0 or waited >= state.settings.queue.max_wait_s:
        return ins.Script((ins.Leave(),))
    position = await state.queue.position(event.call_sid) or 1
    minutes = estimate_minutes(
        position=position,
        operators_on_duty=on_duty,
        avg_call_minutes=state.settings.queue.avg_call_minutes,
    )
    prompts: tuple[ins.Prompt, ...] = (
        pack.say("hold_position", position=position),
        pack.say("hold_estimate", minutes=minutes),
    )
    if entry.caller_number.startswith("+"):
        prompts += (pack.say("hold_callback_offer"),)
    prompts += (ins.Pause(state.settings.queue.hold_announce_every_s),)
    return ins.Script(
        (
            ins.Gather(
                action=urls.hold_key(pack.language),
                prompts=prompts,
                num_digits=1,
                timeout_s=1,
                action_on_empty_result=False,
            ),
        )
    )


async def _held_but_not_waiting(
    session: AsyncSession,
    state: HotlineState,
    call_sid: str,
    pack: LanguagePack,
    *,
    looked_again: bool,
) -> ins.Script:
    """The hold loop of a caller who is no longer in the queue.

    Normally an operator accepted a moment ago and the redirect into their room is
    on its way. If it never comes (the REST request failed, or the instance that
    accepted stopped), the caller leaves the provider's queue and left_queue makes
    the handoff (a wait URL may not dial). A caller whose operator is gone gets the
    callback / voicemail choice there: never endless hold music.
    """
    calm = pack.say("hold_music_note")
    offer = await _accepted_offer_of(session, state, call_sid)
    if offer is not None and offer.accepted_at is not None:
        if epoch(state.clock.now()) - offer.accepted_at < REDIRECT_GRACE_S:
            return ins.Script((calm, ins.Pause(5)))
        return ins.Script((ins.Leave(),))
    if not looked_again:
        # The queue lets go of the entry a moment before the accept is on record:
        # look once more before deciding that nobody took this caller.
        again = urls.wait(pack.language, looked_again=True)
        return ins.Script((calm, ins.Pause(2), ins.Redirect(again)))
    return ins.Script((ins.Leave(),))


async def _accepted_offer_of(
    session: AsyncSession, state: HotlineState, call_sid: str
) -> Offer | None:
    """The accepted offer still holding an operator for this caller, if any."""
    call = await call_repository.get_by_sid(session, call_sid)
    if call is None:
        return None
    accepted = await call_repository.events_of_kind(session, call.id, "accepted")
    if not accepted:
        return None
    offer = await state.queue.get_offer(str(accepted[-1].detail.get("offer_id")))
    if offer is None or not offer.is_accepted or offer.entry.kind != "live":
        return None
    return offer


async def hold_key(
    session: AsyncSession, state: HotlineState, event: VoiceEvent, language: str
) -> ins.Script:
    """A key pressed while holding: 1 = call me back instead (keeping my place)."""
    if (event.digits or "").strip() != "1":
        return ins.Script()
    call = await call_service.call_for_event(
        session, event, purpose="caller", now=state.clock.now()
    )
    if call.caller_e164 is None:
        # Hidden number: say so and keep holding (the wait loop resumes by itself).
        await session.commit()
        return ins.Script((pack_for(state, language).say("callback_unavailable"),))
    return await _to_callback(session, state, event, language)


async def _to_callback(
    session: AsyncSession, state: HotlineState, event: VoiceEvent, language: str
) -> ins.Script:
    """Turn a waiting caller into a callback request; they keep their place.

    Only for callers whose number we know (checked by the callers of this function).
    """
    pack = pack_for(state, language)
    now = state.clock.now()
    call = await call_service.call_for_event(session, event, purpose="caller", now=now)
    number = call.caller_e164
    assert number is not None
    removed = await _leave_queue(state, event.call_sid)
    request = await request_service.ensure_for_call(session, call, now=now)
    enqueued_at = removed.entry.enqueued_at if removed else epoch(now)
    await state.queue.enqueue(
        QueuedCall(
            entry_id=f"cb-{event.call_sid}",
            language=pack.language,
            enqueued_at=enqueued_at,
            kind="callback",
            need=request.need or "other",
            postcode=request.postcode,
            caller_number=number,
            call_log_id=call.id,
        )
    )
    call.outcome = "callback"
    await call_service.add_event(
        session, call, "callback_requested", now=now, detail={}
    )
    request_service.record(session, request, "callback_requested", now=now)
    await session.commit()
    if removed and removed.withdrawn_offer:
        await hang_up_leg(state, removed.withdrawn_offer.operator_call_sid)
    return ins.Script((pack.say("callback_confirmed"), ins.Hangup()))


async def left_queue(
    session: AsyncSession, state: HotlineState, event: VoiceEvent, language: str
) -> ins.Script:
    """The provider's queue let the caller go (Enqueue action)."""
    pack = pack_for(state, language)
    result = event.queue_result or "error"
    if result in ("hangup",):
        await abandon(session, state, event.call_sid)
        return ins.Script()
    if result in (
        "bridged",
        "redirected",
        "bridging-in-process",
        "redirected-from-bridged",
    ):
        return ins.Script()
    offer = await _accepted_offer_of(session, state, event.call_sid)
    if offer is not None:
        # An operator accepted but the redirect into the room never came.
        return await connect_caller(session, state, event, offer.offer_id)
    # leave (max wait / nobody on duty), queue-full, error: never lose them.
    return _overflow_menu(pack, 0, lead=(pack.say("nobody_available"),))


def _overflow_menu(
    pack: LanguagePack, retries: int, lead: tuple[ins.Say, ...] = ()
) -> ins.Script:
    return ins.Script(
        (
            ins.Gather(
                action=urls.overflow(pack.language, retries),
                prompts=(*lead, pack.say("overflow_menu")),
                num_digits=1,
                timeout_s=7,
            ),
        )
    )


async def overflow_choice(
    session: AsyncSession,
    state: HotlineState,
    event: VoiceEvent,
    language: str,
    retries: int,
) -> ins.Script:
    """Nobody can take the call: 1 = callback, 2 = voicemail; else a default."""
    pack = pack_for(state, language)
    digits = (event.digits or "").strip()
    now = state.clock.now()
    call = await call_service.call_for_event(session, event, purpose="caller", now=now)
    if digits == "1" and call.caller_e164 is not None:
        return await _to_callback(session, state, event, language)
    if digits not in ("1", "2") and retries < state.settings.ivr.max_retries:
        sorry = pack.say("no_input" if not digits else "invalid_choice")
        return _overflow_menu(pack, retries + 1, lead=(sorry,))
    if digits not in ("1", "2") and call.caller_e164 is not None:
        # Default: a callback when we know the number: nothing asked of the caller.
        return await _to_callback(session, state, event, language)
    removed = await _leave_queue(state, event.call_sid)
    await call_service.add_event(session, call, "voicemail_offered", now=now, detail={})
    await session.commit()
    if removed and removed.withdrawn_offer:
        await hang_up_leg(state, removed.withdrawn_offer.operator_call_sid)
    return ins.Script(
        (
            pack.say("voicemail_prompt"),
            ins.Record(action=urls.voicemail(pack.language), max_length_s=180),
            pack.say("voicemail_empty"),
            pack.say("goodbye"),
            ins.Hangup(),
        )
    )


async def _leave_queue(state: HotlineState, entry_id: str) -> RemovedEntry | None:
    """Take an entry out of the queue, stopping a ringing operator's phone *first*:
    the backend returns that operator to the pool at once, and they must not be
    rung for someone else while the old call still rings."""
    offer = await state.queue.offer_for_entry(entry_id)
    if offer is not None:
        await hang_up_leg(state, offer.operator_call_sid)
    return await state.queue.remove(entry_id)


async def abandon(session: AsyncSession, state: HotlineState, call_sid: str) -> None:
    """The caller hung up while waiting or ringing: out of the queue at once."""
    now = state.clock.now()
    removed = await _leave_queue(state, call_sid)
    call = await call_repository.get_by_sid(session, call_sid)
    if call is not None and removed is not None:
        wait_s = int(epoch(now) - removed.entry.enqueued_at)
        call.wait_s = wait_s
        call.outcome = "abandoned"
        call_service.mark_ended(call, now=now)
        await call_service.add_event(
            session,
            call,
            "abandoned",
            now=now,
            detail={"wait_s": wait_s},
            dedupe_key=f"abandoned:{call_sid}",
        )
        if removed.withdrawn_offer is not None:
            await call_service.add_event(
                session,
                call,
                "offer_withdrawn",
                now=now,
                detail={
                    "offer_id": removed.withdrawn_offer.offer_id,
                    "reason": "caller_hung_up",
                },
            )
    await session.commit()
    if removed is not None and removed.withdrawn_offer is not None:
        await hang_up_leg(state, removed.withdrawn_offer.operator_call_sid)


async def connect_caller(
    session: AsyncSession, state: HotlineState, event: VoiceEvent, offer_id: str
) -> ins.Script:
    """The caller was redirected out of holding: into the operator's conference room."""
    now = state.clock.now()
    call = await call_service.call_for_event(session, event, purpose="caller", now=now)
    return await bridge_into_room(
        session, state, call, offer_id=offer_id, call_sid=event.call_sid
    )


def after_bridge(state: HotlineState, language: str) -> ins.Script:
    pack = pack_for(state, language)
    return ins.Script((pack.say("goodbye"), ins.Hangup()))
