"""The prompt catalogue: caller-facing text loaded from the top-level prompts/ folder.

One folder per language: the texts as Project Fluent messages (`*.ftl`, whole
sentences with plural forms and agreement, e.g. "about one minute" / "about
{ $minutes } minutes"), and `voice.toml` (the voice that speaks, and the words speech
recognition listens for). Every language has the same messages with the same
variables; load_catalogue() refuses a catalogue with a missing or unknown message, an
unknown variable, an empty text or a syntax error, so a broken translation fails at
start-up, not in the middle of an elderly caller's call.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource
from fluent.runtime.types import fluent_number
from fluent.syntax import FluentParser, ast, visitor

from app.errands.prompt_ids import ERRAND_PROMPTS
from app.telephony.instructions import Say

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"

# Every prompt id the app uses, with the placeholders it fills in.
PROMPT_PLACEHOLDERS: Mapping[str, frozenset[str]] = {
    "welcome": frozenset({"name"}),
    "language_option": frozenset({"key"}),
    "returning_welcome": frozenset({"name"}),
    "hotline_name": frozenset(),
    "other_language_option": frozenset(),
    "operator_option": frozenset(),
    "volunteer_coming": frozenset(),
    "need_intro": frozenset(),
    "need_option_groceries": frozenset(),
    "need_option_pharmacy": frozenset(),
    "need_option_company": frozenset(),
    "need_option_other": frozenset(),
    "postcode_ask": frozenset(),
    "postcode_invalid": frozenset({"postcode"}),
    "postcode_confirmed": frozenset({"postcode", "place"}),
    "postcode_still": frozenset({"postcode", "place"}),
    "no_input": frozenset(),
    "invalid_choice": frozenset(),
    "closed": frozenset({"days", "open_from", "open_until"}),
    "closed_holiday": frozenset(),
    "days_every": frozenset(),
    "days_none": frozenset(),
    "days_range": frozenset({"first", "last"}),
    "days_one": frozenset({"day"}),
    "days_list": frozenset({"rest", "last"}),
    "weekday_0": frozenset(),
    "weekday_1": frozenset(),
    "weekday_2": frozenset(),
    "weekday_3": frozenset(),
    "weekday_4": frozenset(),
    "weekday_5": frozenset(),
    "weekday_6": frozenset(),
    "closed_short": frozenset(),
    "where_to_turn": frozenset({"emergency", "listening"}),
    "where_to_turn_emergency": frozenset({"emergency"}),
    "either_or": frozenset({"first", "second"}),
    "voicemail_thanks": frozenset(),
    "voicemail_empty": frozenset(),
    "voicemail_thanks_hidden": frozenset(),
    "voicemail_empty_hidden": frozenset(),
    "handoff": frozenset(),
    "hold_position": frozenset({"position"}),
    "hold_estimate": frozenset({"minutes"}),
    "hold_next": frozenset(),
    "hold_estimate_soon": frozenset(),
    "hold_keys": frozenset(),
    "hold_keys_hidden": frozenset(),
    "hold_music_note": frozenset(),
    "callback_confirmed": frozenset(),
    "callback_unavailable": frozenset(),
    "nobody_available": frozenset(),
    "overflow_callback_option": frozenset(),
    "overflow_message_option": frozenset(),
    "overflow_wait_option": frozenset(),
    "repeat_option": frozenset(),
    "voicemail_prompt": frozenset(),
    "connecting": frozenset(),
    "error_apology": frozenset(),
    "goodbye": frozenset(),
    "need_groceries": frozenset(),
    "need_pharmacy": frozenset(),
    "need_company": frozenset(),
    "need_other": frozenset(),
    "whisper": frozenset({"language", "need", "postcode"}),
    "whisper_callback": frozenset({"language", "need", "postcode"}),
    "whisper_no_postcode": frozenset(),
    "offer_taken": frozenset(),
    "offer_declined": frozenset(),
    "operator_connecting": frozenset(),
    "duty_menu": frozenset({"name", "state"}),
    "duty_state_on": frozenset(),
    "duty_state_off": frozenset(),
    "duty_on": frozenset(),
    "duty_off": frozenset(),
    "confirmation_call": frozenset({"volunteer", "need"}),
    "sms_offer": frozenset({"need", "place", "code"}),
    "sms_taken": frozenset({"code"}),
    "sms_declined": frozenset({"code"}),
    "sms_done": frozenset({"code"}),
    "sms_stop": frozenset(),
    "sms_start": frozenset(),
    "caller_banned": frozenset(),
    "caller_call_later": frozenset(),
    "duty_pin_ask": frozenset(),
    "duty_pin_wrong": frozenset(),
    "duty_pin_needed": frozenset(),
    "sms_help": frozenset(),
    # The operator's wrap-up by phone and their page's SMS (app/wrapup, prompts
    # */wrapup.ftl).
    "wrapup_menu": frozenset(),
    "wrapup_record": frozenset(),
    "wrapup_recorded": frozenset(),
    "wrapup_no_note": frozenset(),
    "wrapup_solved": frozenset(),
    "wrapup_no_choice": frozenset(),
    "sms_operator_page": frozenset({"hours", "link"}),
    # The neighbour and the requester (app/errands, prompts */errands.ftl).
    **ERRAND_PROMPTS,
}
SPEECH_INTENTS: frozenset[str] = frozenset(
    {
        "nl",
        "fr",
        "en",
        "de",
        "groceries",
        "pharmacy",
        "company",
        "other",
        "operator",
        "repeat",
        "skip",
        "digits",
        "callback",
        "message",
        "wait",
        "yes",
        "no",
    }
)
TEXT_CACHE_SIZE = 4096  # formatted messages kept per language
# speech.digits names the digits 0 to 9 in order; "één|een" gives alternatives.
DIGIT_NAMES = 10


class PromptCatalogueError(ValueError):
    pass


@dataclass(frozen=True)
class LanguagePack:
    language: str  # "nl"
    name: str  # "Nederlands", the language's own name
    locale: str  # "nl-BE": what Say speaks
    voice: str
    speech_locale: str  # what speech recognition listens for
    bundle: FluentBundle
    speech: Mapping[str, tuple[str, ...]]
    # Slower, clearer speech (SSML): the speaking rate in percent, and the short
    # silence after each option of a menu.
    rate: int = 100
    option_break_ms: int = 0
    # Formatted messages by (prompt, values): every webhook speaks the same few
    # dozen sentences, and formatting one with Fluent costs more than the rest of
    # building the TwiML. Bounded; emptied when full.
    _texts: dict[tuple[str, tuple[tuple[str, type, object], ...]], str] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def say(self, prompt_id: str, **values: object) -> Say:
        return Say(
            self.text(prompt_id, **values),
            locale=self.locale,
            voice=self.voice,
            rate=self.rate,
        )

    def option(self, prompt_id: str, **values: object) -> Say:
        """One option of a menu, followed by a short break before the next."""
        return replace(
            self.say(prompt_id, **values), break_after_ms=self.option_break_ms
        )

    def text(self, prompt_id: str, **values: object) -> str:
        """The message `prompt_id` with its variables filled in. Numbers stay numbers
        (they choose the plural form); anything else is passed as text."""
        # The type too: 1, 1.0 and True are equal keys, not equal words.
        key = (prompt_id, tuple((k, type(v), v) for k, v in values.items()))
        try:
            return self._texts[key]
        except KeyError:
            pass
        except TypeError:  # an unhashable value: format it every time
            return self._format(prompt_id, values)
        text = self._format(prompt_id, values)
        if len(self._texts) >= TEXT_CACHE_SIZE:
            self._texts.clear()
        self._texts[key] = text
        return text

    def _format(self, prompt_id: str, values: Mapping[str, object]) -> str:
        if prompt_id not in PROMPT_PLACEHOLDERS:
            raise KeyError(prompt_id)
        message = self.bundle.get_message(prompt_id)
        assert message.value is not None  # checked at load time
        args = {k: _fluent_value(v) for k, v in values.items()}
        text, errors = self.bundle.format_pattern(message.value, args)
        if errors:
            raise KeyError(f"{prompt_id} in {self.language}: {errors[0]}")
        return str(text)


def _fluent_value(value: object) -> Any:
    """Numbers choose plural forms but are read without grouping ("1030", never
    "1.030" or "1 030": a position or a code is not an amount)."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int | float | Decimal):
        return fluent_number(value, useGrouping=False)
    return str(value)


