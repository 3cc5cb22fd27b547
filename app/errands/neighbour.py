"""Masked calls: the neighbour who took a request calls the hotline from their
registered phone and is bridged with the requester.

"Press 1 to call the person of request K 7 Q 2" (their latest request), "2 to hear
the operator's note" (when the wrap-up left one), "star, then the code" for another
of their requests. The requester sees the hotline number they know (the line their
request came in on), never the neighbour's own number. A code that is unknown, or
belongs to a request that is not this neighbour's, is refused with the same words
(a guesser learns nothing), logged with the number masked, on the call's timeline
and, for another neighbour's request, on that request's history.
"""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession

from app.abuse import pins
from app.calls import repository as call_repository
from app.calls import service as call_service
from app.calls.models import Call
from app.errands import keypad, repository, urls, winner
from app.errands.details import first_name
from app.help_requests import repository as request_repository
from app.help_requests import service as request_service
from app.help_requests.models import HelpRequest
from app.ivr.prompts import LanguagePack
from app.logging import mask_phone
from app.matching.sms import CODE_LENGTH
from app.phone_numbers import to_e164
from app.state import HotlineState
from app.telephony import instructions as ins
from app.telephony.events import VoiceEvent
from app.volunteers import service as volunteer_service
from app.volunteers.models import Volunteer

logger = logging.getLogger(__name__)

PURPOSE = "neighbour"
PIN_ACCEPTED = "errand_pin_accepted"
ANSWERED = frozenset({"completed", "answered"})


def pack_of(state: HotlineState, volunteer: Volunteer | None) -> LanguagePack:
    languages = volunteer.languages if volunteer else []
    known = [x for x in languages if x in state.catalogue.languages]
    return state.catalogue[known[0] if known else state.settings.ivr.default_language]


def _goodbye(pack: LanguagePack, *lead: ins.Say) -> ins.Script:
    return ins.Script((*lead, pack.say("goodbye"), ins.Hangup()))


async def _neighbour(session: AsyncSession, event: VoiceEvent) -> Volunteer | None:
    number = to_e164(event.from_number)
    if number is None:
        return None
    return await repository.field_volunteer_by_phone(session, number)


async def _call(session: AsyncSession, state: HotlineState, event: VoiceEvent) -> Call:
    return await call_service.call_for_event(
        session, event, purpose=PURPOSE, now=state.clock.now()
    )


def _menu(
    state: HotlineState,
    volunteer: Volunteer,
    request: HelpRequest,
    *,
    retries: int,
    lead: tuple[ins.Prompt, ...] = (),
) -> ins.Script:
    pack = pack_of(state, volunteer)
    code = request.short_code or ""
    place = state.postcodes.lookup(request.postcode) if request.postcode else None
    options = [
        pack.option(
            "errand_menu_call",
            code=keypad.spelled(code),
            need=pack.text(f"need_{request.need or 'other'}"),
            place=place.display_name(pack.language) if place else "",
        )
    ]
    if request.wrapup_recording_url:
        options.append(pack.option("errand_menu_note"))
    options.append(pack.option("errand_menu_code"))
    if volunteer.is_operator:
        options.append(pack.option("errand_menu_duty"))
    return ins.Script(
        (
            ins.Gather(
                action=urls.neighbour_choice(code, retries),
                prompts=(*lead, *options),
                num_digits=1,
                timeout_s=state.settings.ivr.gather_timeout_s,
            ),
        )
    )


def _code_prompt(
    state: HotlineState,
    volunteer: Volunteer,
    *,
    retries: int,
    lead: tuple[ins.Say, ...] = (),
) -> ins.Script:
    pack = pack_of(state, volunteer)
    return ins.Script(
        (
            ins.Gather(
                action=urls.neighbour_code(retries),
                prompts=(*lead, pack.say("errand_code_ask")),
                num_digits=CODE_LENGTH,
                timeout_s=state.settings.ivr.gather_timeout_s,
            ),
        )
    )


def _pin_prompt(
    state: HotlineState,
    volunteer: Volunteer,
    *,
    retries: int,
    lead: tuple[ins.Say, ...] = (),
) -> ins.Script:
    pack = pack_of(state, volunteer)
    return ins.Script(
        (
            ins.Gather(
                action=urls.neighbour_pin(retries),
                prompts=(*lead, pack.say("duty_pin_ask")),
                num_digits=None,
                timeout_s=state.settings.ivr.gather_timeout_s,
            ),
        )
    )


