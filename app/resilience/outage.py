"""What callers hear while the database is unreachable, and what is kept for later.

The menus need no database (the tree is pure): a caller goes on choosing their
language, need and postcode as usual. Where the hotline would write, the webhook's
writes are journaled (app/resilience/store.py) and replayed once the database
answers again (app/resilience/replay.py). Where the queue needs the database, the
caller hears an apology in their language and chooses a callback (known number) or a
message; the callback is journaled as a promise and kept after the outage, the
message recorded by the provider and written on replay.

No database access here, and nothing that fails with it: everything in this module
must work while the database is down.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from typing import Any

from app.ivr import menu, overflow
from app.ivr import service as ivr_service
from app.ivr.prompts import LanguagePack
from app.ops import metrics as ops_metrics
from app.phone_numbers import to_e164
from app.queue import urls as queue_urls
from app.queue.legs import epoch, hang_up_leg, pack_for, room_name
from app.resilience.store import Pending, PendingKind
from app.state import HotlineState
from app.telephony import instructions as ins
from app.telephony.events import CallStatusChanged, VoiceEvent

logger = logging.getLogger(__name__)

CHOICE_PATH = "/twilio/outage/choice"


def choice_url(language: str, retries: int = 0) -> str:
    return f"{CHOICE_PATH}?lang={language}&try={retries}"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _event_data(event: VoiceEvent | CallStatusChanged) -> dict[str, Any]:
    data = dataclasses.asdict(event)
    occurred_at = data.get("occurred_at")
    if occurred_at is not None:
        data["occurred_at"] = occurred_at.isoformat()
    return data


async def keep(
    state: HotlineState,
    kind: PendingKind,
    event: VoiceEvent | CallStatusChanged,
    *,
    step: str,
    args: dict[str, Any] | None = None,
) -> None:
    """Journal a webhook's writes for replay, once per CallSid and `step`."""
    entry = Pending(
        key=f"{event.call_sid}:{kind}:{step}",
        kind=kind,
        received_at=epoch(state.clock.now()),
        event=_event_data(event),
        args=args or {},
    )
    if await state.resilience.journal(entry):
        ops_metrics.journal("journaled")
        logger.warning("database unreachable: %s journaled for replay", kind)


def _number_known(event: VoiceEvent) -> bool:
    return event.direction == "inbound" and to_e164(event.from_number) is not None


def _menu_context(state: HotlineState, event: VoiceEvent) -> menu.MenuContext:
    line = state.settings.line_for_number(event.to_number)
    return ivr_service.menu_context(
        state, state.clock.now(), line=line, number_known=_number_known(event)
    )


async def incoming(state: HotlineState, event: VoiceEvent) -> ins.Script:
    """A new call: the language menu (who is calling cannot be looked up)."""
    await keep(state, "incoming", event, step="incoming")
    return menu.start(_menu_context(state, event), known_language=None).script


async def gather(
    state: HotlineState,
    event: VoiceEvent,
    *,
    node: menu.Node,
    language: str | None,
    retries: int,
    postcode: str | None,
) -> ins.Script:
    """An answer to a menu: the menu goes on; the answer is written on replay."""
    args = {"node": node, "language": language, "retries": retries, "pc": postcode}
    heard = f"{language}|{retries}|{postcode}|{event.digits}|{event.speech}"
    await keep(state, "gather", event, step=f"{node}:{_digest(heard)}", args=args)
    step = menu.step(
        node,
        language=language,
        retries=retries,
        heard=menu.CallerInput(digits=event.digits, speech=event.speech),
        ctx=_menu_context(state, event),
        postcode=postcode,
    )
    return step.script


