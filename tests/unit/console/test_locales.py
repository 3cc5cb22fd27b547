"""Every sentence of the console exists in every language, once, and parses."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import pytest
from fluent.syntax import FluentParser, ast

from app.console.i18n import LANGUAGES, LOCALES_DIR, ftl_files, load_localiser
from app.dashboard.schemas import BoardOperatorState
from app.ivr.menu import NEEDS

CONSOLE_DIR = Path(__file__).parents[3] / "app" / "console"
# t("id") / t('id') in templates and Python, and notice=notice-… in redirects.
_LITERAL_RE = re.compile(r"""\bt\(\s*["']([a-z][a-z0-9-]*[a-z0-9])["']\s*[,)]""")
_NOTICE_RE = re.compile(r"notice=(notice-[a-z0-9-]+)")


def messages(language: str) -> dict[str, list[str]]:
    """Message id -> the files defining it."""
    found: dict[str, list[str]] = {}
    for path in ftl_files(language):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        junk = [entry for entry in resource.body if isinstance(entry, ast.Junk)]
        assert not junk, f"{path}: cannot parse {str(junk[0].content)[:80]!r}"
        for entry in resource.body:
            if isinstance(entry, ast.Message):
                found.setdefault(entry.id.name, []).append(path.name)
    return found


def test_every_language_has_the_same_files_and_messages() -> None:
    reference = messages("en")
    names = {p.name for p in ftl_files("en")}
    for language in LANGUAGES:
        assert {p.name for p in ftl_files(language)} == names, language
        ids = messages(language)
        assert sorted(set(reference) - set(ids)) == [], f"missing in {language}"
        assert sorted(set(ids) - set(reference)) == [], f"only in {language}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_message_is_defined_twice(language: str) -> None:
    twice = {k: v for k, v in messages(language).items() if len(v) > 1}
    assert twice == {}


def used_ids() -> set[str]:
    ids: set[str] = set()
    for path in [*CONSOLE_DIR.rglob("*.html"), *CONSOLE_DIR.rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        ids.update(_LITERAL_RE.findall(text))
        ids.update(_NOTICE_RE.findall(text))
    return ids


def test_every_message_the_console_uses_exists() -> None:
    defined = set(messages("en"))
    assert used_ids(), "the scan found no message at all"
    assert sorted(used_ids() - defined) == []


def test_messages_built_from_data_exist() -> None:
    defined = set(messages("en"))
    built = (
        {f"need-{need}" for need in NEEDS}
        | {f"lang-{language}" for language in ("nl", "fr", "en", "de")}
        | {f"op-state-{state}" for state in get_args(BoardOperatorState)}
        | {f"error-status-{status}" for status in (400, 403, 404, 409, "other")}
    )
    assert sorted(built - defined) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_plurals_follow_the_language(language: str) -> None:
    t = load_localiser().translator(language)
    one, many = t("board-waiting", count=1), t("board-waiting", count=3)
    assert one != many
    assert "3" in many


def test_dates_are_local_and_per_language() -> None:
    from datetime import UTC, datetime

    moment = datetime(2026, 7, 1, 22, 30, tzinfo=UTC)  # 00:30 on 2 July in Brussels
    localiser = load_localiser()
    assert localiser.translator("nl").datetime(moment) == "2/07/2026, 00:30"
    assert localiser.translator("fr").datetime(moment) == "2/07/26 00:30"
    assert localiser.translator("en").date(moment) == "2 Jul 2026"
    assert localiser.translator("nl").date(moment) == "2 jul 2026"
    assert localiser.translator("nl").number(12345) == "12.345"
    assert localiser.translator("en").number(12345) == "12,345"


def test_locales_dir_is_packaged_with_the_app() -> None:
    assert LOCALES_DIR.is_relative_to(CONSOLE_DIR)
