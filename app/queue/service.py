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
from datetime import datetime, timedelta

from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import AsyncSession

from app.calls import repository as call_repository
from app.calls import service as call_service
from app.calls import statements as call_statements
from app.calls.statements import CallFacts
from app.help_requests import statements as request_statements
from app.ivr import menu, overflow
from app.ivr.prompts import LanguagePack
from app.ivr.timing import SpeechTiming
from app.phone_numbers import to_e164
from app.queue import policy, recovery, urls
from app.queue import repository as queue_repository
from app.queue import statements as queue_statements
from app.queue.backend import Departure, Offer, QueuedCall, RemovedEntry
from app.queue.hold_music import HOLD_MUSIC_S
from app.queue.legs import (
    bridge_into_room,
    epoch,
    hang_up_leg,
    pack_for,
)
from app.state import HotlineState
from app.telephony import instructions as ins
from app.telephony.events import VoiceEvent

logger = logging.getLogger(__name__)

# After an operator accepts, the caller is redirected into the room by a REST request;
# a hold-loop request this long after the accept means that redirect never came.
REDIRECT_GRACE_S = 10.0
# After the maximum wait, a caller may choose to keep waiting this many times (each
# time for one more maximum wait) before only a callback or a message is offered.
MAX_EXTRA_WAITS = 2
# The answer times a waiting caller's estimate learns from.
RECENT_ANSWERS = timedelta(hours=1)


async def enter_queue(
    state: HotlineState,
    event: VoiceEvent,
    language: str,
    *,
    mixed: bool = False,
    more: int = 0,
) -> ins.Script:
    """The IVR handed the caller over: enqueue them (idempotent) and start holding.

    `mixed`: the caller chose no language; they wait in `language` (the line's main
    one) for an operator who also speaks the line's other main languages. `more`:
    the caller chose to keep waiting `more` times after the maximum wait."""
    now = state.clock.now()
    pack = pack_for(state, language)
    existing = await state.queue.get_entry(event.call_sid)

    def known(connection: Connection) -> CallFacts | None:
        call = _caller_call(connection, event, now=now)
        if existing is None and (call.outcome is not None or call.ended_at is not None):
            # A late duplicate for a call that was already bridged, called back or
            # over: enqueueing it again would ring operators for a ghost caller.
            return None
        request_statements.ensure_for_call(connection, call, now=now)
        return call

    call = await state.writer(known)
    if call is None:
        return ins.Script()
    entry = existing or QueuedCall(
        entry_id=event.call_sid,
        language=pack.language,
        enqueued_at=epoch(now),
        kind="live",
        need=call.request_need or "other",
        postcode=call.request_postcode,
        caller_number=call.caller_e164 or call.from_number,
        call_log_id=call.id,
        also_speaks=_also_speaks(state, call.line, pack.language) if mixed else (),
    )
    position = await state.queue.enqueue(entry)

    def record(connection: Connection) -> int:
        # The durable copy: the queue is rebuilt from it if the store loses its data.
        queue_statements.save_entry(connection, entry, now=now)
        if existing is None:
            detail = {"language": pack.language, "position": position}
            call_statements.add_events(
                connection, call.id, [("queued", detail)], now=now
            )
        return queue_statements.operators_on_duty(connection)

    if await state.writer(record) == 0:
        # Straight to the choice: a Redirect would post no Digits to the overflow
        # menu, which then apologises for "no input" before asking anything.
        options = overflow.Options(
            can_call_back=call.caller_e164 is not None, can_wait=False
        )
        lead = (pack.say("nobody_available"),)
        return _overflow_menu(pack, 0, options, more=more, lead=lead)
    return ins.Script(
        (
            ins.Enqueue(
                queue_name=f"hotline-{pack.language}",
                wait_url=urls.wait(pack.language, more=more),
                action=urls.left(pack.language, more=more),
            ),
        )
    )


