"""Settings: one pydantic-settings model with nested groups, read via get_settings().

Environment variables use the prefix HOTLINE_ and `__` for nesting, e.g.
HOTLINE_DATABASE__URL, HOTLINE_TWILIO__AUTH_TOKEN, HOTLINE_QUEUE__BACKEND.
"""

from __future__ import annotations

import ipaddress
from datetime import time, timedelta
from functools import lru_cache
from typing import Literal

from pydantic import AnyHttpUrl, BaseModel, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_TOKEN = "dev-auth-token-change-me"
# Where to turn when the hotline cannot help (spoken in the closed message): the
# emergency number and, per language, the listening lines open day and night.
EMERGENCY_NUMBER = "112"
LISTENING_LINES: dict[str, tuple[str, ...]] = {
    "nl": ("Tele-Onthaal, 106",),
    "fr": ("Télé-Accueil, 107",),
    "de": ("TelefonHilfe, 108",),
    "en": ("Tele-Onthaal, 106", "Télé-Accueil, 107"),
}


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
    # Slower, clearer speech (SSML <prosody rate> and <break>): the speaking rate in
    # percent of the voice's normal rate, and a short silence after each option of
    # a menu. The time budgets (tests/unit/ivr/test_paths.py) hold at these values.
    speech_rate: int = Field(default=100, ge=50, le=150)
    option_break_ms: int = Field(default=300, ge=0, le=2000)
    # Opening hours, local time (Europe/Brussels); weekdays 0=Monday.
    timezone: str = "Europe/Brussels"
    open_from: time = time(8, 0)
    open_until: time = time(20, 0)
    open_days: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6)
    # Closed all day on the country's public holidays (the `holidays` package).
    closed_on_public_holidays: bool = True
    holiday_country: str = "BE"
    # Where to turn (the closed message): the emergency number, and per language
    # the listening lines ("name, number", said as written; several: "a or b").
    emergency_number: str = EMERGENCY_NUMBER
    listening_lines: dict[str, tuple[str, ...]] = Field(
        default_factory=lambda: dict(LISTENING_LINES)
    )

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


class OpsSettings(BaseModel):
    """Running it: /metrics access and the readiness probe (app/ops)."""

    # Bearer token for /metrics (HOTLINE_OPS__METRICS_TOKEN). Unset: /metrics is
    # served without a token in dev only, and refused elsewhere.
    metrics_token: SecretStr | None = None
    # Each /readyz check (database, Redis) gives up after this long.
    readiness_timeout_s: float = Field(default=2.0, gt=0, le=30)


class AbuseSettings(BaseModel):
    """Ban list and rate limits (app/abuse/); limits live in Redis when the queue
    does, so every instance counts the same hits."""

    # How stale an instance's copy of the ban list may be (others' changes).
    ban_refresh_s: float = Field(default=5.0, gt=0, le=300)
    # Calls per number per hour before "please call later".
    caller_calls_per_hour: int = Field(default=10, ge=1)
    # SMS replies with an unknown code per number in the window, then ignored.
    sms_bad_codes: int = Field(default=5, ge=1)
    sms_bad_codes_window_s: int = Field(default=900, ge=60)
    # Console login attempts per client IP in the window (any user name).
    login_attempts_per_ip: int = Field(default=30, ge=1)
    login_window_s: int = Field(default=600, ge=60)
    # JSON API requests per bearer token per minute.
    api_requests_per_minute: int = Field(default=300, ge=1)
    # Operators without a duty PIN switch duty by caller ID alone (today's
    # behaviour) unless this is set; an operator with a PIN always needs it.
    is_duty_pin_required: bool = False
    # Wrong duty PINs per operator in the window, then the duty line hangs up.
    duty_pin_attempts: int = Field(default=5, ge=1)
    duty_pin_window_s: int = Field(default=900, ge=60)


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
    abuse: AbuseSettings = AbuseSettings()
    ops: OpsSettings = OpsSettings()
    # Log lines as text or JSON (HOTLINE_LOG_FORMAT, top level like HOTLINE_ENV);
    # unset: JSON in production, text elsewhere. See app/ops/logs.py.
    log_format: Literal["text", "json"] | None = None

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.env == "production":
            problems = production_problems(self)
            if problems:
                raise ValueError("\n".join(problems))
        if self.ivr.default_language not in self.ivr.languages:
            raise ValueError("ivr.default_language must be one of ivr.languages")
        return self

    def public_url(self, path: str) -> str:
        """Absolute public URL of an app path (what Twilio is given and signs)."""
        return str(self.public_base_url).rstrip("/") + path


def _is_local_host(host: str) -> bool:
    host = host.lower().strip("[]")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def production_problems(settings: Settings) -> list[str]:
    """Why these settings cannot run in production: one line per problem."""
    problems = []
    url = settings.public_base_url
    if url.scheme != "https":
        problems.append(
            "HOTLINE_PUBLIC_BASE_URL must be https in production (Twilio signs it)"
        )
    if _is_local_host(url.host or ""):
        problems.append(
            "HOTLINE_PUBLIC_BASE_URL must be the public address, not localhost"
        )
    if settings.database.url.startswith("sqlite"):
        problems.append(
            "HOTLINE_DATABASE__URL must point at PostgreSQL in production, not SQLite"
        )
    if settings.twilio.auth_token.get_secret_value() == PLACEHOLDER_TOKEN:
        problems.append("HOTLINE_TWILIO__AUTH_TOKEN must be set in production")
    if settings.queue.backend == "memory":
        problems.append(
            "HOTLINE_QUEUE__BACKEND must be redis in production: "
            "the memory queue backend is single-process only"
        )
    if not settings.redis.url.strip():
        problems.append("HOTLINE_REDIS__URL must be set in production")
    return problems


@lru_cache
def get_settings() -> Settings:
    return Settings()
