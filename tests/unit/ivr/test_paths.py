"""Every path of the IVR, explored: every menu with every key, silence, invalid input
and speech in every language of each line, open and closed.

The lines are those a deployment configures: the single line of the default settings
(HOTLINE_IVR__*: Dutch, French, English, German) and the example lines of the README
(docker/lines.example.json: national Dutch/French, Leuven Dutch/English, Brussels
French/Dutch/English), each run as app/ivr/lines.py runs it: its name in the
greeting, its languages in its order and its keys, hours and where to turn.

Asserted for every answer: valid TwiML (rendered by the adapter, parsed by the
simulator's strict parser), no dead end (each answer ends in a menu, the queue or a
hang-up; staying silent always reaches a person or the voicemail at once; repeating
any answer other than "repeat" ends the menu), every prompt in the caller's language
(or in every language of the line while none is known), no filler word repeating a
menu. Then the time budgets of issue 11, computed with the prompt-duration model
(app/ivr/timing.py) through app/ivr/journeys.py, at the configured speaking rate and
breaks between options (SSML).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from app.config import IvrSettings, Line, LineSettings, Settings
from app.ivr import journeys, lines, menu
from app.ivr.journeys import parse_action
from app.ivr.menu import CallerInput, MenuContext
from app.ivr.prompts import PromptCatalogue, load_catalogue
from app.telephony import instructions as ins
from app.telephony.twilio_adapter import TwimlRenderer
from twilio_simulator import twiml

MAX_RETRIES = 2
GATHER_TIMEOUT_S = 7
KEYS = (*"0123456789", "*", "#")
INVALID_DIGITS = ("12", "99", "9999", "0001", "123", "12345", "1*3")
FILLERS = ("wat", "was", "quoi", "what", "euh", "hein", "huh", "ja", "oui", "hm")
NONSENSE = ("the weather is nice today", "blablabla", "", "   ")


EXAMPLE_LINES = Path(__file__).parents[3] / "docker" / "lines.example.json"


def configured_lines() -> tuple[Line, ...]:
    example = TypeAdapter(tuple[LineSettings, ...]).validate_json(
        EXAMPLE_LINES.read_text(encoding="utf-8")
    )
    return (*Settings().hotline_lines, *Settings(lines=example).hotline_lines)


LINES = configured_lines()
# A Monday (not a holiday) in Brussels: every line open at 11:00, closed at 23:00.
OPEN_AT = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
CLOSED_AT = datetime(2026, 11, 23, 22, 0, tzinfo=UTC)
RENDERER = TwimlRenderer("https://hotline.test")
POSTCODE = "1030"


# The budgets hold at the configured speaking rate and breaks between options.
VOICE = IvrSettings()


@cache
def catalogue(languages: tuple[str, ...]) -> PromptCatalogue:
    return load_catalogue(
        languages, rate=VOICE.speech_rate, option_break_ms=VOICE.option_break_ms
    )


def place_for_postcode(postcode: str, language: str) -> str | None:
    places = {"1030": {"nl": "Schaarbeek"}, "3000": {}, "4700": {}}
    default = {"1030": "Schaerbeek", "3000": "Leuven", "4700": "Eupen"}
    if postcode not in default:
        return None
    return places[postcode].get(language, default[postcode])


def make_ctx(line: Line, *, is_open: bool = True) -> MenuContext:
    ctx = lines.menu_context(
        line,
        catalogue(line.languages),
        now=OPEN_AT if is_open else CLOSED_AT,
        place_for_postcode=place_for_postcode,
    )
    assert (ctx.max_retries, ctx.gather_timeout_s) == (MAX_RETRIES, GATHER_TIMEOUT_S)
    assert ctx.is_open is is_open
    return ctx


def inputs(ctx: MenuContext) -> list[CallerInput]:
    """Everything a caller may do at any menu."""
    out = [CallerInput(), CallerInput(digits="")]
    out += [CallerInput(digits=key) for key in KEYS]
    out += [CallerInput(digits=d) for d in (*INVALID_DIGITS, "1030", "3000")]
    words = {w for p in ctx.packs() for ws in p.speech.values() for w in ws}
    words |= {
        alt for p in ctx.packs() for d in p.speech["digits"] for alt in d.split("|")
    }
    words |= {"één nul drie nul", "un zéro trois zéro", "three zero zero zero"}
    out += [CallerInput(speech=w) for w in sorted(words | set(FILLERS) | set(NONSENSE))]
    return out


def spoken(script: ins.Script) -> list[ins.Say]:
    return [
        p
        for i in script.instructions
        for p in (i.prompts if isinstance(i, ins.Gather) else (i,))
        if isinstance(p, ins.Say)
    ]


def is_repeat_request(ctx: MenuContext, heard: CallerInput) -> bool:
    if heard.digits in (menu.REPEAT_KEY, menu.CHANGE_LANGUAGE_KEY):
        return True
    words = (heard.speech or "").casefold().split()
    return bool(words) and " ".join(words) in ctx.words("repeat")


@dataclass
class Exploration:
    answers: int = 0
    menus: int = 0


def check_answer(
    ctx: MenuContext, node: str, language: str | None, step: menu.Step
) -> None:
    script = step.script
    # Valid TwiML: the adapter renders it, the simulator's strict parser takes it.
    verbs = twiml.parse_voice(RENDERER.to_xml(script))
    assert verbs
    # No dead end: a menu, the queue, or (after the voicemail) a hang-up.
    last = script.instructions[-1]
    assert isinstance(last, ins.Gather | ins.Redirect | ins.Hangup), script
    for instruction in script.instructions:
        if isinstance(instruction, ins.Redirect):
            assert instruction.url.startswith("/twilio/queue/enter?"), script
        if isinstance(instruction, ins.Gather):
            assert instruction is last, "nothing may follow a menu"
            assert instruction.action_on_empty_result, "silence must reach the app"
            assert instruction.prompts, "a menu is never silent"
            assert instruction.speech_locale, "speech everywhere"
            assert instruction.speech_timeout == "auto"
            assert parse_action(instruction.action)[2] <= ctx.max_retries
    # Every prompt in the caller's language; every language while none is known.
    chosen = [e.language for e in step.effects if isinstance(e, menu.LanguageChosen)]
    caller = chosen[-1] if chosen else language
    locales = {s.locale for s in spoken(script)}
    assert locales, "every answer says something"
    line_locales = {p.locale for p in ctx.packs()}
    reached_person = any(isinstance(e, menu.HandedOff) for e in step.effects)
    if isinstance(last, ins.Gather) and parse_action(last.action)[0] == "language":
        assert locales <= line_locales
    elif caller is None or (node == "language" and not chosen):
        assert locales == line_locales, (node, script)
    else:
        assert locales == {ctx.pack(caller).locale}, (node, caller, script)
    if reached_person and caller is None:
        assert not chosen, "no language is stored for a caller who chose none"


def check_start(ctx: MenuContext, known: str | None, step: menu.Step) -> None:
    """The first answer: the line's name and languages (in its order, keys 1, 2 …)
    to a new caller; to a returning one, their language, and the other-language
    offer in every language of the line."""
    assert twiml.parse_voice(RENDERER.to_xml(step.script))
    said = spoken(step.script)
    if known is None:
        main = ctx.pack(None)
        assert said[0] == main.say("welcome", name=ctx.name(main))
        assert said[0].locale == main.locale
        options = said[1 : 1 + len(ctx.languages)]
        assert options == [
            ctx.pack(x).say("language_option", key=str(n))
            for n, x in enumerate(ctx.languages, start=1)
        ]
        return
    caller = ctx.pack(known)
    if not ctx.is_open:
        assert {s.locale for s in said} == {caller.locale}
        return
    others = [p for p in ctx.packs() if p.language != known]
    assert said[:2] == [
        caller.say("returning_welcome", name=ctx.name(caller)),
        caller.say("other_language_option"),
    ]
    assert [s for s in said if s.locale != caller.locale] == [
        p.say("other_language_option") for p in others
    ]


def explore(ctx: MenuContext) -> Exploration:
    seen: set[str] = set()
    todo: deque[ins.Gather] = deque()
    result = Exploration()
    starts = [menu.start(ctx, known_language=None)]
    starts += [menu.start(ctx, known_language=x) for x in ctx.languages]
    # Returning callers who gave a postcode last time: "still 1030, Schaerbeek?"
    starts += [
        menu.start(ctx, known_language=x, known_postcode=POSTCODE)
        for x in ctx.languages
    ]
    knowns = [None, *ctx.languages, *ctx.languages]
    for known, start in zip(knowns, starts, strict=True):
        check_start(ctx, known, start)
        last = start.script.instructions[-1]
        if isinstance(last, ins.Gather):
            todo.append(last)
    everything = inputs(ctx)
    while todo:
        gather = todo.popleft()
        if gather.action in seen:
            continue
        seen.add(gather.action)
        result.menus += 1
        node, language, retries = parse_action(gather.action)
        postcode = journeys.action_postcode(gather.action)
        for heard in everything:
            step = menu.step(
                node,
                language=language,
                retries=retries,
                heard=heard,
                ctx=ctx,
                postcode=postcode,
            )
            result.answers += 1
            check_answer(ctx, node, language, step)
            last = step.script.instructions[-1]
            if heard.is_empty and heard.digits is None:
                assert not isinstance(last, ins.Gather), "silence reaches a person"
            if heard.speech in FILLERS:
                assert menu.MenuRepeated(node) not in step.effects, heard
            if not is_repeat_request(ctx, heard):
                assert_ends_when_repeated(ctx, node, language, retries, heard, postcode)
            if isinstance(last, ins.Gather) and last.action not in seen:
                todo.append(last)
    return result


def assert_ends_when_repeated(
    ctx: MenuContext,
    node: menu.Node,
    language: str | None,
    retries: int,
    heard: CallerInput,
    postcode: str | None,
) -> None:
    """The same answer over and over leaves the menu within max_retries + 1 answers."""
    for _ in range(ctx.max_retries + 1):
        step = menu.step(
            node,
            language=language,
            retries=retries,
            heard=heard,
            ctx=ctx,
            postcode=postcode,
        )
        last = step.script.instructions[-1]
        if not isinstance(last, ins.Gather):
            return
        next_node, language, retries = parse_action(last.action)
        if next_node != node:
            return
    raise AssertionError(f"{heard} keeps the caller in {node}")


@pytest.mark.parametrize("is_open", [True, False], ids=["open", "closed"])
@pytest.mark.parametrize("line", LINES, ids=[line.key for line in LINES])
def test_every_menu_every_key_silence_and_word_gets_a_good_answer(
    line: Line, is_open: bool
) -> None:
    explored = explore(make_ctx(line, is_open=is_open))

    # language (3 tries) + need and postcode (3 tries each) per language, and for
    # returning callers the need menu carrying their postcode and its confirmation;
    # closed: only the language menu, every other answer is the voicemail.
    menus = 1 + 4 * len(line.languages) if is_open else 1
    assert explored.menus == (MAX_RETRIES + 1) * menus
    assert explored.answers >= explored.menus * 150


# --------------------------------------------------------------------------- budgets


def line_languages() -> list[tuple[Line, str]]:
    return [(line, x) for line in LINES for x in line.languages]


IDS = [f"{line.key}-{x}" for line, x in line_languages()]


@pytest.mark.parametrize(("line", "language"), line_languages(), ids=IDS)
def test_a_person_within_two_keys_and_30_s_in_every_language(
    line: Line, language: str
) -> None:
    ctx = make_ctx(line)
    journey = journeys.walk(ctx, journeys.fastest(ctx, language))

    assert journey.outcome == "queued"
    assert journey.stored_language == language == journey.queued_language
    assert journey.keys <= journeys.PERSON_BUDGET_KEYS
    assert journey.listened_s <= journeys.PERSON_BUDGET_S


@pytest.mark.parametrize(("line", "language"), line_languages(), ids=IDS)
def test_the_typical_path_fits_in_45_s(line: Line, language: str) -> None:
    ctx = make_ctx(line)
    for caller, known, postcode in (
        (journeys.typical(ctx, language), None, None),
        (journeys.typical(ctx, language), language, None),  # returning
        (journeys.typical(ctx, language), language, POSTCODE),  # "still 1030?" 1
        (journeys.speaking(ctx, language), None, None),
        (journeys.speaking(ctx, language), language, POSTCODE),  # "yes"
    ):
        journey = journeys.walk(
            ctx, caller, known_language=known, known_postcode=postcode
        )

        assert journey.outcome == "queued"
        assert journey.queued_language == language
        assert journey.listened_s <= journeys.TYPICAL_BUDGET_S
        assert any(isinstance(e, menu.PostcodeGiven) for e in journey.effects)


@pytest.mark.parametrize("line", LINES, ids=[line.key for line in LINES])
def test_a_silent_caller_is_told_in_every_language_and_queued_within_30_s(
    line: Line,
) -> None:
    ctx = make_ctx(line)

    journey = journeys.walk(ctx, journeys.silent)

    assert journey.outcome == "queued"
    assert journey.mixed
    assert journey.stored_language is None
    assert journey.listened_s <= journeys.SILENT_BUDGET_S
    told = [
        s
        for s in journey.heard
        if s.text in {p.text("volunteer_coming") for p in ctx.packs()}
    ]
    assert [s.locale for s in told] == [p.locale for p in ctx.packs()]


@pytest.mark.parametrize("line", LINES, ids=[line.key for line in LINES])
def test_the_first_menu_announces_the_way_to_a_person(line: Line) -> None:
    ctx = make_ctx(line)
    gather = menu.start(ctx, known_language=None).script.instructions[-1]

    assert isinstance(gather, ins.Gather)
    assert ctx.pack(None).say("operator_option") in gather.prompts
    assert "0" in ctx.pack(None).text("operator_option")


@pytest.mark.parametrize(("line", "language"), line_languages(), ids=IDS)
def test_a_returning_caller_confirms_their_postcode_instead_of_typing_it(
    line: Line, language: str
) -> None:
    ctx = make_ctx(line)
    typing = journeys.walk(
        ctx, journeys.typical(ctx, language), known_language=language
    )

    journey = journeys.walk(
        ctx,
        journeys.typical(ctx, language),
        known_language=language,
        known_postcode="1030",
    )

    assert menu.PostcodeGiven("1030") in journey.effects
    assert journey.keys == typing.keys - 3
    assert journey.total_s < typing.total_s
    place = place_for_postcode("1030", language)
    asked = ctx.pack(language).text("postcode_still", postcode="1 0 3 0", place=place)
    assert asked in [s.text for s in journey.heard]


@pytest.mark.parametrize("language", LINES[0].languages)
def test_a_returning_caller_who_moved_says_no_and_gives_the_new_postcode(
    language: str,
) -> None:
    ctx = make_ctx(LINES[0])
    pack = ctx.pack(language)
    start = menu.start(ctx, known_language=language, known_postcode="1030")
    need = start.script.instructions[-1]
    assert isinstance(need, ins.Gather)
    assert journeys.action_postcode(need.action) == "1030"
    step = menu.step(
        "need",
        language=language,
        retries=0,
        heard=CallerInput(digits="1"),
        ctx=ctx,
        postcode="1030",
    )
    confirm = step.script.instructions[-1]
    assert isinstance(confirm, ins.Gather)
    assert parse_action(confirm.action)[0] == "confirm"

    step = menu.step(
        "confirm",
        language=language,
        retries=0,
        heard=CallerInput(speech=pack.speech["no"][0]),
        ctx=ctx,
        postcode="1030",
    )

    ask = step.script.instructions[-1]
    assert isinstance(ask, ins.Gather)
    assert parse_action(ask.action)[0] == "postcode"
    assert pack.say("postcode_ask") in ask.prompts
    assert not any(isinstance(e, menu.PostcodeGiven) for e in step.effects)


def test_an_unknown_old_postcode_is_asked_again_not_confirmed() -> None:
    ctx = make_ctx(LINES[0])

    journey = journeys.walk(
        ctx, journeys.typical(ctx, "nl"), known_language="nl", known_postcode="9999"
    )

    assert menu.PostcodeGiven(journeys.POSTCODE) in journey.effects
    assert "confirm" not in {
        e.node for e in journey.effects if isinstance(e, menu.MenuRetried)
    }


def test_the_budgets_are_measured_with_the_configured_slower_clearer_speech() -> None:
    ctx = make_ctx(LINES[0])
    gather = menu.start(ctx, known_language="en").script.instructions[-1]

    assert isinstance(gather, ins.Gather)
    # ... need_intro, the options, operator_option
    options = [p for p in gather.prompts if isinstance(p, ins.Say)][-5:-1]
    assert [p.text for p in options] == [
        ctx.pack("en").text(f"need_option_{need}") for need in menu.NEEDS
    ]
    assert {(p.rate, p.break_after_ms) for p in options} == {
        (VOICE.speech_rate, VOICE.option_break_ms)
    }
    assert VOICE.option_break_ms > 0