@dataclass(frozen=True)
class PromptCatalogue:
    packs: Mapping[str, LanguagePack]

    def __getitem__(self, language: str) -> LanguagePack:
        return self.packs[language]

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.packs)

    def subset(self, languages: tuple[str, ...]) -> PromptCatalogue:
        """The packs of one line's `languages`, in its order."""
        return PromptCatalogue(
            {language: self.packs[language] for language in languages}
        )


class _Variables(visitor.Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)
        self.generic_visit(node)


def _variables(message: ast.Message) -> set[str]:
    found = _Variables()
    found.visit(message)
    return found.names


def _is_blank(message: ast.Message) -> bool:
    """No value, or only blank text (`{ "" }` included): nothing to say."""
    if message.value is None:
        return True
    text = []
    for element in message.value.elements:
        if isinstance(element, ast.TextElement):
            text.append(element.value)
        elif isinstance(element, ast.Placeable) and isinstance(
            element.expression, ast.StringLiteral
        ):
            text.append(element.expression.value)
        else:
            return False
    return not "".join(text).strip()


def ftl_files(directory: Path, language: str) -> list[Path]:
    return sorted((directory / language).glob("*.ftl"))


def _messages(
    directory: Path, language: str
) -> Iterator[tuple[Path, ast.EntryType | ast.Junk]]:
    parser = FluentParser(with_spans=False)
    for path in ftl_files(directory, language):
        try:
            source = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise PromptCatalogueError(f"{path}: {exc}") from exc
        for entry in parser.parse(source).body:
            yield path, entry


