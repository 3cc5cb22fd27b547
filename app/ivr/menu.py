"""The IVR tree as data plus pure step functions. No I/O, no Twilio, no clock here.

A call walks: language -> need -> postcode -> hand-off to the queue (or, outside
opening hours: language -> voicemail). Each node is a Gather whose action URL carries
the node, the caller's language and the retry count, so every step is a pure function
of (node, language, retries, input) and a repeated webhook gives the same answer.
The context is the dialled line's (app/ivr/lines.py): its name in the greeting, its
languages in its order (keys 1, 2, ... in that order), hours and where to turn.

Elderly-first rules, applied everywhere (budgets: README, tests/unit/ivr/test_paths.py):
- a person is announced in the first menu: `0`, or simply staying on the line, reaches
  a volunteer from every menu; saying "help", "iemand", "quelqu'un" … does too;
- every menu says "say or press": keys and speech both work, in every language;
- a caller who says nothing at the language menu is told, in every language of the
  line, that a volunteer will help, and is queued for an operator speaking the line's
  main languages; no language is stored for them;
- `*` (or "repeat") repeats the menu; an invalid key or words we do not understand
  repeat it up to `max_retries` times, then the caller goes to a volunteer: never
  silence, never a hang-up, never an endless loop.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlencode

from app.config import EMERGENCY_NUMBER, LISTENING_LINES
from app.ivr import hours
from app.ivr.prompts import LanguagePack, PromptCatalogue
from app.queue import urls as queue_urls
from app.telephony import instructions as ins

Node = Literal["language", "need", "postcode", "confirm", "voicemail"]
Need = Literal["groceries", "pharmacy", "company", "other"]
NEEDS: tuple[Need, ...] = ("groceries", "pharmacy", "company", "other")
How = Literal["key", "speech", "default", "returning"]

NEED_KEYS: dict[str, Need] = {
    "1": "groceries",
    "2": "pharmacy",
    "3": "company",
    "4": "other",
}
OPERATOR_KEY = "0"
REPEAT_KEY = "*"
CHANGE_LANGUAGE_KEY = "9"
# "Still 1030, Schaerbeek?": 1 (or "yes") keeps it, 2 (or "no") asks for another.
CONFIRM_KEY, CHANGE_KEY = "1", "2"
DEFAULT_NEED: Need = "other"
# Speech recognition waits for the caller to stop talking (Twilio's "auto").
SPEECH_TIMEOUT = "auto"
# A spoken "repeat" is a short request; a long sentence mentioning it is not.
MAX_REPEAT_WORDS = 3
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
    """To the queue; `language` None: not known, any operator of the line's main
    languages takes the caller."""

    language: str | None


@dataclass(frozen=True, slots=True)
class VoicemailLeft:
    language: str | None
    recording_url: str | None
    duration_s: int


@dataclass(frozen=True, slots=True)
class ClosedReached:
    language: str | None


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
    # False for a hidden number: never promised a callback.
    number_known: bool = True
    # Opening days (0 = Monday), spoken in the closed message; closed for a holiday.
    open_days: tuple[int, ...] = tuple(range(7))
    holiday: bool = False
    # Where to turn (the closed message): 112, and the listening lines per language.
    emergency_number: str = EMERGENCY_NUMBER
    listening_lines: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(LISTENING_LINES)
    )
    # The line's name in the greeting, per language (else the hotline's name).
    names: Mapping[str, str] = field(default_factory=dict)

    @property
    def languages(self) -> tuple[str, ...]:
        """The line's languages, in the order of its language menu."""
        return self.catalogue.languages

    @property
    def language_keys(self) -> dict[str, str]:
        """Key -> language: 1, 2, ... in the line's order."""
        return {str(n): lang for n, lang in enumerate(self.languages, start=1)}

    def key_of(self, language: str) -> str:
        return str(self.languages.index(language) + 1)

    def name(self, pack: LanguagePack) -> str:
        """The line's name in `pack`'s language, for the greeting."""
        return self.names.get(pack.language) or pack.text("hotline_name")

    def pack(self, language: str | None) -> LanguagePack:
        return self.catalogue[language or self.default_language]

    def packs(self) -> tuple[LanguagePack, ...]:
        """Every language of the line, the default (main) one first."""
        first = self.pack(None)
        return (first, *(self.pack(x) for x in self.languages if x != first.language))

    def words(self, intent: str) -> tuple[str, ...]:
        """The words for `intent` in every language of the line ("frans", "french",
        "français", "französisch" all name French)."""
        return tuple(w for p in self.packs() for w in p.speech[intent])


