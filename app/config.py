"""Settings: one pydantic-settings model with nested groups, read via get_settings().

Environment variables use the prefix HOTLINE_ and `__` for nesting, e.g.
HOTLINE_DATABASE__URL, HOTLINE_TWILIO__AUTH_TOKEN, HOTLINE_QUEUE__BACKEND.
"""

from __future__ import annotations

from datetime import time, timedelta
from functools import lru_cache
from typing import Literal

from pydantic import AnyHttpUrl, BaseModel, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_TOKEN = "dev-auth-token-change-me"


class DatabaseSettings(BaseModel):
    url: str = "sqlite+aiosqlite:///./var/hotline.sqlite3"
    echo: bool = False
    migrate_on_start: bool = True


class RedisSettings(BaseModel):
    url: str = "redis://127.0.0.1:6379/0"
    key_prefix: str = "hotline:"


class TwilioSettings(BaseModel):
    account_sid: str = "AC" + "0" * 32
    auth_token: SecretStr = SecretStr(PLACEHOLDER_TOKEN)
    hotline_number: str = "+3228089654"
    # Where twilio.rest.Client sends REST calls; None = api.twilio.com.
    api_base_url: AnyHttpUrl | None = None


class QueueSettings(BaseModel):
    backend: Literal["memory", "redis"] = "memory"
    offer_timeout_s: int = Field(default=25, ge=5, le=120)
    accept_timeout_s: int = Field(default=8, ge=3, le=30)
    fallback_after_s: float = Field(default=90, ge=0)
    max_wait_s: float = Field(default=600, ge=30)
    # A waiting caller hears their position and estimate about this often, with the
    # comfort sound in between (never more than a second or two of silence).
    hold_announce_every_s: int = Field(default=60, ge=20, le=300)
    wrapup_s: float = Field(default=60, ge=0)
    # After a declined or unanswered offer: their phone is still hanging up, and
    # someone who just said no should not be rung again at once.
    retry_pause_s: float = Field(default=20, ge=0)
    away_after_missed: int = Field(default=2, ge=1)
    dispatch_tick_s: float = Field(default=2.0, gt=0)
    avg_call_minutes: float = Field(default=5.0, gt=0)
    callback_ring_s: int = Field(default=30, ge=5, le=120)


class IvrSettings(BaseModel):
    languages: tuple[str, ...] = ("nl", "fr", "en", "de")
    default_language: str = "nl"
    # A caller who chooses no language waits for an operator speaking all of these
    # (empty: the first two of `languages`).
    main_languages: tuple[str, ...] = ()
    max_retries: int = Field(default=2, ge=0, le=5)
    gather_timeout_s: int = Field(default=7, ge=3, le=20)
    # Opening hours, local time (Europe/Brussels); weekdays 0=Monday.
    timezone: str = "Europe/Brussels"
    open_from: time = time(8, 0)
    open_until: time = time(20, 0)
    open_days: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6)
    # Closed all day on the country's public holidays (the `holidays` package).
    closed_on_public_holidays: bool = True
    holiday_country: str = "BE"

    @property
    def line_main_languages(self) -> tuple[str, ...]:
        main = tuple(x for x in self.main_languages if x in self.languages)
        return main or self.languages[:2]


class MatchingSettings(BaseModel):
    default_radius_km: float = 5.0
    wave_size: int = Field(default=3, ge=1)
    wave_delay_s: float = Field(default=900, ge=1)
    radius_boost_per_wave_km: float = 5.0
    max_waves: int = Field(default=3, ge=1)
    fairness_window_days: int = 28


class ConsoleSettings(BaseModel):
    session_lifetime_s: int = Field(default=12 * 3600, ge=300)
    # How often a live page's server stream looks for changes (wall clock).
    live_poll_s: float = Field(default=1.0, gt=0, le=10)
    timezone: str = "Europe/Brussels"
    # An answered call counts for the service level if it waited at most this long.
    service_level_s: int = Field(default=60, ge=1)

    @property
    def lifetime(self) -> timedelta:
        return timedelta(seconds=self.session_lifetime_s)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="HOTLINE_", env_nested_delimiter="__", extra="ignore"
    )

    env: Literal["dev", "test", "production"] = "dev"
    public_base_url: AnyHttpUrl = AnyHttpUrl("http://127.0.0.1:8000")
    database: DatabaseSettings = DatabaseSettings()
    redis: RedisSettings = RedisSettings()
    twilio: TwilioSettings = TwilioSettings()
    queue: QueueSettings = QueueSettings()
    ivr: IvrSettings = IvrSettings()
    matching: MatchingSettings = MatchingSettings()
    console: ConsoleSettings = ConsoleSettings()

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.env == "production":
            if self.twilio.auth_token.get_secret_value() == PLACEHOLDER_TOKEN:
                raise ValueError("HOTLINE_TWILIO__AUTH_TOKEN must be set in production")
            if self.queue.backend == "memory":
                raise ValueError("the memory queue backend is single-process only")
        if self.ivr.default_language not in self.ivr.languages:
            raise ValueError("ivr.default_language must be one of ivr.languages")
        return self

    def public_url(self, path: str) -> str:
        """Absolute public URL of an app path (what Twilio is given and signs)."""
        return str(self.public_base_url).rstrip("/") + path


@lru_cache
def get_settings() -> Settings:
    return Settings()
