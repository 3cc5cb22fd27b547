"""ORM model of the audit log. Entries are only ever added: the ORM refuses to update
or delete one (only the retention purge removes old entries, in one bulk DELETE)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, event
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime


class AuditEntry(Base):
    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    # Who: an account's user name, "cli" or "system" (app.audit.service.SYSTEM).
    actor: Mapped[str] = mapped_column(String(80), index=True)
    # What, as "<thing>.<verb>": "request.reveal", "volunteer.update", "calls.export".
    action: Mapped[str] = mapped_column(String(60), index=True)
    # On what: "request:12", "volunteer:3", "account:carla", "calls".
    subject: Mapped[str] = mapped_column(String(120), index=True)
    # Which fields, filters or counts; never the personal data itself.
    detail: Mapped[dict[str, str] | None] = mapped_column(JSON)


class AuditEntryIsAppendOnly(Exception):
    """An audit entry was about to be changed or deleted through the ORM."""


@event.listens_for(AuditEntry, "before_update")
def _refuse_update(_mapper: Any, _connection: Any, target: AuditEntry) -> None:
    raise AuditEntryIsAppendOnly(f"audit entry {target.id} cannot be changed")


@event.listens_for(AuditEntry, "before_delete")
def _refuse_delete(_mapper: Any, _connection: Any, target: AuditEntry) -> None:
    raise AuditEntryIsAppendOnly(f"audit entry {target.id} cannot be deleted")
