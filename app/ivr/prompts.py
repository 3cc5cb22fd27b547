"""The prompt catalogue: caller-facing text loaded from the top-level prompts/ folder.

One TOML file per language with the same keys; load_catalogue() refuses a catalogue
with a missing key, an unknown placeholder or an empty text, so a broken translation
fails at start-up, not in the middle of an elderly caller's call.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.telephony.instructions import Say

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"

# Every prompt id the app uses, with the placeholders it fills in.
PROMPT_PLACEHOLDERS: Mapping[str, frozenset[str]] = {
    "welcome": frozenset(),
    "language_option": frozenset(),
    "returning_welcome": frozenset(),
    "need_menu": frozenset(),
    "postcode_ask": frozenset(),
    "postcode_invalid": frozenset({"postcode"}),
    "postcode_confirmed": frozenset({"postcode", "place"}),
    "no_input": frozenset(),
    "invalid_choice": frozenset(),
    "default_taken": frozenset(),
    "closed": frozenset({"open_from", "open_until"}),
    "voicemail_thanks": frozenset(),
    "voicemail_empty": frozenset(),
    "handoff": frozenset(),
    "hold_position": frozenset({"position"}),
    "hold_estimate": frozenset({"minutes"}),
    "hold_callback_offer": frozenset(),
    "hold_music_note": frozenset(),
    "callback_confirmed": frozenset(),
    "callback_unavailable": frozenset(),
    "nobody_available": frozenset(),
    "overflow_menu": frozenset(),
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
    "sms_details": frozenset(
        {"need", "place", "postcode", "language", "phone", "code"}
    ),
    "sms_taken": frozenset({"code"}),
    "sms_declined": frozenset({"code"}),
    "sms_done": frozenset({"code"}),
    "sms_stop": frozenset(),
    "sms_help": frozenset(),
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
    }
)


class PromptCatalogueError(ValueError):
    pass


@dataclass(frozen=True)
class LanguagePack:
    language: str  # "nl"
    name: str  # "Nederlands", the language's own name
    locale: str  # "nl-BE": what Say speaks
    voice: str
    speech_locale: str  # what speech recognition listens for
    texts: Mapping[str, str]
    speech: Mapping[str, tuple[str, ...]]

    def say(self, prompt_id: str, **values: object) -> Say:
        return Say(self.text(prompt_id, **values), locale=self.locale, voice=self.voice)

    def text(self, prompt_id: str, **values: object) -> str:
        return self.texts[prompt_id].format(**values)


@dataclass(frozen=True)
class PromptCatalogue:
    packs: Mapping[str, LanguagePack]

    def __getitem__(self, language: str) -> LanguagePack:
        return self.packs[language]

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.packs)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _load_pack(language: str, path: Path) -> LanguagePack:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PromptCatalogueError(f"{path}: {exc}") from exc
    voice, texts, speech = (
        data.get("voice", {}),
        data.get("prompts", {}),
        data.get("speech", {}),
    )
    problems = [f"missing prompt {k!r}" for k in PROMPT_PLACEHOLDERS if k not in texts]
    problems += [f"unknown prompt {k!r}" for k in texts if k not in PROMPT_PLACEHOLDERS]
    for key, allowed in PROMPT_PLACEHOLDERS.items():
        text = texts.get(key)
        if text is None:
            continue
        if not isinstance(text, str) or not text.strip():
            problems.append(f"empty prompt {key!r}")
        elif extra := _placeholders(text) - allowed:
            problems.append(f"prompt {key!r} uses unknown placeholders {sorted(extra)}")
    problems += [
        f"missing speech words {k!r}" for k in SPEECH_INTENTS if not speech.get(k)
    ]
    problems += [
        f"missing voice.{k}"
        for k in ("locale", "voice", "speech_locale", "name")
        if not voice.get(k)
    ]
    if problems:
        raise PromptCatalogueError(f"{path.name}: " + "; ".join(problems))
    return LanguagePack(
        language=language,
        name=voice["name"],
        locale=voice["locale"],
        voice=voice["voice"],
        speech_locale=voice["speech_locale"],
        texts=dict(texts),
        speech={k: tuple(w.casefold() for w in v) for k, v in speech.items()},
    )


def load_catalogue(
    languages: tuple[str, ...], directory: Path = PROMPTS_DIR
) -> PromptCatalogue:
    return PromptCatalogue(
        {lang: _load_pack(lang, directory / f"{lang}.toml") for lang in languages}
    )


@cache
def default_catalogue(languages: tuple[str, ...]) -> PromptCatalogue:
    return load_catalogue(languages)
