"""API shapes of the work list. The console's work page renders exactly these
objects; `/api/work` returns them as JSON."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

WorkKind = Literal["callback", "voicemail", "escalation"]


class WorkClaimRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    request_id: int
    kind: WorkKind
    claimed_by: str
    claimed_at: datetime
    done_at: datetime | None


class WorkItem(BaseModel):
    """What every item shows: whom it is about, and who took it."""

    request_id: int
    # When the item landed on the list; each section is oldest first.
    since: datetime
    caller: str  # masked
    # The full number, only for the coordinator who holds the claim (they phone).
    phone_number: str | None
    language: str | None
    need: str | None
    postcode: str | None
    municipality: str | None
    claim: WorkClaimRead | None
    is_claimed_by_me: bool


class CallbackItem(WorkItem):
    kind: Literal["callback"] = "callback"
    attempts: int
    last_attempt_at: datetime


class VoicemailItem(WorkItem):
    kind: Literal["voicemail"] = "voicemail"
    duration_s: int | None
    left_at: datetime


EscalationReason = Literal[
    "no_volunteer_in_range",
    "no_volunteer_accepted",
    "missing_details",
    # An SMS to the volunteer, or the requester's confirmation call, that still
    # failed after its last attempt (app/resilience).
    "sms_failed",
    "confirmation_failed",
    # The requester said on the follow-up call that the neighbour never came.
    "neighbour_did_not_come",
    "other",
]


class EscalationItem(WorkItem):
    kind: Literal["escalation"] = "escalation"
    escalated_at: datetime
    reason: EscalationReason
    # For "missing_details": which of need, language, postcode.
    missing: list[str]
    status: str


class WorkList(BaseModel):
    taken_at: datetime
    callbacks: list[CallbackItem]
    voicemails: list[VoicemailItem]
    escalations: list[EscalationItem]
