"""Callers walking the IVR, timed with the prompt-duration model. Pure: no I/O.

A journey runs the real menu (`app/ivr/menu.py`) with a scripted caller and adds up
what the caller hears until they are queued (or reach the voicemail): the prompts, at
the model's speaking rate (`app/ivr/timing.py`), and the silence they sit through when
they do not answer (the menu's timeout). Key presses and spoken answers are counted
apart. A caller who presses "as soon as they heard their option" stops listening at
the end of the sentence naming the key (Twilio stops the prompts at the first key).

`bench/caller_journey.py` prints these journeys per line and language next to the
budgets; tests/unit/ivr/test_paths.py holds the menu to them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import parse_qs, urlsplit

from app.ivr import menu
from app.ivr.timing import KEY_PRESS_S, SpeechTiming, language_of
from app.telephony import instructions as ins

# The budgets of issue 11, in seconds of listening (prompts and silences).
PERSON_BUDGET_S = 30.0
PERSON_BUDGET_KEYS = 2
TYPICAL_BUDGET_S = 45.0
SILENT_BUDGET_S = 30.0
# Speech recognition's "auto" end-of-utterance wait after the caller stops talking.
SPEECH_END_S = 1.0
MAX_STEPS = 30


@dataclass(frozen=True, slots=True)
class Press:
    keys: str
    # "option": as soon as the sentence naming the key was heard; "end": after the
    # whole menu (the typical caller, who listens to every option first).
    at: Literal["option", "end"] = "end"


@dataclass(frozen=True, slots=True)
class Speak:
    text: str


@dataclass(frozen=True, slots=True)
class Silent:
    pass


Answer = Press | Speak | Silent
# Given the menu (node) and what it says, the caller's answer.
Caller = Callable[[str, ins.Gather], Answer]


@dataclass
class Journey:
    listened_s: float = 0.0  # prompts heard and silences sat through
    keys: int = 0
    utterances: int = 0
    spoken_s: float = 0.0  # the caller's own speaking, and recognition's end wait
    outcome: str = "unfinished"  # "queued", "voicemail", "hangup"
    queued_language: str | None = None
    mixed: bool = False  # queued without a language, for the line's main languages
    stored_language: str | None = None
    effects: list[menu.Effect] = field(default_factory=list)
    heard: list[ins.Say] = field(default_factory=list)

    @property
    def total_s(self) -> float:
        return self.listened_s + self.keys * KEY_PRESS_S + self.spoken_s


def parse_action(url: str) -> tuple[menu.Node, str | None, int]:
    """(node, language, retries) of a menu Gather's action URL."""
    parts = urlsplit(url)
    query = parse_qs(parts.query, keep_blank_values=True)
    node = parts.path.rsplit("/", 1)[-1]
    assert node in ("language", "need", "postcode", "confirm", "voicemail"), url
    language = query.get("lang", [""])[0] or None
    return node, language, int(query.get("try", ["0"])[0])  # type: ignore[return-value]


def action_postcode(url: str) -> str | None:
    """The returning caller's postcode a menu's action URL carries, if any."""
    return parse_qs(urlsplit(url).query).get("pc", [None])[0]


def _names_key(say: ins.Say, keys: str) -> bool:
    return re.search(rf"(?<!\d){re.escape(keys)}(?!\d)", say.text) is not None


def _listen(
    journey: Journey, timing: SpeechTiming, prompts: Sequence[ins.Prompt]
) -> None:
    for prompt in prompts:
        journey.listened_s += timing.prompt_seconds(prompt)
        if isinstance(prompt, ins.Say):
            journey.heard.append(prompt)


def _heard_until(prompts: Sequence[ins.Prompt], answer: Answer) -> Sequence[ins.Prompt]:
    if not isinstance(answer, Press) or answer.at == "end":
        return prompts
    for index, prompt in enumerate(prompts):
        if isinstance(prompt, ins.Say) and _names_key(prompt, answer.keys):
            return prompts[: index + 1]
    return prompts


