"""The operator's wrap-up by phone (no computer needed).

The operator's conference leg has a <Dial action>: when the caller hangs up the
room ends and the operator's line stays open for "1 a neighbour should help, 2
solved on the phone, 3 a coordinator should follow up", then (after 1 or 3) a
spoken note attached to the request. Matching holds the request from the moment
the operator accepts until their leg ends, so no SMS goes out before the wrap-up
said what to do; an operator who just hangs up leaves the request to the line's
setting (auto or triage). Until the leg ends the operator stays "on a call" in the
queue: nobody is offered to them during the wrap-up, which counts as wrap-up time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from app.calls import repository as call_repository
from app.calls import service as call_service
from app.calls.models import Call
from app.help_requests import repository as request_repository
from app.help_requests import service as request_service
from app.help_requests.models import HelpRequest
from app.ivr.prompts import LanguagePack
from app.matching import repository as matching_repository
from app.queue.legs import pack_for
from app.state import HotlineState
from app.telephony import instructions as ins
from app.telephony.events import VoiceEvent
from app.triage import service as triage
from app.volunteers import repository as volunteer_repository
from app.wrapup import repository, urls

logger = logging.getLogger(__name__)

# How long the request is held while the operator is on the call (their leg's end
# releases it much sooner; a conference lasts at most 4 hours).
ON_CALL_HOLD = timedelta(hours=4)
CHOICES = {"1": "neighbour", "2": "solved", "3": "coordinator"}
# Key presses that are not a choice: asked again this many times, then goodbye.
MAX_RETRIES = 1


@dataclass
class _Wrapup:
    leg: Call | None
    pack: LanguagePack
    caller_call: Call | None
    request: HelpRequest | None


async def hold_for_operator(
    session: AsyncSession, state: HotlineState, caller_call: Call, *, now: datetime
) -> None:
    """The operator accepted: matching waits for the end of their leg. Never commits."""
    if not state.settings.wrapup.is_phone_wrapup:
        return
    request = await request_repository.get_for_call(session, caller_call.id)
    if request is not None and request.status == "new":
        request.held_until = now + ON_CALL_HOLD


async def operator_leg_ended(
    session: AsyncSession, leg: Call, offer_id: str, *, now: datetime
) -> datetime:
    """The operator's leg ended: the request goes on (the tick matches it or sets
    it aside for triage). Returns when their wrap-up began (the end of the
    conversation), from which the queue's wrap-up time counts. Never commits."""
    caller_call = await repository.caller_call_of_offer(session, offer_id)
    if caller_call is not None:
        request = await request_repository.get_for_call(session, caller_call.id)
        if request is not None and request.held_until is not None:
            request.held_until = None
    return await repository.wrapup_started_at(session, leg.id) or now


async def _context(
    session: AsyncSession,
    state: HotlineState,
    event: VoiceEvent,
    offer_id: str,
    *,
    now: datetime,
) -> _Wrapup:
    leg = await call_repository.get_by_sid(session, event.call_sid)
    volunteer = (
        await volunteer_repository.get(session, leg.volunteer_id)
        if leg is not None and leg.volunteer_id is not None
        else None
    )
    pack = pack_for(state, volunteer.languages[0] if volunteer else None)
    caller_call = await repository.caller_call_of_offer(session, offer_id)
    request = (
        await triage.errand_of_call(session, caller_call, now=now)
        if caller_call is not None
        else None
    )
    return _Wrapup(leg, pack, caller_call, request)


def _menu(
    state: HotlineState, pack: LanguagePack, offer_id: str, attempt: int
) -> ins.Gather:
    return ins.Gather(
        action=urls.choice(offer_id, attempt=attempt),
        prompts=(pack.say("wrapup_menu"),),
        num_digits=1,
        timeout_s=state.settings.wrapup.choice_timeout_s,
    )


async def call_over(
    session: AsyncSession, state: HotlineState, event: VoiceEvent, offer_id: str
) -> ins.Script:
    """The room ended (the caller hung up): the wrap-up menu, in the operator's
    language. After the operator's own hang-up Twilio still asks; nothing is due."""
    now = state.clock.now()
    if event.call_status != "in-progress" or not state.settings.wrapup.is_phone_wrapup:
        await session.commit()
        return ins.Script((ins.Hangup(),))
    wrapup = await _context(session, state, event, offer_id, now=now)
    if wrapup.leg is None or wrapup.request is None:
        await session.commit()
        return ins.Script((ins.Hangup(),))
    # The conversation is over: the hold now lasts at most the wrap-up's length
    # (the end of the operator's leg releases it sooner).
    if wrapup.caller_call is not None:
        own = await request_repository.get_for_call(session, wrapup.caller_call.id)
        if own is not None and own.held_until is not None:
            own.held_until = now + timedelta(seconds=state.settings.wrapup.hold_max_s)
    await call_service.add_event(
        session,
        wrapup.leg,
        "wrapup_started",
        now=now,
        detail={"request_id": wrapup.request.id},
        dedupe_key=f"wrapup_started:{event.call_sid}",
    )
    await session.commit()
    return ins.Script((_menu(state, wrapup.pack, offer_id, 0),))