def _load_pack(
    language: str, directory: Path, rate: int, option_break_ms: int
) -> LanguagePack:
    where = f"{language}/"
    voice_path = directory / language / "voice.toml"
    try:
        data = tomllib.loads(voice_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PromptCatalogueError(f"{where}voice.toml: {exc}") from exc
    voice, speech = data.get("voice", {}), data.get("speech", {})
    problems: list[str] = []
    if not ftl_files(directory, language):
        problems.append("no .ftl files")
    messages: dict[str, ast.Message] = {}
    bundle = FluentBundle([voice.get("locale") or language], use_isolating=False)
    for path, entry in _messages(directory, language):
        if isinstance(entry, ast.Junk):
            near = (entry.content or "")[:40]
            problems.append(f"{path.name}: syntax error near {near!r}")
        elif isinstance(entry, ast.Message):
            if entry.id.name in messages:
                problems.append(f"prompt {entry.id.name!r} defined twice")
            messages[entry.id.name] = entry
    for path in ftl_files(directory, language):
        bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))
    problems += [
        f"missing prompt {k!r}" for k in PROMPT_PLACEHOLDERS if k not in messages
    ]
    problems += [
        f"unknown prompt {k!r}" for k in messages if k not in PROMPT_PLACEHOLDERS
    ]
    for key, allowed in PROMPT_PLACEHOLDERS.items():
        message = messages.get(key)
        if message is None:
            continue
        if _is_blank(message):
            problems.append(f"empty prompt {key!r}")
        elif extra := _variables(message) - allowed:
            problems.append(f"prompt {key!r} uses unknown placeholders {sorted(extra)}")
    problems += [
        f"missing speech words {k!r}" for k in SPEECH_INTENTS if not speech.get(k)
    ]
    if speech.get("digits") and len(speech["digits"]) != DIGIT_NAMES:
        problems.append(f"speech.digits must name the {DIGIT_NAMES} digits 0 to 9")
    problems += [
        f"missing voice.{k}"
        for k in ("locale", "voice", "speech_locale", "name")
        if not voice.get(k)
    ]
    if problems:
        raise PromptCatalogueError(f"{where}: " + "; ".join(problems))
    return LanguagePack(
        language=language,
        name=voice["name"],
        locale=voice["locale"],
        voice=voice["voice"],
        speech_locale=voice["speech_locale"],
        bundle=bundle,
        speech={k: tuple(w.casefold() for w in v) for k, v in speech.items()},
        rate=rate,
        option_break_ms=option_break_ms,
    )


def message_variables(directory: Path, language: str) -> dict[str, set[str]]:
    """Every message of `language` with the variables it uses (for tests)."""
    return {
        entry.id.name: _variables(entry)
        for _, entry in _messages(directory, language)
        if isinstance(entry, ast.Message)
    }


def load_catalogue(
    languages: tuple[str, ...],
    directory: Path = PROMPTS_DIR,
    *,
    rate: int = 100,
    option_break_ms: int = 0,
) -> PromptCatalogue:
    """`rate` (percent) and `option_break_ms`: how every prompt is spoken (SSML)."""
    return PromptCatalogue(
        {lang: _load_pack(lang, directory, rate, option_break_ms) for lang in languages}
    )


@cache
def default_catalogue(
    languages: tuple[str, ...], rate: int = 100, option_break_ms: int = 0
) -> PromptCatalogue:
    return load_catalogue(languages, rate=rate, option_break_ms=option_break_ms)
