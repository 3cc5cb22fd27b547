"""IVR use cases: run the pure menu, persist what it decided, commit once.

Each function ends with exactly one commit before the router renders TwiML, because
Twilio requests the next URL as soon as it has our answer.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from app.calls import repository as call_repository
from app.calls import service as call_service
from app.calls.models import Call
from app.help_requests import service as request_service
from app.help_requests.models import HelpRequest
from app.ivr import hours, menu
from app.queue import service as queue_service
from app.state import HotlineState
from app.telephony import instructions as ins
from app.telephony.events import CallStatusChanged, VoiceEvent
from app.volunteers import service as volunteer_service


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def menu_context(state: HotlineState, now: datetime) -> menu.MenuContext:
    ivr = state.settings.ivr
    directory = state.postcodes

    def place_for_postcode(postcode: str, language: str) -> str | None:
        place = directory.lookup(postcode)
        return place.display_name(language) if place else None

    return menu.MenuContext(
        catalogue=state.catalogue,
        default_language=ivr.default_language,
        max_retries=ivr.max_retries,
        gather_timeout_s=ivr.gather_timeout_s,
        is_open=hours.is_open(now, ivr),
        open_from=hours.format_hour(ivr.open_from),
        open_until=hours.format_hour(ivr.open_until),
        place_for_postcode=place_for_postcode,
    )


async def _caller_call(session: AsyncSession, event: VoiceEvent, now: datetime) -> Call:
    call, _ = await call_service.get_or_create_call(
        session,
        twilio_call_sid=event.call_sid,
        purpose="caller",
        direction=event.direction,
        from_number=event.from_number,
        to_number=event.to_number,
        status=event.call_status,
        now=now,
    )
    return call


async def handle_incoming(
    session: AsyncSession, state: HotlineState, event: VoiceEvent
) -> ins.Script:
    """A call reached the hotline number: a volunteer's duty line or the caller menu."""
    now = state.clock.now()
    operator = await volunteer_service.operator_for_number(session, event.from_number)
    if operator is not None:
        return await volunteer_service.duty_line_incoming(
            session, state, operator, event
        )
    call, created = await call_service.get_or_create_call(
        session,
        twilio_call_sid=event.call_sid,
        purpose="caller",
        direction=event.direction,
        from_number=event.from_number,
        to_number=event.to_number,
        status=event.call_status,
        now=now,
    )
    known_language = None
    if call.caller_e164:
        known_language = await call_repository.last_language_of(
            session, call.caller_e164, before_id=call.id
        )
    step = menu.start(menu_context(state, now), known_language=known_language)
    if created:
        await call_service.add_event(
            session,
            call,
            "incoming",
            now=now,
            detail={"known_language": known_language},
        )
        request = await request_service.create_for_call(session, call, now=now)
        await _apply(session, call, request, step, now=now, node=None)
    await session.commit()
    return step.script


async def handle_gather(
    session: AsyncSession,
    state: HotlineState,
    *,
    node: menu.Node,
    language: str | None,
    retries: int,
    event: VoiceEvent,
) -> ins.Script:
    now = state.clock.now()
    call = await _caller_call(session, event, now)
    heard = menu.CallerInput(digits=event.digits, speech=event.speech)
    step = menu.step(
        node,
        language=language,
        retries=retries,
        heard=heard,
        ctx=menu_context(state, now),
    )
    # A retried webhook must not be applied twice, but a caller may come back to a
    # menu (9 = change language) and give the same answer again: that is new. So the
    # key names the visit of the node (how often the caller was sent to it), which a
    # replay shares with the original; concurrent attempts collide on the unique key.
    entered = await call_repository.events_of_kind(session, call.id, "menu_entered")
    visit = sum(1 for e in entered if e.detail.get("node") == node)
    signature = _digest(f"{language}|{retries}|{event.digits}|{event.speech}")
    key = f"ivr:{event.call_sid}:{node}:{visit}:{signature}"
    detail: dict[str, object] = {"node": node, "try": retries}
    if event.digits is not None:
        detail["digits"] = event.digits
    if event.speech:
        detail["speech"] = event.speech
        detail["confidence"] = event.speech_confidence
    kind = "input" if not heard.is_empty else "no_input"
    if await call_service.add_event(
        session, call, kind, now=now, detail=detail, dedupe_key=key
    ):
        request = await request_service.ensure_for_call(session, call, now=now)
        await _apply(session, call, request, step, now=now, node=node)
    await session.commit()
    return step.script


