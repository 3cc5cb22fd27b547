"""Unit tests for several lines in one deployment: settings (app/config.py
LineSettings, HOTLINE_LINES) and each line's menu (app/ivr/lines.py)."""

from __future__ import annotations

import os
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from app.config import MAIN_LINE, IvrSettings, Line, LineSettings, Settings
from app.ivr import lines, menu
from app.ivr.menu import CallerInput, MenuContext
from app.ivr.prompts import PromptCatalogue, default_catalogue
from app.telephony import instructions as ins

EXAMPLE = Path(__file__).parents[3] / "docker" / "lines.example.json"
ALL = ("nl", "fr", "en", "de")
# Monday 23 November 2026, Brussels time (UTC+1).
MONDAY_11H = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
MONDAY_18H = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
SUNDAY_11H = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No HOTLINE_* variable from the developer's shell may leak into a test."""
    for name in list(os.environ):
        if name.startswith("HOTLINE_"):
            monkeypatch.delenv(name)


def example_settings() -> Settings:
    listed = TypeAdapter(tuple[LineSettings, ...]).validate_json(
        EXAMPLE.read_text(encoding="utf-8")
    )
    return Settings(lines=listed)


def catalogue() -> PromptCatalogue:
    return default_catalogue(ALL)


def ctx_of(line: Line, now: datetime = MONDAY_11H) -> MenuContext:
    return lines.menu_context(
        line, catalogue(), now=now, place_for_postcode=lambda _p, _l: None
    )


def said(script: ins.Script) -> list[ins.Say]:
    return [
        p
        for i in script.instructions
        for p in (i.prompts if isinstance(i, ins.Gather) else (i,))
        if isinstance(p, ins.Say)
    ]