async def _latest_menu(
    session: AsyncSession, state: HotlineState, volunteer: Volunteer
) -> ins.Script:
    pack = pack_of(state, volunteer)
    errands = await repository.errands_of(session, volunteer.id)
    if not errands:
        return ins.Script((pack.say("errand_none"), ins.Hangup()))
    hello = pack.say("errand_hello", name=first_name(volunteer.name) or "")
    return _menu(state, volunteer, errands[0], retries=0, lead=(hello,))


async def incoming(
    session: AsyncSession, state: HotlineState, volunteer: Volunteer, event: VoiceEvent
) -> ins.Script:
    """The neighbour called the hotline: the menu of their latest request (after
    their personal code, when they have one: caller ID can be spoofed)."""
    now = state.clock.now()
    pack = pack_of(state, volunteer)
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
    call.volunteer_id = volunteer.id
    call.language = pack.language
    if created:
        await call_service.add_event(
            session, call, "errand_line", now=now, detail={"volunteer_id": volunteer.id}
        )
    await session.commit()
    if volunteer.duty_pin_hash is not None:
        return _pin_prompt(state, volunteer, retries=0)
    return await _latest_menu(session, state, volunteer)


async def pin(
    session: AsyncSession, state: HotlineState, event: VoiceEvent, *, retries: int
) -> ins.Script:
    """The neighbour keyed their personal code: right, the menu; wrong, again a few
    times; too many wrong codes lately (any call), the line says goodbye. The same
    code and the same count as the operators' duty line."""
    volunteer = await _neighbour(session, event)
    if volunteer is None or volunteer.duty_pin_hash is None:
        return _goodbye(pack_of(state, volunteer))
    pack = pack_of(state, volunteer)
    check = await pins.check_keyed(
        state.limits,
        volunteer.duty_pin_hash,
        volunteer.phone_number,
        event.digits,
        line="errand line",
    )
    if check == "right":
        call = await _call(session, state, event)
        await call_service.add_event(
            session,
            call,
            PIN_ACCEPTED,
            now=state.clock.now(),
            detail={"volunteer_id": volunteer.id},
        )
        await session.commit()
        return await _latest_menu(session, state, volunteer)
    if check != "blocked" and retries < state.settings.ivr.max_retries:
        sorry = pack.say("duty_pin_wrong" if check == "wrong" else "no_input")
        return _pin_prompt(state, volunteer, retries=retries + 1, lead=(sorry,))
    return _goodbye(pack)


async def _may_bridge(session: AsyncSession, volunteer: Volunteer, call: Call) -> bool:
    """Only the PIN step leads to the menu of a neighbour who has a code."""
    if volunteer.duty_pin_hash is None:
        return True
    return bool(await call_repository.events_of_kind(session, call.id, PIN_ACCEPTED))


async def choice(
    session: AsyncSession,
    state: HotlineState,
    event: VoiceEvent,
    *,
    code: str,
    retries: int,
) -> ins.Script:
    """The neighbour answered the menu of request `code`."""
    volunteer = await _neighbour(session, event)
    if volunteer is None:
        return _goodbye(pack_of(state, None))
    pack = pack_of(state, volunteer)
    errands = await repository.errands_of(session, volunteer.id)
    request = next((r for r in errands if r.short_code == code), None)
    if request is None:
        # Finished or given back since the menu was read: start again.
        if not errands:
            return ins.Script((pack.say("errand_none"), ins.Hangup()))
        return _menu(state, volunteer, errands[0], retries=retries)
    digits = (event.digits or "").strip()
    if digits == "1":
        return await _bridge(session, state, volunteer, request, event)
    if digits == "2" and request.wrapup_recording_url:
        call = await _call(session, state, event)
        await call_service.add_event(
            session,
            call,
            "errand_note_played",
            now=state.clock.now(),
            detail={"request_id": request.id},
        )
        await session.commit()
        note = (pack.say("errand_note_intro"), ins.Play(request.wrapup_recording_url))
        return _menu(state, volunteer, request, retries=0, lead=note)
    if digits == "9" and volunteer.is_operator:
        return await volunteer_service.duty_line_incoming(
            session, state, volunteer, event
        )
    if digits == "*":
        return _code_prompt(state, volunteer, retries=0)
    if retries < state.settings.ivr.max_retries:
        sorry = pack.say("invalid_choice" if digits else "no_input")
        return _menu(state, volunteer, request, retries=retries + 1, lead=(sorry,))
    return _goodbye(pack)


