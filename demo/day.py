"""A day at the hotline, planned: who calls when and what they press, and what the
coordinator does in between. Pure: no I/O and no clock here; times come in, and the
randomness is a seeded `random.Random`.

Every outcome and every request status appears on any day: a fixed set of scripted
scenes early in the day (the "core") covers them, and `filler` callers spread over the
day by an hourly profile make it look like a day. The core relies on the roster's
shift table: nobody is on duty before 08:30.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.phone_numbers import to_e164
from demo import roster
from twilio_simulator.parties import (
    HangUp,
    HangUpAfterPrompts,
    HangUpWhenQueued,
    Press,
    Step,
    Talk,
)

LANGUAGE_KEYS = {"nl": "1", "fr": "2", "en": "3", "de": "4"}
NEED_KEYS = {"groceries": "1", "pharmacy": "2", "company": "3", "other": "4"}

DAY_STARTS = time(7, 0)
# Before 11:30 local time there is too little of today to show: the demo plays
# yesterday from 07:00 too (the night in between is quiet, as nights are).
SHORTEST_TODAY = timedelta(hours=4, minutes=30)
# No new call this close to the end: every call is over when the day ends.
LAST_CALL_BEFORE_END = timedelta(minutes=25)
LAST_ACTION_BEFORE_END = timedelta(minutes=5)

# Callers per hour, by local hour (about 60 from 07:00 to 21:00).
CALLS_PER_HOUR = (
    *(0.2,) * 7,
    *(1.0, 4.0, 6.0, 7.0, 6.0, 4.0, 4.0, 6.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0),
    *(0.5,) * 3,
)


@dataclass(frozen=True)
class Area:
    weight: float
    postcodes: tuple[str, ...]
    languages: dict[str, float]
    # National number prefix (after +32) of the area's landlines.
    landline: str


AREAS: dict[str, Area] = {
    "brussels": Area(
        0.58,
        (
            "1000",
            "1030",
            "1040",
            "1050",
            "1060",
            "1070",
            "1080",
            "1090",
            "1140",
            "1180",
            "1200",
            "1210",
        ),
        {"fr": 0.57, "nl": 0.33, "en": 0.1},
        "2",
    ),
    "leuven": Area(0.1, ("3000", "3010"), {"nl": 0.85, "en": 0.15}, "16"),
    "antwerp": Area(0.12, ("2000", "2018", "2060"), {"nl": 0.9, "en": 0.1}, "3"),
    "liege": Area(0.08, ("4000", "4020"), {"fr": 1.0}, "4"),
    "eupen": Area(0.04, ("4700",), {"de": 0.8, "fr": 0.2}, "87"),
    # No field volunteer lives near these: their requests go to a coordinator.
    "namur": Area(0.03, ("5000",), {"fr": 1.0}, "81"),
    "oostende": Area(0.02, ("8400",), {"nl": 1.0}, "59"),
    "charleroi": Area(0.03, ("6000",), {"fr": 1.0}, "71"),
}
NEED_WEIGHTS = {"groceries": 0.45, "pharmacy": 0.25, "company": 0.2, "other": 0.1}


@dataclass(frozen=True)
class PlannedCall:
    at: datetime
    from_: str
    steps: tuple[Step, ...]
    talk_s: float | None = 180.0
    # Picks up when the hotline rings back (callback, confirmation of a match).
    answers_phone: bool = True
    # The coordinator's actions refer to a call by this key.
    key: str | None = None


@dataclass(frozen=True)
class CloseRequest:
    at: datetime
    call_key: str
    reason: str
    note: str


@dataclass(frozen=True)
class AssignRequest:
    at: datetime
    call_key: str
    volunteer_key: str


@dataclass(frozen=True)
class EnterOnBehalf:
    """A social worker or a neighbour phones the coordinators, who type it in."""

    at: datetime
    requester_name: str
    phone: str
    language: str
    need: str
    postcode: str
    street: str
    number: str
    organisation: str | None
    notes: str


@dataclass(frozen=True)
class SetAway:
    """The coordinator sets an available operator away (a break)."""

    at: datetime


Action = CloseRequest | AssignRequest | EnterOnBehalf | SetAway


@dataclass(frozen=True)
class DayPlan:
    start: datetime
    end: datetime
    calls: tuple[PlannedCall, ...]
    actions: tuple[Action, ...] = field(default=())


def day_window(now: datetime, timezone: str) -> tuple[datetime, datetime]:
    """From 07:00 local time (yesterday's, early in the morning) until `now`."""
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    start = datetime.combine(local.date(), DAY_STARTS, zone)
    if local - start < SHORTEST_TODAY:
        start = datetime.combine(local.date() - timedelta(days=1), DAY_STARTS, zone)
    return start, now


class _Numbers:
    """Belgian numbers nobody in the database has yet (so nobody is a returning
    caller whose language the menu would skip)."""

    def __init__(self, rng: random.Random, taken: Collection[str]) -> None:
        self._rng = rng
        self._taken = set(taken)

    def draw(self, area: Area) -> str:
        while True:
            if self._rng.random() < 0.35:
                national = self._rng.choice("789") + self._digits(7)
                national = "4" + national
            else:
                rest = 8 - len(area.landline)
                national = (
                    area.landline + self._rng.choice("23456") + self._digits(rest - 1)
                )
            number = to_e164("+32" + national)
            if number is not None and number not in self._taken:
                self._taken.add(number)
                return number

    def _digits(self, count: int) -> str:
        return "".join(self._rng.choice("0123456789") for _ in range(count))


def _menu(language: str, need: str, postcode: str) -> tuple[Step, ...]:
    return (Press(LANGUAGE_KEYS[language]), Press(NEED_KEYS[need]), Press(postcode))


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


class _Planner:
    def __init__(
        self,
        *,
        start: datetime,
        end: datetime,
        is_open: Callable[[datetime], bool],
        rng: random.Random,
        taken: Collection[str],
    ) -> None:
        self.start = start
        self.end = end
        self.is_open = is_open
        self.rng = rng
        self.numbers = _Numbers(rng, taken)
        self.calls: list[PlannedCall] = []
        self.actions: list[Action] = []

    @property
    def last_call_at(self) -> datetime:
        return self.end - LAST_CALL_BEFORE_END

    def at(self, minutes: float) -> datetime:
        """`minutes` after 07:00 of the first day."""
        return self.start + timedelta(minutes=minutes)

    def call(
        self,
        at: datetime,
        area: str,
        steps: tuple[Step, ...],
        *,
        talk_s: float | None = 180.0,
        answers_phone: bool = True,
        key: str | None = None,
    ) -> None:
        if at <= self.last_call_at:
            self.calls.append(
                PlannedCall(
                    at=at,
                    from_=self.numbers.draw(AREAS[area]),
                    steps=steps,
                    talk_s=talk_s,
                    answers_phone=answers_phone,
                    key=key,
                )
            )

    def act(self, action: Action) -> None:
        if action.at <= self.end - LAST_ACTION_BEFORE_END:
            self.actions.append(action)

    def in_office_hours(self, at: datetime) -> datetime | None:
        """The first moment from `at` on when the hotline is open, 09:00-18:00."""
        zone = self.start.tzinfo
        moment = at
        while moment <= self.last_call_at:
            hour = moment.astimezone(zone).hour
            if 9 <= hour < 18 and self.is_open(moment):
                return moment
            moment += timedelta(minutes=15)
        return None


def _core(p: _Planner) -> None:
    """One scene per outcome and per request status, in the first hours."""

    def before_first_shift(
        minutes: float, tail: tuple[Step, ...], talk_s: float = 180.0
    ) -> None:
        # Nobody is on duty yet: open, the caller gets the overflow menu (1 call me
        # back, 2 voicemail); closed, the voicemail of the closed hotline.
        at = p.at(minutes)
        if p.is_open(at):
            steps = (*_menu("fr", "groceries", "1030"), *tail)
        else:
            steps = (Press(LANGUAGE_KEYS["fr"]), Talk(35, finish_key="#"))
        p.call(at, "brussels", steps, talk_s=talk_s)

    before_first_shift(20, (Press("2"), Talk(25, finish_key="#")))
    p.call(p.at(45), "brussels", (HangUpAfterPrompts(2),))
    before_first_shift(70, (Press("1"),), talk_s=150.0)
    before_first_shift(75, (Press("2"), Talk(40, finish_key="#")))
    # Says nothing at the overflow menu: called back by default.
    before_first_shift(80, (), talk_s=200.0)
    # After 08:30: answered by an operator, then matched on the field.
    p.call(p.at(100), "brussels", _menu("fr", "groceries", "1030"), talk_s=240.0)
    p.call(p.at(110), "leuven", _menu("nl", "pharmacy", "3000"), talk_s=200.0)
    p.call(p.at(120), "brussels", _menu("en", "company", "1040"), talk_s=300.0)
    p.call(
        p.at(125),
        "brussels",
        (Press(LANGUAGE_KEYS["fr"]), Press(NEED_KEYS["groceries"]), Press("#")),
        key="no-postcode",
    )
    p.act(AssignRequest(p.at(155), "no-postcode", "luc"))
    p.call(p.at(135), "oostende", _menu("nl", "other", "8400"), key="out-of-area")
    p.act(
        CloseRequest(
            p.at(170),
            "out-of-area",
            "no_volunteer_found",
            "Passed on to the social services of Oostende.",
        )
    )
    # Four at once: someone waits, asks to be called back, someone gives up.
    p.call(p.at(145), "brussels", _menu("nl", "groceries", "1000"), talk_s=260.0)
    p.call(p.at(145.5), "brussels", _menu("fr", "pharmacy", "1060"), talk_s=200.0)
    p.call(
        p.at(146),
        "brussels",
        (*_menu("fr", "groceries", "1080"), Press("1", after_s=15)),
    )
    p.call(
        p.at(146.5),
        "brussels",
        (*_menu("nl", "company", "1210"), HangUpWhenQueued(75)),
    )
    # Nobody speaks German before the afternoon: she gives up before the fallback.
    p.call(
        p.at(160), "eupen", (*_menu("de", "groceries", "4700"), HangUpWhenQueued(50))
    )
    # Liège: the one neighbour near her never answers texts.
    p.call(p.at(170), "liege", _menu("fr", "groceries", "4020"), talk_s=150.0)
    p.call(p.at(180), "brussels", _menu("fr", "pharmacy", "1050"), key="cancelled")
    p.act(
        CloseRequest(
            p.at(200), "cancelled", "no_longer_needed", "Her daughter came by."
        )
    )


def _on_behalf(p: _Planner) -> None:
    social_worker_at = p.in_office_hours(p.start + (p.end - p.start) * 0.4)
    if social_worker_at is not None:
        p.act(
            EnterOnBehalf(
                at=social_worker_at,
                requester_name="Godelieve Peeters",
                phone="+3224101234",
                language="nl",
                need="pharmacy",
                postcode="1080",
                street="Ribaucourtstraat",
                number="12",
                organisation="OCMW Molenbeek",
                notes="Medicines to fetch every Friday; ring twice, she is deaf.",
            )
        )
    neighbour_at = p.in_office_hours(p.start + (p.end - p.start) * 0.7)
    if neighbour_at is not None:
        p.act(
            EnterOnBehalf(
                at=neighbour_at,
                requester_name="Jean-Pierre Lambert",
                phone="+3242223344",
                language="fr",
                need="groceries",
                postcode="4020",
                street="Rue des Vennes",
                number="45",
                organisation=None,
                notes="His neighbour called for him; he has no phone credit.",
            )
        )


def _filler_steps(p: _Planner, at: datetime) -> tuple[tuple[Step, ...], str, float]:
    rng = p.rng
    area_name = _pick(rng, {name: a.weight for name, a in AREAS.items()})
    area = AREAS[area_name]
    language = _pick(rng, area.languages)
    need = _pick(rng, NEED_WEIGHTS)
    postcode = rng.choice(area.postcodes)
    talk_s = rng.uniform(90, 420)
    if not p.is_open(at):
        if rng.random() < 0.65:
            return (
                (Press(LANGUAGE_KEYS[language]), Talk(rng.uniform(8, 60), "#")),
                area_name,
                talk_s,
            )
        return (Press(LANGUAGE_KEYS[language]), HangUp()), area_name, talk_s
    menu = _menu(language, need, postcode)
    kind = _pick(
        rng,
        {
            "wait": 0.48,
            "wait-or-voicemail": 0.2,
            "impatient": 0.1,
            "callback": 0.06,
            "operator": 0.05,
            "no-postcode": 0.04,
            "wrong-postcode": 0.03,
            "hangs-up": 0.04,
        },
    )
    steps: tuple[Step, ...]
    match kind:
        case "wait":
            steps = menu
        case "wait-or-voicemail":
            # Only heard when nobody can take the call: then voicemail, not a callback.
            steps = (*menu, Press("2"), Talk(rng.uniform(10, 45), "#"))
        case "impatient":
            steps = (*menu, HangUpWhenQueued(rng.uniform(40, 150)))
        case "callback":
            steps = (*menu, Press("1", after_s=rng.uniform(8, 25)))
        case "operator":
            steps = (Press(LANGUAGE_KEYS[language]), Press("0"))
        case "no-postcode":
            steps = (*menu[:2], Press("#"))
        case "wrong-postcode":
            steps = (*menu[:2], Press("9999"), menu[2])
        case _:
            steps = (Press(LANGUAGE_KEYS[language]), HangUpAfterPrompts(1))
    return steps, area_name, talk_s


def _filler(p: _Planner, per_day: float) -> None:
    zone = p.start.tzinfo
    slot = p.start.replace(minute=0, second=0, microsecond=0)
    while slot < p.last_call_at:
        slot_end = slot + timedelta(hours=1)
        begin, finish = max(slot, p.start), min(slot_end, p.last_call_at)
        share = (finish - begin) / timedelta(hours=1)
        rate = CALLS_PER_HOUR[slot.astimezone(zone).hour] * per_day / 60.0
        count = int(rate * share + p.rng.random())
        span = (finish - begin).total_seconds()
        for offset in sorted(p.rng.uniform(0, span) for _ in range(count)):
            at = begin + timedelta(seconds=offset)
            steps, area, talk_s = _filler_steps(p, at)
            p.call(at, area, steps, talk_s=talk_s, answers_phone=p.rng.random() < 0.85)
        slot = slot_end


def _this_morning(p: _Planner) -> None:
    """When the demo also plays yesterday: a few calls early today, so that the
    console's "today" is not empty at 08:00 (they reach the closed hotline's
    voicemail, or the hotline just opened)."""
    zone = p.start.tzinfo
    today = p.end.astimezone(zone).date()
    if p.start.astimezone(zone).date() == today:
        return
    midnight = datetime.combine(today, time(0), zone)
    begin = max(midnight, p.last_call_at - timedelta(hours=3))
    span = p.last_call_at - begin
    for share in (0.1, 0.5, 0.9):
        at = begin + span * share
        if at > midnight:
            steps, area, talk_s = _filler_steps(p, at)
            p.call(at, area, steps, talk_s=talk_s)


def _duty_line(p: _Planner) -> None:
    """Thomas has no shift: he calls in to go on duty, and later to go off."""
    thomas = roster.BY_KEY["thomas"].phone
    for minutes, key in ((185, "1"), (290, "2")):
        at = p.at(minutes)
        if at <= p.last_call_at and p.is_open(at):
            p.calls.append(
                PlannedCall(
                    at=at, from_=thomas, steps=(Press(key),), answers_phone=False
                )
            )


def plan_day(
    *,
    start: datetime,
    end: datetime,
    is_open: Callable[[datetime], bool],
    rng: random.Random,
    taken_numbers: Collection[str] = (),
    calls_per_day: float = 60.0,
) -> DayPlan:
    """The day from `start` (07:00 local) to `end`: the core scenes, the duty line,
    two requests entered on someone's behalf, a break, and `calls_per_day` more
    callers (over a whole day; 0 plays the core only)."""
    planner = _Planner(
        start=start,
        end=end,
        is_open=is_open,
        rng=rng,
        taken=set(taken_numbers) | {v.phone for v in roster.VOLUNTEERS},
    )
    _core(planner)
    _this_morning(planner)
    _duty_line(planner)
    _on_behalf(planner)
    planner.act(SetAway(end - timedelta(minutes=15)))
    if calls_per_day > 0:
        _filler(planner, calls_per_day)
    return DayPlan(
        start=start,
        end=end,
        calls=tuple(sorted(planner.calls, key=lambda c: c.at)),
        actions=tuple(sorted(planner.actions, key=lambda a: a.at)),
    )
