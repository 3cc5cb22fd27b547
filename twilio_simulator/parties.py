"""Who is on the phone: what they do when it rings, at prompts and once connected.

A `Party` only decides; the engine plays the audio, keeps the time and talks to the
app. Parties can hang up at any moment through the `CallHandle` they are given.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from twilio_simulator.transcript import EntryKind, TranscriptEntry


class CallHandle(Protocol):
    """The part of a simulated call a party may see and use."""

    @property
    def sid(self) -> str: ...

    @property
    def from_(self) -> str: ...

    @property
    def to(self) -> str: ...

    def hang_up(self, by: str | None = None) -> None: ...

    def hang_up_after(self, seconds: float) -> None: ...


# Ring outcomes.
@dataclass(frozen=True)
class Answer:
    after_s: float = 3.0
    by_machine: bool = False


@dataclass(frozen=True)
class NoAnswer:
    pass


@dataclass(frozen=True)
class Busy:
    pass


RingOutcome = Answer | NoAnswer | Busy


# Inputs at a <Gather> or <Record>. `after_s` counts from the start of the verb;
# None means "shortly after the prompts finished". A smaller value barges in.
@dataclass(frozen=True)
class Press:
    keys: str
    after_s: float | None = None


@dataclass(frozen=True)
class Speak:
    text: str
    confidence: float = 0.92
    after_s: float | None = None


@dataclass(frozen=True)
class Silence:
    pass


@dataclass(frozen=True)
class HangUp:
    after_s: float | None = None


@dataclass(frozen=True)
class Talk:
    """Speak for `seconds` at a <Record>, then press `finish_key` (or fall silent)."""

    seconds: float
    finish_key: str = ""


GatherInput = Press | Speak | Silence | HangUp
RecordInput = Talk | Speak | Press | Silence | HangUp


# Script steps that are not inputs: they arm a hang-up when they are reached.
@dataclass(frozen=True)
class HangUpAfter:
    """Hang up `seconds` after the previous step (or the call start)."""

    seconds: float


@dataclass(frozen=True)
class HangUpAfterPrompts:
    """Hang up right after hearing `count` more prompts (Say or Play)."""

    count: int


@dataclass(frozen=True)
class HangUpWhenQueued:
    """Hang up `after_s` seconds after being put in a queue."""

    after_s: float


Step = (
    Press
    | Speak
    | Silence
    | HangUp
    | Talk
    | HangUpAfter
    | HangUpAfterPrompts
    | HangUpWhenQueued
)


@dataclass(frozen=True)
class GatherPrompt:
    input: frozenset[str]
    timeout_s: float
    finish_on_key: str
    num_digits: int | None
    prompts: tuple[str, ...]
    language: str
    hints: str


@dataclass(frozen=True)
class RecordPrompt:
    timeout_s: float
    finish_on_key: str
    max_length_s: float


class Party(Protocol):
    """Behaviour of whoever holds the phone."""

    @property
    def role(self) -> str:
        """How the transcript names this party, e.g. "caller" or "operator"."""
        ...

    def ring(self, call: CallHandle) -> RingOutcome: ...

    async def gather(self, call: CallHandle, prompt: GatherPrompt) -> GatherInput: ...

    async def record(self, call: CallHandle, prompt: RecordPrompt) -> RecordInput: ...

    def connected(self, call: CallHandle) -> float | None:
        """Seconds of talking once bridged, then hang up; None stays on the line."""
        ...

    def observe(self, call: CallHandle, entry: TranscriptEntry) -> None:
        """Called for every transcript entry of this party's call."""
        ...


_PROMPT_KINDS = frozenset({EntryKind.HEARD, EntryKind.PLAYED})


