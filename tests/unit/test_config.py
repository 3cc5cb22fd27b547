"""Unit tests for app/config.py: Settings refuse unsafe or inconsistent setups."""

from __future__ import annotations

import os

import pytest
from pydantic import SecretStr, ValidationError

from app.config import (
    PLACEHOLDER_TOKEN,
    IvrSettings,
    QueueSettings,
    Settings,
    TwilioSettings,
    get_settings,
)

REAL_TOKEN = TwilioSettings(auth_token=SecretStr("a-real-secret-token"))
REDIS = QueueSettings(backend="redis")


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No HOTLINE_* variable from the developer's shell may leak into a test."""
    for name in list(os.environ):
        if name.startswith("HOTLINE_"):
            monkeypatch.delenv(name)


class TestProduction:
    def test_real_token_and_redis_are_accepted(self) -> None:
        settings = Settings(env="production", twilio=REAL_TOKEN, queue=REDIS)

        assert settings.env == "production"

    def test_placeholder_auth_token_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="HOTLINE_TWILIO__AUTH_TOKEN"):
            Settings(env="production", queue=REDIS)

    def test_memory_queue_backend_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="memory queue backend"):
            Settings(env="production", twilio=REAL_TOKEN)

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
        monkeypatch.setenv("HOTLINE_QUEUE__BACKEND", "redis")
        monkeypatch.setenv("HOTLINE_TWILIO__AUTH_TOKEN", "s3cret")

        settings = Settings()

        assert settings.twilio.auth_token.get_secret_value() == "s3cret"
        assert settings.queue.backend == "redis"


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