@dataclass(frozen=True, slots=True)
class Step:
    script: ins.Script
    effects: tuple[Effect, ...] = ()


# ----------------------------------------------------------------------------- urls


def node_url(
    node: Node, *, language: str | None, retries: int = 0, postcode: str | None = None
) -> str:
    """`postcode`: a returning caller's last postcode, carried to the confirmation."""
    query = {"lang": language or "", "try": str(retries)}
    if postcode:
        query["pc"] = postcode
    return f"/twilio/ivr/{node}?{urlencode(query)}"


# ----------------------------------------------------------------------------- speech


def _heard_words(speech: str | None) -> list[str]:
    return _WORD_RE.findall((speech or "").casefold())


def matches(words: Iterable[str], speech: str | None) -> bool:
    """Whole words or phrases only: "etwas anderes" must not match the word "was"."""
    heard = _heard_words(speech)
    if not heard:
        return False
    padded = f" {' '.join(heard)} "
    return any(f" {' '.join(_heard_words(word))} " in padded for word in words)


def asks_repeat(words: Iterable[str], speech: str | None) -> bool:
    return len(_heard_words(speech)) <= MAX_REPEAT_WORDS and matches(words, speech)


def spoken_digits(pack: LanguagePack, speech: str | None) -> str:
    """The digits in an utterance: "1030", "1 0 3 0", "een nul drie nul" -> "1030".

    Number words are read digit by digit ("dix" or "dertig" are not digits, and a
    postcode is read out digit by digit when we ask for it)."""
    names = {
        name: str(value)
        for value, alternatives in enumerate(pack.speech["digits"])
        for name in alternatives.split("|")
    }
    out = []
    for word in _heard_words(speech):
        if word.isdigit():
            out.append(word)
        elif word in names:
            out.append(names[word])
    return "".join(out)


# ----------------------------------------------------------------------------- prompts


def _gather(
    ctx: MenuContext,
    pack: LanguagePack,
    node: Node,
    language: str | None,
    retries: int,
    prompts: tuple[ins.Say, ...],
    hints: tuple[str, ...],
    *,
    num_digits: int = 1,
    extra_timeout_s: int = 0,
    postcode: str | None = None,
) -> ins.Gather:
    return ins.Gather(
        action=node_url(node, language=language, retries=retries, postcode=postcode),
        prompts=prompts,
        num_digits=num_digits,
        timeout_s=ctx.gather_timeout_s + extra_timeout_s,
        speech_locale=pack.speech_locale,
        hints=hints,
        speech_timeout=SPEECH_TIMEOUT,
    )


def _language_gather(
    ctx: MenuContext, retries: int, lead: tuple[ins.Say, ...], *, welcome: bool = False
) -> ins.Gather:
    main = ctx.pack(None)
    if welcome:
        lead = (*lead, main.say("welcome", name=ctx.name(main)))
    options = tuple(
        ctx.pack(lang).say("language_option", key=ctx.key_of(lang))
        for lang in ctx.languages
    )
    hints = tuple(
        dict.fromkeys(w for lang in ctx.languages for w in ctx.pack(lang).speech[lang])
    )
    return _gather(
        ctx,
        main,
        "language",
        None,
        retries,
        (*lead, *options, main.say("operator_option")),
        hints,
    )


def _need_gather(
    ctx: MenuContext,
    language: str,
    retries: int,
    lead: tuple[ins.Say, ...],
    postcode: str | None = None,
) -> ins.Gather:
    pack = ctx.pack(language)
    hints = tuple(w for key in (*NEEDS, "operator") for w in pack.speech[key])
    options = tuple(pack.option(f"need_option_{need}") for need in NEEDS)
    return _gather(
        ctx,
        pack,
        "need",
        language,
        retries,
        (*lead, pack.say("need_intro"), *options, pack.say("operator_option")),
        hints,
        postcode=postcode,
    )