def _caller_call(
    connection: Connection, event: VoiceEvent, *, now: datetime
) -> CallFacts:
    return call_statements.facts_or_new(
        connection,
        sid=event.call_sid,
        purpose="caller",
        direction=event.direction,
        from_number=event.from_number,
        to_number=event.to_number,
        status=event.call_status,
        now=now,
    )


def _also_speaks(
    state: HotlineState, line: str | None, language: str
) -> tuple[str, ...]:
    """The other main languages of the line the caller dialled."""
    main = state.settings.line(line).main_languages
    return tuple(x for x in main if x != language)


async def hold(
    state: HotlineState,
    event: VoiceEvent,
    language: str,
    *,
    looked_again: bool = False,
    more: int = 0,
) -> ins.Script:
    """The hold loop asks what to play next: position, estimate, callback offer.

    Also the queue's heartbeat: expired offers are retried and callers dispatched.
    Every waiting caller asks about every half minute: the queue answers most of
    it, the database one read.
    """
    pack = pack_for(state, language)
    now = state.clock.now()
    entry = await state.queue.get_entry(event.call_sid)
    if entry is None and not await state.queue.is_built():
        # The store lost its data (Redis restarted empty): rebuilt, then look again.
        await recovery.ensure_built(state)
        entry = await state.queue.get_entry(event.call_sid)
    if entry is None:
        # Taken out on purpose (accepted, or removed) or lost by the store: only
        # the queue itself can tell, whatever the delays of webhooks and commits.
        departure = await state.queue.departure(event.call_sid)
        async with state.sessionmaker() as session:
            if looked_again and departure is None:
                # Still missing on the second look, and the queue never let this
                # caller go: the store lost them (a failover losing the last
                # writes); the database knows their place.
                entry = await recovery.restore_entry(session, state, event.call_sid)
                await session.commit()
            if entry is None:
                return await _held_but_not_waiting(
                    session,
                    state,
                    event.call_sid,
                    pack,
                    departure=departure,
                    looked_again=looked_again,
                )
    waited = epoch(now) - entry.enqueued_at
    max_wait_s = state.settings.queue.max_wait_s * (1 + more)
    position = await state.queue.position(entry.entry_id) or 1
    speakers = await _speakers_free_in_s(state, entry)
    waiting = entry  # for the unit below (a narrowed name)

    def known(connection: Connection) -> tuple[int, list[int], str | None]:
        on_duty = queue_statements.operators_on_duty(connection)
        recent = (
            []
            if speakers or on_duty == 0
            else queue_statements.recent_answer_waits(
                connection, since=now - RECENT_ANSWERS, language=waiting.language
            )
        )
        line = None
        if waiting.also_speaks:
            call = call_statements.facts(connection, event.call_sid)
            line = call.line if call is not None else None
        return on_duty, recent, line

    on_duty, recent, line = await state.writer(known)
    if on_duty == 0 or waited >= max_wait_s:
        return ins.Script((ins.Leave(),))
    estimate = policy.estimate_wait(
        position=position,
        speakers_free_in_s=speakers,
        recent_waits_s=recent,
        handling_s=state.settings.queue.avg_call_minutes * 60,
        waited_s=waited,
        max_wait_s=max_wait_s,
    )
    announcement = _hold_announcement(pack, entry, estimate)
    if entry.also_speaks:
        # No language chosen: briefly (place and estimate) in every other language
        # of the line too; the keys work whatever the language.
        announcement += tuple(
            say
            for other in state.settings.line(line).languages
            if other != pack.language
            for say in _place_and_estimate(state.catalogue[other], estimate)
        )
    return ins.Script(
        (
            _hold_gather(
                state, pack, announcement, remaining_s=max_wait_s - waited, more=more
            ),
        )
    )


