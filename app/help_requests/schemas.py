"""API shapes of help requests: records, the board by status, filters, new requests
entered on someone's behalf and edits of a request's details."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    computed_field,
    field_validator,
    model_validator,
)

from app.calls.schemas import PRIVATE_DETAIL_KEYS
from app.logging import mask_phone
from app.phone_numbers import to_e164

RequestStatus = Literal["new", "offered", "matched", "done", "closed"]
# The board's groups: the statuses, with escalated requests (still open, but
# automatic matching gave up) in a group of their own.
RequestGroup = Literal["new", "escalated", "offered", "matched", "done", "closed"]
REQUEST_GROUPS: tuple[RequestGroup, ...] = get_args(RequestGroup)
OPEN_STATUSES: tuple[RequestStatus, ...] = ("new", "offered")
CloseReason = Literal[
    "no_volunteer_found",
    "no_longer_needed",
    "unreachable",
    "duplicate",
    "solved_on_phone",
]
CLOSE_REASONS: tuple[CloseReason, ...] = get_args(CloseReason)
RequestLanguage = Literal["nl", "fr", "en", "de"]
REQUEST_LANGUAGES: tuple[RequestLanguage, ...] = get_args(RequestLanguage)
RequestNeed = Literal["groceries", "pharmacy", "company", "other"]
REQUEST_NEEDS: tuple[RequestNeed, ...] = get_args(RequestNeed)
# How soon: today, this week, or no rush (or a date: `needed_by`).
Urgency = Literal["today", "week", "no_rush"]
URGENCIES: tuple[Urgency, ...] = get_args(Urgency)
# The operator's wrap-up by phone: 1 a neighbour, 2 solved, 3 a coordinator.
WrapupOutcome = Literal["neighbour", "solved", "coordinator"]
# "Older than": how long ago a request came in, at least.
AgeFilter = Literal["1h", "24h", "3d"]
AGE_FILTERS: dict[AgeFilter, timedelta] = {
    "1h": timedelta(hours=1),
    "24h": timedelta(hours=24),
    "3d": timedelta(days=3),
}


def request_group(status: str, escalated_at: datetime | None) -> RequestGroup:
    if status in OPEN_STATUSES and escalated_at is not None:
        return "escalated"
    if status in REQUEST_GROUPS:
        return status
    return "new"


def _blank_to_none(value: Any) -> Any:
    """Forms send "" for a field left empty: that is no value."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


class HelpRequestEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    occurred_at: datetime
    kind: str
    actor: str
    detail: dict[str, Any]

    @field_validator("detail")
    @classmethod
    def _without_provider_urls(cls, detail: dict[str, Any]) -> dict[str, Any]:
        # Like a call's timeline: a recording's provider URL is never served.
        return {k: v for k, v in detail.items() if k not in PRIVATE_DETAIL_KEYS}


class HelpRequestRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    call_id: int | None
    caller_number: str
    language: str | None
    # The hotline line of its call (LineSettings.key); None: entered on behalf.
    line: str | None = None
    need: str | None
    postcode: str | None
    status: str
    close_reason: str | None
    source: str
    requester_name: str | None = None
    address_street: str | None = None
    address_number: str | None = None
    address_box: str | None = None
    organisation: str | None = None
    created_by: str | None = None
    needs_text: str | None = None
    urgency: str | None = None
    needed_by: date | None = None
    access_notes: str | None = None
    details_consent: bool = False
    wrapup_outcome: str | None = None
    wrapup_recording_duration_s: int | None = None
    is_awaiting_approval: bool = False
    approved_at: datetime | None = None
    approved_by: str | None = None
    # The provider's URL never leaves the server (played through the console's
    # authenticated proxy, /console/voicemails/{id}/audio): read, never serialised.
    voicemail_url: str | None = Field(default=None, exclude=True)
    # Set from voicemail_url when read, so a copy without the URL still says so.
    has_voicemail: bool = False
    voicemail_duration_s: int | None
    notes: str | None
    short_code: str | None
    volunteer_id: int | None
    wave: int
    escalated_at: datetime | None = None
    created_at: datetime
    updated_at: datetime
    matched_at: datetime | None
    done_at: datetime | None

    @model_validator(mode="after")
    def _voicemail_known(self) -> HelpRequestRead:
        if self.voicemail_url is not None:
            self.has_voicemail = True
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def group(self) -> RequestGroup:
        return request_group(self.status, self.escalated_at)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def caller_masked(self) -> str:
        return mask_phone(self.caller_number)


class HelpRequestDetail(HelpRequestRead):
    history: list[HelpRequestEventRead]


class OfferRead(BaseModel):
    """One SMS offer of the request and the volunteer's answer."""

    volunteer_id: int
    volunteer_name: str
    wave: int
    distance_km: float | None
    sent_at: datetime
    response: str
    responded_at: datetime | None


class HelpRequestView(HelpRequestDetail):
    """A request's page: the record, its history, its SMS offers, its volunteer."""

    volunteer_name: str | None
    municipality: str | None
    # The request's call, then the later calls of the number attached to it.
    call_ids: list[int] = []
    offers: list[OfferRead]

    def signature(self) -> str:
        """Changes whenever anything the live page shows changes."""
        return self.model_dump_json()


class HelpRequestPage(BaseModel):
    total: int
    items: list[HelpRequestRead]


class AssignBody(BaseModel):
    volunteer_id: int


class CloseBody(BaseModel):
    reason: CloseReason
    note: str | None = Field(default=None, max_length=500)


# ----------------------------------------------------------------- filters, board