def _known_place(ctx: MenuContext, language: str, postcode: str | None) -> str | None:
    """The place of a returning caller's last postcode, if it is still a valid one."""
    if not postcode or len(postcode) != 4 or not postcode.isdigit():
        return None
    return ctx.place_for_postcode(postcode, language)


def _confirm_gather(
    ctx: MenuContext,
    language: str,
    retries: int,
    lead: tuple[ins.Say, ...],
    postcode: str,
    place: str,
) -> ins.Gather:
    """ "Still 1 0 3 0, Schaerbeek? Say yes or press 1; another: say no or press 2." """
    pack = ctx.pack(language)
    hints = tuple(w for key in ("yes", "no", "operator") for w in pack.speech[key])
    ask = pack.say("postcode_still", postcode=" ".join(postcode), place=place)
    return _gather(
        ctx,
        pack,
        "confirm",
        language,
        retries,
        (*lead, ask),
        hints,
        postcode=postcode,
    )


def _postcode_or_confirm(
    ctx: MenuContext, language: str, postcode: str | None
) -> ins.Gather:
    place = _known_place(ctx, language, postcode)
    if postcode is not None and place is not None:
        return _confirm_gather(ctx, language, 0, (), postcode, place)
    return _postcode_gather(ctx, language, 0, ())


def _postcode_gather(
    ctx: MenuContext, language: str, retries: int, lead: tuple[ins.Say, ...]
) -> ins.Gather:
    pack = ctx.pack(language)
    gather = _gather(
        ctx,
        pack,
        "postcode",
        language,
        retries,
        (*lead, pack.say("postcode_ask")),
        pack.speech["skip"],
        num_digits=4,
        extra_timeout_s=3,
    )
    return gather


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
    """ "Today is a public holiday. The hotline is closed now. We are open Monday to
    Friday from 08:00 to 20:00. After the tone ..." """
    pack = ctx.pack(language)
    days = hours.spoken_days(pack, ctx.open_days)
    holiday = (pack.say("closed_holiday"),) if ctx.holiday else ()
    return ins.Script(
        (
            *holiday,
            pack.say(
                "closed", days=days, open_from=ctx.open_from, open_until=ctx.open_until
            ),
            where_to_turn(ctx, pack),
            ins.Record(
                action=node_url("voicemail", language=language), max_length_s=180
            ),
            pack.say(_voicemail_closing(ctx, given=False)),
            pack.say("goodbye"),
            ins.Hangup(),
        )
    )


def where_to_turn(ctx: MenuContext, pack: LanguagePack) -> ins.Say:
    """ "In an emergency, call 112. To talk to someone who listens, day and night:
    Tele-Onthaal, 106 or Télé-Accueil, 107." (only 112 without a listening line)."""
    lines = ctx.listening_lines.get(pack.language, ())
    if not lines:
        return pack.say("where_to_turn_emergency", emergency=ctx.emergency_number)
    listening = lines[-1]
    if len(lines) > 1:
        first = ", ".join(lines[:-1])
        listening = pack.text("either_or", first=first, second=lines[-1])
    return pack.say(
        "where_to_turn", emergency=ctx.emergency_number, listening=listening
    )


def _voicemail_closing(ctx: MenuContext, *, given: bool) -> str:
    """After the voicemail: a hidden number is never promised a callback."""
    closing = "voicemail_thanks" if given else "voicemail_empty"
    return closing if ctx.number_known else f"{closing}_hidden"


def _in_every_language(ctx: MenuContext, prompt_id: str) -> tuple[ins.Say, ...]:
    return tuple(pack.say(prompt_id) for pack in ctx.packs())


def _unknown_language(ctx: MenuContext, lead: tuple[Effect, ...]) -> Step:
    """No language chosen (silence, 0, or nothing we understood): a volunteer of the
    line's main languages helps, told in every language; nothing is stored as the
    caller's language."""
    if not ctx.is_open:
        told = tuple(
            say
            for pack in ctx.packs()
            for say in (pack.say("closed_short"), where_to_turn(ctx, pack))
        )
        script = ins.Script(
            (
                *told,
                ins.Record(
                    action=node_url("voicemail", language=None), max_length_s=180
                ),
                *_in_every_language(ctx, _voicemail_closing(ctx, given=False)),
                ins.Hangup(),
            )
        )
        return Step(script, (*lead, ClosedReached(None)))
    script = ins.Script(
        (
            *_in_every_language(ctx, "volunteer_coming"),
            ins.Redirect(queue_urls.enter(ctx.default_language, mixed=True)),
        )
    )
    return Step(script, (*lead, HandedOff(None)))