async def voicemail(
    state: HotlineState, event: VoiceEvent, *, language: str | None
) -> ins.Script:
    """A message was recorded: thanks now, written on replay."""
    step = _digest(event.recording_url or "")
    await keep(state, "voicemail", event, step=step, args={"language": language})
    pack = pack_for(state, language)
    thanks = "voicemail_thanks" if _number_known(event) else "voicemail_thanks_hidden"
    if not event.recording_url:
        thanks = "voicemail_empty" if _number_known(event) else "voicemail_empty_hidden"
    return ins.Script((pack.say(thanks), pack.say("goodbye"), ins.Hangup()))


async def status(state: HotlineState, event: CallStatusChanged) -> None:
    """A status callback (the provider does not retry them): written on replay."""
    step = f"{event.call_status}:{event.sequence_number}"
    await keep(state, "status", event, step=step)


def _options(event: VoiceEvent) -> overflow.Options:
    return overflow.Options(can_call_back=_number_known(event), can_wait=False)


def _choice(
    pack: LanguagePack, event: VoiceEvent, retries: int, lead: tuple[ins.Say, ...]
) -> ins.Script:
    action = choice_url(pack.language, retries)
    return ins.Script((overflow.gather(pack, _options(event), action, lead),))


async def at_queue(
    state: HotlineState, event: VoiceEvent, language: str | None
) -> ins.Script:
    """Where the caller would wait for a volunteer: an apology, then the choice of a
    callback (known number) or a message. A caller the queue still holds leaves it
    (their place is kept in the database for a callback: app/queue/service.py)."""
    removed = await state.queue.remove(event.call_sid)
    if removed is not None and removed.withdrawn_offer is not None:
        await hang_up_leg(state, removed.withdrawn_offer.operator_call_sid)
    pack = pack_for(state, language)
    return _choice(pack, event, 0, (pack.say("error_apology"),))


async def into_room(state: HotlineState, offer_id: str) -> ins.Script:
    """An operator accepted: the caller joins them (the room needs no database)."""
    offer = await state.queue.get_offer(offer_id)
    pack = pack_for(state, offer.entry.language if offer else None)
    return ins.Script(
        (
            pack.say("connecting"),
            ins.JoinConference(
                room=room_name(offer_id),
                action=queue_urls.after_bridge(pack.language),
            ),
        )
    )


def message_script(
    state: HotlineState, event: VoiceEvent, language: str | None
) -> ins.Script:
    """A message, recorded by the provider (written when the database takes it)."""
    pack = pack_for(state, language)
    hidden = not _number_known(event)
    return ins.Script(
        (
            pack.say("voicemail_prompt"),
            ins.Record(action=queue_urls.voicemail(pack.language), max_length_s=180),
            pack.say("voicemail_empty_hidden" if hidden else "voicemail_empty"),
            pack.say("goodbye"),
            ins.Hangup(),
        )
    )


async def choose(
    state: HotlineState, event: VoiceEvent, language: str | None, retries: int
) -> ins.Script:
    """The caller's answer to the outage choice, by key or by speech.

    A callback is a promise: it is journaled (the hold-key "1" a waiting caller
    would press), kept once the database is back (app/resilience/replay.py)."""
    pack = pack_for(state, language)
    options = _options(event)
    heard = menu.CallerInput(digits=event.digits, speech=event.speech)
    choice = overflow.choose(pack, heard, options)
    if choice == "repeat":
        return _choice(pack, event, retries, ())
    if choice in ("retry", "no_callback", "wait"):
        if retries < state.settings.ivr.max_retries:
            if choice == "no_callback":
                sorry = pack.say("callback_unavailable")
            else:
                sorry = pack.say("no_input" if heard.is_empty else "invalid_choice")
            return _choice(pack, event, retries + 1, (sorry,))
        choice = overflow.default(options)
    if choice == "callback":
        promise = dataclasses.replace(event, digits=overflow.CALLBACK_KEY, speech=None)
        await keep(
            state,
            "callback",
            promise,
            step="callback",
            args={"language": pack.language},
        )
        return ins.Script((pack.say("callback_confirmed"), ins.Hangup()))
    return message_script(state, event, pack.language)
