"""Unit tests for app/config.py: Settings refuse unsafe or inconsistent setups."""

from __future__ import annotations

import os
from typing import Any

import pytest
from pydantic import SecretStr, ValidationError

from app import cli
from app.config import (
    PLACEHOLDER_TOKEN,
    DatabaseSettings,
    IvrSettings,
    QueueSettings,
    RedisSettings,
    Settings,
    TwilioSettings,
    get_settings,
    production_problems,
)

REAL_TOKEN = TwilioSettings(auth_token=SecretStr("a-real-secret-token"))
REDIS = QueueSettings(backend="redis")


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No HOTLINE_* variable from the developer's shell may leak into a test."""
    for name in list(os.environ):
        if name.startswith("HOTLINE_"):
            monkeypatch.delenv(name)


PRODUCTION = {
    "env": "production",
    "public_base_url": "https://hotline.example.org",
    "database": DatabaseSettings(url="postgresql+asyncpg://hotline@db/hotline"),
    "twilio": REAL_TOKEN,
    "queue": REDIS,
}


def _production(**changes: Any) -> Settings:
    return Settings(**{**PRODUCTION, **changes})


class TestProduction:
    def test_a_complete_production_setup_is_accepted(self) -> None:
        settings = _production()

        assert settings.env == "production"

    def test_placeholder_auth_token_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="HOTLINE_TWILIO__AUTH_TOKEN"):
            _production(twilio=TwilioSettings())

    def test_memory_queue_backend_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="memory queue backend"):
            _production(queue=QueueSettings())

    def test_missing_redis_url_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="HOTLINE_REDIS__URL"):
            _production(redis=RedisSettings(url=""))

    def test_sqlite_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="not SQLite"):
            _production(database=DatabaseSettings())

    @pytest.mark.parametrize(
        ("url", "reason"),
        [
            ("http://hotline.example.org", "must be https"),
            ("https://localhost:8000", "not localhost"),
            ("https://127.0.0.1", "not localhost"),
            ("https://[::1]:8443", "not localhost"),
            ("https://0.0.0.0", "not localhost"),
        ],
    )
    def test_local_or_plain_http_public_url_is_refused(
        self, url: str, reason: str
    ) -> None:
        with pytest.raises(ValidationError, match=reason):
            _production(public_base_url=url)

    def test_every_problem_is_one_line(self) -> None:
        problems = production_problems(Settings())

        assert len(problems) == 5
        assert all("\n" not in line for line in problems)

    def test_refused_when_set_through_the_environment(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("HOTLINE_ENV", "production")
        monkeypatch.setenv("HOTLINE_QUEUE__BACKEND", "redis")

        with pytest.raises(ValidationError, match="AUTH_TOKEN"):
            Settings()

    def test_accepted_through_the_environment(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("HOTLINE_ENV", "production")
        monkeypatch.setenv("HOTLINE_PUBLIC_BASE_URL", "https://hotline.example.org")
        monkeypatch.setenv("HOTLINE_DATABASE__URL", "postgresql+asyncpg://db/hotline")
        monkeypatch.setenv("HOTLINE_QUEUE__BACKEND", "redis")
        monkeypatch.setenv("HOTLINE_TWILIO__AUTH_TOKEN", "s3cret")

        settings = Settings()

        assert settings.twilio.auth_token.get_secret_value() == "s3cret"
        assert settings.queue.backend == "redis"


class TestServeRefusesUnsafeProduction:
    def test_prints_one_line_per_problem_and_no_traceback(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.setenv("HOTLINE_ENV", "production")
        get_settings.cache_clear()
        try:
            status = cli.main(["serve"])
        finally:
            get_settings.cache_clear()

        err = capsys.readouterr().err
        assert status == 2
        assert "Traceback" not in err
        assert "validation error" not in err
        lines = err.strip().splitlines()
        assert len(lines) == 5
        assert all(line.startswith("error: HOTLINE_") for line in lines)
        assert any("SQLite" in line for line in lines)


class TestDevelopment:
    @pytest.mark.parametrize("env", ["dev", "test"])
    def test_placeholder_token_and_memory_backend_are_fine(self, env: str) -> None:
        settings = Settings(env=env)

        assert settings.twilio.auth_token.get_secret_value() == PLACEHOLDER_TOKEN
        assert settings.queue.backend == "memory"

    def test_auth_token_is_a_secret(self) -> None:
        assert PLACEHOLDER_TOKEN not in repr(Settings())


class TestLanguages:
    def test_default_language_must_be_offered(self) -> None:
        ivr = IvrSettings(languages=("nl", "fr", "en"), default_language="de")

        with pytest.raises(ValidationError, match="default_language"):
            Settings(ivr=ivr)

    def test_default_language_among_languages_is_accepted(self) -> None:
        ivr = IvrSettings(languages=("fr", "nl"), default_language="fr")

        assert Settings(ivr=ivr).ivr.default_language == "fr"

    def test_checked_for_environment_settings_too(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("HOTLINE_IVR__DEFAULT_LANGUAGE", "es")

        with pytest.raises(ValidationError, match="default_language"):
            Settings()


class TestBounds:
    @pytest.mark.parametrize("retries", [-1, 6])
    def test_max_retries_is_bounded(self, retries: int) -> None:
        with pytest.raises(ValidationError):
            IvrSettings(max_retries=retries)

    @pytest.mark.parametrize("backend", ["postgres", ""])
    def test_unknown_queue_backend_is_refused(self, backend: str) -> None:
        with pytest.raises(ValidationError):
            QueueSettings(backend=backend)


class TestPublicUrl:
    @pytest.mark.parametrize(
        "base", ["https://hotline.example.org", "https://hotline.example.org/"]
    )
    def test_joins_without_a_double_slash(self, base: str) -> None:
        settings = Settings(public_base_url=base)

        assert settings.public_url("/twilio/voice") == (
            "https://hotline.example.org/twilio/voice"
        )


def test_get_settings_is_cached_and_reads_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HOTLINE_IVR__DEFAULT_LANGUAGE", "fr")
    get_settings.cache_clear()
    try:
        first = get_settings()

        assert first is get_settings()
        assert first.ivr.default_language == "fr"
    finally:
        get_settings.cache_clear()
