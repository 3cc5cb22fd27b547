"""How long a caller listens: a deterministic model of prompt durations. Pure.

Synthesised speech runs at a roughly constant number of characters per second per
language (measured on the Polly neural voices at 100 %: about 14 for Dutch and
English, faster in French and German, whose long words are read quickly). A
digit is read as a word ("nul", "quatre"), so it weighs as much as a short word, and
every sentence ends with a short breath. The speaking rate scales it all: at 90 % a
prompt lasts 1/0.9 as long. A Say carries its own SSML prosody rate (percent) and a
break after it (between menu options); both count. The simulator
(twilio_simulator, `SimOptions.say_seconds`) times a <Say> with this same
model in the app's tests, so simulated calls last what the model says.

The IVR's budgets (README, issue 11) and `bench/caller_journey.py` are computed with
this model, so "45 s of prompts" means the same thing in a test, in the bench and in
the simulator.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final

from app.telephony import instructions as ins

# Characters per second at a 100 % speaking rate, by language.
CHARS_PER_SECOND: Final = MappingProxyType(
    {"nl": 14.0, "fr": 15.5, "en": 14.5, "de": 15.0}
)
DEFAULT_CHARS_PER_SECOND: Final = 14.0
# A spoken digit ("zeven", "quatre") weighs as much as this many characters.
DIGIT_CHARS: Final = 5
# The breath after a sentence (., ?, !).
SENTENCE_PAUSE_S: Final = 0.25
# How long a caller takes to press one key once they decided to.
KEY_PRESS_S: Final = 0.6

_SENTENCE_END = re.compile(r"[.?!](\s|$)")


def language_of(locale: str) -> str:
    """ "nl-BE" -> "nl"."""
    return locale.split("-", 1)[0].lower()


@dataclass(frozen=True)
class SpeechTiming:
    """Seconds of speech per prompt at `rate` (1.0 = the voice's normal rate)."""

    rate: float = 1.0
    chars_per_second: Mapping[str, float] = field(
        default_factory=lambda: CHARS_PER_SECOND
    )
    # Lengths of the recordings played (by URL); unknown ones count as 0 s.
    play_seconds: Mapping[str, float] = field(default_factory=dict)

    def text_seconds(self, text: str, language: str) -> float:
        digits = sum(ch.isdigit() for ch in text)
        weight = len(text) - digits + digits * DIGIT_CHARS
        cps = self.chars_per_second.get(language, DEFAULT_CHARS_PER_SECOND)
        sentences = len(_SENTENCE_END.findall(text))
        return (weight / cps + sentences * SENTENCE_PAUSE_S) / self.rate

    def say_seconds(self, say: ins.Say) -> float:
        """The text at the Say's own prosody rate (percent), then its break."""
        spoken = self.text_seconds(say.text, language_of(say.locale)) * 100 / say.rate
        return (spoken + say.break_after_ms / 1000) * max(say.loop, 1)

    def locale_seconds(self, text: str, locale: str) -> float:
        """`text_seconds` by locale ("nl-BE"): the simulator's duration model."""
        return self.text_seconds(text, language_of(locale))

    def prompt_seconds(self, prompt: ins.Prompt) -> float:
        match prompt:
            case ins.Say():
                return self.say_seconds(prompt)
            case ins.Pause():
                return float(prompt.seconds)
            case ins.Play():
                return self.play_seconds.get(prompt.url, 0.0) * max(prompt.loop, 1)

    def prompts_seconds(self, prompts: tuple[ins.Prompt, ...]) -> float:
        return sum(self.prompt_seconds(p) for p in prompts)
