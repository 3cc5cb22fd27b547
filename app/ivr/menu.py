"""The IVR tree as data plus pure step functions. No I/O, no Twilio, no clock here.

A call walks: language -> need -> postcode -> hand-off to the queue (or, outside
opening hours: language -> voicemail). Each node is a Gather whose action URL carries
the node, the caller's language and the retry count, so every step is a pure function
of (node, language, retries, input) and a repeated webhook gives the same answer.

Elderly-first rules, applied everywhere:
- `*` repeats the menu (no retry counted); `0` reaches a human from any menu;
- no input or an invalid key repeats the menu up to `max_retries` times, then a
  sensible default is taken and the call moves on: never silence, never a hang-up.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlencode

from app.ivr.prompts import LanguagePack, PromptCatalogue
from app.queue import urls as queue_urls
from app.telephony import instructions as ins

Node = Literal["language", "need", "postcode", "voicemail"]
Need = Literal["groceries", "pharmacy", "company", "other"]
NEEDS: tuple[Need, ...] = ("groceries", "pharmacy", "company", "other")
How = Literal["key", "speech", "default", "returning"]

LANGUAGE_KEYS: dict[str, str] = {"1": "nl", "2": "fr", "3": "en", "4": "de"}
NEED_KEYS: dict[str, Need] = {
    "1": "groceries",
    "2": "pharmacy",
    "3": "company",
    "4": "other",
}
OPERATOR_KEY = "0"
REPEAT_KEY = "*"
CHANGE_LANGUAGE_KEY = "9"
DEFAULT_NEED: Need = "other"
_WORD_RE = re.compile(r"[\w']+")


# ----------------------------------------------------------------------------- effects
# Facts the service records; the menu never touches storage itself.


@dataclass(frozen=True, slots=True)
class LanguageChosen:
    language: str
    how: How


@dataclass(frozen=True, slots=True)
class NeedChosen:
    need: Need
    how: How


@dataclass(frozen=True, slots=True)
class PostcodeGiven:
    postcode: str


@dataclass(frozen=True, slots=True)
class PostcodeSkipped:
    how: Literal["key", "speech", "default"]


@dataclass(frozen=True, slots=True)
class OperatorRequested:
    node: Node


@dataclass(frozen=True, slots=True)
class MenuRetried:
    node: Node
    reason: Literal["no_input", "invalid"]
    value: str | None = None


@dataclass(frozen=True, slots=True)
class MenuRepeated:
    node: Node


@dataclass(frozen=True, slots=True)
class HandedOff:
    language: str


@dataclass(frozen=True, slots=True)
class VoicemailLeft:
    language: str
    recording_url: str | None
    duration_s: int


@dataclass(frozen=True, slots=True)
class ClosedReached:
    language: str


Effect = (
    LanguageChosen
    | NeedChosen
    | PostcodeGiven
    | PostcodeSkipped
    | OperatorRequested
    | MenuRetried
    | MenuRepeated
    | HandedOff
    | VoicemailLeft
    | ClosedReached
)


# ----------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class CallerInput:
    digits: str | None = None
    speech: str | None = None

    @property
    def is_empty(self) -> bool:
        return not self.digits and not (self.speech and self.speech.strip())


@dataclass(frozen=True, slots=True)
class VoicemailInput:
    recording_url: str | None
    duration_s: int


@dataclass(frozen=True)
class MenuContext:
    """Everything a step may depend on, computed by the service before calling in."""

    catalogue: PromptCatalogue
    default_language: str
    max_retries: int
    gather_timeout_s: int
    is_open: bool
    open_from: str
    open_until: str
    # Returns the place name for a valid Belgian postcode in `language`, else None.
    place_for_postcode: Callable[[str, str], str | None]

    @property
    def languages(self) -> tuple[str, ...]:
        return self.catalogue.languages

    def pack(self, language: str | None) -> LanguagePack:
        return self.catalogue[language or self.default_language]


@dataclass(frozen=True, slots=True)
class Step:
    script: ins.Script
    effects: tuple[Effect, ...] = ()


# ----------------------------------------------------------------------------- urls


def node_url(node: Node, *, language: str | None, retries: int = 0) -> str:
    query = {"lang": language or "", "try": str(retries)}
    return f"/twilio/ivr/{node}?{urlencode(query)}"


# ----------------------------------------------------------------------------- prompts


def _language_gather(
    ctx: MenuContext, retries: int, lead: tuple[ins.Say, ...]
) -> ins.Gather:
    default = ctx.pack(None)
    options = tuple(ctx.pack(lang).say("language_option") for lang in ctx.languages)
    hints = tuple(w for lang in ctx.languages for w in ctx.pack(lang).speech[lang])
    return ins.Gather(
        action=node_url("language", language=None, retries=retries),
        prompts=(*lead, *options),
        num_digits=1,
        timeout_s=ctx.gather_timeout_s,
        speech_locale=default.speech_locale,
        hints=hints,
    )


def _need_gather(
    ctx: MenuContext, language: str, retries: int, lead: tuple[ins.Say, ...]
) -> ins.Gather:
    pack = ctx.pack(language)
    hints = tuple(w for key in (*NEEDS, "operator") for w in pack.speech[key])
    return ins.Gather(
        action=node_url("need", language=language, retries=retries),
        prompts=(*lead, pack.say("need_menu")),
        num_digits=1,
        timeout_s=ctx.gather_timeout_s,
        speech_locale=pack.speech_locale,
        hints=hints,
    )


def _postcode_gather(
    ctx: MenuContext, language: str, retries: int, lead: tuple[ins.Say, ...]
) -> ins.Gather:
    pack = ctx.pack(language)
    return ins.Gather(
        action=node_url("postcode", language=language, retries=retries),
        prompts=(*lead, pack.say("postcode_ask")),
        num_digits=4,
        timeout_s=ctx.gather_timeout_s + 3,
        finish_on_key="#",
        speech_locale=pack.speech_locale,
        hints=pack.speech["skip"],
    )


def _handoff(
    ctx: MenuContext, language: str, lead: tuple[ins.Say, ...] = ()
) -> ins.Script:
    return ins.Script(
        (
            *lead,
            ctx.pack(language).say("handoff"),
            ins.Redirect(queue_urls.enter(language)),
        )
    )


def _closed(ctx: MenuContext, language: str) -> ins.Script:
    pack = ctx.pack(language)
    return ins.Script(
        (
            pack.say("closed", open_from=ctx.open_from, open_until=ctx.open_until),
            ins.Record(
                action=node_url("voicemail", language=language), max_length_s=180
            ),
            pack.say("voicemail_empty"),
            pack.say("goodbye"),
            ins.Hangup(),
        )
    )


def _matches(pack: LanguagePack, intent: str, speech: str | None) -> bool:
    """Whole words or phrases only: "etwas anderes" must not match the word "was"."""
    if not speech:
        return False
    heard = f" {' '.join(_WORD_RE.findall(speech.casefold()))} "
    return any(f" {word} " in heard for word in pack.speech[intent])


# ----------------------------------------------------------------------------- steps


def start(ctx: MenuContext, *, known_language: str | None) -> Step:
    """First answer to a new call: the language menu, or the need menu if known."""
    if known_language in ctx.languages:
        assert known_language is not None
        pack = ctx.pack(known_language)
        effects: tuple[Effect, ...] = (LanguageChosen(known_language, "returning"),)
        if not ctx.is_open:
            return Step(
                _closed(ctx, known_language), (*effects, ClosedReached(known_language))
            )
        gather = _need_gather(ctx, known_language, 0, (pack.say("returning_welcome"),))
        return Step(ins.Script((gather,)), effects)
    welcome = ctx.pack(None).say("welcome")
    return Step(ins.Script((_language_gather(ctx, 0, (welcome,)),)))


def step(
    node: Node,
    *,
    language: str | None,
    retries: int,
    heard: CallerInput,
    ctx: MenuContext,
) -> Step:
    """Answer a Gather action for `node`."""
    if language not in ctx.languages:
        language = None
    match node:
        case "language":
            return _on_language(retries, heard, ctx)
        case "need":
            return _on_need(language or ctx.default_language, retries, heard, ctx)
        case "postcode":
            return _on_postcode(language or ctx.default_language, retries, heard, ctx)
        case "voicemail":
            raise ValueError("voicemail is answered by voicemail_left()")


def voicemail_left(
    language: str | None, recording: VoicemailInput, ctx: MenuContext
) -> Step:
    language = language if language in ctx.languages else ctx.default_language
    assert language is not None
    pack = ctx.pack(language)
    effect = VoicemailLeft(language, recording.recording_url, recording.duration_s)
    if recording.recording_url and recording.duration_s > 0:
        closing = (pack.say("voicemail_thanks"), pack.say("goodbye"), ins.Hangup())
    else:
        closing = (pack.say("voicemail_empty"), pack.say("goodbye"), ins.Hangup())
    return Step(ins.Script(closing), (effect,))


def _retry_or_default(
    node: Node,
    *,
    retries: int,
    reason: Literal["no_input", "invalid"],
    value: str | None,
    pack: LanguagePack,
    ctx: MenuContext,
    again: Callable[[int, tuple[ins.Say, ...]], ins.Gather],
    default: Callable[[tuple[ins.Say, ...]], Step],
) -> Step:
    sorry = pack.say("no_input" if reason == "no_input" else "invalid_choice")
    retried = MenuRetried(node, reason, value)
    if retries < ctx.max_retries:
        return Step(ins.Script((again(retries + 1, (sorry,)),)), (retried,))
    taken = default((sorry, pack.say("default_taken")))
    return Step(taken.script, (retried, *taken.effects))


def _on_language(retries: int, heard: CallerInput, ctx: MenuContext) -> Step:
    default_pack = ctx.pack(None)
    digits = (heard.digits or "").strip()
    chosen: str | None = None
    how: How = "key"
    if digits == OPERATOR_KEY:
        lang = ctx.default_language
        return Step(
            _handoff(ctx, lang),
            (
                LanguageChosen(lang, "default"),
                OperatorRequested("language"),
                HandedOff(lang),
            ),
        )
    if digits == REPEAT_KEY or _matches(default_pack, "repeat", heard.speech):
        return Step(
            ins.Script((_language_gather(ctx, retries, ()),)),
            (MenuRepeated("language"),),
        )
    if digits:
        candidate = LANGUAGE_KEYS.get(digits)
        chosen = candidate if candidate in ctx.languages else None
    elif heard.speech:
        how = "speech"
        chosen = next(
            (
                lang
                for lang in ctx.languages
                if _matches(ctx.pack(lang), lang, heard.speech)
            ),
            None,
        )
    if chosen is not None:
        return _after_language(chosen, how, ctx, ())

    def default(lead: tuple[ins.Say, ...]) -> Step:
        return _after_language(ctx.default_language, "default", ctx, lead)

    return _retry_or_default(
        "language",
        retries=retries,
        reason="no_input" if heard.is_empty else "invalid",
        value=digits or heard.speech,
        pack=default_pack,
        ctx=ctx,
        again=lambda r, lead: _language_gather(ctx, r, lead),
        default=default,
    )


def _after_language(
    language: str, how: How, ctx: MenuContext, lead: tuple[ins.Say, ...]
) -> Step:
    chosen = LanguageChosen(language, how)
    if not ctx.is_open:
        closed = _closed(ctx, language)
        return Step(ins.Script(lead) + closed, (chosen, ClosedReached(language)))
    return Step(ins.Script((_need_gather(ctx, language, 0, lead),)), (chosen,))


def _on_need(language: str, retries: int, heard: CallerInput, ctx: MenuContext) -> Step:
    pack = ctx.pack(language)
    digits = (heard.digits or "").strip()
    if digits == OPERATOR_KEY or (
        not digits and _matches(pack, "operator", heard.speech)
    ):
        how: How = "key" if digits else "speech"
        return Step(
            _handoff(ctx, language),
            (
                NeedChosen(DEFAULT_NEED, how),
                OperatorRequested("need"),
                HandedOff(language),
            ),
        )
    if digits == REPEAT_KEY or (not digits and _matches(pack, "repeat", heard.speech)):
        return Step(
            ins.Script((_need_gather(ctx, language, retries, ()),)),
            (MenuRepeated("need"),),
        )
    if digits == CHANGE_LANGUAGE_KEY:
        return Step(
            ins.Script((_language_gather(ctx, 0, ()),)), (MenuRepeated("language"),)
        )
    need: Need | None = None
    how = "key"
    if digits:
        need = NEED_KEYS.get(digits)
    elif heard.speech:
        how = "speech"
        need = next((n for n in NEEDS if _matches(pack, n, heard.speech)), None)
    if need is not None:
        gather = _postcode_gather(ctx, language, 0, ())
        return Step(ins.Script((gather,)), (NeedChosen(need, how),))

    def default(lead: tuple[ins.Say, ...]) -> Step:
        gather = _postcode_gather(ctx, language, 0, lead)
        return Step(ins.Script((gather,)), (NeedChosen(DEFAULT_NEED, "default"),))

    return _retry_or_default(
        "need",
        retries=retries,
        reason="no_input" if heard.is_empty else "invalid",
        value=digits or heard.speech,
        pack=pack,
        ctx=ctx,
        again=lambda r, lead: _need_gather(ctx, language, r, lead),
        default=default,
    )


_DIGITS_RE = re.compile(r"\d")


def _on_postcode(
    language: str, retries: int, heard: CallerInput, ctx: MenuContext
) -> Step:
    pack = ctx.pack(language)
    digits = (heard.digits or "").strip()
    if digits == OPERATOR_KEY:
        return Step(
            _handoff(ctx, language),
            (OperatorRequested("postcode"), HandedOff(language)),
        )
    if digits == REPEAT_KEY:
        gather = _postcode_gather(ctx, language, retries, ())
        return Step(ins.Script((gather,)), (MenuRepeated("postcode"),))
    if heard.digits is not None and digits == "":
        # Only the finish key (#): the caller chose to skip.
        return Step(
            _handoff(ctx, language), (PostcodeSkipped("key"), HandedOff(language))
        )
    if not digits and _matches(pack, "skip", heard.speech):
        return Step(
            _handoff(ctx, language), (PostcodeSkipped("speech"), HandedOff(language))
        )
    candidate = digits or "".join(_DIGITS_RE.findall(heard.speech or ""))
    place = ctx.place_for_postcode(candidate, language) if len(candidate) == 4 else None
    if place is not None:
        confirmed = pack.say(
            "postcode_confirmed", postcode=" ".join(candidate), place=place
        )
        return Step(
            _handoff(ctx, language, (confirmed,)),
            (PostcodeGiven(candidate), HandedOff(language)),
        )
    lead: tuple[ins.Say, ...] = ()
    if candidate and candidate.isdigit():
        lead = (pack.say("postcode_invalid", postcode=" ".join(candidate)),)
    if retries < ctx.max_retries:
        reason: Literal["no_input", "invalid"] = (
            "no_input" if heard.is_empty else "invalid"
        )
        sorry = lead or (
            pack.say("no_input" if reason == "no_input" else "invalid_choice"),
        )
        gather = _postcode_gather(ctx, language, retries + 1, sorry)
        return Step(
            ins.Script((gather,)),
            (MenuRetried("postcode", reason, candidate or heard.speech),),
        )
    return Step(
        _handoff(ctx, language, (*lead, pack.say("default_taken"))),
        (
            MenuRetried(
                "postcode",
                "no_input" if heard.is_empty else "invalid",
                candidate or None,
            ),
            PostcodeSkipped("default"),
            HandedOff(language),
        ),
    )
