"""Unit tests for app/ivr/prompts.py and the real prompts/<language>/ files: Fluent
messages (*.ftl) and the voice and speech words (voice.toml).

A missing or broken translation must fail here (and at start-up), never in the
middle of an elderly caller's call.
"""

from __future__ import annotations

import ast
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.ivr.menu import NEEDS
from app.ivr.prompts import (
    PROMPT_PLACEHOLDERS,
    PROMPTS_DIR,
    SPEECH_INTENTS,
    PromptCatalogueError,
    default_catalogue,
    ftl_files,
    load_catalogue,
    message_variables,
)
from app.telephony.instructions import Say

APP_DIR = Path(__file__).resolve().parents[3] / "app"
LANGUAGES = ("nl", "fr", "en", "de")
LANGUAGE_DIRS = sorted(p for p in PROMPTS_DIR.iterdir() if p.is_dir())


def _speech(language: str) -> dict[str, object]:
    data = tomllib.loads((PROMPTS_DIR / language / "voice.toml").read_text("utf-8"))
    speech = data["speech"]
    assert isinstance(speech, dict)
    return speech


# ------------------------------------------------------------------- the real files


def test_every_configured_language_has_a_folder_and_nothing_else() -> None:
    assert {p.name for p in LANGUAGE_DIRS} == set(LANGUAGES)
    assert [p.name for p in PROMPTS_DIR.iterdir() if p.is_file()] == []


@pytest.mark.parametrize("language", LANGUAGES)
class TestLanguageFolder:
    def test_has_every_message_and_no_other(self, language: str) -> None:
        assert set(message_variables(PROMPTS_DIR, language)) == set(PROMPT_PLACEHOLDERS)

    def test_variables_are_exactly_the_declared_ones(self, language: str) -> None:
        wrong = {
            key: sorted(names)
            for key, names in message_variables(PROMPTS_DIR, language).items()
            if names != PROMPT_PLACEHOLDERS[key]
        }
        assert wrong == {}

    def test_messages_are_split_in_files_by_who_hears_them(self, language: str) -> None:
        names = {p.name for p in ftl_files(PROMPTS_DIR, language)}
        # One file per audience, and one per feature added since (errands, wrap-up,
        # lines): helpers adding messages at the same time never edit one file.
        assert {"menu.ftl", "queue.ftl", "sms.ftl", "volunteer.ftl"} <= names
        assert "errands.ftl" in names
        assert "lines.ftl" in names

    def test_every_speech_intent_has_words(self, language: str) -> None:
        speech = _speech(language)
        assert set(speech) == set(SPEECH_INTENTS)
        assert all(speech[intent] for intent in SPEECH_INTENTS)


def test_every_language_has_the_same_messages_with_the_same_variables() -> None:
    variables = {x: message_variables(PROMPTS_DIR, x) for x in LANGUAGES}

    assert all(v == variables["en"] for v in variables.values())


def test_real_catalogue_loads_with_voices_per_language() -> None:
    catalogue = load_catalogue(LANGUAGES)

    assert catalogue.languages == LANGUAGES
    assert {lang: catalogue[lang].locale for lang in LANGUAGES} == {
        "nl": "nl-BE",
        "fr": "fr-BE",
        "en": "en-GB",
        "de": "de-DE",
    }
    assert catalogue["fr"].name == "Français"


def test_default_catalogue_is_loaded_once_from_prompts_dir() -> None:
    first = default_catalogue(("nl", "en"))

    assert first is default_catalogue(("nl", "en"))
    assert first.languages == ("nl", "en")
    fresh = load_catalogue(("en",))["en"]
    assert first["en"].text("goodbye") == fresh.text("goodbye")


def test_speech_words_are_casefolded_for_matching() -> None:
    pack = load_catalogue(("de",))["de"]

    assert all(w == w.casefold() for words in pack.speech.values() for w in words)


def test_say_fills_placeholders_in_the_packs_voice() -> None:
    pack = load_catalogue(("fr",))["fr"]

    said = pack.say("postcode_confirmed", postcode="1 0 3 0", place="Schaerbeek")

    assert said == Say(
        "1 0 3 0, Schaerbeek. Merci.",
        locale="fr-BE",
        voice="Polly.Isabelle-Neural",
    )


@pytest.mark.parametrize(
    ("language", "one", "three"),
    [
        ("nl", "ongeveer één minuut.", "ongeveer 3 minuten."),
        ("fr", "environ une minute.", "environ 3 minutes."),
        ("en", "about one minute.", "about 3 minutes."),
        ("de", "etwa eine Minute.", "etwa 3 Minuten."),
    ],
)
def test_plurals_are_whole_sentences_in_every_language(
    language: str, one: str, three: str
) -> None:
    pack = load_catalogue((language,))[language]

    assert pack.text("hold_estimate", minutes=1).endswith(one)
    assert pack.text("hold_estimate", minutes=3).endswith(three)