def _hold_announcement(
    pack: LanguagePack, entry: QueuedCall, estimate: policy.WaitEstimate
) -> tuple[ins.Say, ...]:
    """Position, estimate (right plural), and the keys that work while waiting; a
    hidden number is not offered a callback."""
    known = to_e164(entry.caller_number) is not None
    keys = pack.say("hold_keys" if known else "hold_keys_hidden")
    return (*_place_and_estimate(pack, estimate), keys)


def _place_and_estimate(
    pack: LanguagePack, estimate: policy.WaitEstimate
) -> tuple[ins.Say, ins.Say]:
    if estimate.is_next:
        where = pack.say("hold_next")
    else:
        where = pack.say("hold_position", position=estimate.position)
    if estimate.kind == "soon":
        when = pack.say("hold_estimate_soon")
    else:  # "about one minute", "about 3 minutes": the plural is the catalogue's
        when = pack.say("hold_estimate", minutes=estimate.minutes)
    return where, when


def _hold_gather(
    state: HotlineState,
    pack: LanguagePack,
    announcement: tuple[ins.Say, ...],
    *,
    remaining_s: float,
    more: int,
) -> ins.Gather:
    """The announcement, then the comfort sound until the next one (about
    `hold_announce_every_s` later, sooner if the maximum wait comes first); keys
    work throughout. Then the provider asks the wait URL again: the gap is the
    Gather's 1 s timeout, never a dead line."""
    timing = SpeechTiming()
    spoken_s = timing.prompts_seconds(announcement)
    music_s = max(state.settings.queue.hold_announce_every_s - spoken_s, HOLD_MUSIC_S)
    music_s = min(music_s, max(remaining_s, HOLD_MUSIC_S))
    loops = max(1, math.ceil(music_s / HOLD_MUSIC_S))
    return ins.Gather(
        action=urls.hold_key(pack.language, more=more),
        prompts=(*announcement, ins.Play(urls.hold_music(), loop=loops)),
        num_digits=1,
        timeout_s=1,
        action_on_empty_result=False,
    )


async def _speakers_free_in_s(state: HotlineState, entry: QueuedCall) -> list[float]:
    """When each operator on duty who speaks the caller's language can take a
    caller (the input of `policy.estimate_wait`, with the answer times of the
    last hour in that language when nobody speaks it)."""
    now = epoch(state.clock.now())
    handling_s = state.settings.queue.avg_call_minutes * 60
    snapshot = await state.queue.snapshot(now, include_waiting=False)
    offers = {offer.offer_id: offer for offer in snapshot.offers}
    return [
        policy.free_in_s(op, offers, now=now, handling_s=handling_s)
        for op in snapshot.operators
        if entry.language in op.presence.languages
    ]


async def _held_but_not_waiting(
    session: AsyncSession,
    state: HotlineState,
    call_sid: str,
    pack: LanguagePack,
    *,
    departure: Departure | None,
    looked_again: bool,
) -> ins.Script:
    """The hold loop of a caller who is no longer in the queue.

    Normally an operator accepted a moment ago and the redirect into their room is
    on its way. If it never comes (the REST request failed, or the instance that
    accepted stopped), the caller leaves the provider's queue and left_queue makes
    the handoff (a wait URL may not dial). A caller whose operator is gone, or who
    was taken out otherwise, gets the callback / voicemail choice there: never
    endless hold music.
    """
    calm = pack.say("hold_music_note")
    offer = await _accepted_offer_of(session, state, call_sid, departure=departure)
    if offer is not None and offer.accepted_at is not None:
        if epoch(state.clock.now()) - offer.accepted_at < REDIRECT_GRACE_S:
            return ins.Script((calm, ins.Pause(5)))
        return ins.Script((ins.Leave(),))
    if departure is None and not looked_again:
        # Missing without a departure: a store that lost this caller. Look once
        # more (recovery puts them back then) rather than on one read.
        again = urls.wait(pack.language, looked_again=True)
        return ins.Script((calm, ins.Pause(2), ins.Redirect(again)))
    return ins.Script((ins.Leave(),))


