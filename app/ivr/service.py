"""IVR use cases: run the pure menu, persist what it decided, commit once.

Each function ends with exactly one commit before the router renders TwiML, because
Twilio requests the next URL as soon as it has our answer.
"""

from __future__ import annotations

import functools
import hashlib
from datetime import datetime

from sqlalchemy import Connection

from app.abuse import service as abuse_service
from app.calls import statements as call_statements
from app.calls.statements import CallFacts
from app.calls.status import next_status
from app.config import Line
from app.errands import service as errands_service
from app.help_requests import statements as request_statements
from app.ivr import effects, intake, lines, menu
from app.ivr.intake import NewCall
from app.ivr.repository import Arrival, FirstSight
from app.phone_numbers import to_e164
from app.queue import service as queue_service
from app.queue import urls as queue_urls
from app.state import HotlineState
from app.telephony import instructions as ins
from app.telephony.events import CallStatusChanged, VoiceEvent
from app.volunteers import repository as volunteer_repository
from app.volunteers import service as volunteer_service


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def menu_context(
    state: HotlineState, now: datetime, *, line: Line, number_known: bool = True
) -> menu.MenuContext:
    """The menu as `line` runs it: its languages and their order, name, opening
    hours, holidays and where to turn."""
    directory = state.postcodes

    def place_for_postcode(postcode: str, language: str) -> str | None:
        place = directory.lookup(postcode)
        return place.display_name(language) if place else None

    return lines.menu_context(
        line,
        state.catalogue,
        now=now,
        place_for_postcode=place_for_postcode,
        number_known=number_known,
    )


async def handle_incoming(state: HotlineState, event: VoiceEvent) -> ins.Script:
    """A call reached the hotline number: a volunteer's duty line or the caller menu.

    The lookup and the writes of the call, its help request and their first
    events are one unit of work (app/ivr/intake.py, app/writer.py).
    """
    now = state.clock.now()
    caller_e164 = to_e164(event.from_number) if event.direction == "inbound" else None
    refusal = await abuse_service.screen_call(state, caller_e164)
    if refusal is not None:
        return refusal  # banned, or too many calls: nothing is written
    line = state.settings.line_for_number(event.to_number)
    ctx = menu_context(state, now, line=line, number_known=caller_e164 is not None)
    # Computed once, whether the rows to write or the answer asks first.
    first_step = functools.cache(
        lambda lang, postcode: menu.start(
            ctx, known_language=lang, known_postcode=postcode
        )
    )

    def rows_for(seen: FirstSight) -> NewCall | None:
        if seen.operator_id is not None or errands_service.takes_call(seen):
            return None  # the duty line and the errands write their own call below
        step = first_step(seen.last_language, seen.last_postcode)
        return _new_call(event, caller_e164, seen, step, now, line=line)

    arrival = Arrival(event.call_sid, caller_e164)
    seen = await state.writer(lambda c: intake.admit(c, arrival, rows_for))
    if errands_service.takes_call(seen):
        return await errands_service.incoming(state, event, seen)
    if seen.operator_id is not None:
        async with state.sessionmaker() as session:
            operator = await volunteer_repository.get(session, seen.operator_id)
            assert operator is not None
            return await volunteer_service.duty_line_incoming(
                session, state, operator, event
            )
    # A retried webhook gets the same answer; nothing was written twice.
    return first_step(seen.last_language, seen.last_postcode).script


def _new_call(
    event: VoiceEvent,
    caller_e164: str | None,
    seen: FirstSight,
    step: menu.Step,
    now: datetime,
    *,
    line: Line,
) -> NewCall:
    """The rows of a caller's new call: the call, its help request, their events."""
    changes = effects.changes_of(step, node=None)
    call_row = {
        "twilio_call_sid": event.call_sid,
        "purpose": "caller",
        "direction": event.direction,
        "from_number": event.from_number,
        "to_number": event.to_number,
        "caller_e164": caller_e164,
        "status": next_status("queued", event.call_status),
        "status_sequence": -1,
        "started_at": now,
        "line": line.key,
        **changes.call,
    }
    request_row = {
        "caller_number": caller_e164 or event.from_number,
        "status": "new",
        "source": "call",
        "wave": 0,
        "created_at": now,
        "updated_at": now,
        "line": line.key,
        **changes.request,
    }
    incoming = ("incoming", {"known_language": seen.last_language})
    return NewCall(
        call=call_row,
        request=request_row,
        call_events=[incoming, *changes.call_events],
        request_events=[("created", {"source": "call"}), *changes.request_events],
        now=now,
    )


