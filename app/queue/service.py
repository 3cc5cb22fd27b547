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
import secrets
import time
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from app.calls import repository as call_repository
from app.calls import service as call_service
from app.calls.models import Call
from app.help_requests import repository as request_repository
from app.help_requests import service as request_service
from app.help_requests.models import HelpRequest
from app.ivr.prompts import LanguagePack
from app.queue import urls
from app.queue.backend import Offer, OperatorPresence, QueuedCall
from app.queue.policy import choose_next
from app.state import HotlineState
from app.telephony import instructions as ins
from app.telephony.events import CallStatusChanged, VoiceEvent
from app.volunteers import repository as volunteer_repository
from app.volunteers.models import Volunteer

logger = logging.getLogger(__name__)

DISPATCH_VIEW_LIMIT = 50
MISSED_STATUSES = frozenset({"no-answer", "busy", "failed", "canceled"})


def _epoch(value: datetime) -> float:
    return value.timestamp()


def _at(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def _pack(state: HotlineState, language: str | None) -> LanguagePack:
    if language not in state.catalogue.languages:
        language = state.settings.ivr.default_language
    return state.catalogue[language or state.settings.ivr.default_language]


def room_name(offer_id: str) -> str:
    return f"hotline-{offer_id}"


def estimate_minutes(
    *, position: int, operators_on_duty: int, avg_call_minutes: float
) -> int:
    """A simple, honest estimate: callers ahead x handling time / operators."""
    return max(1, math.ceil(position * avg_call_minutes / max(operators_on_duty, 1)))


# ------------------------------------------------------------------------ caller side


async def enter_queue(
    session: AsyncSession, state: HotlineState, event: VoiceEvent, language: str
) -> ins.Script:
    """The IVR handed the caller over: enqueue them (idempotent) and start holding."""
    now = state.clock.now()
    pack = _pack(state, language)
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
        enqueued_at=_epoch(now),
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
    session: AsyncSession, state: HotlineState, event: VoiceEvent, language: str
) -> ins.Script:
    """The hold loop asks what to play next: position, estimate, callback offer.

    Also the queue's heartbeat: expired offers are retried and callers dispatched.
    """
    pack = _pack(state, language)
    now = state.clock.now()
    entry = await state.queue.get_entry(event.call_sid)
    if entry is None:
        # Accepted a moment ago (the redirect is on its way) or lost: keep them calm.
        return ins.Script((pack.say("hold_music_note"), ins.Pause(5)))
    on_duty = await volunteer_repository.operators_on_duty(session)
    waited = _epoch(now) - entry.enqueued_at
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
        return ins.Script((_pack(state, language).say("callback_unavailable"),))
    return await _to_callback(session, state, event, language)


async def _to_callback(
    session: AsyncSession, state: HotlineState, event: VoiceEvent, language: str
) -> ins.Script:
    """Turn a waiting caller into a callback request; they keep their place.

    Only for callers whose number we know (checked by the callers of this function).
    """
    pack = _pack(state, language)
    now = state.clock.now()
    call = await call_service.call_for_event(session, event, purpose="caller", now=now)
    number = call.caller_e164
    assert number is not None
    removed = await state.queue.remove(event.call_sid)
    request = await request_service.ensure_for_call(session, call, now=now)
    enqueued_at = removed.entry.enqueued_at if removed else _epoch(now)
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
        await _hang_up_leg(state, removed.withdrawn_offer.operator_call_sid)
    return ins.Script((pack.say("callback_confirmed"), ins.Hangup()))


async def left_queue(
    session: AsyncSession, state: HotlineState, event: VoiceEvent, language: str
) -> ins.Script:
    """The provider's queue let the caller go (Enqueue action)."""
    pack = _pack(state, language)
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
    pack = _pack(state, language)
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
    removed = await state.queue.remove(event.call_sid)
    await call_service.add_event(session, call, "voicemail_offered", now=now, detail={})
    await session.commit()
    if removed and removed.withdrawn_offer:
        await _hang_up_leg(state, removed.withdrawn_offer.operator_call_sid)
    return ins.Script(
        (
            pack.say("voicemail_prompt"),
            ins.Record(action=urls.voicemail(pack.language), max_length_s=180),
            pack.say("voicemail_empty"),
            pack.say("goodbye"),
            ins.Hangup(),
        )
    )


