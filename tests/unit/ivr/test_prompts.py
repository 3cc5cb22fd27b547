"""Unit tests for app/ivr/prompts.py and the real prompts/*.toml files.

A missing or broken translation must fail here (and at start-up), never in the
middle of an elderly caller's call.
"""

from __future__ import annotations

import ast
import string
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
    load_catalogue,
)
from app.telephony.instructions import Say

APP_DIR = Path(__file__).resolve().parents[3] / "app"
LANGUAGES = ("nl", "fr", "en", "de")
LANGUAGE_FILES = sorted(PROMPTS_DIR.glob("*.toml"))


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _read(path: Path) -> dict[str, object]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _prompts_of(path: Path) -> dict[str, str]:
    prompts = _read(path)["prompts"]
    assert isinstance(prompts, dict)
    return prompts


# ------------------------------------------------------------------- the real files


def test_every_configured_language_has_a_file() -> None:
    assert {p.stem for p in LANGUAGE_FILES} == set(LANGUAGES)


@pytest.mark.parametrize("path", LANGUAGE_FILES, ids=lambda p: p.stem)
class TestLanguageFile:
    def test_has_every_prompt_and_no_other(self, path: Path) -> None:
        assert set(_prompts_of(path)) == set(PROMPT_PLACEHOLDERS)

    def test_placeholders_are_exactly_the_declared_ones(self, path: Path) -> None:
        wrong = {
            key: sorted(_placeholders(text))
            for key, text in _prompts_of(path).items()
            if _placeholders(text) != PROMPT_PLACEHOLDERS[key]
        }
        assert wrong == {}

    def test_texts_are_not_blank(self, path: Path) -> None:
        assert [k for k, v in _prompts_of(path).items() if not v.strip()] == []

    def test_every_speech_intent_has_words(self, path: Path) -> None:
        speech = _read(path)["speech"]
        assert isinstance(speech, dict)
        assert set(speech) == set(SPEECH_INTENTS)
        assert all(speech[intent] for intent in SPEECH_INTENTS)


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
    assert first["en"].texts == load_catalogue(("en",))["en"].texts


def test_speech_words_are_casefolded_for_matching() -> None:
    pack = load_catalogue(("de",))["de"]

    assert all(w == w.casefold() for words in pack.speech.values() for w in words)


def test_say_fills_placeholders_in_the_packs_voice() -> None:
    pack = load_catalogue(("fr",))["fr"]

    said = pack.say("postcode_confirmed", postcode="1 0 3 0", place="Schaerbeek")

    assert said == Say(
        "Merci. Votre code postal est 1 0 3 0, Schaerbeek.",
        locale="fr-BE",
        voice="Polly.Isabelle-Neural",
    )


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
        case ast.JoinedStr(values=[ast.Constant(value="need_"), ast.FormattedValue()]):
            return {f"need_{need}" for need in NEEDS}
        case ast.Name(id=name) if name in assigned:
            return {v for e in assigned[name] for v in _string_values(e, assigned)}
    return set()


def _prompt_calls() -> Iterator[tuple[str, str, set[str]]]:
    """(where, prompt id, keyword names) for every `.say(…)` / `.text(…)` in app/."""
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
                and node.func.attr in ("say", "text")
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
        "need_menu",
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
    """A copy of en.toml in `directory` with `mutate` appended or substituted."""
    text = (PROMPTS_DIR / "en.toml").read_text(encoding="utf-8")
    (directory / "en.toml").write_text(text + mutate, encoding="utf-8")
    return directory


def _replace_line(directory: Path, starts_with: str, new: str) -> None:
    path = directory / "en.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(starts_with))
    lines[index] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


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
        _replace_line(tmp_path, "goodbye =", 'goodbye = "Bye."\nfarewell = "Bye."')

        with pytest.raises(PromptCatalogueError, match="unknown prompt 'farewell'"):
            load_catalogue(("en",), tmp_path)

    def test_unknown_placeholder_is_refused(self, tmp_path: Path) -> None:
        _write_catalogue(tmp_path)
        _replace_line(
            tmp_path, "postcode_invalid =", 'postcode_invalid = "{code} is wrong"'
        )

        with pytest.raises(
            PromptCatalogueError,
            match=r"'postcode_invalid' uses unknown placeholders \['code'\]",
        ):
            load_catalogue(("en",), tmp_path)

    @pytest.mark.parametrize("value", ['""', '"   "', "42"])
    def test_empty_or_non_text_prompt_is_refused(
        self, tmp_path: Path, value: str
    ) -> None:
        _write_catalogue(tmp_path)
        _replace_line(tmp_path, "handoff =", f"handoff = {value}")

        with pytest.raises(PromptCatalogueError, match="empty prompt 'handoff'"):
            load_catalogue(("en",), tmp_path)

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
        _write_catalogue(tmp_path, mutate='\nbroken = "no closing quote\n')

        with pytest.raises(PromptCatalogueError, match=r"en\.toml"):
            load_catalogue(("en",), tmp_path)

    def test_missing_language_file_is_refused(self, tmp_path: Path) -> None:
        with pytest.raises(PromptCatalogueError, match=r"de\.toml"):
            load_catalogue(("de",), tmp_path)

    def test_all_problems_are_reported_at_once(self, tmp_path: Path) -> None:
        _write_catalogue(tmp_path)
        _replace_line(tmp_path, "goodbye =", "")
        _replace_line(tmp_path, "welcome =", 'welcome = ""')

        with pytest.raises(PromptCatalogueError) as raised:
            load_catalogue(("en",), tmp_path)

        message = str(raised.value)
        assert message.startswith("en.toml: ")
        assert "missing prompt 'goodbye'" in message
        assert "empty prompt 'welcome'" in message