async def _accepted_offer_of(
    session: AsyncSession,
    state: HotlineState,
    call_sid: str,
    *,
    departure: Departure | None = None,
) -> Offer | None:
    """The accepted offer still holding an operator for this caller, if any: the
    queue's departure names it at once; the call log once the accept is
    committed (the departure may have been forgotten by then)."""
    if departure is not None and departure.offer_id is not None:
        offer_id = departure.offer_id
    else:
        call = await call_repository.get_by_sid(session, call_sid)
        if call is None:
            return None
        accepted = await call_repository.events_of_kind(session, call.id, "accepted")
        if not accepted:
            return None
        offer_id = str(accepted[-1].detail.get("offer_id"))
    offer = await state.queue.get_offer(offer_id)
    if offer is None or not offer.is_accepted or offer.entry.kind != "live":
        return None
    return offer


async def hold_key(
    session: AsyncSession,
    state: HotlineState,
    event: VoiceEvent,
    language: str,
    *,
    more: int = 0,
) -> ins.Script:
    """A key pressed while holding: 1 = call me back instead (keeping my place),
    2 = leave a message, * = hear the announcement again. Any other key: the hold
    loop resumes (and announces again)."""
    digits = (event.digits or "").strip()
    pack = pack_for(state, language)
    now = state.clock.now()
    if digits == menu.REPEAT_KEY:
        return await hold(state, event, language, more=more)
    if digits not in (overflow.CALLBACK_KEY, overflow.MESSAGE_KEY):
        return ins.Script()
    call = await call_service.call_for_event(session, event, purpose="caller", now=now)
    if digits == overflow.MESSAGE_KEY:
        # A wait URL may not record: leave the provider's queue; left_queue finds
        # this event and starts the voicemail.
        removed = await _leave_queue(session, state, event.call_sid)
        await call_service.add_event(
            session,
            call,
            "voicemail_requested",
            now=now,
            detail={},
            dedupe_key=f"voicemail_requested:{event.call_sid}",
        )
        await session.commit()
        if removed and removed.withdrawn_offer:
            await hang_up_leg(state, removed.withdrawn_offer.operator_call_sid)
        return ins.Script((ins.Leave(),))
    if call.caller_e164 is None:
        # Hidden number: say so and keep holding (the wait loop resumes by itself).
        await session.commit()
        return ins.Script((pack.say("callback_unavailable"),))
    await session.commit()  # the callback is a unit of work of its own
    return await _to_callback(state, event, language)


async def _to_callback(
    state: HotlineState, event: VoiceEvent, language: str
) -> ins.Script:
    """Turn a waiting caller into a callback request; they keep their place.

    Only for callers whose number we know (checked by the callers of this function).
    """
    pack = pack_for(state, language)
    now = state.clock.now()
    sid = event.call_sid

    def known(connection: Connection) -> tuple[CallFacts, datetime | None]:
        call = _caller_call(connection, event, now=now)
        return call, queue_statements.enqueued_at(connection, sid)

    call, held_since = await state.writer(known)
    number = call.caller_e164
    assert number is not None
    removed = await _take_out(state, sid)
    if removed is not None:
        enqueued_at = removed.entry.enqueued_at
    elif held_since is not None:  # the store lost the entry; the database kept it
        enqueued_at = epoch(held_since)
    else:
        enqueued_at = epoch(now)
    promise = QueuedCall(
        entry_id=f"cb-{sid}",
        language=pack.language,
        enqueued_at=enqueued_at,
        kind="callback",
        need=call.request_need or "other",
        postcode=call.request_postcode,
        caller_number=number,
        call_log_id=call.id,
    )
    await state.queue.enqueue(promise)

    def promised(connection: Connection) -> None:
        # Promised in the same commit as the event: kept even if the store is lost.
        queue_statements.drop_entry(connection, sid)
        queue_statements.save_entry(connection, promise, now=now)
        request_id = request_statements.ensure_for_call(connection, call, now=now)
        call_statements.set_fields(connection, call.id, {"outcome": "callback"})
        call_statements.add_events(
            connection, call.id, [("callback_requested", {})], now=now
        )
        request_statements.set_fields(connection, request_id, {"updated_at": now})
        request_statements.add_events(
            connection, request_id, [("callback_requested", {})], now=now
        )

    await state.writer(promised)
    if removed and removed.withdrawn_offer:
        await hang_up_leg(state, removed.withdrawn_offer.operator_call_sid)
    return ins.Script((pack.say("callback_confirmed"), ins.Hangup()))