async def abandon(session: AsyncSession, state: HotlineState, call_sid: str) -> None:
    """The caller hung up while waiting or ringing: out of the queue at once."""
    now = state.clock.now()
    removed = await state.queue.remove(call_sid)
    call = await call_repository.get_by_sid(session, call_sid)
    if call is not None and removed is not None:
        wait_s = int(_epoch(now) - removed.entry.enqueued_at)
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
        await _hang_up_leg(state, removed.withdrawn_offer.operator_call_sid)


async def connect_caller(
    session: AsyncSession, state: HotlineState, event: VoiceEvent, offer_id: str
) -> ins.Script:
    """The caller was redirected out of holding: into the operator's conference room."""
    now = state.clock.now()
    call = await call_service.call_for_event(session, event, purpose="caller", now=now)
    pack = _pack(state, call.language)
    await call_service.add_event(
        session,
        call,
        "bridged",
        now=now,
        detail={"offer_id": offer_id},
        dedupe_key=f"bridged:{event.call_sid}:{offer_id}",
    )
    await session.commit()
    return ins.Script(
        (
            pack.say("connecting"),
            ins.JoinConference(
                room=room_name(offer_id), action=urls.after_bridge(pack.language)
            ),
        )
    )


def after_bridge(state: HotlineState, language: str) -> ins.Script:
    pack = _pack(state, language)
    return ins.Script((pack.say("goodbye"), ins.Hangup()))