# ----------------------------------------------------------------------------- steps


def start(
    ctx: MenuContext, *, known_language: str | None, known_postcode: str | None = None
) -> Step:
    """First answer to a new call: the language menu, or the need menu if known (and
    then, for a caller who gave a postcode last time, its confirmation)."""
    if known_language in ctx.languages:
        assert known_language is not None
        pack = ctx.pack(known_language)
        effects: tuple[Effect, ...] = (LanguageChosen(known_language, "returning"),)
        if not ctx.is_open:
            return Step(
                _closed(ctx, known_language), (*effects, ClosedReached(known_language))
            )
        welcome = _returning_welcome(ctx, pack)
        postcode = known_postcode
        if _known_place(ctx, known_language, postcode) is None:
            postcode = None
        gather = _need_gather(ctx, known_language, 0, welcome, postcode)
        return Step(ins.Script((gather,)), effects)
    return Step(ins.Script((_language_gather(ctx, 0, (), welcome=True),)))


def _returning_welcome(ctx: MenuContext, pack: LanguagePack) -> tuple[ins.Say, ...]:
    """ "Solidarity Hotline Leuven. Welcome back. Another language? Press 9.", the
    offer then in every other language of the line, each in its own."""
    others = tuple(p for p in ctx.packs() if p.language != pack.language)
    return (
        pack.say("returning_welcome", name=ctx.name(pack)),
        *(p.say("other_language_option") for p in (pack, *others)),
    )


def step(
    node: Node,
    *,
    language: str | None,
    retries: int,
    heard: CallerInput,
    ctx: MenuContext,
    postcode: str | None = None,
) -> Step:
    """Answer a Gather action for `node` (`postcode`: carried in its URL)."""
    if language not in ctx.languages:
        language = None
    match node:
        case "language":
            return _on_language(retries, heard, ctx)
        case "need":
            lang = language or ctx.default_language
            return _on_need(lang, retries, heard, ctx, postcode)
        case "postcode":
            return _on_postcode(language or ctx.default_language, retries, heard, ctx)
        case "confirm":
            lang = language or ctx.default_language
            return _on_confirm(lang, retries, heard, ctx, postcode)
        case "voicemail":
            raise ValueError("voicemail is answered by voicemail_left()")


def voicemail_left(
    language: str | None, recording: VoicemailInput, ctx: MenuContext
) -> Step:
    known = language if language in ctx.languages else None
    effect = VoicemailLeft(known, recording.recording_url, recording.duration_s)
    given = bool(recording.recording_url and recording.duration_s > 0)
    closing_id = _voicemail_closing(ctx, given=given)
    if known is None:
        closing: tuple[ins.Instruction, ...] = _in_every_language(ctx, closing_id)
    else:
        pack = ctx.pack(known)
        closing = (pack.say(closing_id), pack.say("goodbye"))
    return Step(ins.Script((*closing, ins.Hangup())), (effect,))


def _invalid_or_volunteer(
    node: Node,
    *,
    retries: int,
    value: str | None,
    pack: LanguagePack,
    ctx: MenuContext,
    again: Callable[[int, tuple[ins.Say, ...]], ins.Gather],
    volunteer: Callable[[tuple[Effect, ...]], Step],
    sorry: tuple[ins.Say, ...] = (),
) -> Step:
    """A wrong key or words we did not understand: say so and ask again, at most
    `max_retries` times; then a volunteer takes over."""
    retried = MenuRetried(node, "invalid", value)
    sorry = sorry or (pack.say("invalid_choice"),)
    if retries < ctx.max_retries:
        return Step(ins.Script((again(retries + 1, sorry),)), (retried,))
    return volunteer((retried,))