async def handle_voicemail(
    session: AsyncSession,
    state: HotlineState,
    *,
    language: str | None,
    event: VoiceEvent,
) -> ins.Script:
    now = state.clock.now()
    call = await _caller_call(session, event, now)
    recording = menu.VoicemailInput(
        event.recording_url, event.recording_duration_s or 0
    )
    step = menu.voicemail_left(language, recording, menu_context(state, now))
    # Recording URLs are longer than the dedupe key column: key on a digest.
    key = f"voicemail:{event.call_sid}:{_digest(event.recording_url or '')}"
    if await call_service.add_event(
        session,
        call,
        "recording",
        now=now,
        detail={"url": event.recording_url},
        dedupe_key=key,
    ):
        request = await request_service.ensure_for_call(session, call, now=now)
        await _apply(session, call, request, step, now=now, node="voicemail")
    await session.commit()
    return step.script


def fallback_script(
    state: HotlineState, language: str | None, *, to_queue: bool
) -> ins.Script:
    """What a caller hears when something failed on our side: never silence."""
    if language not in state.catalogue.languages:
        language = state.settings.ivr.default_language
    pack = state.catalogue[language]
    if to_queue:
        target = f"{menu.QUEUE_ENTRY_PATH}?lang={pack.language}"
        return ins.Script((pack.say("error_apology"), ins.Redirect(target)))
    return ins.Script((pack.say("error_apology"), pack.say("goodbye"), ins.Hangup()))


def _entered_node(script: ins.Script) -> str | None:
    for instruction in script.instructions:
        if isinstance(instruction, ins.Gather):
            return urlsplit(instruction.action).path.rsplit("/", 1)[-1]
    return None


async def _apply(
    session: AsyncSession,
    call: Call,
    request: HelpRequest,
    step: menu.Step,
    *,
    now: datetime,
    node: str | None,
) -> None:
    """Persist the menu's effects on the call timeline and the help request."""
    for effect in step.effects:
        match effect:
            case menu.LanguageChosen(language=language, how=how):
                call.language = request.language = language
                await call_service.add_event(
                    session,
                    call,
                    "language_chosen",
                    now=now,
                    detail={"language": language, "how": how},
                )
            case menu.NeedChosen(need=need, how=how):
                request.need = need
                request_service.record(
                    session, request, "need_set", now=now, detail={"need": need}
                )
                await call_service.add_event(
                    session,
                    call,
                    "need_chosen",
                    now=now,
                    detail={"need": need, "how": how},
                )
            case menu.PostcodeGiven(postcode=postcode):
                request.postcode = postcode
                request_service.record(
                    session,
                    request,
                    "postcode_set",
                    now=now,
                    detail={"postcode": postcode},
                )
                await call_service.add_event(
                    session,
                    call,
                    "postcode_given",
                    now=now,
                    detail={"postcode": postcode},
                )
            case menu.PostcodeSkipped(how=how):
                await call_service.add_event(
                    session, call, "postcode_skipped", now=now, detail={"how": how}
                )
            case menu.OperatorRequested(node=at):
                await call_service.add_event(
                    session, call, "operator_requested", now=now, detail={"node": at}
                )
            case menu.MenuRetried(node=at, reason=reason, value=value):
                await call_service.add_event(
                    session,
                    call,
                    "menu_retry",
                    now=now,
                    detail={"node": at, "reason": reason, "value": value},
                )
            case menu.MenuRepeated(node=at):
                await call_service.add_event(
                    session, call, "menu_repeat", now=now, detail={"node": at}
                )
            case menu.HandedOff(language=language):
                await call_service.add_event(
                    session, call, "handed_off", now=now, detail={"language": language}
                )
            case menu.ClosedReached(language=language):
                await call_service.add_event(
                    session,
                    call,
                    "out_of_hours",
                    now=now,
                    detail={"language": language},
                )
            case menu.VoicemailLeft(recording_url=url, duration_s=duration):
                request.voicemail_url = url
                request.voicemail_duration_s = duration
                request.source = "voicemail"
                request_service.record(
                    session,
                    request,
                    "voicemail",
                    now=now,
                    detail={"url": url, "duration_s": duration},
                )
                call.outcome = call.outcome or "voicemail"
    entered = _entered_node(step.script)
    if entered is not None and entered != node:
        await call_service.add_event(
            session, call, "menu_entered", now=now, detail={"node": entered}
        )


async def handle_status(
    session: AsyncSession, state: HotlineState, event: CallStatusChanged
) -> None:
    """Status callback of a call to the hotline number (idempotent, order-tolerant)."""
    now = state.clock.now()
    call, _ = await call_service.get_or_create_call(
        session,
        twilio_call_sid=event.call_sid,
        purpose="caller",
        direction=event.direction,
        from_number=event.from_number,
        to_number=event.to_number,
        status=event.call_status,
        now=now,
    )
    is_new = await call_service.apply_status(session, call, event, now=now)
    if not (is_new and event.is_final):
        await session.commit()
        return
    await call_service.add_event(
        session, call, "hung_up", now=now, detail={"status": event.call_status}
    )
    if call.outcome is None:
        call.outcome = "hung_up"
        # Still in the queue (or ringing an operator)? Then abandoned. Commits.
        await queue_service.abandon(session, state, call.twilio_call_sid)
        return
    await session.commit()
