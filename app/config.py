"""Settings: one pydantic-settings model with nested groups, read via get_settings().

Environment variables use the prefix HOTLINE_ and `__` for nesting, e.g.
HOTLINE_DATABASE__URL, HOTLINE_TWILIO__AUTH_TOKEN, HOTLINE_QUEUE__BACKEND.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time, timedelta
from functools import lru_cache
from typing import Any, Literal

from pydantic import AnyHttpUrl, BaseModel, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.phone_numbers import to_e164

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


MatchingMode = Literal["auto", "triage"]
# The line of a deployment configured by HOTLINE_IVR__* alone (no HOTLINE_LINES).
MAIN_LINE = "main"
# Language keys are 1, 2, ... in the line's order (0: a volunteer, 9: another language).
MAX_LINE_LANGUAGES = 8
# What a line may set for itself; whatever it leaves out comes from HOTLINE_IVR__*.
_LINE_IVR_FIELDS = (
    "languages",
    "main_languages",
    "open_from",
    "open_until",
    "open_days",
    "closed_on_public_holidays",
    "holiday_country",
    "emergency_number",
    "listening_lines",
)


class LineSettings(BaseModel):
    """One hotline number of the deployment (HOTLINE_LINES, a JSON list; the first
    is the default line, answering any number not listed). Every field left out
    (None) is taken from HOTLINE_IVR__*."""

    # Stored on calls and help requests ("national", "leuven").
    key: str = Field(pattern=r"^[a-z][a-z0-9_-]{0,19}$")
    # The number callers dial (the `To` of the incoming call), E.164 or local.
    number: str
    # The line's name in the greeting, per language ("Solidariteitslijn Leuven");
    # a language left out says the hotline's name from prompts/ (hotline_name).
    names: dict[str, str] = Field(default_factory=dict)
    # The line's languages in the order of its language menu (keys 1, 2, ...); the
    # first is its default language.
    languages: tuple[str, ...] | None = Field(
        default=None, min_length=1, max_length=MAX_LINE_LANGUAGES
    )
    # A caller who chooses no language waits for an operator speaking all of these.
    main_languages: tuple[str, ...] | None = None
    open_from: time | None = None
    open_until: time | None = None
    open_days: tuple[int, ...] | None = None
    closed_on_public_holidays: bool | None = None
    holiday_country: str | None = None
    emergency_number: str | None = None
    listening_lines: dict[str, tuple[str, ...]] | None = None
    # How this line's requests are matched; None: the deployment's setting.
    matching_mode: MatchingMode | None = None


@dataclass(frozen=True)
class Line:
    """A hotline number as the IVR runs it, every setting resolved: `ivr` holds its
    languages (the first its default), main languages, opening hours, holidays
    and where to turn."""

    key: str
    number: str | None  # E.164; None: not a number we can recognise
    names: Mapping[str, str]
    ivr: IvrSettings
    matching_mode: MatchingMode | None = None

    @property
    def languages(self) -> tuple[str, ...]:
        return self.ivr.languages

    @property
    def main_languages(self) -> tuple[str, ...]:
        return self.ivr.line_main_languages


def _resolve_line(line: LineSettings, ivr: IvrSettings) -> Line:
    update: dict[str, Any] = {
        name: getattr(line, name)
        for name in _LINE_IVR_FIELDS
        if getattr(line, name) is not None
    }
    if line.languages is not None:
        update["default_language"] = line.languages[0]
        # The deployment's main languages may not be this line's.
        update.setdefault("main_languages", ())
    return Line(
        key=line.key,
        number=to_e164(line.number),
        names=dict(line.names),
        ivr=ivr.model_copy(update=update),
        matching_mode=line.matching_mode,
    )


def _line_problems(line: Line) -> list[str]:
    where = f"HOTLINE_LINES ({line.key})"
    languages = line.ivr.languages
    problems = []
    if len(set(languages)) != len(languages):
        problems.append(f"{where}: languages must be given once each")
    if extra := set(line.ivr.main_languages) - set(languages):
        problems.append(f"{where}: main_languages {sorted(extra)} not spoken here")
    if extra := set(line.names) - set(languages):
        problems.append(f"{where}: names for {sorted(extra)} not spoken here")
    if not set(line.ivr.open_days) <= set(range(7)):
        problems.append(f"{where}: open_days are 0 (Monday) to 6 (Sunday)")
    return problems


class MatchingSettings(BaseModel):
    default_radius_km: float = 5.0
    wave_size: int = Field(default=3, ge=1)
    wave_delay_s: float = Field(default=900, ge=1)
    radius_boost_per_wave_km: float = 5.0
    max_waves: int = Field(default=3, ge=1)
    fairness_window_days: int = 28
    # auto: a request goes to neighbours once its call (and the operator's wrap-up)
    # is over; triage: a coordinator approves each request first. A line may set
    # its own (HOTLINE_LINES matching_mode).
    mode: MatchingMode = "auto"


class WrapupSettings(BaseModel):
    """The operator's wrap-up by phone and their personal page (app/wrapup,
    app/operator_page)."""

    # When the caller hangs up, the operator's line stays open: 1 a neighbour,
    # 2 solved on the phone, 3 a coordinator, then a spoken note.
    is_phone_wrapup: bool = True
    choice_timeout_s: int = Field(default=8, ge=3, le=30)
    note_max_s: int = Field(default=120, ge=10, le=600)
    # Matching waits for the wrap-up at most this long after the call ended (an
    # operator leg whose end never got reported must not hold a request forever).
    hold_max_s: int = Field(default=600, ge=60)
    # The operator's page: the link sent by SMS is valid this long, and the form
    # fills a call's request up to `form_window_s` after the call ended.
    link_lifetime_s: int = Field(default=12 * 3600, ge=600)
    form_window_s: int = Field(default=30 * 60, ge=60)
    # Signs the links; unset: derived from the Twilio auth token (shared by every
    # instance, secret in production).
    link_secret: SecretStr | None = None


class ErrandSettings(BaseModel):
    """The neighbour and the requester once a request is taken (app/errands/)."""

    # The details SMS to the neighbour names the requester's number; False leaves
    # it out: the neighbour then calls the hotline, which bridges them (masked).
    is_requester_number_in_sms: bool = True
    # How long the hotline rings the requester for a neighbour's masked call, and
    # how long such a call may last.
    masked_ring_s: int = Field(default=30, ge=5, le=120)
    masked_time_limit_s: int = Field(default=3600, ge=60)
    # "Did your neighbour come?": this long after the neighbour texted DONE, and
    # only while the line is open (nobody is rung at night); requests done longer
    # ago than `followup_max_age_s` are not called any more.
    followup_delay_s: int = Field(default=3600, ge=0)
    followup_max_age_s: int = Field(default=3 * 24 * 3600, ge=3600)
    followup_ring_s: int = Field(default=40, ge=5, le=120)


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


class ResilienceSettings(BaseModel):
    """Retries (app/resilience): provider requests that failed (an SMS, placing a
    call) are tried `retry_attempts` times with exponential backoff; a callback or a
    confirmation call nobody answered is rung again `redial_attempts` times in all,
    after `redial_delay_s`, then twice that, and so on. What still fails lands in
    the coordinators' work list."""

    retry_attempts: int = Field(default=3, ge=1, le=10)
    retry_wait_initial_s: float = Field(default=0.5, ge=0, le=60)
    retry_wait_max_s: float = Field(default=4.0, ge=0, le=300)
    redial_attempts: int = Field(default=3, ge=1, le=10)
    redial_delay_s: float = Field(default=300, ge=1)


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


