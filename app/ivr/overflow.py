"""The overflow choice, when no volunteer can take the call now. Pure: no I/O.

Reached when nobody is on duty, when the caller waited the maximum time, or when the
provider's queue let them go. Keys and speech both work, and every option is
announced ("say 'call back' or press 1"):

- 1 / "call back": a volunteer calls back (only offered when we know the number; a
  hidden number is never promised a callback);
- 2 / "message": leave a voicemail;
- 0 / "wait" (or "a person", "help"): keep waiting for a volunteer, when someone is
  on duty and the caller has not already waited the longest we allow; otherwise a
  person means a callback (or, for a hidden number, a message);
- * / "repeat": the menu again.

Silence or words we do not understand repeat the menu up to `max_retries` times;
then the default that asks nothing of the caller: a callback, or a message when the
number is hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from app.ivr import menu
from app.ivr.prompts import LanguagePack
from app.telephony import instructions as ins

Choice = Literal["callback", "voicemail", "wait", "repeat", "no_callback", "retry"]
OVERFLOW_TIMEOUT_S = 7
CALLBACK_KEY, MESSAGE_KEY = "1", "2"


@dataclass(frozen=True, slots=True)
class Options:
    can_call_back: bool  # we know the caller's number
    can_wait: bool  # someone is on duty and the caller may wait longer


def prompts(pack: LanguagePack, options: Options) -> tuple[ins.Say, ...]:
    """The options, each announced with its words and its key."""
    out: list[ins.Say] = []
    if options.can_call_back:
        out.append(pack.option("overflow_callback_option"))
    out.append(pack.option("overflow_message_option"))
    if options.can_wait:
        out.append(pack.option("overflow_wait_option"))
    out.append(pack.say("repeat_option"))
    return tuple(out)


def hints(pack: LanguagePack, options: Options) -> tuple[str, ...]:
    intents = ("callback", "message", "wait", "repeat")
    return tuple(w for intent in intents for w in pack.speech[intent])


def gather(
    pack: LanguagePack,
    options: Options,
    action: str,
    lead: tuple[ins.Say, ...] = (),
) -> ins.Gather:
    return ins.Gather(
        action=action,
        prompts=(*lead, *prompts(pack, options)),
        num_digits=1,
        timeout_s=OVERFLOW_TIMEOUT_S,
        speech_locale=pack.speech_locale,
        hints=hints(pack, options),
        speech_timeout=menu.SPEECH_TIMEOUT,
    )


def choose(pack: LanguagePack, heard: menu.CallerInput, options: Options) -> Choice:
    """What the caller asked for ("retry": nothing we understood, or silence)."""
    digits = (heard.digits or "").strip()
    speech = None if digits else heard.speech
    if heard.is_empty:
        return "retry"
    if digits == menu.REPEAT_KEY or menu.asks_repeat(pack.speech["repeat"], speech):
        return "repeat"
    wants_person = digits == menu.OPERATOR_KEY or (
        menu.matches(pack.speech["wait"], speech)
        or menu.matches(pack.speech["operator"], speech)
    )
    # A sentence naming both ("call me back, I cannot wait") asks for the callback.
    if digits == CALLBACK_KEY or menu.matches(pack.speech["callback"], speech):
        return "callback" if options.can_call_back else "no_callback"
    if digits == MESSAGE_KEY or menu.matches(pack.speech["message"], speech):
        return "voicemail"
    if wants_person:
        if options.can_wait:
            return "wait"
        return "callback" if options.can_call_back else "voicemail"
    return "retry"


def default(options: Options) -> Choice:
    """After the last retry: what asks nothing more of the caller."""
    return "callback" if options.can_call_back else "voicemail"
