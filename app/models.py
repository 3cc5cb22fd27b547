"""Imports every ORM model so Base.metadata is complete (alembic, tests)."""

from app.abuse.models import Ban
from app.audit.models import AuditEntry
from app.auth.models import ApiToken, ConsoleSession, Coordinator, LoginThrottle
from app.calls.models import Call, CallEvent
from app.help_requests.models import (
    HelpRequest,
    HelpRequestCall,
    HelpRequestEvent,
    MatchOffer,
    WorkClaim,
)
from app.queue.models import QueueEntry
from app.volunteers.models import Volunteer, VolunteerShift

__all__ = [
    "ApiToken",
    "AuditEntry",
    "Ban",
    "Call",
    "CallEvent",
    "ConsoleSession",
    "Coordinator",
    "HelpRequest",
    "HelpRequestCall",
    "HelpRequestEvent",
    "LoginThrottle",
    "MatchOffer",
    "QueueEntry",
    "Volunteer",
    "VolunteerShift",
    "WorkClaim",
]