class RetentionSettings(BaseModel):
    """How long personal data is kept (app/privacy/): a daily purge deletes or
    anonymises what is older, recordings at the provider included."""

    # A call's timeline (digits typed, words said, operators rung) and the caller's
    # number on the call; the call's figures (time, language, outcome, wait) stay.
    call_timeline_days: int = Field(default=90, ge=1)
    # Voicemails and other recordings, deleted at the provider through its API.
    recording_days: int = Field(default=30, ge=1)
    # Done or closed help requests (days since their last change): name, number,
    # address and notes are removed; need, postcode and outcome stay for reports.
    closed_request_days: int = Field(default=180, ge=1)
    # The audit log (who saw or changed what).
    audit_log_days: int = Field(default=730, ge=1)
    # Console sessions after they expired, login throttles after the last attempt,
    # bans after they expired.
    login_record_days: int = Field(default=30, ge=1)
    expired_ban_days: int = Field(default=30, ge=1)
    # When the daily purge runs, local time (ivr.timezone).
    purge_at: time = time(3, 30)


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
    errands: ErrandSettings = ErrandSettings()
    wrapup: WrapupSettings = WrapupSettings()
    console: ConsoleSettings = ConsoleSettings()
    abuse: AbuseSettings = AbuseSettings()
    ops: OpsSettings = OpsSettings()
    resilience: ResilienceSettings = ResilienceSettings()
    # Several hotline numbers in one deployment (HOTLINE_LINES, a JSON list of
    # LineSettings); empty: one line, HOTLINE_TWILIO__HOTLINE_NUMBER with the
    # HOTLINE_IVR__* settings.
    lines: tuple[LineSettings, ...] = ()
    retention: RetentionSettings = RetentionSettings()
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
        problems = [p for line in self.hotline_lines for p in _line_problems(line)]
        keys = [line.key for line in self.lines]
        numbers = [to_e164(line.number) or line.number for line in self.lines]
        for name, values in (("key", keys), ("number", numbers)):
            if len(set(values)) != len(values):
                problems.append(f"HOTLINE_LINES: each line needs its own {name}")
        if any(to_e164(line.number) is None for line in self.lines):
            problems.append("HOTLINE_LINES: a line's number is not a phone number")
        if problems:
            raise ValueError("\n".join(problems))
        return self

    @property
    def hotline_lines(self) -> tuple[Line, ...]:
        """Every line of the deployment, the default one first."""
        if not self.lines:
            main = Line(
                key=MAIN_LINE,
                number=to_e164(self.twilio.hotline_number),
                names={},
                ivr=self.ivr,
            )
            return (main,)
        return tuple(_resolve_line(line, self.ivr) for line in self.lines)

    def line(self, key: str | None) -> Line:
        """The line stored as `key` on a call or request; the default line for
        None or a line no longer configured."""
        lines = self.hotline_lines
        return next((x for x in lines if x.key == key), lines[0])

    def line_for_number(self, number: str | None) -> Line:
        """The line a caller dialled (the call's `To`); unknown: the default line."""
        dialled = to_e164(number)
        lines = self.hotline_lines
        return next((x for x in lines if dialled and x.number == dialled), lines[0])

    @property
    def spoken_languages(self) -> tuple[str, ...]:
        """Every language of the deployment: HOTLINE_IVR__LANGUAGES, then those
        only some lines speak (the prompt catalogue loads them all)."""
        spoken = [*self.ivr.languages]
        spoken += [x for line in self.lines for x in line.languages or ()]
        return tuple(dict.fromkeys(spoken))

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
