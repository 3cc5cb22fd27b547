"""Unit tests for app/ivr/menu.py: every node, key, utterance, timeout and retry path.

The menu runs on the real prompt catalogue (prompts/<language>/) and a fake postcode
directory, so the assertions check what an elderly caller actually hears: the text,
in the right language and voice, and where the next key press is sent.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.ivr import menu
from app.ivr.menu import (
    NEEDS,
    CallerInput,
    ClosedReached,
    HandedOff,
    LanguageChosen,
    MenuContext,
    MenuRepeated,
    MenuRetried,
    Need,
    NeedChosen,
    OperatorRequested,
    PostcodeGiven,
    PostcodeSkipped,
    Step,
    VoicemailInput,
    VoicemailLeft,
)
from app.ivr.prompts import LanguagePack, PromptCatalogue, load_catalogue
from app.telephony import instructions as ins

ALL_LANGUAGES = ("nl", "fr", "en", "de")
WITHOUT_GERMAN = ("nl", "fr", "en")
MAX_RETRIES = 2
GATHER_TIMEOUT_S = 7

# Place names per language, as the real directory would give them.
PLACES: dict[str, dict[str, str]] = {
    "1030": {"nl": "Schaarbeek", "fr": "Schaerbeek", "en": "Schaerbeek"},
    "4700": {"de": "Eupen", "fr": "Eupen", "nl": "Eupen", "en": "Eupen"},
}


@cache
def catalogue(languages: tuple[str, ...] = ALL_LANGUAGES) -> PromptCatalogue:
    return load_catalogue(languages)


class FakePostcodes:
    """A place_for_postcode that remembers what it was asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    def __call__(self, postcode: str, language: str) -> str | None:
        self.asked.append((postcode, language))
        return PLACES.get(postcode, {}).get(language)


def make_ctx(
    *,
    languages: tuple[str, ...] = ALL_LANGUAGES,
    default_language: str = "nl",
    is_open: bool = True,
    max_retries: int = MAX_RETRIES,
    place_for_postcode: Callable[[str, str], str | None] | None = None,
) -> MenuContext:
    return MenuContext(
        catalogue=catalogue(languages),
        default_language=default_language,
        max_retries=max_retries,
        gather_timeout_s=GATHER_TIMEOUT_S,
        is_open=is_open,
        open_from="08:00",
        open_until="20:00",
        place_for_postcode=place_for_postcode or FakePostcodes(),
    )


def pack(language: str) -> LanguagePack:
    return catalogue()[language]


def said(language: str, prompt_id: str, **values: object) -> ins.Say:
    return pack(language).say(prompt_id, **values)


def only_gather(result: Step) -> ins.Gather:
    """The step must answer with exactly one Gather (and nothing the caller misses)."""
    (instruction,) = result.script.instructions
    assert isinstance(instruction, ins.Gather)
    assert instruction.action_on_empty_result, "silence must reach the app"
    return instruction


