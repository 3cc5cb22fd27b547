"""API shapes of volunteers (operators and field volunteers)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    computed_field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from app.abuse.pins import PIN_PATTERN
from app.phone_numbers import to_e164

Language = Literal["nl", "fr", "en", "de"]
FieldNeed = Literal["groceries", "pharmacy", "company", "other"]
DutyState = Literal["offline", "available", "away"]
Role = Literal["operator", "field"]
ActiveStatus = Literal["active", "inactive", "all"]

# Our own validation errors carry their own error type (not pydantic's generic
# "value_error"), so the console can say each of them in the reader's language.


def _phone(value: str) -> str:
    number = to_e164(value)
    if number is None:
        raise PydanticCustomError(
            "phone_invalid", "not a valid phone number: {value}", {"value": repr(value)}
        )
    return number


def _languages(value: list[Language]) -> list[Language]:
    if not value:
        raise PydanticCustomError("languages_empty", "at least one language")
    if len(set(value)) != len(value):
        raise PydanticCustomError("languages_repeat", "languages must not repeat")
    return value


class ShiftIn(BaseModel):
    weekday: int = Field(ge=0, le=6)
    starts: time
    ends: time

    @model_validator(mode="after")
    def _ordered(self) -> ShiftIn:
        if self.starts == self.ends:
            raise PydanticCustomError("shift_empty", "a shift must not be empty")
        return self


class ShiftRead(ShiftIn):
    model_config = ConfigDict(from_attributes=True)


class VolunteerCreate(BaseModel):
    name: str = Field(min_length=1, max_length=120)
    phone_number: str = Field(max_length=40)
    languages: list[Language]
    is_operator: bool = False
    is_field: bool = False
    home_postcode: str | None = Field(default=None, pattern=r"^\d{4}$")
    needs: list[FieldNeed] = Field(default_factory=list)
    radius_km: float | None = Field(default=None, gt=0, le=100)
    weekly_cap: int = Field(default=3, ge=0, le=50)
    # Write-only: the operator's PIN for the duty phone line (stored hashed).
    duty_pin: str | None = Field(default=None, pattern=PIN_PATTERN, repr=False)

    _check_phone = field_validator("phone_number")(_phone)
    _check_languages = field_validator("languages")(_languages)

    @model_validator(mode="after")
    def _roles(self) -> VolunteerCreate:
        if not (self.is_operator or self.is_field):
            raise PydanticCustomError(
                "roles_missing",
                "a volunteer is an operator, a field volunteer, or both",
            )
        if self.is_field and (self.home_postcode is None or not self.needs):
            raise PydanticCustomError(
                "field_details_missing",
                "a field volunteer needs a home_postcode and at least one need",
            )
        return self


class VolunteerUpdate(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=120)
    phone_number: str | None = Field(default=None, max_length=40)
    languages: list[Language] | None = None
    is_active: bool | None = None
    is_operator: bool | None = None
    is_field: bool | None = None
    home_postcode: str | None = Field(default=None, pattern=r"^\d{4}$")
    needs: list[FieldNeed] | None = None
    radius_km: float | None = Field(default=None, gt=0, le=100)
    weekly_cap: int | None = Field(default=None, ge=0, le=50)
    # A coordinator clears an opt-out (STOP) when the volunteer asks them to.
    is_sms_opted_out: bool | None = None
    # Write-only: a new duty PIN (4-6 digits); null removes it.
    duty_pin: str | None = Field(default=None, pattern=PIN_PATTERN, repr=False)

    @field_validator("is_sms_opted_out", mode="before")
    @classmethod
    def _no_null_opt_out(cls, value: object) -> object:
        if value is None:
            raise ValueError("is_sms_opted_out is true or false")
        return value

    @field_validator("phone_number")
    @classmethod
    def _check_phone(cls, value: str | None) -> str | None:
        return None if value is None else _phone(value)

    @field_validator("languages")
    @classmethod
    def _check_languages(cls, value: list[Language] | None) -> list[Language] | None:
        return None if value is None else _languages(value)


class VolunteerRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    phone_number: str
    languages: list[str]
    is_active: bool
    is_operator: bool
    duty_state: str
    missed_offers: int
    is_field: bool
    home_postcode: str | None
    needs: list[str]
    radius_km: float | None
    weekly_cap: int
    is_sms_opted_out: bool
    has_duty_pin: bool = False
    created_at: datetime
    shifts: list[ShiftRead] = Field(default_factory=list)


class VolunteerCreated(VolunteerRead):
    duty_token: str = Field(
        description="Personal token for POST /api/duty; shown once."
    )


class VolunteerPage(BaseModel):
    total: int
    items: list[VolunteerRead]


class DutyUpdate(BaseModel):
    on_duty: bool


class DutyRead(BaseModel):
    volunteer_id: int
    duty_state: str
    live_state: str | None = Field(description="available, wrap-up, ringing, on-call")


class ImportReport(BaseModel):
    imported: int
    ids: list[int]


class RosterFilter(BaseModel):
    """The roster's filters; None = any."""

    role: Role | None = None
    language: Language | None = None
    duty_state: DutyState | None = None
    status: ActiveStatus = "active"
    name: str | None = Field(default=None, max_length=120, description="Part of it")


class RosterRow(BaseModel):
    """One volunteer as the roster lists them: the phone number masked."""

    id: int
    name: str
    phone_masked: str
    is_operator: bool
    is_field: bool
    languages: list[str]
    home_postcode: str | None
    municipality: str | None
    duty_state: str
    is_active: bool
    runs_this_month: int
    is_sms_opted_out: bool


class RosterPage(BaseModel):
    total: int
    limit: int
    offset: int
    month_start: datetime = Field(description="Runs are counted from here (local)")
    items: list[RosterRow]


class CoverageCell(BaseModel):
    day: date
    operators: int | None = Field(
        description="Operators on shift for the whole hour; None when the hotline "
        "is closed then (or the hour does not exist: the spring DST night)"
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def is_gap(self) -> bool:
        """Open, and nobody on shift."""
        return self.operators == 0


class CoverageHour(BaseModel):
    hour: int = Field(ge=0, le=23, description="Local hour: hh:00 to hh+1:00")
    cells: list[CoverageCell]


class LanguageCoverage(BaseModel):
    language: str
    gaps: int = Field(description="Open hours of the week with no operator")
    hours: list[CoverageHour]


class WeekCoverage(BaseModel):
    week_start: date = Field(description="Monday of next week, local")
    timezone: str
    days: list[date]
    languages: list[LanguageCoverage]
