"""API shapes of the call log, and the filter and cursor of its list.

Lists show masked numbers beside the stored ones (the console only renders the masked
ones); a single call's timeline never carries the provider's recording URLs.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.ivr.menu import Need

CallPurpose = Literal[
    "caller",
    "callback",
    "operator_offer",
    "confirmation",
    "operator_duty",
    # A neighbour calling to be bridged with their requester, and the requester's
    # follow-up call after DONE (app/errands).
    "neighbour",
    "followup",
]
CALL_PURPOSES: tuple[CallPurpose, ...] = get_args(CallPurpose)
# How a call ended, as stored in call.outcome; "live" selects calls without one yet.
OutcomeFilter = Literal[
    "bridged",
    "abandoned",
    "hung_up",
    "callback",
    "voicemail",
    "live",
    "callback_unanswered",
    "accepted",
    "confirmed",
    "unanswered",
    "duty_on",
    "duty_off",
    # app/errands: a neighbour's masked call, a requester's status call, the
    # follow-up call after DONE.
    "errand_call",
    "errand_unanswered",
    "errand_no_number",
    "no_longer_needed",
    "followup_came",
    "followup_not_came",
    "followup_unanswered",
]
OUTCOME_FILTERS: tuple[OutcomeFilter, ...] = get_args(OutcomeFilter)
CallLanguage = Literal["nl", "fr", "en", "de"]
CALL_LANGUAGES: tuple[CallLanguage, ...] = get_args(CallLanguage)
# Keys of an event's detail that may hold a provider URL: never shown, never served.
PRIVATE_DETAIL_KEYS = frozenset({"url", "recording_url"})

_SEPARATORS = re.compile(r"[\s./-]+")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_CURSOR = re.compile(r"^(-?[0-9]{1,20})_([0-9]{1,18})$")


class CallFilter(BaseModel):
    """What a call log list selects. Every field is optional; blank means "any".

    `date_from` / `date_to` are local dates (the console's time zone), both
    inclusive; `since` is an instant (kept for the API's first clients);
    `digits` are the last 2 to 10 digits of the caller's number.
    """

    model_config = ConfigDict(frozen=True)

    purpose: CallPurpose | None = None
    since: datetime | None = None
    date_from: date | None = None
    date_to: date | None = None
    language: CallLanguage | None = None
    need: Need | None = None
    outcome: OutcomeFilter | None = None
    operator: int | None = Field(default=None, ge=1, le=2**31 - 1)
    digits: str | None = Field(default=None, pattern=r"^[0-9]{2,10}$")

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("digits", mode="before")
    @classmethod
    def _digits_without_separators(cls, value: Any) -> Any:
        # "12 34" and "12.34" are what people type from a written number.
        return _SEPARATORS.sub("", value) if isinstance(value, str) else value

    @field_validator("since")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value

    @model_validator(mode="after")
    def _dates_in_order(self) -> CallFilter:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("date_from must be on or before date_to")
        return self


class CallCursor(BaseModel):
    """A position in the log, newest first: (started_at, id) of a row."""

    model_config = ConfigDict(frozen=True)

    started_at: datetime
    id: int

    def encode(self) -> str:
        micros = (self.started_at - _EPOCH) // timedelta(microseconds=1)
        return f"{micros}_{self.id}"

    @classmethod
    def decode(cls, token: str) -> CallCursor | None:
        """The cursor of a token made by `encode`, or None if it is not one."""
        match = _CURSOR.match(token.strip())
        if match is None:
            return None
        try:
            moment = _EPOCH + timedelta(microseconds=int(match.group(1)))
        except OverflowError:
            return None
        return cls(started_at=moment, id=int(match.group(2)))


class CallEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    occurred_at: datetime
    kind: str
    detail: dict[str, Any]

    @field_validator("detail")
    @classmethod
    def _without_provider_urls(cls, detail: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in detail.items() if k not in PRIVATE_DETAIL_KEYS}


class CallSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    twilio_call_sid: str
    purpose: str
    direction: str
    caller_e164: str | None
    language: str | None
    # The hotline line the call came in on (LineSettings.key).
    line: str | None = None
    status: str
    outcome: str | None
    volunteer_id: int | None
    started_at: datetime
    answered_at: datetime | None
    ended_at: datetime | None
    duration_s: int | None
    wait_s: int | None


class CallLogEntry(CallSummary):
    """One row of the call log: the call, its masked number, need and operator."""

    caller_masked: str
    need: str | None
    operator_name: str | None


class CallPage(BaseModel):
    """A page of the log, newest first. `older` / `newer` are cursors for the
    `before` / `after` parameters; `total` is only counted for offset paging."""

    total: int | None
    items: list[CallLogEntry]
    older: str | None = None
    newer: str | None = None


class CallOperator(BaseModel):
    """An operator rung for this call, and how the offer ended."""

    volunteer_id: int | None
    name: str | None
    offer_id: str | None
    offered_at: datetime | None
    # accepted, declined, no_answer, voicemail, expired, hung_up, caller_hung_up,
    # ringing (no end recorded), or assigned (no offer: set on the call itself).
    result: str
    leg_call_id: int | None = None
    leg_duration_s: int | None = None


class CallLeg(BaseModel):
    """Another call placed for this one (an operator's phone, a call back)."""

    id: int
    purpose: str
    started_at: datetime
    outcome: str | None
    duration_s: int | None


class CallRequestRef(BaseModel):
    id: int
    status: str
    need: str | None
    postcode: str | None
    has_voicemail: bool
    voicemail_duration_s: int | None


class CallRead(CallSummary):
    from_number: str
    to_number: str
    events: list[CallEventRead]


class CallDetail(CallRead):
    """A single call: the row, its timeline, who was rung and its help request."""

    caller_masked: str
    # When the caller joined the operator's room, and how long they talked from then.
    connected_at: datetime | None
    talk_s: int | None
    operators: list[CallOperator]
    legs: list[CallLeg]
    help_request: CallRequestRef | None