async def left_queue(
    session: AsyncSession,
    state: HotlineState,
    event: VoiceEvent,
    language: str,
    *,
    more: int = 0,
) -> ins.Script:
    """The provider's queue let the caller go (Enqueue action)."""
    pack = pack_for(state, language)
    result = event.queue_result or "error"
    if result in ("hangup",):
        await abandon(state, event.call_sid)
        return ins.Script()
    if result in (
        "bridged",
        "redirected",
        "bridging-in-process",
        "redirected-from-bridged",
    ):
        return ins.Script()
    departure = await state.queue.departure(event.call_sid)
    offer = await _accepted_offer_of(
        session, state, event.call_sid, departure=departure
    )
    if offer is not None:
        # An operator accepted but the redirect into the room never came.
        return await connect_caller(session, state, event, offer.offer_id)
    call = await call_repository.get_by_sid(session, event.call_sid)
    if call is not None and await call_repository.events_of_kind(
        session, call.id, "voicemail_requested"
    ):
        await session.commit()
        return await _to_voicemail(state, event, pack)
    await session.commit()
    # leave (max wait / nobody on duty), queue-full, error: never lose them.
    options, _ = await _overflow_options(state, event, more)
    lead = (pack.say("nobody_available"),)
    return _overflow_menu(pack, 0, options, more=more, lead=lead)


async def _overflow_options(
    state: HotlineState, event: VoiceEvent, more: int
) -> tuple[overflow.Options, CallFacts]:
    now = state.clock.now()

    def known(connection: Connection) -> tuple[CallFacts, int]:
        call = _caller_call(connection, event, now=now)
        return call, queue_statements.operators_on_duty(connection)

    call, on_duty = await state.writer(known)
    can_wait = (
        more < MAX_EXTRA_WAITS
        and on_duty > 0
        and await state.queue.get_entry(event.call_sid) is not None
    )
    options = overflow.Options(
        can_call_back=call.caller_e164 is not None, can_wait=can_wait
    )
    return options, call


def _overflow_menu(
    pack: LanguagePack,
    retries: int,
    options: overflow.Options,
    *,
    more: int,
    lead: tuple[ins.Say, ...] = (),
) -> ins.Script:
    action = urls.overflow(pack.language, retries, more=more)
    return ins.Script((overflow.gather(pack, options, action, lead),))


async def overflow_choice(
    state: HotlineState,
    event: VoiceEvent,
    language: str,
    retries: int,
    *,
    more: int = 0,
) -> ins.Script:
    """Nobody can take the call now: a callback, a message or (when someone is on
    duty) more waiting, by key or by speech (app/ivr/overflow.py)."""
    pack = pack_for(state, language)
    now = state.clock.now()
    options, call = await _overflow_options(state, event, more)
    heard = menu.CallerInput(digits=event.digits, speech=event.speech)
    choice = overflow.choose(pack, heard, options)
    if choice == "repeat":
        return _overflow_menu(pack, retries, options, more=more)
    if choice in ("retry", "no_callback"):
        if retries < state.settings.ivr.max_retries:
            if choice == "no_callback":
                sorry = pack.say("callback_unavailable")
            else:
                sorry = pack.say("no_input" if heard.is_empty else "invalid_choice")
            return _overflow_menu(pack, retries + 1, options, more=more, lead=(sorry,))
        choice = overflow.default(options)
    if choice == "callback":
        return await _to_callback(state, event, language)
    if choice == "wait":
        extended = [("wait_extended", {"times": more + 1})]
        await state.writer(
            lambda c: call_statements.add_events(c, call.id, extended, now=now)
        )
        target = urls.enter(pack.language, more=more + 1)
        return ins.Script((pack.say("handoff"), ins.Redirect(target)))
    return await _to_voicemail(state, event, pack)