def _on_language(retries: int, heard: CallerInput, ctx: MenuContext) -> Step:
    main = ctx.pack(None)
    digits = (heard.digits or "").strip()
    speech = None if digits else heard.speech
    if heard.is_empty:
        return _unknown_language(ctx, (MenuRetried("language", "no_input"),))
    if digits == OPERATOR_KEY:
        return _unknown_language(ctx, (OperatorRequested("language"),))
    if digits == REPEAT_KEY or asks_repeat(ctx.words("repeat"), speech):
        return Step(
            ins.Script((_language_gather(ctx, retries, ()),)),
            (MenuRepeated("language"),),
        )
    chosen: str | None = None
    if digits:
        chosen = ctx.language_keys.get(digits)
    else:
        chosen = next(
            (lang for lang in ctx.languages if matches(ctx.words(lang), speech)),
            None,
        )
        if chosen is None:
            # "help", "au secours", "ich möchte mit jemandem sprechen": the words
            # name a person and, by their language, the caller's language.
            asking = next(
                (p for p in ctx.packs() if matches(p.speech["operator"], speech)),
                None,
            )
            if asking is not None:
                return _volunteer_in(asking.language, "speech", "language", ctx)
    if chosen is not None:
        return _after_language(chosen, "speech" if speech else "key", ctx, ())
    return _invalid_or_volunteer(
        "language",
        retries=retries,
        value=digits or heard.speech,
        pack=main,
        ctx=ctx,
        again=lambda r, lead: _language_gather(ctx, r, lead),
        volunteer=lambda lead: _unknown_language(ctx, lead),
    )


def _volunteer_in(language: str, how: How, node: Node, ctx: MenuContext) -> Step:
    """The caller asked for a person in words of `language` at the language menu."""
    chosen = LanguageChosen(language, how)
    if not ctx.is_open:
        return Step(_closed(ctx, language), (chosen, ClosedReached(language)))
    return Step(
        _handoff(ctx, language),
        (
            chosen,
            NeedChosen(DEFAULT_NEED, how),
            OperatorRequested(node),
            HandedOff(language),
        ),
    )


def _after_language(
    language: str, how: How, ctx: MenuContext, lead: tuple[ins.Say, ...]
) -> Step:
    chosen = LanguageChosen(language, how)
    if not ctx.is_open:
        closed = _closed(ctx, language)
        return Step(ins.Script(lead) + closed, (chosen, ClosedReached(language)))
    return Step(ins.Script((_need_gather(ctx, language, 0, lead),)), (chosen,))


def _to_volunteer(language: str, ctx: MenuContext, effects: tuple[Effect, ...]) -> Step:
    return Step(_handoff(ctx, language), (*effects, HandedOff(language)))


def _on_need(
    language: str,
    retries: int,
    heard: CallerInput,
    ctx: MenuContext,
    postcode: str | None = None,
) -> Step:
    pack = ctx.pack(language)
    digits = (heard.digits or "").strip()
    speech = None if digits else heard.speech
    if heard.is_empty:
        # "To speak to a volunteer, press 0 or stay on the line."
        return _to_volunteer(
            language,
            ctx,
            (MenuRetried("need", "no_input"), NeedChosen(DEFAULT_NEED, "default")),
        )
    if digits == OPERATOR_KEY or matches(pack.speech["operator"], speech):
        how: How = "key" if digits else "speech"
        return _to_volunteer(
            language, ctx, (NeedChosen(DEFAULT_NEED, how), OperatorRequested("need"))
        )
    if digits == REPEAT_KEY or asks_repeat(pack.speech["repeat"], speech):
        return Step(
            ins.Script((_need_gather(ctx, language, retries, (), postcode),)),
            (MenuRepeated("need"),),
        )
    if digits == CHANGE_LANGUAGE_KEY:
        return Step(
            ins.Script((_language_gather(ctx, 0, ()),)), (MenuRepeated("language"),)
        )
    need: Need | None = None
    if digits:
        need = NEED_KEYS.get(digits)
    else:
        need = next((n for n in NEEDS if matches(pack.speech[n], speech)), None)
    if need is not None:
        gather = _postcode_or_confirm(ctx, language, postcode)
        return Step(
            ins.Script((gather,)), (NeedChosen(need, "speech" if speech else "key"),)
        )
    return _invalid_or_volunteer(
        "need",
        retries=retries,
        value=digits or heard.speech,
        pack=pack,
        ctx=ctx,
        again=lambda r, lead: _need_gather(ctx, language, r, lead, postcode),
        volunteer=lambda lead: _to_volunteer(
            language, ctx, (*lead, NeedChosen(DEFAULT_NEED, "default"))
        ),
    )