class ScriptedCaller:
    """Follows a list of steps, one per input point. Use one instance per call."""

    def __init__(
        self,
        steps: Sequence[Step] = (),
        *,
        then: Literal["silence", "hang-up"] = "silence",
        talk_s: float | None = 60.0,
        answer_after_s: float = 2.0,
        role: str = "caller",
    ) -> None:
        self._steps = list(steps)
        self._then = then
        self._talk_s = talk_s
        self._answer_after_s = answer_after_s
        self._role = role
        self._started = False
        self._prompts_left: int | None = None
        self._queued_hangup_s: float | None = None

    @property
    def role(self) -> str:
        return self._role

    @property
    def remaining_steps(self) -> tuple[Step, ...]:
        return tuple(self._steps)

    def ring(self, call: CallHandle) -> RingOutcome:
        return Answer(after_s=self._answer_after_s)

    def _arm(self, call: CallHandle) -> None:
        while self._steps:
            step = self._steps[0]
            if isinstance(step, HangUpAfter):
                call.hang_up_after(step.seconds)
            elif isinstance(step, HangUpAfterPrompts):
                self._prompts_left = step.count
            elif isinstance(step, HangUpWhenQueued):
                self._queued_hangup_s = step.after_s
            else:
                return
            self._steps.pop(0)

    def _next(self, call: CallHandle) -> Step:
        self._arm(call)
        if not self._steps:
            return HangUp() if self._then == "hang-up" else Silence()
        step = self._steps.pop(0)
        self._arm(call)
        return step

    async def gather(self, call: CallHandle, prompt: GatherPrompt) -> GatherInput:
        step = self._next(call)
        if isinstance(step, Press | Speak | Silence | HangUp):
            return step
        return Silence()

    async def record(self, call: CallHandle, prompt: RecordPrompt) -> RecordInput:
        step = self._next(call)
        if isinstance(step, Talk | Speak | Press | Silence | HangUp):
            return step
        return Silence()

    def connected(self, call: CallHandle) -> float | None:
        return self._talk_s

    def observe(self, call: CallHandle, entry: TranscriptEntry) -> None:
        if not self._started:
            self._started = True
            self._arm(call)
        if entry.kind in _PROMPT_KINDS and self._prompts_left is not None:
            self._prompts_left -= 1
            if self._prompts_left <= 0:
                self._prompts_left = None
                call.hang_up()
        if entry.kind is EntryKind.ENQUEUED and self._queued_hangup_s is not None:
            call.hang_up_after(self._queued_hangup_s)
            self._queued_hangup_s = None


OperatorBehaviour = Literal["answer", "no-answer", "busy", "voicemail"]


class OperatorPhone:
    """A volunteer's phone: rings, is answered, accepts or declines the whisper, talks.

    While it is on a call it answers new calls as busy. Once the conversation is
    over, a menu on the same call (the hotline's wrap-up) gets `wrapup` (a key;
    None hangs up a second into it, as an operator who just puts the phone down),
    and a recording after it `note_s` seconds of speech then # (0: silence).
    """

    def __init__(
        self,
        *,
        answer_after_s: float = 3.0,
        presses: str = "1",
        talk_s: float | None = 120.0,
        behaviour: OperatorBehaviour = "answer",
        hangs_up_during_whisper: bool = False,
        role: str = "operator",
        wrapup: str | None = None,
        note_s: float = 0.0,
    ) -> None:
        self._wrapup = wrapup
        self._note_s = note_s
        self._talked: set[str] = set()
        self._answer_after_s = answer_after_s
        self._presses = presses
        self._talk_s = talk_s
        self._behaviour = behaviour
        self._hangs_up_during_whisper = hangs_up_during_whisper
        self._role = role
        self._live_calls: set[str] = set()
        self.rung = 0

    @classmethod
    def no_answer(cls) -> OperatorPhone:
        return cls(behaviour="no-answer")

    @classmethod
    def busy(cls) -> OperatorPhone:
        return cls(behaviour="busy")

    @classmethod
    def voicemail(cls, *, answer_after_s: float = 20.0) -> OperatorPhone:
        return cls(behaviour="voicemail", answer_after_s=answer_after_s)

    @classmethod
    def declining(cls) -> OperatorPhone:
        return cls(presses="2")

    @classmethod
    def hanging_up_during_whisper(cls) -> OperatorPhone:
        return cls(hangs_up_during_whisper=True)

    @property
    def role(self) -> str:
        return self._role

    @property
    def is_on_call(self) -> bool:
        return bool(self._live_calls)

    def ring(self, call: CallHandle) -> RingOutcome:
        self.rung += 1
        if self._behaviour == "busy" or self._live_calls:
            return Busy()
        if self._behaviour == "no-answer":
            return NoAnswer()
        return Answer(
            after_s=self._answer_after_s, by_machine=self._behaviour == "voicemail"
        )

    async def gather(self, call: CallHandle, prompt: GatherPrompt) -> GatherInput:
        if call.sid in self._talked:
            # No wrap-up key: the phone goes down as the menu starts.
            return HangUp(after_s=1.0) if self._wrapup is None else Press(self._wrapup)
        if self._hangs_up_during_whisper:
            return HangUp(after_s=1.0)
        if self._behaviour == "voicemail" or not self._presses:
            return Silence()
        return Press(self._presses)

    async def record(self, call: CallHandle, prompt: RecordPrompt) -> RecordInput:
        if call.sid in self._talked and self._note_s > 0:
            return Talk(self._note_s, finish_key="#")
        return Silence()

    def connected(self, call: CallHandle) -> float | None:
        self._talked.add(call.sid)
        return None if self._behaviour == "voicemail" else self._talk_s

    def observe(self, call: CallHandle, entry: TranscriptEntry) -> None:
        if entry.kind is EntryKind.ANSWERED:
            self._live_calls.add(call.sid)
        elif entry.kind is EntryKind.ENDED:
            self._live_calls.discard(call.sid)
            self._talked.discard(call.sid)