def _record_outcome(
    session: AsyncSession,
    request: HelpRequest,
    outcome: str,
    *,
    actor: str,
    now: datetime,
) -> bool:
    """False when this outcome was recorded already (a retried webhook)."""
    if request.wrapup_outcome == outcome:
        return False
    request.wrapup_outcome = outcome
    request_service.record(
        session, request, "wrapup", now=now, actor=actor, detail={"outcome": outcome}
    )
    return True


async def _solved(
    session: AsyncSession, request: HelpRequest, *, actor: str, now: datetime
) -> None:
    """Closed: nothing goes to neighbours. A request a neighbour already took is
    left to a coordinator, who tells them."""
    if request.status not in ("new", "offered"):
        _escalate(session, request, now=now)
        return
    for offer in await matching_repository.offers_of(session, request.id):
        if offer.response == "pending":
            offer.response, offer.responded_at = "withdrawn", now
    request.status = "closed"
    request.close_reason = "solved_on_phone"
    request.next_wave_at = None
    request.is_awaiting_approval = False
    request_service.record(
        session,
        request,
        "closed",
        now=now,
        actor=actor,
        detail={"reason": "solved_on_phone"},
    )


def _escalate(session: AsyncSession, request: HelpRequest, *, now: datetime) -> None:
    """Onto the coordinators' work list; no (further) wave goes out."""
    if request.escalated_at is not None:
        return
    request.escalated_at = now
    request.next_wave_at = None
    request.is_awaiting_approval = False
    request_service.record(
        session, request, "escalated", now=now, detail={"reason": "operator_wrapup"}
    )


async def choice(
    session: AsyncSession,
    state: HotlineState,
    event: VoiceEvent,
    offer_id: str,
    *,
    attempt: int,
) -> ins.Script:
    """1, 2 or 3; after 1 or 3 the spoken note. Anything else: asked once more."""
    now = state.clock.now()
    wrapup = await _context(session, state, event, offer_id, now=now)
    pack, request = wrapup.pack, wrapup.request
    outcome = CHOICES.get((event.digits or "").strip())
    if request is None:
        await session.commit()
        return ins.Script((pack.say("wrapup_no_choice"), ins.Hangup()))
    if outcome is None:
        await session.commit()
        if attempt >= MAX_RETRIES:
            return ins.Script((pack.say("wrapup_no_choice"), ins.Hangup()))
        prompts = (pack.say("invalid_choice"),) if event.digits else ()
        return ins.Script((*prompts, _menu(state, pack, offer_id, attempt + 1)))
    actor = _operator(wrapup.leg)
    if _record_outcome(session, request, outcome, actor=actor, now=now):
        if outcome == "solved":
            await _solved(session, request, actor=actor, now=now)
        elif outcome == "coordinator":
            _escalate(session, request, now=now)
    await session.commit()
    if outcome == "solved":
        return ins.Script((pack.say("wrapup_solved"), ins.Hangup()))
    return ins.Script(
        (
            pack.say("wrapup_record"),
            ins.Record(
                action=urls.note(offer_id),
                max_length_s=state.settings.wrapup.note_max_s,
                timeout_s=5,
                finish_on_key="#",
            ),
            # Reached only when nothing was said (no recording, no note action).
            pack.say("wrapup_no_note"),
            ins.Hangup(),
        )
    )


def _operator(leg: Call | None) -> str:
    if leg is None or leg.volunteer_id is None:
        return "operator"
    return f"operator:{leg.volunteer_id}"


def recording_sid(url: str) -> str | None:
    """Twilio's recording URLs end with the recording's SID (RE…)."""
    last = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    last = last.split(".", 1)[0]
    return last if last.startswith("RE") else None


async def note(
    session: AsyncSession, state: HotlineState, event: VoiceEvent, offer_id: str
) -> ins.Script:
    """The operator's spoken note, attached to the request (an empty one is not)."""
    now = state.clock.now()
    wrapup = await _context(session, state, event, offer_id, now=now)
    pack, request = wrapup.pack, wrapup.request
    url = event.recording_url
    duration = event.recording_duration_s or 0
    if request is None or not url or duration <= 0:
        await session.commit()
        return ins.Script((pack.say("wrapup_no_note"), ins.Hangup()))
    if request.wrapup_recording_url != url:
        request.wrapup_recording_url = url
        request.wrapup_recording_sid = recording_sid(url)
        request.wrapup_recording_duration_s = duration
        request_service.record(
            session,
            request,
            "wrapup_note",
            now=now,
            actor=_operator(wrapup.leg),
            detail={"duration_s": duration},
        )
    await session.commit()
    return ins.Script((pack.say("wrapup_recorded"), ins.Hangup()))