class TestSettings:
    def test_without_lines_the_deployment_is_one_line_as_before(self) -> None:
        settings = Settings()

        (line,) = settings.hotline_lines
        assert (line.key, line.number) == (MAIN_LINE, settings.twilio.hotline_number)
        assert line.ivr == settings.ivr
        assert line.languages == ALL
        assert line.main_languages == ("nl", "fr")
        assert line.matching_mode is None
        assert settings.spoken_languages == ALL

    def test_hotline_lines_is_read_from_the_environment_as_json(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("HOTLINE_LINES", EXAMPLE.read_text(encoding="utf-8"))
        monkeypatch.setenv("HOTLINE_IVR__GATHER_TIMEOUT_S", "8")

        settings = Settings()

        assert [x.key for x in settings.hotline_lines] == [
            "national",
            "leuven",
            "brussels",
        ]
        assert {x.ivr.gather_timeout_s for x in settings.hotline_lines} == {8}

    def test_the_example_lines_of_the_readme(self) -> None:
        national, leuven, brussels = example_settings().hotline_lines

        assert (national.languages, national.main_languages) == (
            ("nl", "fr"),
            ("nl", "fr"),
        )
        assert (leuven.languages, leuven.ivr.default_language) == (("nl", "en"), "nl")
        assert leuven.ivr.open_days == (0, 1, 2, 3, 4)
        assert (leuven.ivr.open_from, leuven.ivr.open_until) == (time(9), time(17))
        assert (brussels.languages, brussels.main_languages) == (
            ("fr", "nl", "en"),
            ("fr", "nl"),
        )
        assert brussels.ivr.default_language == "fr"
        assert brussels.matching_mode == "triage"
        assert brussels.names["nl"] == "Solidariteitslijn Brussel"

    def test_what_a_line_leaves_out_comes_from_the_ivr_settings(self) -> None:
        ivr = IvrSettings(open_from=time(7), emergency_number="112", max_retries=1)
        listed = (LineSettings(key="leuven", number="016 12 34 56"),)

        (line,) = Settings(ivr=ivr, lines=listed).hotline_lines

        assert line.number == "+3216123456"
        assert line.languages == ALL
        assert line.ivr.default_language == "nl"
        assert (line.ivr.open_from, line.ivr.max_retries) == (time(7), 1)

    def test_a_line_with_its_own_languages_has_its_own_main_languages(self) -> None:
        ivr = IvrSettings(main_languages=("fr", "nl"))
        listed = (
            LineSettings(key="leuven", number="+3216123456", languages=("nl", "en")),
        )

        (line,) = Settings(ivr=ivr, lines=listed).hotline_lines

        assert line.main_languages == ("nl", "en")

    def test_only_some_lines_languages_are_loaded_too(self) -> None:
        ivr = IvrSettings(languages=("nl", "fr"))
        listed = (LineSettings(key="eupen", number="+3287123456", languages=("de",)),)

        assert Settings(ivr=ivr, lines=listed).spoken_languages == ("nl", "fr", "de")

    def test_a_call_finds_its_line_by_the_number_it_dialled(self) -> None:
        settings = example_settings()

        assert settings.line_for_number("+3216123456").key == "leuven"
        assert settings.line_for_number("02 200 12 34").key == "brussels"
        # Unknown, hidden or missing: the first line, the default.
        assert settings.line_for_number("+3250999999").key == "national"
        assert settings.line_for_number("anonymous").key == "national"
        assert settings.line_for_number(None).key == "national"

    def test_a_stored_line_no_longer_configured_is_the_default_line(self) -> None:
        settings = example_settings()

        assert settings.line("brussels").key == "brussels"
        assert settings.line("antwerpen").key == "national"
        assert settings.line(None).key == "national"

    @pytest.mark.parametrize(
        ("lines_json", "problem"),
        [
            (
                [
                    {"key": "a", "number": "+3216123456"},
                    {"key": "a", "number": "+3222001234"},
                ],
                "its own key",
            ),
            (
                [
                    {"key": "a", "number": "+3216123456"},
                    {"key": "b", "number": "016123456"},
                ],
                "its own number",
            ),
            ([{"key": "a", "number": "not a number"}], "not a phone number"),
            (
                [{"key": "a", "number": "+3216123456", "languages": ["nl", "nl"]}],
                "once each",
            ),
            (
                [{"key": "a", "number": "+3216123456", "languages": []}],
                "at least 1 item",
            ),
            (
                [{"key": "a", "number": "+3216123456", "languages": ["nl"] * 9}],
                "at most 8 items",
            ),
            (
                [
                    {
                        "key": "a",
                        "number": "+3216123456",
                        "languages": ["nl", "en"],
                        "main_languages": ["fr"],
                    }
                ],
                "main_languages",
            ),
            (
                [
                    {
                        "key": "a",
                        "number": "+3216123456",
                        "languages": ["nl"],
                        "names": {"fr": "Ligne"},
                    }
                ],
                "names",
            ),
            (
                [{"key": "a", "number": "+3216123456", "open_days": [7]}],
                "open_days",
            ),
            ([{"key": "Leuven!", "number": "+3216123456"}], "key"),
            (
                [{"key": "a", "number": "+3216123456", "matching_mode": "fast"}],
                "matching_mode",
            ),
        ],
    )
    def test_inconsistent_lines_are_refused_at_start(
        self, lines_json: list[dict[str, Any]], problem: str
    ) -> None:
        with pytest.raises(ValidationError, match=problem):
            Settings.model_validate({"lines": lines_json})


class TestEachLineRunsItsOwnMenu:
    def test_the_greeting_names_the_line_in_its_main_language(self) -> None:
        _, leuven, brussels = example_settings().hotline_lines

        for line, expected in (
            (leuven, "Solidariteitslijn Leuven. Zeg of kies uw taal."),
            (brussels, "Ligne Solidarité Bruxelles. Dites ou choisissez votre langue."),
        ):
            script = menu.start(ctx_of(line), known_language=None).script
            assert said(script)[0].text == expected

    def test_a_line_without_a_name_says_the_hotlines_name(self) -> None:
        (main,) = Settings().hotline_lines

        script = menu.start(ctx_of(main), known_language=None).script

        assert said(script)[0].text == "Solidariteitslijn. Zeg of kies uw taal."

    def test_languages_are_offered_in_the_lines_order_with_keys_in_that_order(
        self,
    ) -> None:
        brussels = example_settings().line("brussels")
        ctx = ctx_of(brussels)

        options = said(menu.start(ctx, known_language=None).script)[1:4]

        assert [s.text for s in options] == [
            "Français, appuyez sur 1.",
            "Nederlands, druk 2.",
            "English, press 3.",
        ]
        chosen = menu.step(
            "language", language=None, retries=0, heard=CallerInput("1"), ctx=ctx
        )
        assert menu.LanguageChosen("fr", "key") in chosen.effects

    def test_a_key_beyond_the_lines_languages_is_not_a_choice(self) -> None:
        ctx = ctx_of(example_settings().line("leuven"))

        step = menu.step(
            "language", language=None, retries=0, heard=CallerInput("3"), ctx=ctx
        )

        assert menu.MenuRetried("language", "invalid", "3") in step.effects
        assert not any(isinstance(e, menu.LanguageChosen) for e in step.effects)

    def test_a_language_the_line_does_not_speak_is_not_understood(self) -> None:
        ctx = ctx_of(example_settings().line("national"))

        step = menu.step(
            "language",
            language=None,
            retries=0,
            heard=CallerInput(speech="english"),
            ctx=ctx,
        )

        assert not any(isinstance(e, menu.LanguageChosen) for e in step.effects)

    def test_each_line_keeps_its_own_hours(self) -> None:
        settings = example_settings()
        national, leuven, brussels = settings.hotline_lines

        assert ctx_of(national, MONDAY_18H).is_open
        assert not ctx_of(leuven, MONDAY_18H).is_open
        assert ctx_of(brussels, MONDAY_18H).is_open
        assert not ctx_of(brussels, SUNDAY_11H).is_open
        assert ctx_of(national, SUNDAY_11H).is_open

    def test_the_closed_message_says_the_lines_days_and_where_to_turn(self) -> None:
        leuven = example_settings().line("leuven")
        brussels = example_settings().line("brussels")

        leuven_en = said(
            menu.start(ctx_of(leuven, MONDAY_18H), known_language="en").script
        )
        brussels_en = said(
            menu.start(ctx_of(brussels, SUNDAY_11H), known_language="en").script
        )

        assert "Monday to Friday from 09:00 to 17:00" in leuven_en[0].text
        assert "Tele-Onthaal, 106." in leuven_en[1].text
        assert "Monday to Saturday from 08:00 to 20:00" in brussels_en[0].text
        assert "Community Help Service, 02 648 40 14" in brussels_en[1].text
        assert "112" in brussels_en[1].text

    def test_a_silent_caller_is_told_in_the_lines_languages_and_queued_in_its_first(
        self,
    ) -> None:
        ctx = ctx_of(example_settings().line("brussels"))

        step = menu.step(
            "language", language=None, retries=0, heard=CallerInput(), ctx=ctx
        )

        assert [s.locale for s in said(step.script)] == ["fr-BE", "nl-BE", "en-GB"]
        redirect = step.script.instructions[-1]
        assert redirect == ins.Redirect("/twilio/queue/enter?lang=fr&mixed=1")

    def test_the_returning_callers_other_language_offer_is_in_every_language(
        self,
    ) -> None:
        ctx = ctx_of(example_settings().line("brussels"))

        heard = said(menu.start(ctx, known_language="en").script)

        assert [s.text for s in heard[:4]] == [
            "Solidarity Hotline Brussels. Welcome back.",
            "Another language? Press 9.",
            "Autre langue ? Appuyez sur 9.",
            "Andere taal? Druk 9.",
        ]
        assert [s.locale for s in heard[1:4]] == ["en-GB", "fr-BE", "nl-BE"]

    def test_a_returning_caller_whose_language_the_line_lacks_chooses_again(
        self,
    ) -> None:
        ctx = ctx_of(example_settings().line("leuven"))

        step = menu.start(ctx, known_language="fr")

        gather = step.script.instructions[-1]
        assert isinstance(gather, ins.Gather)
        assert gather.action.startswith("/twilio/ivr/language?")
        assert step.effects == ()