async def handle_gather(
    state: HotlineState,
    *,
    node: menu.Node,
    language: str | None,
    retries: int,
    event: VoiceEvent,
    postcode: str | None = None,
) -> ins.Script:
    """The caller answered (or did not answer) the menu `node`: one unit of work."""
    now = state.clock.now()
    heard = menu.CallerInput(digits=event.digits, speech=event.speech)
    signature = _digest(
        f"{language}|{retries}|{postcode}|{event.digits}|{event.speech}"
    )
    detail: dict[str, object] = {"node": node, "try": retries}
    if event.digits is not None:
        detail["digits"] = event.digits
    if event.speech:
        detail["speech"] = event.speech
        detail["confidence"] = event.speech_confidence
    kind = "input" if not heard.is_empty else "no_input"

    def unit(connection: Connection) -> ins.Script:
        call = _call_of(connection, event, now=now, node=node)
        step = menu.step(
            node,
            language=language,
            retries=retries,
            heard=heard,
            ctx=_context_of(state, call, now),
            postcode=postcode,
        )
        # A retried webhook must not be applied twice, but a caller may come back
        # to a menu (9 = change language) and give the same answer again: that is
        # new. So the key names the visit of the node (how often the caller was sent
        # to it), which a replay shares with the original; concurrent attempts
        # collide on the unique key.
        key = f"ivr:{event.call_sid}:{node}:{call.visits}:{signature}"
        if call_statements.add_event_once(
            connection, call.id, kind, now=now, detail=detail, dedupe_key=key
        ):
            _apply(connection, state, call, step, now=now, node=node)
        return step.script

    return await state.writer(unit)


async def handle_voicemail(
    state: HotlineState, *, language: str | None, event: VoiceEvent
) -> ins.Script:
    """The caller's voicemail was recorded: one unit of work."""
    now = state.clock.now()
    recording = menu.VoicemailInput(
        event.recording_url, event.recording_duration_s or 0
    )
    # Recording URLs are longer than the dedupe key column: key on a digest.
    key = f"voicemail:{event.call_sid}:{_digest(event.recording_url or '')}"

    def unit(connection: Connection) -> ins.Script:
        call = _call_of(connection, event, now=now)
        step = menu.voicemail_left(language, recording, _context_of(state, call, now))
        if call_statements.add_event_once(
            connection,
            call.id,
            "recording",
            now=now,
            detail={"url": event.recording_url},
            dedupe_key=key,
        ):
            _apply(connection, state, call, step, now=now, node="voicemail")
        return step.script

    return await state.writer(unit)


def _call_of(
    connection: Connection,
    event: VoiceEvent | CallStatusChanged,
    *,
    now: datetime,
    node: str | None = None,
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
        node=node,
    )


def _line_key(state: HotlineState, call: CallFacts) -> str:
    """The line a caller's call came in on, recorded at its first webhook (a call
    first seen later: by the number it dialled)."""
    return call.line or state.settings.line_for_number(call.to_number).key


def _context_of(
    state: HotlineState, call: CallFacts, now: datetime
) -> menu.MenuContext:
    return menu_context(
        state,
        now,
        line=state.settings.line(_line_key(state, call)),
        number_known=call.caller_e164 is not None,
    )


def fallback_script(
    state: HotlineState,
    language: str | None,
    *,
    to_queue: bool,
    to_number: str | None = None,
) -> ins.Script:
    """What a caller hears when something failed on our side: never silence. No
    language known: the default language of the line they dialled (`to_number`)."""
    if language not in state.catalogue.languages:
        language = state.settings.line_for_number(to_number).ivr.default_language
    pack = state.catalogue[language]
    if to_queue:
        target = queue_urls.enter(pack.language)
        return ins.Script((pack.say("error_apology"), ins.Redirect(target)))
    return ins.Script((pack.say("error_apology"), pack.say("goodbye"), ins.Hangup()))


def _apply(
    connection: Connection,
    state: HotlineState,
    call: CallFacts,
    step: menu.Step,
    *,
    now: datetime,
    node: str | None,
) -> None:
    """Persist the menu's effects on the call timeline and the help request."""
    changes = effects.changes_of(step, node=node)
    call_fields = dict(changes.call)
    if "outcome" in call_fields:
        call_fields["outcome"] = call.outcome or call_fields["outcome"]
    if call.line is None:
        call_fields["line"] = _line_key(state, call)
    call_statements.set_fields(connection, call.id, call_fields)
    request_id = request_statements.ensure_for_call(connection, call, now=now)
    request_fields = dict(changes.request)
    if changes.request_events:
        request_fields["updated_at"] = now
    request_statements.set_fields(connection, request_id, request_fields)
    request_statements.add_events(
        connection, request_id, changes.request_events, now=now
    )
    call_statements.add_events(connection, call.id, changes.call_events, now=now)


async def handle_status(state: HotlineState, event: CallStatusChanged) -> None:
    """Status callback of a call to the hotline number (idempotent, order-tolerant)."""
    screened_out = await abuse_service.is_screened_out(state, event)
    now = state.clock.now()

    def unit(connection: Connection) -> bool:
        """True when the caller hung up with the call still live for the hotline."""
        if screened_out and call_statements.facts(connection, event.call_sid) is None:
            return False  # banned or over the call limit: nothing is written
        call = _call_of(connection, event, now=now)
        if not (
            call_statements.apply_status(
                connection, call, event.call_sid, event, now=now
            )
            and event.is_final
        ):
            return False
        # Once per call, even if Twilio reports two different final statuses.
        hung_up = call_statements.add_event_once(
            connection,
            call.id,
            "hung_up",
            now=now,
            detail={"status": event.call_status},
            dedupe_key=f"hung_up:{event.call_sid}",
        )
        if hung_up and call.outcome is None:
            call_statements.set_fields(connection, call.id, {"outcome": "hung_up"})
            return True
        return False

    if await state.writer(unit):
        # Still in the queue (or ringing an operator)? Then abandoned.
        await queue_service.abandon(state, event.call_sid)
