"""The pure dispatch policy (app/queue/policy.py): who gets which operator."""

from __future__ import annotations

import dataclasses

from app.queue.backend import DispatchView, LanguageView, OperatorPresence, QueuedCall
from app.queue.policy import Match, choose_next

NOW = 1_000.0
FALLBACK_S = 90.0


def caller(entry_id: str, language: str = "nl", *, waited: float = 10.0) -> QueuedCall:
    return QueuedCall(
        entry_id=entry_id,
        language=language,
        enqueued_at=NOW - waited,
        kind="live",
        need="groceries",
        postcode=None,
        caller_number="+32470000000",
        call_log_id=None,
    )


def op(operator_id: str, *languages: str, idle: float = 100.0) -> OperatorPresence:
    return OperatorPresence(operator_id, languages, NOW - idle)


def view(
    *languages: tuple[str, LanguageView],
    english: tuple[OperatorPresence, ...] = (),
    on_duty: frozenset[str] | None = None,
) -> DispatchView:
    by_language = dict(languages)
    if on_duty is None:
        on_duty = frozenset(
            language
            for lv in by_language.values()
            for presence in lv.speakers
            for language in presence.languages
        )
    return DispatchView(
        now=NOW,
        languages=by_language,
        english_speakers=english,
        languages_on_duty=on_duty,
    )


def lang(
    language: str,
    waiting: tuple[QueuedCall, ...],
    first: tuple[OperatorPresence, ...] = (),
    speakers: tuple[OperatorPresence, ...] | None = None,
) -> tuple[str, LanguageView]:
    return language, LanguageView(
        waiting=waiting,
        first_choice=first,
        speakers=first if speakers is None else speakers,
    )


def pairs(matches: list[Match]) -> list[tuple[str, str, str]]:
    return [(m.entry.entry_id, m.operator.operator_id, m.reason) for m in matches]


def choose(v: DispatchView) -> list[tuple[str, str, str]]:
    return pairs(choose_next(v, now=NOW, fallback_after_s=FALLBACK_S))


def test_empty_view_matches_nothing() -> None:
    assert choose(view()) == []


def test_oldest_caller_gets_longest_idle_first_choice_operator() -> None:
    a, b = op("a", "nl", idle=300), op("b", "nl", idle=50)
    v = view(
        lang("nl", (caller("old", waited=60), caller("new", waited=5)), first=(a, b))
    )
    assert choose(v) == [("old", "a", "first_choice"), ("new", "b", "first_choice")]


def test_oldest_first_across_languages_and_operator_used_once() -> None:
    shared = op("shared", "fr", "nl")
    v = view(
        lang("nl", (caller("nl-young", "nl", waited=100),), speakers=(shared,)),
        lang("fr", (caller("fr-old", "fr", waited=200),), first=(shared,)),
    )
    # fr-old is older and takes the operator; nl-young would have qualified too.
    assert choose(v) == [("fr-old", "shared", "first_choice")]


def test_ties_on_enqueued_at_break_on_entry_id() -> None:
    a, b = op("a", "nl", idle=300), op("b", "nl", idle=200)
    v = view(lang("nl", (caller("y", waited=5), caller("x", waited=5)), first=(a, b)))
    assert choose(v) == [("x", "a", "first_choice"), ("y", "b", "first_choice")]


def test_before_fallback_only_first_choice_operators_qualify() -> None:
    secondary = op("secondary", "fr", "nl")
    v = view(lang("nl", (caller("c", waited=FALLBACK_S - 1),), speakers=(secondary,)))
    assert choose(v) == []


def test_after_fallback_any_position_speakers_qualify() -> None:
    secondary = op("secondary", "fr", "nl")
    v = view(lang("nl", (caller("c", waited=FALLBACK_S),), speakers=(secondary,)))
    assert choose(v) == [("c", "secondary", "any_language")]


def test_first_choice_preferred_even_after_fallback() -> None:
    first, secondary = op("first", "nl", idle=1), op("secondary", "fr", "nl", idle=500)
    v = view(
        lang(
            "nl",
            (caller("c", waited=500),),
            first=(first,),
            speakers=(secondary, first),
        )
    )
    assert choose(v) == [("c", "first", "first_choice")]


def test_used_operators_are_skipped_in_every_list() -> None:
    a = op("a", "nl", "en", idle=300)
    v = view(
        lang("nl", (caller("c1", waited=500), caller("c2", waited=400)), first=(a,)),
        english=(a,),
        on_duty=frozenset({"en"}),
    )
    assert choose(v) == [("c1", "a", "first_choice")]


def test_english_fallback_when_nobody_on_duty_speaks_the_language() -> None:
    english = op("en-op", "en", "fr")
    v = view(
        lang("de", (caller("c", "de", waited=FALLBACK_S + 1),)),
        english=(english,),
        on_duty=frozenset({"en", "fr"}),
    )
    assert choose(v) == [("c", "en-op", "english_fallback")]


def test_no_english_fallback_before_the_fallback_delay() -> None:
    v = view(
        lang("de", (caller("c", "de", waited=FALLBACK_S - 1),)),
        english=(op("en-op", "en"),),
        on_duty=frozenset({"en"}),
    )
    assert choose(v) == []


def test_no_english_fallback_while_a_busy_speaker_is_on_duty() -> None:
    v = view(
        lang("de", (caller("c", "de", waited=FALLBACK_S * 5),)),
        english=(op("en-op", "en"),),
        on_duty=frozenset({"en", "de"}),
    )
    assert choose(v) == []


def test_no_candidate_at_all_skips_the_caller_but_not_younger_ones() -> None:
    nl = op("nl-op", "nl")
    v = view(
        lang("de", (caller("de-old", "de", waited=FALLBACK_S * 2),)),
        lang("nl", (caller("nl-young", "nl", waited=1),), first=(nl,)),
        on_duty=frozenset({"nl"}),
    )
    assert choose(v) == [("nl-young", "nl-op", "first_choice")]


def unknown_language(entry_id: str, *, waited: float = 10.0) -> QueuedCall:
    """A caller who chose no language: queued in Dutch, needing French too."""
    return dataclasses.replace(
        caller(entry_id, "nl", waited=waited), also_speaks=("fr",)
    )


def test_caller_without_language_goes_at_once_to_a_speaker_of_the_main_languages() -> (
    None
):
    dutch_only = op("dutch_only", "nl", idle=500)
    both = op("both", "fr", "nl", idle=10)
    v = view(
        lang(
            "nl",
            (unknown_language("u"),),
            first=(dutch_only,),
            speakers=(dutch_only, both),
        )
    )
    assert choose(v) == [("u", "both", "first_choice")]


def test_caller_without_language_waits_for_a_bilingual_until_the_fallback() -> None:
    dutch_only = op("dutch_only", "nl")
    early = view(
        lang("nl", (unknown_language("u", waited=FALLBACK_S - 1),), first=(dutch_only,))
    )
    late = view(
        lang("nl", (unknown_language("u", waited=FALLBACK_S),), first=(dutch_only,))
    )

    assert choose(early) == []
    assert choose(late) == [("u", "dutch_only", "first_choice")]