def test_numbers_are_read_without_grouping() -> None:
    pack = load_catalogue(("fr",))["fr"]

    assert "1030" in pack.text("hold_position", position=1030)


def test_a_remembered_text_is_the_text_of_exactly_these_values() -> None:
    pack = load_catalogue(("en",))["en"]

    first = [pack.text("hold_estimate", minutes=m) for m in (1, 3, True, 1.5)]
    again = [pack.text("hold_estimate", minutes=m) for m in (1.5, True, 3, 1)]

    assert again == first[::-1]
    assert len(set(first)) == 4  # 1, 3, "True" and 1.5 are four sentences
    assert pack.text("hold_position", position=[2]) == pack.text(
        "hold_position", position="[2]"
    )  # an unhashable value is formatted, not remembered


def test_an_unknown_message_or_a_missing_variable_fails_loudly() -> None:
    pack = load_catalogue(("en",))["en"]

    with pytest.raises(KeyError):
        pack.text("no_such_prompt")
    with pytest.raises(KeyError):
        pack.text("hold_position")


# ---------------------------------------------------------------- ids used by the code


def _source_files() -> Iterator[Path]:
    for path in sorted(APP_DIR.rglob("*.py")):
        # The simulator parses TwiML; its `.text("…")` calls read XML attributes.
        if "simulator" not in path.parts:
            yield path


def _string_values(node: ast.expr, assigned: dict[str, list[ast.expr]]) -> set[str]:
    """Every prompt id an argument expression can evaluate to."""
    match node:
        case ast.Constant(value=str(value)):
            return {value}
        case ast.IfExp(body=body, orelse=orelse):
            return _string_values(body, assigned) | _string_values(orelse, assigned)
        case ast.JoinedStr(
            values=[ast.Constant(value="need_" | "need_option_" as prefix), _]
        ):
            return {f"{prefix}{need}" for need in NEEDS}
        case ast.Name(id=name) if name in assigned:
            return {v for e in assigned[name] for v in _string_values(e, assigned)}
    return set()


def _prompt_calls() -> Iterator[tuple[str, str, set[str]]]:
    """(where, prompt id, keyword names) for every `.say/.text/.option(…)` in app/."""
    for path in _source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assigned: dict[str, list[ast.expr]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        assigned.setdefault(target.id, []).append(node.value)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("say", "text", "option")
                and node.args
            ):
                keywords = {k.arg for k in node.keywords if k.arg is not None}
                where = f"{path.relative_to(APP_DIR.parent)}:{node.lineno}"
                for prompt_id in _string_values(node.args[0], assigned):
                    yield where, prompt_id, keywords


PROMPT_CALLS = list(_prompt_calls())


def test_scan_finds_the_prompt_ids_of_menu_queue_and_duty_line() -> None:
    found = {prompt_id for _, prompt_id, _ in PROMPT_CALLS}

    # The scan itself must work, or the tests below prove nothing.
    assert {
        "welcome",
        "need_intro",
        "need_option_groceries",
        "operator_option",
        "postcode_confirmed",
        "whisper",
        "whisper_callback",
        "duty_state_on",
        "duty_state_off",
        "need_groceries",
        "need_other",
        "hold_position",
    } <= found


@pytest.mark.parametrize(
    ("where", "prompt_id", "keywords"),
    PROMPT_CALLS,
    ids=[f"{where}:{prompt_id}" for where, prompt_id, _ in PROMPT_CALLS],
)
def test_every_prompt_id_used_in_code_is_declared_and_filled(
    where: str, prompt_id: str, keywords: set[str]
) -> None:
    assert prompt_id in PROMPT_PLACEHOLDERS, f"{where} uses unknown {prompt_id!r}"
    # A placeholder the call does not fill would raise KeyError mid-call.
    assert PROMPT_PLACEHOLDERS[prompt_id] <= keywords, where


def test_every_need_has_a_spoken_name() -> None:
    assert {f"need_{need}" for need in NEEDS} <= set(PROMPT_PLACEHOLDERS)


# ------------------------------------------------------------- broken catalogues


def _write_catalogue(directory: Path, *, mutate: str = "") -> Path:
    """A copy of prompts/en/ in `directory`/en, `mutate` appended to menu.ftl."""
    shutil.copytree(PROMPTS_DIR / "en", directory / "en")
    with (directory / "en" / "menu.ftl").open("a", encoding="utf-8") as menu_file:
        menu_file.write(mutate)
    return directory