def url_query(url: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    return parts.path, query


def welcome(language: str) -> ins.Say:
    """The greeting with the hotline's name (no line name configured)."""
    return said(language, "welcome", name=pack(language).text("hotline_name"))


def language_options(
    languages: tuple[str, ...], main: str = "nl"
) -> tuple[ins.Say, ...]:
    """The language menu after its welcome: each language in its own voice with its
    key (1, 2, ... in the line's order), then the way to a person, in the line's
    main language."""
    return (
        *(
            said(lang, "language_option", key=str(key))
            for key, lang in enumerate(languages, start=1)
        ),
        said(main, "operator_option"),
    )


def returning_welcome(
    language: str, languages: tuple[str, ...] = ALL_LANGUAGES
) -> tuple[ins.Say, ...]:
    """Welcome back, then "another language? press 9" in the caller's language and
    in every other language of the line."""
    others = [x for x in languages if x != language]
    name = pack(language).text("hotline_name")
    return (
        said(language, "returning_welcome", name=name),
        *(said(x, "other_language_option") for x in (language, *others)),
    )


def need_prompts(language: str) -> tuple[ins.Say, ...]:
    return (
        said(language, "need_intro"),
        *(said(language, f"need_option_{need}") for need in NEEDS),
        said(language, "operator_option"),
    )


def every_language(
    prompt_id: str, languages: tuple[str, ...] = ALL_LANGUAGES
) -> tuple[ins.Say, ...]:
    return tuple(said(lang, prompt_id) for lang in languages)


def unknown_language_handoff(languages: tuple[str, ...] = ALL_LANGUAGES) -> ins.Script:
    return ins.Script(
        (
            *every_language("volunteer_coming", languages),
            ins.Redirect(f"/twilio/queue/enter?lang={languages[0]}&mixed=1"),
        )
    )


def handoff_script(language: str, *lead: ins.Say) -> ins.Script:
    return ins.Script(
        (
            *lead,
            said(language, "handoff"),
            ins.Redirect(f"/twilio/queue/enter?lang={language}"),
        )
    )


def closed_script(language: str) -> ins.Script:
    return ins.Script(
        (
            said(
                language,
                "closed",
                days=pack(language).text("days_every"),
                open_from="08:00",
                open_until="20:00",
            ),
            menu.where_to_turn(make_ctx(), pack(language)),
            ins.Record(
                action=f"/twilio/ivr/voicemail?lang={language}&try=0",
                max_length_s=180,
            ),
            said(language, "voicemail_empty"),
            said(language, "goodbye"),
            ins.Hangup(),
        )
    )


def on(
    node: menu.Node,
    *,
    language: str | None = "nl",
    retries: int = 0,
    digits: str | None = None,
    speech: str | None = None,
    ctx: MenuContext | None = None,
) -> Step:
    return menu.step(
        node,
        language=language,
        retries=retries,
        heard=CallerInput(digits=digits, speech=speech),
        ctx=ctx or make_ctx(),
    )


def assert_need_menu(result: Step, language: str, *, tries: int = 0) -> ins.Gather:
    gather = only_gather(result)
    assert gather.action == f"/twilio/ivr/need?lang={language}&try={tries}"
    assert gather.prompts[-len(need_prompts(language)) :] == need_prompts(language)
    assert gather.num_digits == 1
    assert gather.timeout_s == GATHER_TIMEOUT_S
    assert gather.speech_locale == pack(language).speech_locale
    return gather


def assert_postcode_menu(result: Step, language: str, *, tries: int = 0) -> ins.Gather:
    gather = only_gather(result)
    assert gather.action == f"/twilio/ivr/postcode?lang={language}&try={tries}"
    assert gather.prompts[-1] == said(language, "postcode_ask")
    assert gather.num_digits == 4
    assert gather.finish_on_key == "#"
    assert gather.timeout_s == GATHER_TIMEOUT_S + 3
    assert gather.speech_locale == pack(language).speech_locale
    assert gather.hints == pack(language).speech["skip"]
    return gather


# --------------------------------------------------------------------------------- urls


class TestNodeUrl:
    def test_carries_language_and_retry_count(self) -> None:
        assert menu.node_url("need", language="fr", retries=2) == (
            "/twilio/ivr/need?lang=fr&try=2"
        )

    def test_unknown_language_is_sent_empty(self) -> None:
        assert menu.node_url("language", language=None) == (
            "/twilio/ivr/language?lang=&try=0"
        )


class TestCallerInput:
    @pytest.mark.parametrize(
        ("digits", "speech", "empty"),
        [
            (None, None, True),
            ("", None, True),
            (None, "   ", True),
            ("", "  ", True),
            ("1", None, False),
            (None, "oui", False),
        ],
    )
    def test_is_empty_only_without_keys_and_words(
        self, digits: str | None, speech: str | None, empty: bool
    ) -> None:
        assert CallerInput(digits, speech).is_empty is empty


# -------------------------------------------------------------------------------- start


class TestStart:
    def test_new_caller_hears_welcome_and_every_language_in_its_own_voice(
        self,
    ) -> None:
        result = menu.start(make_ctx(), known_language=None)

        gather = only_gather(result)
        assert result.effects == ()
        assert gather.action == "/twilio/ivr/language?lang=&try=0"
        assert gather.prompts == (
            welcome("nl"),
            *language_options(ALL_LANGUAGES),
        )
        assert [p.locale for p in gather.prompts if isinstance(p, ins.Say)] == [
            "nl-BE",
            "nl-BE",
            "fr-BE",
            "en-GB",
            "de-DE",
            "nl-BE",
        ]
        assert gather.speech_timeout == "auto"
        assert gather.num_digits == 1
        assert gather.timeout_s == GATHER_TIMEOUT_S
        assert gather.speech_locale == pack("nl").speech_locale
        assert {"nederlands", "français", "english", "deutsch"} <= set(gather.hints)

    def test_welcome_is_in_the_default_language(self) -> None:
        result = menu.start(make_ctx(default_language="fr"), known_language=None)

        gather = only_gather(result)
        assert gather.prompts[0] == welcome("fr")
        assert gather.speech_locale == pack("fr").speech_locale

    def test_disabled_german_is_not_offered(self) -> None:
        result = menu.start(make_ctx(languages=WITHOUT_GERMAN), known_language=None)

        gather = only_gather(result)
        assert gather.prompts == (
            welcome("nl"),
            *language_options(WITHOUT_GERMAN),
        )
        assert "deutsch" not in gather.hints

    @pytest.mark.parametrize("language", ALL_LANGUAGES)
    def test_returning_caller_is_welcomed_back_with_the_need_menu(
        self, language: str
    ) -> None:
        result = menu.start(make_ctx(), known_language=language)

        gather = assert_need_menu(result, language)
        assert gather.prompts == (
            *returning_welcome(language),
            *need_prompts(language),
        )
        assert result.effects == (LanguageChosen(language, "returning"),)

    def test_returning_caller_whose_language_is_disabled_chooses_again(self) -> None:
        result = menu.start(make_ctx(languages=WITHOUT_GERMAN), known_language="de")

        gather = only_gather(result)
        assert gather.action == "/twilio/ivr/language?lang=&try=0"
        assert gather.prompts[0] == welcome("nl")
        assert result.effects == ()

    def test_returning_caller_outside_hours_hears_closed_message_in_their_language(
        self,
    ) -> None:
        result = menu.start(make_ctx(is_open=False), known_language="fr")

        assert result.script == closed_script("fr")
        assert result.effects == (
            LanguageChosen("fr", "returning"),
            ClosedReached("fr"),
        )

    def test_new_caller_outside_hours_still_chooses_a_language_first(self) -> None:
        result = menu.start(make_ctx(is_open=False), known_language=None)

        gather = only_gather(result)
        assert gather.action == "/twilio/ivr/language?lang=&try=0"
        assert result.effects == ()


# ----------------------------------------------------------------------------- language


class TestLanguageMenu:
    @pytest.mark.parametrize(
        ("key", "language"), [("1", "nl"), ("2", "fr"), ("3", "en"), ("4", "de")]
    )
    def test_key_chooses_language_and_moves_to_need_menu(
        self, key: str, language: str
    ) -> None:
        result = on("language", language=None, digits=key)

        gather = assert_need_menu(result, language)
        assert gather.prompts == need_prompts(language)
        hints = set(gather.hints)
        assert set(pack(language).speech["groceries"]) <= hints
        assert set(pack(language).speech["operator"]) <= hints
        assert result.effects == (LanguageChosen(language, "key"),)

    def test_key_with_surrounding_spaces_still_counts(self) -> None:
        result = on("language", language=None, digits=" 2 ")

        assert result.effects == (LanguageChosen("fr", "key"),)

    def test_german_key_is_invalid_when_german_is_disabled(self) -> None:
        ctx = make_ctx(languages=WITHOUT_GERMAN)

        result = on("language", language=None, digits="4", ctx=ctx)

        gather = only_gather(result)
        assert gather.action == "/twilio/ivr/language?lang=&try=1"
        assert gather.prompts == (
            said("nl", "invalid_choice"),
            *language_options(WITHOUT_GERMAN),
        )
        assert result.effects == (MenuRetried("language", "invalid", "4"),)

    @pytest.mark.parametrize(
        ("speech", "language"),
        [
            ("Nederlands alstublieft", "nl"),
            ("français", "fr"),
            ("Français s'il vous plaît", "fr"),
            ("English please", "en"),
            ("Deutsch", "de"),
        ],
    )
    def test_spoken_language_is_understood(self, speech: str, language: str) -> None:
        result = on("language", language=None, speech=speech)

        assert_need_menu(result, language)
        assert result.effects == (LanguageChosen(language, "speech"),)

    def test_spoken_german_is_invalid_when_german_is_disabled(self) -> None:
        ctx = make_ctx(languages=WITHOUT_GERMAN)

        result = on("language", language=None, speech="Deutsch", ctx=ctx)

        assert result.effects == (MenuRetried("language", "invalid", "Deutsch"),)

    def test_keys_win_over_speech(self) -> None:
        result = on("language", language=None, digits="3", speech="français")

        assert result.effects == (LanguageChosen("en", "key"),)

    @pytest.mark.parametrize("retries", [0, 1, 2])
    def test_star_repeats_the_options_without_counting_a_retry(
        self, retries: int
    ) -> None:
        result = on("language", language=None, retries=retries, digits="*")

        gather = only_gather(result)
        assert gather.action == f"/twilio/ivr/language?lang=&try={retries}"
        assert gather.prompts == language_options(ALL_LANGUAGES)
        assert result.effects == (MenuRepeated("language"),)

    @pytest.mark.parametrize("speech", ["herhaal", "répétez", "repeat please"])
    def test_a_short_spoken_repeat_in_any_language_repeats(self, speech: str) -> None:
        result = on("language", language=None, speech=speech)

        assert result.effects == (MenuRepeated("language"),)

    @pytest.mark.parametrize(
        ("speech", "language"),
        [
            ("Frans", "fr"),
            ("néerlandais", "nl"),
            ("Französisch bitte", "fr"),
            ("in het Engels", "en"),
            ("allemand", "de"),
        ],
    )
    def test_a_language_is_understood_by_its_name_in_any_language(
        self, speech: str, language: str
    ) -> None:
        result = on("language", language=None, speech=speech)

        assert result.effects == (LanguageChosen(language, "speech"),)

    @pytest.mark.parametrize(
        ("speech", "language"),
        [
            ("help", "en"),
            ("au secours", "fr"),
            ("ich möchte mit jemandem sprechen", "de"),
            ("mag ik iemand spreken", "nl"),
        ],
    )
    def test_asking_for_a_person_reaches_a_volunteer_in_the_words_language(
        self, speech: str, language: str
    ) -> None:
        result = on("language", language=None, speech=speech)

        assert result.script == handoff_script(language)
        assert result.effects == (
            LanguageChosen(language, "speech"),
            NeedChosen("other", "speech"),
            OperatorRequested("language"),
            HandedOff(language),
        )

    def test_zero_reaches_a_volunteer_without_choosing_a_language(self) -> None:
        result = on("language", language=None, digits="0")

        assert result.script == unknown_language_handoff()
        assert result.effects == (OperatorRequested("language"), HandedOff(None))

    def test_zero_outside_hours_leads_to_voicemail_in_every_language(self) -> None:
        result = on("language", language=None, digits="0", ctx=make_ctx(is_open=False))

        assert result.script == ins.Script(
            (
                *(
                    say
                    for lang in ALL_LANGUAGES
                    for say in (
                        said(lang, "closed_short"),
                        menu.where_to_turn(make_ctx(), pack(lang)),
                    )
                ),
                ins.Record(
                    action="/twilio/ivr/voicemail?lang=&try=0", max_length_s=180
                ),
                *every_language("voicemail_empty"),
                ins.Hangup(),
            )
        )
        assert result.effects == (OperatorRequested("language"), ClosedReached(None))

    def test_chosen_language_outside_hours_leads_to_voicemail(self) -> None:
        result = on("language", language=None, digits="2", ctx=make_ctx(is_open=False))

        assert result.script == closed_script("fr")
        assert result.effects == (LanguageChosen("fr", "key"), ClosedReached("fr"))


class TestLanguageRetries:
    @pytest.mark.parametrize("retries", range(MAX_RETRIES + 1))
    @pytest.mark.parametrize("speech", [None, "   "])
    def test_first_silence_is_told_in_every_language_that_a_volunteer_helps(
        self, retries: int, speech: str | None
    ) -> None:
        result = on("language", language=None, retries=retries, speech=speech)

        assert result.script == unknown_language_handoff()
        assert result.effects == (
            MenuRetried("language", "no_input", None),
            HandedOff(None),
        )

    def test_silent_caller_on_a_french_first_line_hears_french_first(self) -> None:
        languages = ("fr", "nl", "en")
        ctx = make_ctx(languages=languages, default_language="fr")

        result = on("language", language=None, ctx=ctx)

        assert result.script == ins.Script(
            (
                *every_language("volunteer_coming", languages),
                ins.Redirect("/twilio/queue/enter?lang=fr&mixed=1"),
            )
        )

    @pytest.mark.parametrize("digits", ["5", "7", "8", "9", "#", "12"])
    def test_invalid_key_repeats_with_invalid_choice_apology(self, digits: str) -> None:
        result = on("language", language=None, digits=digits)

        gather = only_gather(result)
        assert gather.action == "/twilio/ivr/language?lang=&try=1"
        assert gather.prompts == (
            said("nl", "invalid_choice"),
            *language_options(ALL_LANGUAGES),
        )
        assert result.effects == (MenuRetried("language", "invalid", digits),)

    @pytest.mark.parametrize("speech", ["bonjour madame", "wat", "was", "quoi", "what"])
    def test_unrecognised_words_and_fillers_are_an_invalid_choice(
        self, speech: str
    ) -> None:
        result = on("language", language=None, speech=speech)

        assert result.effects == (MenuRetried("language", "invalid", speech),)

    def test_invalid_after_last_retry_goes_to_a_volunteer_without_a_language(
        self,
    ) -> None:
        result = on("language", language=None, retries=MAX_RETRIES, digits="7")

        assert result.script == unknown_language_handoff()
        assert result.effects == (
            MenuRetried("language", "invalid", "7"),
            HandedOff(None),
        )

    def test_no_retries_allowed_goes_to_a_volunteer_at_once(self) -> None:
        result = on("language", language=None, digits="7", ctx=make_ctx(max_retries=0))

        assert result.effects[-1] == HandedOff(None)


# --------------------------------------------------------------------------------- need


class TestNeedMenu:
    @pytest.mark.parametrize(
        ("key", "need"),
        [("1", "groceries"), ("2", "pharmacy"), ("3", "company"), ("4", "other")],
    )
    @pytest.mark.parametrize("language", ALL_LANGUAGES)
    def test_key_chooses_need_and_asks_postcode(
        self, key: str, need: Need, language: str
    ) -> None:
        result = on("need", language=language, digits=key)

        gather = assert_postcode_menu(result, language)
        assert gather.prompts == (said(language, "postcode_ask"),)
        assert result.effects == (NeedChosen(need, "key"),)

    @pytest.mark.parametrize(
        ("language", "speech"),
        [
            ("nl", "boodschappen"),
            ("fr", "courses"),
            ("en", "groceries"),
            ("de", "Einkäufe"),
            ("fr", "J'ai besoin de faire des COURSES"),
        ],
    )
    def test_spoken_groceries_is_understood(self, language: str, speech: str) -> None:
        result = on("need", language=language, speech=speech)

        assert_postcode_menu(result, language)
        assert result.effects == (NeedChosen("groceries", "speech"),)

    @pytest.mark.parametrize(
        ("language", "need", "word"),
        [
            (language, need, word)
            for language in ALL_LANGUAGES
            for need in NEEDS
            for word in catalogue()[language].speech[need]
        ],
    )
    def test_every_listed_need_word_chooses_that_need(
        self, language: str, need: Need, word: str
    ) -> None:
        result = on("need", language=language, speech=word)

        assert result.effects == (NeedChosen(need, "speech"),)

    @pytest.mark.parametrize("language", ALL_LANGUAGES)
    def test_zero_reaches_a_volunteer_in_the_callers_language(
        self, language: str
    ) -> None:
        result = on("need", language=language, digits="0")

        assert result.script == handoff_script(language)
        assert result.effects == (
            NeedChosen("other", "key"),
            OperatorRequested("need"),
            HandedOff(language),
        )

    def test_asking_for_a_person_reaches_a_volunteer(self) -> None:
        result = on("need", language="en", speech="can I speak to a volunteer")

        assert result.script == handoff_script("en")
        assert result.effects == (
            NeedChosen("other", "speech"),
            OperatorRequested("need"),
            HandedOff("en"),
        )

    def test_keys_win_over_speech(self) -> None:
        result = on("need", language="en", digits="2", speech="a volunteer please")

        assert result.effects == (NeedChosen("pharmacy", "key"),)

    @pytest.mark.parametrize("retries", [0, 1, 2])
    def test_star_repeats_the_need_menu_without_counting_a_retry(
        self, retries: int
    ) -> None:
        result = on("need", language="fr", retries=retries, digits="*")

        gather = assert_need_menu(result, "fr", tries=retries)
        assert gather.prompts == need_prompts("fr")
        assert result.effects == (MenuRepeated("need"),)

    def test_spoken_repeat_repeats_the_need_menu(self) -> None:
        result = on("need", language="en", retries=1, speech="repeat please")

        assert_need_menu(result, "en", tries=1)
        assert result.effects == (MenuRepeated("need"),)

    @pytest.mark.parametrize("retries", [0, 2])
    def test_nine_goes_back_to_the_language_menu_with_a_fresh_count(
        self, retries: int
    ) -> None:
        result = on("need", language="fr", retries=retries, digits="9")

        gather = only_gather(result)
        assert gather.action == "/twilio/ivr/language?lang=&try=0"
        assert gather.prompts == language_options(ALL_LANGUAGES)
        assert result.effects == (MenuRepeated("language"),)

    @pytest.mark.parametrize("language", [None, "xx", ""])
    def test_unknown_language_in_url_falls_back_to_default(
        self, language: str | None
    ) -> None:
        result = on("need", language=language, digits="*")

        assert_need_menu(result, "nl")

    def test_disabled_language_in_url_falls_back_to_default(self) -> None:
        ctx = make_ctx(languages=WITHOUT_GERMAN)

        result = on("need", language="de", digits="1", ctx=ctx)

        assert_postcode_menu(result, "nl")


class TestNeedRetries:
    @pytest.mark.parametrize("retries", range(MAX_RETRIES + 1))
    def test_silence_is_staying_on_the_line_for_a_volunteer(self, retries: int) -> None:
        result = on("need", language="de", retries=retries)

        assert result.script == handoff_script("de")
        assert result.effects == (
            MenuRetried("need", "no_input", None),
            NeedChosen("other", "default"),
            HandedOff("de"),
        )

    @pytest.mark.parametrize("digits", ["5", "6", "7", "8", "#"])
    def test_invalid_key_repeats_with_invalid_choice(self, digits: str) -> None:
        result = on("need", language="en", digits=digits)

        gather = assert_need_menu(result, "en", tries=1)
        assert gather.prompts[0] == said("en", "invalid_choice")
        assert result.effects == (MenuRetried("need", "invalid", digits),)

    @pytest.mark.parametrize(
        ("language", "speech"),
        [("en", "the weather is nice"), ("nl", "wat"), ("de", "was"), ("fr", "quoi")],
    )
    def test_unrecognised_words_and_fillers_are_invalid(
        self, language: str, speech: str
    ) -> None:
        result = on("need", language=language, speech=speech)

        assert result.effects == (MenuRetried("need", "invalid", speech),)

    def test_invalid_key_after_last_retry_goes_to_a_volunteer(self) -> None:
        result = on("need", language="nl", retries=MAX_RETRIES, digits="8")

        assert result.script == handoff_script("nl")
        assert result.effects == (
            MenuRetried("need", "invalid", "8"),
            NeedChosen("other", "default"),
            HandedOff("nl"),
        )


# ----------------------------------------------------------------------------- postcode


class TestPostcodeMenu:
    def test_known_postcode_is_confirmed_digit_by_digit_with_place_name(
        self,
    ) -> None:
        places = FakePostcodes()

        result = on(
            "postcode",
            language="fr",
            digits="1030",
            ctx=make_ctx(place_for_postcode=places),
        )

        confirmed = said(
            "fr", "postcode_confirmed", postcode="1 0 3 0", place="Schaerbeek"
        )
        assert "1 0 3 0" in confirmed.text
        assert "Schaerbeek" in confirmed.text
        assert result.script == handoff_script("fr", confirmed)
        assert result.effects == (PostcodeGiven("1030"), HandedOff("fr"))
        assert places.asked == [("1030", "fr")]

    def test_place_name_is_asked_in_the_callers_language(self) -> None:
        result = on("postcode", language="nl", digits="1030")

        (confirmed, *_) = result.script.instructions
        assert isinstance(confirmed, ins.Say)
        assert "Schaarbeek" in confirmed.text
        assert confirmed.locale == "nl-BE"

    @pytest.mark.parametrize("speech", ["1030", "10 30", "it is 1 0 3 0"])
    def test_spoken_postcode_with_digits_is_accepted(self, speech: str) -> None:
        result = on("postcode", language="en", speech=speech)

        assert result.effects == (PostcodeGiven("1030"), HandedOff("en"))

    def test_postcode_is_accepted_even_on_the_last_try(self) -> None:
        result = on("postcode", language="de", retries=MAX_RETRIES, digits="4700")

        assert result.effects == (PostcodeGiven("4700"), HandedOff("de"))

    def test_unknown_postcode_is_spoken_back_and_asked_again(self) -> None:
        result = on("postcode", language="nl", digits="9999")

        gather = assert_postcode_menu(result, "nl", tries=1)
        assert gather.prompts == (
            said("nl", "postcode_invalid", postcode="9 9 9 9"),
            said("nl", "postcode_ask"),
        )
        spoken_back = gather.prompts[0]
        assert isinstance(spoken_back, ins.Say)
        assert "9 9 9 9" in spoken_back.text
        assert result.effects == (MenuRetried("postcode", "invalid", "9999"),)

    @pytest.mark.parametrize("digits", ["123", "12345"])
    def test_wrong_length_is_spoken_back_without_a_lookup(self, digits: str) -> None:
        places = FakePostcodes()

        result = on(
            "postcode",
            language="en",
            digits=digits,
            ctx=make_ctx(place_for_postcode=places),
        )

        gather = assert_postcode_menu(result, "en", tries=1)
        assert gather.prompts[0] == said(
            "en", "postcode_invalid", postcode=" ".join(digits)
        )
        assert places.asked == []

    @pytest.mark.parametrize(
        ("language", "speech"),
        [
            ("nl", "één nul drie nul"),
            ("fr", "un zéro trois zéro"),
            ("en", "one oh three zero"),
            ("de", "vier sieben null null"),
        ],
    )
    def test_postcode_spoken_digit_by_digit_is_accepted(
        self, language: str, speech: str
    ) -> None:
        result = on("postcode", language=language, speech=speech)

        postcode = "4700" if language == "de" else "1030"
        assert result.effects == (PostcodeGiven(postcode), HandedOff(language))

    def test_spoken_unknown_postcode_is_spoken_back(self) -> None:
        result = on("postcode", language="fr", speech="neuf neuf 99")

        gather = assert_postcode_menu(result, "fr", tries=1)
        assert gather.prompts[0] == said("fr", "postcode_invalid", postcode="9 9 9 9")
        assert result.effects == (MenuRetried("postcode", "invalid", "9999"),)

    def test_keys_with_star_inside_are_an_invalid_choice_not_spoken_back(
        self,
    ) -> None:
        result = on("postcode", language="en", digits="10*3")

        gather = assert_postcode_menu(result, "en", tries=1)
        assert gather.prompts[0] == said("en", "invalid_choice")
        assert result.effects == (MenuRetried("postcode", "invalid", "10*3"),)

    def test_speech_without_digits_is_an_invalid_choice(self) -> None:
        result = on("postcode", language="en", speech="banana")

        gather = assert_postcode_menu(result, "en", tries=1)
        assert gather.prompts[0] == said("en", "invalid_choice")
        assert result.effects == (MenuRetried("postcode", "invalid", "banana"),)

    def test_hash_alone_skips_the_postcode(self) -> None:
        # Only the finish key (#) was pressed: Digits is present but empty.
        result = on("postcode", language="fr", digits="")

        assert result.script == handoff_script("fr")
        assert result.effects == (PostcodeSkipped("key"), HandedOff("fr"))

    @pytest.mark.parametrize(
        ("language", "speech"),
        [
            ("nl", "Ik weet niet"),
            ("fr", "je ne sais pas"),
            ("en", "I don't know"),
            ("de", "keine Ahnung"),
        ],
    )
    def test_spoken_dont_know_skips_the_postcode(
        self, language: str, speech: str
    ) -> None:
        result = on("postcode", language=language, speech=speech)

        assert result.script == handoff_script(language)
        assert result.effects == (PostcodeSkipped("speech"), HandedOff(language))

    @pytest.mark.parametrize("retries", [0, 2])
    def test_star_repeats_without_counting_a_retry(self, retries: int) -> None:
        result = on("postcode", language="nl", retries=retries, digits="*")

        gather = assert_postcode_menu(result, "nl", tries=retries)
        assert gather.prompts == (said("nl", "postcode_ask"),)
        assert result.effects == (MenuRepeated("postcode"),)

    def test_zero_reaches_a_volunteer(self) -> None:
        result = on("postcode", language="de", digits="0")

        assert result.script == handoff_script("de")
        assert result.effects == (OperatorRequested("postcode"), HandedOff("de"))


class TestPostcodeRetries:
    @pytest.mark.parametrize("retries", range(MAX_RETRIES + 1))
    def test_silence_skips_the_postcode_and_hands_off(self, retries: int) -> None:
        result = on("postcode", language="fr", retries=retries)

        assert result.script == handoff_script("fr")
        assert result.effects == (
            MenuRetried("postcode", "no_input", None),
            PostcodeSkipped("default"),
            HandedOff("fr"),
        )

    def test_unknown_postcode_after_last_retry_goes_to_a_volunteer(self) -> None:
        result = on("postcode", language="nl", retries=MAX_RETRIES, digits="9999")

        assert result.script == handoff_script("nl")
        assert result.effects == (
            MenuRetried("postcode", "invalid", "9999"),
            PostcodeSkipped("default"),
            HandedOff("nl"),
        )


# ---------------------------------------------------------------------------- voicemail


class TestVoicemail:
    def test_recording_is_thanked_and_the_call_ends(self) -> None:
        recording = VoicemailInput("https://api.twilio.com/rec/RE1", 42)

        result = menu.voicemail_left("fr", recording, make_ctx(is_open=False))

        assert result.script == ins.Script(
            (said("fr", "voicemail_thanks"), said("fr", "goodbye"), ins.Hangup())
        )
        assert result.effects == (
            VoicemailLeft("fr", "https://api.twilio.com/rec/RE1", 42),
        )

    @pytest.mark.parametrize(
        "recording",
        [VoicemailInput(None, 0), VoicemailInput(None, 12), VoicemailInput("u", 0)],
    )
    def test_missing_or_empty_recording_promises_a_call_back(
        self, recording: VoicemailInput
    ) -> None:
        result = menu.voicemail_left("en", recording, make_ctx(is_open=False))

        assert result.script == ins.Script(
            (said("en", "voicemail_empty"), said("en", "goodbye"), ins.Hangup())
        )
        assert result.effects == (
            VoicemailLeft("en", recording.recording_url, recording.duration_s),
        )

    @pytest.mark.parametrize("language", [None, "xx"])
    def test_unknown_language_is_thanked_in_every_language(
        self, language: str | None
    ) -> None:
        result = menu.voicemail_left(
            language, VoicemailInput("u", 3), make_ctx(default_language="nl")
        )

        assert result.script == ins.Script(
            (*every_language("voicemail_thanks"), ins.Hangup())
        )
        assert result.effects == (VoicemailLeft(None, "u", 3),)

    def test_step_refuses_the_voicemail_node(self) -> None:
        with pytest.raises(ValueError, match="voicemail_left"):
            on("voicemail", digits="1")


# -------------------------------------------------------------------------------- walks


GATHER_NODES: dict[str, menu.Node] = {
    "language": "language",
    "need": "need",
    "postcode": "postcode",
}


def follow(result: Step, heard: CallerInput, ctx: MenuContext) -> Step:
    """What Twilio does: post the caller's input to the Gather's action URL."""
    gather = only_gather(result)
    path, query = url_query(gather.action)
    node = GATHER_NODES[path.rsplit("/", 1)[-1]]
    return menu.step(
        node,
        language=query["lang"] or None,
        retries=int(query["try"]),
        heard=heard,
        ctx=ctx,
    )


class TestWholeCall:
    def test_silent_caller_is_carried_to_a_volunteer_never_hung_up(self) -> None:
        ctx = make_ctx()
        result = menu.start(ctx, known_language=None)
        menus_heard = 0
        effects = list(result.effects)
        while not isinstance(result.script.instructions[-1], ins.Redirect):
            menus_heard += 1
            result = follow(result, CallerInput(), ctx)
            effects += result.effects

        # One menu, then a volunteer: no language is stored for the caller.
        assert menus_heard == 1
        assert result.script.instructions[-1] == ins.Redirect(
            "/twilio/queue/enter?lang=nl&mixed=1"
        )
        assert not any(isinstance(e, LanguageChosen) for e in effects)
        assert effects[-1] == HandedOff(None)

    def test_caller_choosing_everything_by_keys(self) -> None:
        ctx = make_ctx()
        result = menu.start(ctx, known_language=None)
        effects = list(result.effects)
        for keys in ("2", "*", "1", "1030"):
            result = follow(result, CallerInput(digits=keys), ctx)
            effects += result.effects

        assert effects == [
            LanguageChosen("fr", "key"),
            MenuRepeated("need"),
            NeedChosen("groceries", "key"),
            PostcodeGiven("1030"),
            HandedOff("fr"),
        ]

    def test_changing_language_from_the_need_menu(self) -> None:
        ctx = make_ctx()
        result = menu.start(ctx, known_language="nl")
        for keys in ("9", "3"):
            result = follow(result, CallerInput(digits=keys), ctx)

        assert_need_menu(result, "en")
        assert result.effects == (LanguageChosen("en", "key"),)


_nodes = st.sampled_from(["language", "need", "postcode"])
_inputs = st.builds(
    CallerInput,
    digits=st.none() | st.text(alphabet="0123456789*#", max_size=6),
    speech=st.none() | st.text(max_size=40),
)


@given(
    node=_nodes,
    language=st.none() | st.sampled_from([*ALL_LANGUAGES, "xx"]),
    retries=st.integers(min_value=0, max_value=MAX_RETRIES),
    heard=_inputs,
)
def test_any_input_gets_an_answer_that_keeps_the_caller_on_the_line(
    node: menu.Node, language: str | None, retries: int, heard: CallerInput
) -> None:
    ctx = make_ctx()

    result = menu.step(node, language=language, retries=retries, heard=heard, ctx=ctx)

    last = result.script.instructions[-1]
    assert isinstance(last, ins.Gather | ins.Redirect)
    if isinstance(last, ins.Gather):
        _, query = url_query(last.action)
        assert 0 <= int(query["try"]) <= MAX_RETRIES
        assert last.prompts, "a menu is never silent"
    locales = {pack(lang).locale for lang in ALL_LANGUAGES}
    spoken = [
        p
        for i in result.script.instructions
        for p in (i.prompts if isinstance(i, ins.Gather) else (i,))
        if isinstance(p, ins.Say)
    ]
    assert spoken
    assert {s.locale for s in spoken} <= locales
