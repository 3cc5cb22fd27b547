"""Vendor-neutral voice instructions: what the caller hears and what happens next.

The IVR, queue and matching code produce these; only the Twilio adapter turns them
into TwiML. URLs are app paths ("/twilio/ivr/need"); the adapter makes them absolute.
No I/O here.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Say:
    """Speech. `rate`: the speaking rate in percent of the voice's normal rate (slower
    and clearer for elderly callers: SSML prosody); `break_after_ms`: a short silence
    after the text (SSML break), e.g. between the options of a menu."""

    text: str
    locale: str  # BCP-47, e.g. "fr-BE"
    voice: str  # provider voice, e.g. "Polly.Isabelle-Neural"
    loop: int = 1
    rate: int = 100
    break_after_ms: int = 0


@dataclass(frozen=True, slots=True)
class Play:
    url: str
    loop: int = 1


@dataclass(frozen=True, slots=True)
class Pause:
    seconds: int = 1


Prompt = Say | Play | Pause


@dataclass(frozen=True, slots=True)
class Gather:
    """Collect keys (and optionally speech) while playing `prompts`.

    `action_on_empty_result` makes silence reach the app too, so the app (not the
    telephony provider) decides what a caller who says nothing hears next.
    """

    action: str
    prompts: tuple[Prompt, ...]
    num_digits: int | None = 1
    timeout_s: int = 7
    finish_on_key: str = "#"
    speech_locale: str | None = None  # None = keys only
    hints: tuple[str, ...] = ()
    action_on_empty_result: bool = True
    # Speech: seconds of silence that end the utterance, or "auto" (the provider
    # decides when the caller stopped talking). None: the provider's default.
    speech_timeout: str | None = None


@dataclass(frozen=True, slots=True)
class Record:
    action: str
    max_length_s: int = 120
    timeout_s: int = 5
    finish_on_key: str = "#"
    play_beep: bool = True


@dataclass(frozen=True, slots=True)
class Redirect:
    url: str


@dataclass(frozen=True, slots=True)
class Hangup:
    pass


@dataclass(frozen=True, slots=True)
class Enqueue:
    """Park the caller in a provider-side holding queue running `wait_url` in a loop."""

    queue_name: str
    wait_url: str
    action: str


@dataclass(frozen=True, slots=True)
class Leave:
    pass


@dataclass(frozen=True, slots=True)
class JoinConference:
    """Bridge this leg into a named conference room."""

    room: str
    action: str | None = None
    end_on_exit: bool = True
    start_on_enter: bool = True
    beep: bool = False
    wait_url: str | None = None
    time_limit_s: int = 4 * 3600


@dataclass(frozen=True, slots=True)
class DialNumber:
    """Ring one phone number and bridge this leg with it.

    `caller_id`: the number the called person sees (the hotline's own number, so
    that neither side's number is shown to the other). `action` gets the outcome
    (answered, busy, no answer) once the bridge ends.
    """

    number: str
    caller_id: str
    action: str
    timeout_s: int = 30
    time_limit_s: int = 3600


Instruction = (
    Say
    | Play
    | Pause
    | Gather
    | Record
    | Redirect
    | Hangup
    | Enqueue
    | Leave
    | JoinConference
    | DialNumber
)


@dataclass(frozen=True, slots=True)
class Script:
    """A whole response: instructions executed top to bottom."""

    instructions: tuple[Instruction, ...] = field(default_factory=tuple)

    def __add__(self, other: Script) -> Script:
        return Script(self.instructions + other.instructions)