def _on_postcode(
    language: str, retries: int, heard: CallerInput, ctx: MenuContext
) -> Step:
    pack = ctx.pack(language)
    digits = (heard.digits or "").strip()
    speech = None if digits else heard.speech
    if heard.digits is not None and digits == "":
        # Only the finish key (#): the caller chose to skip.
        return _to_volunteer(language, ctx, (PostcodeSkipped("key"),))
    if heard.is_empty:
        # Typing four digits is hard for some: a volunteer will ask.
        return _to_volunteer(
            language,
            ctx,
            (MenuRetried("postcode", "no_input"), PostcodeSkipped("default")),
        )
    if digits == OPERATOR_KEY or matches(pack.speech["operator"], speech):
        return _to_volunteer(language, ctx, (OperatorRequested("postcode"),))
    if digits == REPEAT_KEY or asks_repeat(pack.speech["repeat"], speech):
        gather = _postcode_gather(ctx, language, retries, ())
        return Step(ins.Script((gather,)), (MenuRepeated("postcode"),))
    candidate = digits or spoken_digits(pack, speech)
    if not candidate and matches(pack.speech["skip"], speech):
        return _to_volunteer(language, ctx, (PostcodeSkipped("speech"),))
    place = ctx.place_for_postcode(candidate, language) if len(candidate) == 4 else None
    if place is not None:
        confirmed = pack.say(
            "postcode_confirmed", postcode=" ".join(candidate), place=place
        )
        return Step(
            _handoff(ctx, language, (confirmed,)),
            (PostcodeGiven(candidate), HandedOff(language)),
        )
    sorry: tuple[ins.Say, ...] = ()
    if candidate.isdigit():
        sorry = (pack.say("postcode_invalid", postcode=" ".join(candidate)),)
    return _invalid_or_volunteer(
        "postcode",
        retries=retries,
        value=candidate or heard.speech,
        pack=pack,
        ctx=ctx,
        again=lambda r, lead: _postcode_gather(ctx, language, r, lead),
        volunteer=lambda lead: _to_volunteer(
            language, ctx, (*lead, PostcodeSkipped("default"))
        ),
        sorry=sorry,
    )


def _on_confirm(
    language: str,
    retries: int,
    heard: CallerInput,
    ctx: MenuContext,
    postcode: str | None,
) -> Step:
    """ "Still 1030, Schaerbeek?" Yes keeps it; no asks for the new one."""
    pack = ctx.pack(language)
    place = _known_place(ctx, language, postcode)
    if postcode is None or place is None:
        # Nothing to confirm (a tampered or outdated URL): ask for it.
        return Step(ins.Script((_postcode_gather(ctx, language, 0, ()),)))
    digits = (heard.digits or "").strip()
    speech = None if digits else heard.speech
    if heard.is_empty:
        # Staying on the line reaches a volunteer, who checks the address.
        return _to_volunteer(
            language,
            ctx,
            (MenuRetried("confirm", "no_input"), PostcodeSkipped("default")),
        )
    if digits == OPERATOR_KEY or matches(pack.speech["operator"], speech):
        return _to_volunteer(language, ctx, (OperatorRequested("confirm"),))
    if digits == REPEAT_KEY or asks_repeat(pack.speech["repeat"], speech):
        gather = _confirm_gather(ctx, language, retries, (), postcode, place)
        return Step(ins.Script((gather,)), (MenuRepeated("confirm"),))
    if digits == CHANGE_KEY or matches(pack.speech["no"], speech):
        return Step(ins.Script((_postcode_gather(ctx, language, 0, ()),)))
    if digits == CONFIRM_KEY or matches(pack.speech["yes"], speech):
        return Step(
            _handoff(ctx, language),
            (PostcodeGiven(postcode), HandedOff(language)),
        )
    return _invalid_or_volunteer(
        "confirm",
        retries=retries,
        value=digits or heard.speech,
        pack=pack,
        ctx=ctx,
        again=lambda r, lead: _confirm_gather(ctx, language, r, lead, postcode, place),
        volunteer=lambda lead: _to_volunteer(
            language, ctx, (*lead, PostcodeSkipped("default"))
        ),
    )
