"""Imports every ORM model so Base.metadata is complete (alembic, tests)."""

from app.abuse.models import Ban
from app.auth.models import ApiToken, ConsoleSession, Coordinator, LoginThrottle
from app.calls.models import Call, CallEvent
from app.help_requests.models import (
    HelpRequest,
    HelpRequestEvent,
    MatchOffer,
    WorkClaim,
)
from app.volunteers.models import Volunteer, VolunteerShift

__all__ = [
    "ApiToken",
    "Ban",
    "Call",
    "CallEvent",
    "ConsoleSession",
    "Coordinator",
    "HelpRequest",
    "HelpRequestEvent",
    "LoginThrottle",
    "MatchOffer",
    "Volunteer",
    "VolunteerShift",
    "WorkClaim",
]