class RequestQuery(BaseModel):
    """What the board and the exports select. Empty values mean "any"."""

    need: RequestNeed | None = None
    language: RequestLanguage | None = None
    place: str | None = Field(
        default=None,
        max_length=60,
        description="A postcode or a municipality's name (Dutch or French).",
    )
    age: AgeFilter | None = Field(
        default=None, description="Only requests older than 1 h, 24 h or 3 days."
    )
    group: RequestGroup | None = None

    _blanks = field_validator(
        "need", "language", "place", "age", "group", mode="before"
    )(_blank_to_none)

    @classmethod
    def lenient(cls, params: dict[str, str]) -> RequestQuery:
        """From a page's query string, dropping values that are not valid filters."""
        values: dict[str, str] = {}
        for name in cls.model_fields:
            if name in params:
                try:
                    cls.model_validate({name: params[name]})
                except ValueError:
                    continue
                values[name] = params[name]
        return cls.model_validate(values)

    def params(self, **changes: str | None) -> dict[str, str]:
        """The filters as query parameters (the ones set), with `changes` applied."""
        values = {k: v for k, v in self.model_dump().items() if v}
        for key, value in changes.items():
            if value:
                values[key] = value
            else:
                values.pop(key, None)
        return values


class RequestCard(BaseModel):
    """A request as the board lists it: no full phone number."""

    id: int
    group: RequestGroup
    caller_masked: str
    requester_name: str | None
    need: str | None
    language: str | None
    postcode: str | None
    municipality: str | None
    organisation: str | None
    source: str
    volunteer_name: str | None
    wave: int
    created_at: datetime
    updated_at: datetime
    is_awaiting_approval: bool = False


class RequestColumn(BaseModel):
    group: RequestGroup
    count: int
    items: list[RequestCard]

    @property
    def has_more(self) -> bool:
        return self.count > len(self.items)


class RequestBoard(BaseModel):
    """The requests board: how many requests per group, and the first of each."""

    taken_at: datetime
    query: RequestQuery
    columns: list[RequestColumn]
    offset: int = 0
    limit: int

    @property
    def total(self) -> int:
        return sum(column.count for column in self.columns)

    def signature(self) -> str:
        return self.model_dump_json(exclude={"taken_at"})


# ------------------------------------------------------------ on behalf, edits


def _phone(value: str) -> str:
    number = to_e164(value)
    if number is None:
        raise ValueError(f"not a valid phone number: {value!r}")
    return number


class HelpRequestCreate(BaseModel):
    """A request entered on someone's behalf (by phone, at a desk, by a partner).

    The postcode's format is checked here; that it exists in Belgium is checked by
    the service against the postcode directory (422 either way).
    """

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    phone_number: str = Field(max_length=40, examples=["0470 12 34 56"])
    requester_name: str = Field(min_length=1, max_length=120)
    language: RequestLanguage
    need: RequestNeed
    postcode: str = Field(pattern=r"^\d{4}$", examples=["1030"])
    address_street: str | None = Field(default=None, max_length=120)
    address_number: str | None = Field(default=None, max_length=10)
    address_box: str | None = Field(default=None, max_length=10)
    notes: str | None = Field(default=None, max_length=2000)
    needs_text: str | None = Field(
        default=None, max_length=2000, description="What is needed, in their words."
    )
    urgency: Urgency | None = None
    needed_by: date | None = Field(default=None, description="Needed by this day.")
    access_notes: str | None = Field(
        default=None, max_length=500, description="Floor, bell, dog …"
    )
    details_consent: bool = Field(
        default=False,
        description="The requester agreed that the one neighbour who takes the "
        "errand gets their name, address and these details.",
    )
    organisation: str | None = Field(
        default=None, max_length=120, description="On behalf of which organisation."
    )

    _blanks = field_validator(
        "requester_name",
        "address_street",
        "address_number",
        "address_box",
        "notes",
        "needs_text",
        "urgency",
        "needed_by",
        "access_notes",
        "organisation",
        mode="before",
    )(_blank_to_none)
    _check_phone = field_validator("phone_number")(_phone)


class HelpRequestUpdate(BaseModel):
    """New details of a request: only the fields given change; text fields may be
    cleared with null, the need, language and postcode may not."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    requester_name: str | None = Field(default=None, max_length=120)
    address_street: str | None = Field(default=None, max_length=120)
    address_number: str | None = Field(default=None, max_length=10)
    address_box: str | None = Field(default=None, max_length=10)
    notes: str | None = Field(default=None, max_length=2000)
    needs_text: str | None = Field(default=None, max_length=2000)
    urgency: Urgency | None = None
    needed_by: date | None = None
    access_notes: str | None = Field(default=None, max_length=500)
    details_consent: bool | None = None
    need: RequestNeed | None = None
    language: RequestLanguage | None = None
    postcode: str | None = Field(default=None, pattern=r"^\d{4}$")

    _blanks = field_validator(
        "requester_name",
        "address_street",
        "address_number",
        "address_box",
        "notes",
        "needs_text",
        "urgency",
        "needed_by",
        "access_notes",
        mode="before",
    )(_blank_to_none)

    @model_validator(mode="after")
    def _kept_fields(self) -> HelpRequestUpdate:
        for name in ("need", "language", "postcode", "details_consent"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be removed")
        return self

    def changes(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.model_fields_set}


class CandidateRead(BaseModel):
    """A field volunteer the matching policy would offer the request to, and why."""

    volunteer_id: int
    name: str
    distance_km: float
    languages: list[str]
    needs: list[str]
    home_postcode: str | None
    radius_km: float
    """The volunteer's own radius, or the organisation's default."""
    radius_boost_km: float
    runs_this_week: int
    weekly_cap: int
    runs_recent: int
    offer_response: str | None
    """How they answered an earlier SMS offer of this request, if there was one."""
