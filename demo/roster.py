"""The demo's people: its coordinator and 29 volunteers with their weekly shifts.

Data, plus the idempotent writes that put it in the database through the volunteer
and auth services (a person already there, found by phone number or user name, is
left as it is). The shift table has gaps on purpose (nobody before 08:30, at lunch,
before the evening, on weekend evenings): the demo day's scripts rely on the first one.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import service as auth_service
from app.auth.roles import Role
from app.errors import Conflict
from app.volunteers import repository as volunteer_repository
from app.volunteers import service as volunteer_service
from app.volunteers.schemas import ShiftIn, VolunteerCreate

DEMO_COORDINATOR = "demo"

# How a field volunteer answers the SMS offers of the demo day.
Replies = Literal["eager", "slow", "declines", "silent"]


@dataclass(frozen=True)
class DemoVolunteer:
    key: str
    name: str
    phone: str
    languages: tuple[str, ...]
    is_operator: bool = False
    # Field role when `needs` is set.
    postcode: str | None = None
    needs: tuple[str, ...] = ()
    radius_km: float | None = None
    # Operators: seconds before they pick up; False = the phone is never answered.
    answer_after_s: float = 4.0
    answers_phone: bool = True
    replies: Replies = "eager"

    @property
    def is_field(self) -> bool:
        return bool(self.needs)

    @property
    def weekly_cap(self) -> int:
        """Runs a week: the keen ones do more (a cap of 3 would stop them by noon)."""
        return {"eager": 8, "slow": 5}.get(self.replies, 3)


# Phone operators: key, name, languages (first = first choice), seconds to pick up.
# Mobile numbers of one block (+32 471 99 ...), so the demo's people are easy to spot.
_OPERATORS = (
    ("an", "An Janssens", "nl fr en", 3.0),
    ("marie", "Marie Dubois", "fr nl", 4.0),
    ("youssef", "Youssef Benali", "fr nl en", 5.0),
    ("pieter", "Pieter Claes", "nl en", 4.0),
    ("sophie", "Sophie Lambert", "fr en", 8.0),
    ("wim", "Wim Peeters", "nl fr", 4.0),
    ("anna", "Anna Schmitz", "de fr nl", 5.0),
    ("nathalie", "Nathalie Dupont", "fr", 6.0),
    # Never picks up: two missed offers set him away (a coordinator's cue).
    ("koen", "Koen Maes", "nl", 0.0),
    ("fatima", "Fatima El Amrani", "fr nl en", 3.0),
    # No shifts: goes on and off duty by calling the hotline from his own phone.
    ("thomas", "Thomas Willems", "nl fr de", 4.0),
    ("isabelle", "Isabelle Lejeune", "fr en", 5.0),
)
# Field volunteers: key, name, languages, home postcode, needs, SMS habit, radius km.
_FIELD: tuple[tuple[str, str, str, str, str, Replies, float | None], ...] = (
    ("lotte", "Lotte Mertens", "nl fr", "1030", "groceries pharmacy", "eager", 4.0),
    ("julien", "Julien Renard", "fr nl", "1030", "groceries company", "slow", 3.0),
    ("els", "Els Wouters", "nl", "1000", "groceries pharmacy other", "declines", 6.0),
    ("mehmet", "Mehmet Yilmaz", "fr nl en", "1080", "groceries other", "eager", 7.0),
    ("ana", "Ana Costa", "fr en", "1060", "pharmacy company", "slow", 6.0),
    ("luc", "Luc Simon", "fr", "1180", "groceries pharmacy", "eager", 7.0),
    (
        "sarah",
        "Sarah Vermeulen",
        "nl en fr",
        "1140",
        "groceries pharmacy",
        "eager",
        6.0,
    ),
    (
        "karim",
        "Karim Haddad",
        "fr nl",
        "1070",
        "groceries pharmacy company",
        "slow",
        6.0,
    ),
    ("hilde", "Hilde Goossens", "nl en", "3000", "groceries pharmacy", "eager", 8.0),
    ("bart", "Bart De Smet", "nl", "3010", "company other", "silent", None),
    ("katrien", "Katrien Jacobs", "nl fr", "2018", "groceries company", "eager", 6.0),
    ("dirk", "Dirk Van Damme", "nl", "2060", "groceries", "declines", None),
    ("emma", "Emma De Vos", "nl en", "2000", "pharmacy company other", "eager", 6.0),
    ("olivier", "Olivier Martin", "fr", "4020", "groceries pharmacy", "silent", None),
    ("chantal", "Chantal Leclercq", "fr de", "4000", "company", "slow", None),
    ("agnieszka", "Agnieszka Nowak", "en fr", "1040", "pharmacy company", "eager", 6.0),
    ("jurgen", "Jürgen Kessler", "de fr", "4700", "groceries pharmacy", "eager", 10.0),
)
# An also does grocery runs and keeps people company near home.
_ALSO_FIELD: dict[str, tuple[str, tuple[str, ...], float]] = {
    "an": ("1030", ("groceries", "company"), 3.0)
}


def _operator(number: int, row: tuple[str, str, str, float]) -> DemoVolunteer:
    key, name, languages, answer_after_s = row
    field = _ALSO_FIELD.get(key)
    return DemoVolunteer(
        key=key,
        name=name,
        phone=f"+324719901{number:02d}",
        languages=tuple(languages.split()),
        is_operator=True,
        postcode=field[0] if field else None,
        needs=field[1] if field else (),
        radius_km=field[2] if field else None,
        answer_after_s=answer_after_s,
        answers_phone=answer_after_s > 0,
    )


def _field(
    number: int, row: tuple[str, str, str, str, str, Replies, float | None]
) -> DemoVolunteer:
    key, name, languages, postcode, needs, replies, radius_km = row
    return DemoVolunteer(
        key=key,
        name=name,
        phone=f"+324719902{number:02d}",
        languages=tuple(languages.split()),
        postcode=postcode,
        needs=tuple(needs.split()),
        radius_km=radius_km,
        replies=replies,
    )


def _volunteers() -> tuple[DemoVolunteer, ...]:
    return (
        *(_operator(n, row) for n, row in enumerate(_OPERATORS, 1)),
        *(_field(n, row) for n, row in enumerate(_FIELD, 1)),
    )


VOLUNTEERS = _volunteers()
BY_KEY = {v.key: v for v in VOLUNTEERS}

# Who is on duty, per weekday (0 = Monday), in three slots a day. Local times.
Slot = tuple[time, time]
MORNING: Slot = (time(8, 30), time(12, 30))
AFTERNOON: Slot = (time(13, 30), time(17, 0))
EVENING: Slot = (time(17, 30), time(20, 0))
FIRST_SHIFT_STARTS = MORNING[0]
WEEK: dict[Slot, tuple[tuple[str, ...], ...]] = {
    MORNING: (
        ("an", "marie", "youssef", "koen"),
        ("pieter", "marie", "fatima", "koen"),
        ("an", "wim", "nathalie", "koen"),
        ("pieter", "youssef", "marie", "koen"),
        ("an", "wim", "fatima", "koen"),
        ("marie", "wim", "koen"),
        ("nathalie", "koen"),
    ),
    AFTERNOON: (
        ("anna", "youssef", "fatima"),
        ("anna", "nathalie", "fatima"),
        ("anna", "youssef", "sophie"),
        ("anna", "nathalie", "fatima"),
        ("anna", "youssef", "sophie"),
        ("fatima",),
        ("nathalie",),
    ),
    EVENING: (
        ("isabelle", "sophie"),
        ("isabelle", "wim"),
        ("isabelle", "nathalie"),
        ("isabelle", "pieter"),
        ("isabelle", "fatima"),
        (),
        (),
    ),
}


def shifts_of(key: str) -> list[ShiftIn]:
    return [
        ShiftIn(weekday=weekday, starts=slot[0], ends=slot[1])
        for slot, days in WEEK.items()
        for weekday, keys in enumerate(days)
        if key in keys
    ]


def _create(volunteer: DemoVolunteer) -> VolunteerCreate:
    return VolunteerCreate.model_validate(
        {
            "name": volunteer.name,
            "phone_number": volunteer.phone,
            "languages": list(volunteer.languages),
            "is_operator": volunteer.is_operator,
            "is_field": volunteer.is_field,
            "home_postcode": volunteer.postcode,
            "needs": list(volunteer.needs),
            "radius_km": volunteer.radius_km,
            "weekly_cap": volunteer.weekly_cap,
        }
    )


async def ensure_volunteers(session: AsyncSession, *, now: datetime) -> dict[str, int]:
    """Every demo volunteer in the database (created with their shifts if missing);
    returns their ids by key. Commits."""
    ids: dict[str, int] = {}
    for number, volunteer in enumerate(VOLUNTEERS):
        existing = await volunteer_repository.get_by_phone(session, volunteer.phone)
        if existing is not None:
            ids[volunteer.key] = existing.id
            continue
        # Joined over the last months, the earliest first.
        joined = now - timedelta(days=180 - 5 * number, hours=number)
        created, _ = await volunteer_service.create(
            session, _create(volunteer), now=joined
        )
        shifts = shifts_of(volunteer.key)
        if shifts:
            await volunteer_service.replace_shifts(session, created.id, shifts)
        ids[volunteer.key] = created.id
    return ids


def new_password() -> str:
    return secrets.token_urlsafe(12)


async def ensure_coordinator(session: AsyncSession, *, now: datetime) -> str:
    """The demo account, an admin (so a newcomer sees every screen, the audit log
    included), with a fresh random console password (returned, shown once). On a
    second run the account stays and only the password changes."""
    password = new_password()
    try:
        await auth_service.create_coordinator(
            session,
            DEMO_COORDINATOR,
            now=now - timedelta(days=200),
            password=password,
            role=Role.ADMIN,
        )
    except Conflict:
        await session.rollback()
        await auth_service.set_password(
            session, username=DEMO_COORDINATOR, password=password
        )
    return password


def operators(volunteers: Sequence[DemoVolunteer] = VOLUNTEERS) -> list[DemoVolunteer]:
    return [v for v in volunteers if v.is_operator]


def field_volunteers(
    volunteers: Sequence[DemoVolunteer] = VOLUNTEERS,
) -> list[DemoVolunteer]:
    return [v for v in volunteers if v.is_field]
