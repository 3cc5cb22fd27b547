"""Words people read in the console: Fluent messages per language, and dates, times,
numbers and durations formatted for the reader's language in Europe/Brussels.

Every .ftl file under locales/<language>/ is loaded; a test checks that every
language has every message. No I/O after `load_localiser()`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import negotiate_locale
from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_decimal, format_percent
from fluent.runtime import FluentBundle, FluentResource

LOCALES_DIR = Path(__file__).parent / "locales"
LANGUAGES = ("nl", "fr", "en")
DEFAULT_LANGUAGE = "nl"
# The Belgian variants: "nl_BE" formats 1/12/2026, not "nl"'s 1-12-2026.
BABEL_LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "en": "en_GB"}
# Shown where a value is missing (an en dash, as typeset tables do).
NONE = "\u2013"
LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français", "en": "English"}


def ftl_files(language: str) -> list[Path]:
    return sorted((LOCALES_DIR / language).glob("*.ftl"))


@dataclass(frozen=True)
class Translator:
    """One reader's language: `t(message_id, **args)` and the formatters."""

    language: str
    bundle: FluentBundle
    zone: ZoneInfo

    @property
    def locale(self) -> str:
        return BABEL_LOCALES[self.language]

    def __call__(self, msg_id: str, **args: Any) -> str:
        if not self.bundle.has_message(msg_id):
            raise KeyError(f"console message {msg_id!r} missing in {self.language}")
        message = self.bundle.get_message(msg_id)
        if message.value is None:
            raise KeyError(f"console message {msg_id!r} has no value")
        text, errors = self.bundle.format_pattern(message.value, args)
        if errors:
            raise ValueError(f"{msg_id} in {self.language}: {errors[0]}")
        return str(text)

    def local(self, moment: dt.datetime) -> dt.datetime:
        return moment.astimezone(self.zone)

    def datetime(self, moment: dt.datetime | None, fmt: str = "short") -> str:
        if moment is None:
            return NONE
        return format_datetime(moment, fmt, tzinfo=self.zone, locale=self.locale)

    def time(self, moment: dt.datetime | None, fmt: str = "short") -> str:
        if moment is None:
            return NONE
        return format_time(moment, fmt, tzinfo=self.zone, locale=self.locale)

    def date(self, day: dt.date | dt.datetime | None, fmt: str = "medium") -> str:
        if day is None:
            return NONE
        if isinstance(day, dt.datetime):
            day = day.astimezone(self.zone).date()
        return format_date(day, fmt, locale=self.locale)

    def number(self, value: float | None, digits: int = 0) -> str:
        if value is None:
            return NONE
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, pattern, locale=self.locale)

    def percent(self, ratio: float | None) -> str:
        if ratio is None:
            return NONE
        return format_percent(ratio, "#,##0 %", locale=self.locale)

    def duration(self, seconds: float | None) -> str:
        """'45 s', '3 min 05 s', '2 h 07 min': short and language-neutral units."""
        if seconds is None:
            return NONE
        total = round(seconds)
        hours, rest = divmod(total, 3600)
        minutes, secs = divmod(rest, 60)
        if hours:
            return f"{hours} h {minutes:02d} min"
        if minutes:
            return f"{minutes} min {secs:02d} s"
        return f"{secs} s"


@dataclass(frozen=True)
class Localiser:
    bundles: dict[str, FluentBundle]
    zone: ZoneInfo

    def translator(self, language: str) -> Translator:
        if language not in self.bundles:
            language = DEFAULT_LANGUAGE
        return Translator(language, self.bundles[language], self.zone)


def _bundle(language: str) -> FluentBundle:
    bundle = FluentBundle([BABEL_LOCALES[language]], use_isolating=False)
    for path in ftl_files(language):
        bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))
    return bundle


@lru_cache(maxsize=4)
def load_localiser(timezone: str = "Europe/Brussels") -> Localiser:
    return Localiser({lang: _bundle(lang) for lang in LANGUAGES}, ZoneInfo(timezone))


def negotiate(cookie_value: str | None, accept_language: str | None) -> str:
    """The reader's choice (cookie), else the browser's preference, else Dutch."""
    if cookie_value in LANGUAGES:
        return str(cookie_value)
    preferred: list[str] = []
    for part in (accept_language or "").split(",")[:20]:
        tag = part.split(";")[0].strip().replace("-", "_")
        if tag and tag != "*":
            preferred.append(tag)
    chosen = negotiate_locale(preferred, list(LANGUAGES), sep="_")
    if chosen is None:
        # "fr_BE" does not match "fr" above; compare the language parts.
        for tag in preferred:
            language = tag.split("_")[0].lower()
            if language in LANGUAGES:
                return language
        return DEFAULT_LANGUAGE
    return chosen
