"""API shapes of the privacy domain: the purge report, an erasure receipt and the
export of what the hotline holds about one phone number."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.phone_numbers import to_e164


class PurgeCounts(BaseModel):
    """How many of each kind of data the purge removed (or would remove)."""

    recordings: int = 0
    """Recordings deleted at the provider (or found already gone there)."""
    call_timelines: int = 0
    """Calls whose timeline and number were removed (their figures stay)."""
    call_events: int = 0
    requests_anonymised: int = 0
    audit_entries: int = 0
    console_sessions: int = 0
    login_throttles: int = 0
    expired_bans: int = 0


class PurgeReport(BaseModel):
    is_dry_run: bool
    ran_at: datetime
    removed: PurgeCounts
    recordings_failed: int = 0
    """Recordings the provider did not delete this time: kept, tried again next run."""

    def lines(self) -> list[str]:
        """The report for a terminal, one kind per line."""
        verb = "would remove" if self.is_dry_run else "removed"
        lines = [
            f"  {name.replace('_', ' ')}: {count}"
            for name, count in self.removed.model_dump().items()
        ]
        if self.recordings_failed:
            lines.append(
                f"  recordings the provider did not delete: "
                f"{self.recordings_failed} (tried again next run)"
            )
        return [f"purge {verb} (as of {self.ran_at.isoformat()}):", *lines]


class PhoneNumberBody(BaseModel):
    """The phone number of the person, in any usual format ("0470 12 34 56")."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    phone_number: str = Field(max_length=40, examples=["0470 12 34 56"])

    @field_validator("phone_number")
    @classmethod
    def _e164(cls, value: str) -> str:
        number = to_e164(value)
        if number is None:
            raise ValueError("not a valid phone number")
        return number


class ErasureReceipt(BaseModel):
    """What an erasure removed for one number; the same counts are in the audit log."""

    number_masked: str
    erased_at: datetime
    calls_anonymised: int
    call_events_deleted: int
    requests_anonymised: int
    requests_closed: int
    """Open requests of the person, closed as no longer needed."""
    recordings_deleted: int
    volunteer_removed: bool
    bans_removed: int
    bans_kept: int
    """Active bans of this exact number: kept until they expire (the line's
    protection outweighs erasure); lift the ban first to remove it too."""


class PersonExport(BaseModel):
    """Everything the hotline holds about one phone number (an access request).

    Rows are given column by column as stored; provider recording URLs and secrets
    (token and PIN hashes) are left out: a recording is listed, not linked.
    """

    phone_number: str
    exported_at: datetime
    calls: list[dict[str, Any]]
    requests: list[dict[str, Any]]
    volunteer: dict[str, Any] | None
    bans: list[dict[str, Any]]