def _replace_line(directory: Path, starts_with: str, new: str) -> None:
    """Replace the line starting with `starts_with` in whichever file holds it."""
    for path in sorted((directory / "en").iterdir()):
        lines = path.read_text(encoding="utf-8").splitlines()
        found = [i for i, line in enumerate(lines) if line.startswith(starts_with)]
        if found:
            lines[found[0]] = new
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            return
    raise AssertionError(f"no line starts with {starts_with!r}")


class TestLoadCatalogue:
    def test_a_faithful_copy_loads(self, tmp_path: Path) -> None:
        _write_catalogue(tmp_path)

        catalogue = load_catalogue(("en",), tmp_path)

        assert catalogue["en"].text("goodbye").startswith("Thank you")

    def test_missing_prompt_is_refused(self, tmp_path: Path) -> None:
        _write_catalogue(tmp_path)
        _replace_line(tmp_path, "goodbye =", "")

        with pytest.raises(PromptCatalogueError, match="missing prompt 'goodbye'"):
            load_catalogue(("en",), tmp_path)

    def test_unknown_prompt_is_refused(self, tmp_path: Path) -> None:
        _write_catalogue(tmp_path)
        _replace_line(tmp_path, "goodbye =", "goodbye = Bye.\nfarewell = Bye.")

        with pytest.raises(PromptCatalogueError, match="unknown prompt 'farewell'"):
            load_catalogue(("en",), tmp_path)

    def test_a_message_defined_twice_is_refused(self, tmp_path: Path) -> None:
        _write_catalogue(tmp_path, mutate="goodbye = Bye.\n")

        with pytest.raises(PromptCatalogueError, match="'goodbye' defined twice"):
            load_catalogue(("en",), tmp_path)

    def test_unknown_placeholder_is_refused(self, tmp_path: Path) -> None:
        _write_catalogue(tmp_path)
        _replace_line(
            tmp_path, "postcode_invalid =", "postcode_invalid = { $code } is wrong"
        )

        with pytest.raises(
            PromptCatalogueError,
            match=r"'postcode_invalid' uses unknown placeholders \['code'\]",
        ):
            load_catalogue(("en",), tmp_path)

    @pytest.mark.parametrize("value", ['{ "" }', '{ "   " }'])
    def test_empty_prompt_is_refused(self, tmp_path: Path, value: str) -> None:
        _write_catalogue(tmp_path)
        _replace_line(tmp_path, "handoff =", f"handoff = {value}")

        with pytest.raises(PromptCatalogueError, match="empty prompt 'handoff'"):
            load_catalogue(("en",), tmp_path)

    def test_a_syntax_error_is_refused_with_the_file_name(self, tmp_path: Path) -> None:
        _write_catalogue(tmp_path)
        _replace_line(tmp_path, "handoff =", "handoff = { $oops")

        with pytest.raises(PromptCatalogueError) as raised:
            load_catalogue(("en",), tmp_path)

        assert "menu.ftl: syntax error" in str(raised.value)
        assert "missing prompt 'handoff'" in str(raised.value)

    @pytest.mark.parametrize("words", ["[]", None])
    def test_missing_speech_words_are_refused(
        self, tmp_path: Path, words: str | None
    ) -> None:
        _write_catalogue(tmp_path)
        _replace_line(tmp_path, "skip =", "" if words is None else f"skip = {words}")

        with pytest.raises(PromptCatalogueError, match="missing speech words 'skip'"):
            load_catalogue(("en",), tmp_path)

    def test_missing_voice_is_refused(self, tmp_path: Path) -> None:
        _write_catalogue(tmp_path)
        _replace_line(tmp_path, "voice =", "")

        with pytest.raises(PromptCatalogueError, match=r"missing voice\.voice"):
            load_catalogue(("en",), tmp_path)

    def test_bad_toml_is_refused_with_the_file_name(self, tmp_path: Path) -> None:
        _write_catalogue(tmp_path)
        _replace_line(tmp_path, "voice =", 'voice = "no closing quote')

        with pytest.raises(PromptCatalogueError, match=r"en/voice\.toml"):
            load_catalogue(("en",), tmp_path)

    def test_missing_language_folder_is_refused(self, tmp_path: Path) -> None:
        with pytest.raises(PromptCatalogueError, match=r"de/voice\.toml"):
            load_catalogue(("de",), tmp_path)

    def test_all_problems_are_reported_at_once(self, tmp_path: Path) -> None:
        _write_catalogue(tmp_path)
        _replace_line(tmp_path, "goodbye =", "")
        _replace_line(tmp_path, "welcome =", 'welcome = { "" }')

        with pytest.raises(PromptCatalogueError) as raised:
            load_catalogue(("en",), tmp_path)

        message = str(raised.value)
        assert message.startswith("en/: ")
        assert "missing prompt 'goodbye'" in message
        assert "empty prompt 'welcome'" in message