def walk(
    ctx: menu.MenuContext,
    caller: Caller,
    *,
    known_language: str | None = None,
    known_postcode: str | None = None,
    timing: SpeechTiming | None = None,
) -> Journey:
    """Run a caller through the menu from the first answer to queue or voicemail."""
    timing = timing or SpeechTiming()
    journey = Journey()
    step = menu.start(ctx, known_language=known_language, known_postcode=known_postcode)
    for _ in range(MAX_STEPS):
        journey.effects.extend(step.effects)
        for effect in step.effects:
            if isinstance(effect, menu.LanguageChosen):
                journey.stored_language = effect.language
        gather = _run(journey, timing, step.script)
        if gather is None:
            return journey
        node, language, retries = parse_action(gather.action)
        answer = caller(node, gather)
        _listen(journey, timing, _heard_until(gather.prompts, answer))
        match answer:
            case Silent():
                journey.listened_s += gather.timeout_s
                heard = menu.CallerInput()
            case Press(keys=keys):
                journey.keys += len(keys)
                finish = gather.finish_on_key
                typed = keys[:-1] if finish and keys.endswith(finish) else keys
                heard = menu.CallerInput(digits=typed)
            case Speak(text=text):
                journey.utterances += 1
                spoken = timing.text_seconds(
                    text, language_of(gather.speech_locale or "")
                )
                journey.spoken_s += spoken + SPEECH_END_S
                heard = menu.CallerInput(speech=text)
        step = menu.step(
            node,
            language=language,
            retries=retries,
            heard=heard,
            ctx=ctx,
            postcode=action_postcode(gather.action),
        )
    raise AssertionError(f"no end after {MAX_STEPS} menus: {journey.effects}")


def _run(
    journey: Journey, timing: SpeechTiming, script: ins.Script
) -> ins.Gather | None:
    """Play a script up to its Gather (returned) or its end (the outcome is set)."""
    for instruction in script.instructions:
        match instruction:
            case ins.Say() | ins.Pause() | ins.Play():
                _listen(journey, timing, (instruction,))
            case ins.Gather():
                return instruction
            case ins.Redirect(url=url):
                parts = urlsplit(url)
                assert parts.path == "/twilio/queue/enter", url
                query = parse_qs(parts.query)
                journey.outcome = "queued"
                journey.queued_language = query["lang"][0]
                journey.mixed = query.get("mixed") == ["1"]
                return None
            case ins.Record():
                journey.outcome = "voicemail"
                return None
            case ins.Hangup():
                journey.outcome = "hangup"
                return None
            case _:
                raise AssertionError(f"unexpected {instruction!r} in the menu")
    raise AssertionError("a menu answer must end in a Gather, Redirect or Hangup")


# ----------------------------------------------------------------------------- callers

POSTCODE = "1030"


def typical(ctx: menu.MenuContext, language: str) -> Caller:
    """Listens to each menu to the end, then presses: language (its key on this
    line), groceries, 1030 (or, asked "still 1030?", 1 for yes)."""

    def answer(node: str, gather: ins.Gather) -> Answer:
        match node:
            case "language":
                return Press(ctx.key_of(language))
            case "need":
                return Press("1")
            case "confirm":
                return Press(menu.CONFIRM_KEY)
            case _:
                return Press(POSTCODE)

    return answer


def fastest(ctx: menu.MenuContext, language: str) -> Caller:
    """Presses their language, then 0, each as soon as it is announced."""

    def answer(node: str, gather: ins.Gather) -> Answer:
        if node == "language":
            return Press(ctx.key_of(language), at="option")
        return Press(menu.OPERATOR_KEY, at="option")

    return answer


def silent(node: str, gather: ins.Gather) -> Answer:
    """Presses and says nothing."""
    return Silent()


def speaking(ctx: menu.MenuContext, language: str) -> Caller:
    """Answers every menu with words only, in `language`."""
    pack = ctx.pack(language)
    postcode = " ".join(pack.speech["digits"][int(d)].split("|")[0] for d in POSTCODE)

    def answer(node: str, gather: ins.Gather) -> Answer:
        match node:
            case "language":
                return Speak(pack.speech[language][0])
            case "need":
                return Speak(pack.speech["groceries"][0])
            case "confirm":
                return Speak(pack.speech["yes"][0])
            case _:
                return Speak(postcode)

    return answer
