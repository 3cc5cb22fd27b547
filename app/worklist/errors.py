"""Errors of the work list.

Conflict
└── AlreadyClaimed   another coordinator holds the item (says who, and since when)
NotFound
├── WorkItemNotFound the item is not (or no longer) on the work list
└── ClaimNotFound    nobody holds the item, so there is nothing to release
"""

from __future__ import annotations

from datetime import datetime

from app.errors import Conflict, NotFound


class AlreadyClaimed(Conflict):
    def __init__(self, *, claimed_by: str, claimed_at: datetime) -> None:
        at = claimed_at.isoformat(timespec="seconds")
        super().__init__(f"already claimed by {claimed_by} at {at}")
        self.claimed_by = claimed_by
        self.claimed_at = claimed_at


class WorkItemNotFound(NotFound):
    pass


class ClaimNotFound(NotFound):
    pass