# ---------------------------------------------------------------------- operator side


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
    pack = _pack(state, volunteer.languages[0] if volunteer else None)
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
        await _offer_missed(session, state, offer, reason="voicemail")
        return ins.Script((ins.Hangup(),))
    await session.commit()
    entry = offer.entry
    caller_pack = _pack(state, entry.language)
    prompt = "whisper_callback" if entry.kind == "callback" else "whisper"
    postcode = (
        " ".join(entry.postcode) if entry.postcode else pack.text("whisper_no_postcode")
    )
    whisper = pack.say(
        prompt,
        language=caller_pack.name,
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
    pack = _pack(state, volunteer.languages[0] if volunteer else None)
    digits = (event.digits or "").strip()
    if digits != "1":
        offer = await state.queue.get_offer(offer_id)
        if offer is not None and not offer.is_accepted:
            if digits:
                await _offer_declined(session, state, offer, volunteer)
            else:
                await _offer_missed(session, state, offer, reason="no_key")
        return ins.Script((pack.say("offer_declined"), ins.Hangup()))
    offer = await state.queue.accept(offer_id, _epoch(now))
    if offer is None:
        await session.commit()
        return ins.Script((pack.say("offer_taken"), ins.Hangup()))
    entry = offer.entry
    if volunteer is not None:
        volunteer.missed_offers = 0
    caller_call = await call_repository.get_by_sid(
        session, entry.entry_id.removeprefix("cb-")
    )
    if caller_call is not None:
        if entry.kind == "live":
            caller_call.outcome = "bridged"
            caller_call.wait_s = int(_epoch(now) - entry.enqueued_at)
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
    if leg is not None:
        leg.outcome = "accepted"
        await call_service.add_event(
            session, leg, "accepted", now=now, detail={"offer_id": offer_id}
        )
    await session.commit()
    if entry.kind == "live":
        await state.telephony.redirect_call(entry.entry_id, urls.connect(offer_id))
    else:
        await _ring_callback(state, offer)
    return ins.Script(
        (
            pack.say("operator_connecting"),
            ins.JoinConference(room=room_name(offer_id), end_on_exit=True),
        )
    )


async def _ring_callback(state: HotlineState, offer: Offer) -> None:
    sid = await state.telephony.place_call(
        to=offer.entry.caller_number,
        url=urls.callback_answer(offer.offer_id),
        status_callback=urls.callback_status(offer.offer_id),
        timeout_s=state.settings.queue.callback_ring_s,
    )
    now = state.clock.now()
    async with state.sessionmaker() as session:
        call, _ = await call_service.get_or_create_call(
            session,
            twilio_call_sid=sid,
            purpose="callback",
            direction="outbound-api",
            from_number=state.settings.twilio.hotline_number,
            to_number=offer.entry.caller_number,
            status="queued",
            now=now,
        )
        call.language = offer.entry.language
        call.volunteer_id = int(offer.operator_id)
        await call_service.add_event(
            session,
            call,
            "callback_dialled",
            now=now,
            detail={"offer_id": offer.offer_id},
        )
        await session.commit()


async def callback_answered(
    session: AsyncSession, state: HotlineState, event: VoiceEvent, offer_id: str
) -> ins.Script:
    now = state.clock.now()
    call = await call_service.call_for_event(
        session, event, purpose="callback", now=now
    )
    pack = _pack(state, call.language)
    call.outcome = "bridged"
    await call_service.add_event(
        session,
        call,
        "bridged",
        now=now,
        detail={"offer_id": offer_id},
        dedupe_key=f"bridged:{event.call_sid}:{offer_id}",
    )
    await session.commit()
    return ins.Script(
        (
            pack.say("connecting"),
            ins.JoinConference(
                room=room_name(offer_id), action=urls.after_bridge(pack.language)
            ),
        )
    )


async def callback_status(
    session: AsyncSession, state: HotlineState, event: CallStatusChanged, offer_id: str
) -> None:
    now = state.clock.now()
    call = await call_service.call_for_event(
        session, event, purpose="callback", now=now
    )
    if not await call_service.apply_status(session, call, event, now=now):
        await session.commit()
        return
    unreachable = event.call_status in MISSED_STATUSES or (
        event.call_status == "completed" and call.answered_at is None
    )
    operator_leg_sid: str | None = None
    if unreachable:
        call_service.mark_ended(call, now=now, outcome="callback_unanswered")
        offer = await state.queue.get_offer(offer_id)
        operator_leg_sid = offer.operator_call_sid if offer else None
        request = await _request_for_callback(session, offer)
        if request is not None:
            request_service.record(
                session,
                request,
                "callback_unanswered",
                now=now,
                detail={"status": event.call_status},
            )
    await session.commit()
    if operator_leg_sid:
        await _hang_up_leg(state, operator_leg_sid)


async def _request_for_callback(
    session: AsyncSession, offer: Offer | None
) -> HelpRequest | None:
    if offer is None or offer.entry.call_log_id is None:
        return None
    return await request_repository.get_for_call(session, offer.entry.call_log_id)


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
        await _offer_missed(session, state, offer, reason=reason)
        return
    if leg.outcome == "accepted" and leg.volunteer_id is not None:
        available_at = _epoch(now) + state.settings.queue.wrapup_s
        volunteer = await volunteer_repository.get(session, leg.volunteer_id)
        still_on_duty = volunteer is not None and volunteer.duty_state == "available"
        await state.queue.end_call(
            str(leg.volunteer_id), available_at=available_at if still_on_duty else None
        )
        await call_service.add_event(
            session,
            leg,
            "wrap_up",
            now=now,
            detail={"until": _at(available_at).isoformat()},
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
        operator_idle_since=_epoch(now) + state.settings.queue.retry_pause_s,
    )
    if withdrawn is None:
        await session.commit()
        return
    if volunteer is not None:
        volunteer.missed_offers = 0
    await _log_offer_end(session, offer, reason="declined", now=now)
    await session.commit()


async def _offer_missed(
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
            None if goes_away else _epoch(now) + state.settings.queue.retry_pause_s
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
    await _log_offer_end(
        session, offer, reason=reason, now=now, operator_away=goes_away
    )
    await session.commit()
    await _hang_up_leg(state, offer.operator_call_sid)


async def _log_offer_end(
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


async def release_withdrawn_offer(
    state: HotlineState, offer: Offer, *, reason: str
) -> None:
    """An offer was withdrawn outside a webhook (operator went off duty): log it, stop
    the ringing phone, and give the caller to someone else."""
    async with state.sessionmaker() as session:
        await _log_offer_end(session, offer, reason=reason, now=state.clock.now())
        await session.commit()
    await _hang_up_leg(state, offer.operator_call_sid)
    await dispatch(state)


async def _hang_up_leg(state: HotlineState, call_sid: str | None) -> None:
    """Stop an operator's phone: cancel if still ringing, else hang up."""
    if not call_sid:
        return
    await state.telephony.end_call(call_sid, status="canceled")
    await state.telephony.end_call(call_sid, status="completed")


# --------------------------------------------------------------------------- dispatch


async def dispatch(state: HotlineState) -> int:
    """Offer waiting callers to free operators; returns how many operators were rung."""
    started = time.perf_counter()
    now = state.clock.now()
    view = await state.queue.dispatch_view(_epoch(now), DISPATCH_VIEW_LIMIT)
    matches = choose_next(
        view, now=_epoch(now), fallback_after_s=state.settings.queue.fallback_after_s
    )
    rung = 0
    for match in matches:
        offer_id = secrets.token_hex(8)
        settings = state.settings.queue
        offer = await state.queue.reserve(
            entry_id=match.entry.entry_id,
            operator_id=match.operator.operator_id,
            offer_id=offer_id,
            now=_epoch(now),
            expires_at=_epoch(now)
            + settings.offer_timeout_s
            + settings.accept_timeout_s
            + 15,
        )
        if offer is None:
            continue  # another dispatcher won this caller or operator
        if await _ring_operator(state, offer, reason=match.reason, started=started):
            rung += 1
    return rung


async def _ring_operator(
    state: HotlineState, offer: Offer, *, reason: str, started: float
) -> bool:
    now = state.clock.now()
    async with state.sessionmaker() as session:
        volunteer = await volunteer_repository.get(session, int(offer.operator_id))
        if volunteer is None or volunteer.duty_state != "available":
            await state.queue.withdraw(offer.offer_id, operator_idle_since=None)
            return False
        # Observability: how long this dispatch took until the call is requested, and
        # how long caller and operator had both been free (waiting for a trigger).
        dispatch_ms = round((time.perf_counter() - started) * 1000, 3)
        free_since = max(offer.entry.enqueued_at, offer.operator_idle_since)
        dispatch_delay_s = round(max(0.0, offer.created_at - free_since), 3)
        try:
            sid = await state.telephony.place_call(
                to=volunteer.phone_number,
                url=urls.offer_answer(offer.offer_id),
                status_callback=urls.offer_status(offer.offer_id),
                timeout_s=state.settings.queue.offer_timeout_s,
                detect_machine=True,
            )
        except Exception:
            logger.exception("could not ring operator %s", volunteer.id)
            await state.queue.withdraw(
                offer.offer_id, operator_idle_since=offer.operator_idle_since
            )
            return False
        leg, _ = await call_service.get_or_create_call(
            session,
            twilio_call_sid=sid,
            purpose="operator_offer",
            direction="outbound-api",
            from_number=state.settings.twilio.hotline_number,
            to_number=volunteer.phone_number,
            status="queued",
            now=now,
        )
        leg.volunteer_id = volunteer.id
        leg.language = offer.entry.language
        await call_service.add_event(
            session, leg, "offer", now=now, detail={"offer_id": offer.offer_id}
        )
        if offer.entry.call_log_id is not None:
            caller_call = await session.get(Call, offer.entry.call_log_id)
            if caller_call is not None:
                await call_service.add_event(
                    session,
                    caller_call,
                    "offered",
                    now=now,
                    detail={
                        "offer_id": offer.offer_id,
                        "volunteer_id": volunteer.id,
                        "reason": reason,
                        "kind": offer.entry.kind,
                        "dispatch_ms": dispatch_ms,
                        "dispatch_delay_s": dispatch_delay_s,
                    },
                )
        await session.commit()
    if await state.queue.attach_operator_call(offer.offer_id, sid) is None:
        await _hang_up_leg(state, sid)  # withdrawn (caller hung up) while we dialled
    return True


async def sweep(state: HotlineState) -> None:
    """Heartbeat: withdraw expired offers, then dispatch."""
    now = state.clock.now()
    expired = await state.queue.expired_offers(_epoch(now))
    if expired:
        async with state.sessionmaker() as session:
            for offer in expired:
                await _offer_missed(session, state, offer, reason="expired")
    await dispatch(state)


def presence_for(volunteer: Volunteer, now: datetime) -> OperatorPresence:
    return OperatorPresence(
        operator_id=str(volunteer.id),
        languages=tuple(volunteer.languages),
        idle_since=_epoch(now),
    )