async def _to_voicemail(
    state: HotlineState, event: VoiceEvent, pack: LanguagePack
) -> ins.Script:
    """Out of the queue, into the voicemail (no callback promised to a hidden
    number)."""
    now = state.clock.now()
    removed = await _take_out(state, event.call_sid)

    def offered(connection: Connection) -> CallFacts:
        queue_statements.drop_entry(connection, event.call_sid)
        call = _caller_call(connection, event, now=now)
        call_statements.add_events(
            connection, call.id, [("voicemail_offered", {})], now=now
        )
        return call

    call = await state.writer(offered)
    if removed and removed.withdrawn_offer:
        await hang_up_leg(state, removed.withdrawn_offer.operator_call_sid)
    hidden = call.caller_e164 is None
    return ins.Script(
        (
            pack.say("voicemail_prompt"),
            ins.Record(action=urls.voicemail(pack.language), max_length_s=180),
            pack.say("voicemail_empty_hidden" if hidden else "voicemail_empty"),
            pack.say("goodbye"),
            ins.Hangup(),
        )
    )


async def _leave_queue(
    session: AsyncSession, state: HotlineState, entry_id: str
) -> RemovedEntry | None:
    """Take an entry out of the queue and its durable copy (in the caller's
    transaction): `_take_out`."""
    await queue_repository.drop_entry(session, entry_id)
    return await _take_out(state, entry_id)


async def _take_out(state: HotlineState, entry_id: str) -> RemovedEntry | None:
    """Take an entry out of the queue (its durable copy is the caller's to drop),
    stopping a ringing operator's phone *first*: the backend returns that operator
    to the pool at once, and they must not be rung for someone else while the old
    call still rings. An operator whose phone is still being dialled (no CallSid
    yet to hang up) returns only after the retry pause: the dispatcher hangs that
    leg up as soon as it learns the offer is gone."""
    # Nothing may come between the hang-up and the removal: the operator leg's
    # status callback, if it came first, would withdraw the offer as missed.
    offer = await state.queue.offer_for_entry(entry_id)
    if offer is not None:
        await hang_up_leg(state, offer.operator_call_sid)
    pause_until = epoch(state.clock.now()) + state.settings.queue.retry_pause_s
    return await state.queue.remove(entry_id, dialling_idle_since=pause_until)


async def abandon(state: HotlineState, call_sid: str) -> None:
    """The caller hung up while waiting or ringing: out of the queue at once."""
    now = state.clock.now()
    removed = await _take_out(state, call_sid)

    def abandoned(connection: Connection) -> None:
        queue_statements.drop_entry(connection, call_sid)
        call = call_statements.facts(connection, call_sid)
        if call is None or removed is None:
            return
        wait_s = int(epoch(now) - removed.entry.enqueued_at)
        fields: dict[str, object] = {"wait_s": wait_s, "outcome": "abandoned"}
        if call.ended_at is None:
            fields["ended_at"] = now
        call_statements.set_fields(connection, call.id, fields)
        call_statements.add_event_once(
            connection,
            call.id,
            "abandoned",
            now=now,
            detail={"wait_s": wait_s},
            dedupe_key=f"abandoned:{call_sid}",
        )
        if removed.withdrawn_offer is not None:
            withdrawn = {
                "offer_id": removed.withdrawn_offer.offer_id,
                "reason": "caller_hung_up",
            }
            call_statements.add_events(
                connection, call.id, [("offer_withdrawn", withdrawn)], now=now
            )

    await state.writer(abandoned)
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