async def typed_code(
    session: AsyncSession, state: HotlineState, event: VoiceEvent, *, retries: int
) -> ins.Script:
    """The neighbour typed a request code: theirs is bridged, any other refused."""
    volunteer = await _neighbour(session, event)
    if volunteer is None:
        return _goodbye(pack_of(state, None))
    pack = pack_of(state, volunteer)
    typed = (event.digits or "").strip()
    if typed:
        found = await repository.by_codes(session, keypad.candidates(typed))
        own = [
            r
            for r in found
            if r.volunteer_id == volunteer.id and r.status == repository.IN_PROGRESS
        ]
        if own:
            return await _bridge(session, state, volunteer, own[0], event)
        await _refuse(session, state, volunteer, event, typed, found, retries)
    sorry = pack.say("errand_code_refused" if typed else "no_input")
    if retries < state.settings.ivr.max_retries:
        return _code_prompt(state, volunteer, retries=retries + 1, lead=(sorry,))
    return _goodbye(pack, sorry)


async def _refuse(
    session: AsyncSession,
    state: HotlineState,
    volunteer: Volunteer,
    event: VoiceEvent,
    typed: str,
    found: list[HelpRequest],
    retries: int,
) -> None:
    """Log a refused code: unknown, or someone else's request (each one's history
    says a neighbour tried it)."""
    now = state.clock.now()
    reason = "not_theirs" if found else "unknown"
    logger.warning(
        "masked call refused (%s code) for %s",
        reason,
        mask_phone(volunteer.phone_number),
    )
    call = await _call(session, state, event)
    if await call_service.add_event(
        session,
        call,
        "errand_code_refused",
        now=now,
        detail={"reason": reason, "typed": typed, "volunteer_id": volunteer.id},
        dedupe_key=f"errand_code:{event.call_sid}:{retries}",
    ):
        for request in found:
            request_service.record(
                session,
                request,
                "masked_call_refused",
                now=now,
                actor=f"volunteer:{volunteer.id}",
                detail={"volunteer_id": volunteer.id, "call_sid": event.call_sid},
            )
    await session.commit()


async def _bridge(
    session: AsyncSession,
    state: HotlineState,
    volunteer: Volunteer,
    request: HelpRequest,
    event: VoiceEvent,
) -> ins.Script:
    now = state.clock.now()
    pack = pack_of(state, volunteer)
    spelled = keypad.spelled(request.short_code or "")
    call = await _call(session, state, event)
    if not await _may_bridge(session, volunteer, call):
        return _goodbye(pack)
    number = to_e164(request.caller_number)
    if number is None:
        call.outcome = "errand_no_number"
        await session.commit()
        return ins.Script((pack.say("errand_no_number", code=spelled), ins.Hangup()))
    if await call_service.add_event(
        session,
        call,
        "errand_bridge",
        now=now,
        detail={"request_id": request.id},
        dedupe_key=f"errand_bridge:{event.call_sid}:{request.id}",
    ):
        request_service.record(
            session,
            request,
            "masked_call",
            now=now,
            actor=f"volunteer:{volunteer.id}",
            detail={"volunteer_id": volunteer.id, "call_sid": event.call_sid},
        )
    caller_id = await winner.line_number(session, state, request)
    await session.commit()
    errands = state.settings.errands
    return ins.Script(
        (
            pack.say("errand_connecting", code=spelled),
            ins.DialNumber(
                number=number,
                caller_id=caller_id,
                action=urls.neighbour_dialled(request.id),
                timeout_s=errands.masked_ring_s,
                time_limit_s=errands.masked_time_limit_s,
            ),
        )
    )


async def dialled(
    session: AsyncSession, state: HotlineState, event: VoiceEvent, *, request_id: int
) -> ins.Script:
    """The bridge ended, or the requester did not answer."""
    now = state.clock.now()
    volunteer = await _neighbour(session, event)
    pack = pack_of(state, volunteer)
    status = event.dial_status or "failed"
    answered = status in ANSWERED
    call = await _call(session, state, event)
    call.outcome = "errand_call" if answered else "errand_unanswered"
    request = await request_repository.get(session, request_id)
    if (
        await call_service.add_event(
            session,
            call,
            "errand_dialled",
            now=now,
            detail={"request_id": request_id, "status": status},
            dedupe_key=f"errand_dialled:{event.call_sid}:{request_id}",
        )
        and request is not None
    ):
        request_service.record(
            session,
            request,
            "masked_call_ended",
            now=now,
            detail={"status": status, "call_sid": event.call_sid},
        )
    await session.commit()
    if answered:
        return ins.Script((pack.say("errand_call_ended"), ins.Hangup()))
    return ins.Script((pack.say("errand_no_answer"), ins.Hangup()))