def _write_stdout(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _read_stdin() -> str:
    return sys.stdin.readline()


class InteractiveCaller:
    """A person at a terminal: prompts are shown as text, keys and words are typed.

    At a prompt: digits/`#`/`*` press keys, other words are speech, an empty line is
    silence and `h` hangs up.
    """

    def __init__(
        self,
        *,
        talk_s: float | None = 30.0,
        write: Callable[[str], None] = _write_stdout,
        read_line: Callable[[], str] = _read_stdin,
        role: str = "caller",
    ) -> None:
        self._talk_s = talk_s
        self._write = write
        self._read_line = read_line
        self._announced: list[str] = []
        self._role = role

    @property
    def role(self) -> str:
        return self._role

    def ring(self, call: CallHandle) -> RingOutcome:
        return Answer(after_s=0.0)

    async def _ask(self, question: str) -> str:
        self._write(question)
        line = await asyncio.to_thread(self._read_line)
        return line.strip()

    async def gather(self, call: CallHandle, prompt: GatherPrompt) -> GatherInput:
        # Show the whole menu before asking; observe() then skips these lines as
        # they are "spoken", so a person reads them once and in order.
        for text in prompt.prompts:
            self._write(f'heard: "{text}"')
            self._announced.append(text)
        kinds = " or ".join(sorted(prompt.input))
        answer = await self._ask(
            f"  > your input ({kinds}; empty = silence, h = hang up):"
        )
        if not answer:
            return Silence()
        if answer.lower() == "h":
            return HangUp(after_s=0.0)
        if all(key in "0123456789#*" for key in answer):
            return Press(answer)
        return Speak(answer)

    async def record(self, call: CallHandle, prompt: RecordPrompt) -> RecordInput:
        answer = await self._ask(
            "  > recording: seconds to talk (empty = silence, h = hang up):"
        )
        if not answer:
            return Silence()
        if answer.lower() == "h":
            return HangUp(after_s=0.0)
        try:
            return Talk(float(answer), finish_key="#")
        except ValueError:
            return Speak(answer)

    def connected(self, call: CallHandle) -> float | None:
        return self._talk_s

    def observe(self, call: CallHandle, entry: TranscriptEntry) -> None:
        if entry.kind is EntryKind.HEARD and entry.text in self._announced:
            self._announced.remove(entry.text)
            return
        self._write(entry.describe())
