"""Plays a demo day through the real hotline, on the Twilio simulator's virtual clock.

Callers dial in at their planned times and press their keys; operators' phones ring
in the simulator and are answered (or not); the app's own heartbeat applies shift
edges and sends the matching waves; field volunteers answer their texts by SMS; the
coordinator's actions go through the services behind the console's buttons. Only
the clock is simulated, and the day ends at `now`: the console's "today" is this day.

Seeding is idempotent: the coordinator and the volunteers are created once, and a
day is only played when none of the demo's operators was rung in its time window.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app.calls import repository as call_repository
from app.config import Settings
from app.db import create_engine, create_sessionmaker
from app.errors import AppError
from app.help_requests import repository as request_repository
from app.help_requests.models import HelpRequest
from app.help_requests.schemas import HelpRequestCreate
from app.ivr import hours
from app.matching import repository as matching_repository
from app.matching import service as matching_service
from app.state import HotlineState
from app.volunteers import repository as volunteer_repository
from app.volunteers import service as volunteer_service
from app.volunteers.models import Volunteer
from demo import records, roster
from demo.day import (
    LAST_ACTION_BEFORE_END,
    Action,
    AssignRequest,
    CloseRequest,
    DayPlan,
    EnterOnBehalf,
    PlannedCall,
    SetAway,
    day_window,
    plan_day,
)
from demo.records import DaySummary
from demo.sandbox import Sandbox, sandbox
from twilio_simulator.clock import VirtualClock
from twilio_simulator.parties import OperatorPhone, ScriptedCaller
from twilio_simulator.transcript import EntryKind

logger = logging.getLogger(__name__)

ACTOR = roster.DEMO_COORDINATOR
# The app's heartbeat during the demo, in virtual seconds (2 s in production): shift
# edges, matching waves and callbacks wait at most 5 minutes, at a fraction of the
# cost (the heartbeat was most of the demo's work at 60 s).
HEARTBEAT_S = 300.0
# How often the field volunteers look at their phones.
LOOK_EVERY = timedelta(minutes=3)
# SMS habits, minutes from the offer to the reply.
REPLY_AFTER_MIN = {"eager": (2.0, 8.0), "slow": (8.0, 25.0), "declines": (1.0, 6.0)}
# Minutes from a match to DONE, by need; company visits are for another day.
DONE_AFTER_MIN = {
    "groceries": (50.0, 110.0),
    "pharmacy": (35.0, 80.0),
    "other": (60.0, 120.0),
}
WORDS = {
    "yes": {"nl": "JA", "fr": "OUI", "en": "YES", "de": "JA"},
    "no": {"nl": "NEE", "fr": "NON", "en": "NO", "de": "NEIN"},
    "done": {"nl": "KLAAR", "fr": "FINI", "en": "DONE", "de": "FERTIG"},
}


@dataclass(frozen=True)
class SeededDemo:
    password: str
    start: datetime
    end: datetime
    # None: the database already had calls in this window, so nothing was added.
    plan: DayPlan | None
    summary: DaySummary
    # One answered call of the day, as the caller heard it.
    transcript: str | None = None


@dataclass(frozen=True)
class _Reply:
    at: datetime
    volunteer: roster.DemoVolunteer
    verb: str
    request_id: int
    code: str

    @property
    def body(self) -> str:
        return f"{WORDS[self.verb][self.volunteer.languages[0]]} {self.code}"


@dataclass
class _Neighbours:
    """The field volunteers' phones: they read their texts and answer by SMS."""

    box: Sandbox
    ids: dict[str, int]
    rng: random.Random
    end: datetime
    _read: int = 0
    _seen: set[int] = field(default_factory=set)
    _outbox: list[_Reply] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._people = {v.phone: v for v in roster.field_volunteers()}

    async def look(self) -> None:
        now = self.box.state.clock.now()
        messages = self.box.sim.messages
        texted = {m.to for m in messages[self._read :] if m.to in self._people}
        self._read = len(messages)
        if texted:
            async with self.box.state.sessionmaker() as session:
                for phone in sorted(texted):
                    await self._read_offers(session, self._people[phone], now)
        due = [reply for reply in self._outbox if reply.at <= now]
        self._outbox = [reply for reply in self._outbox if reply.at > now]
        for reply in due:
            await self._send(reply, now)

    async def _read_offers(
        self, session: AsyncSession, volunteer: roster.DemoVolunteer, now: datetime
    ) -> None:
        offers = await matching_repository.pending_offers_of_volunteer(
            session, self.ids[volunteer.key]
        )
        for offer in offers:
            if offer.id in self._seen or volunteer.replies == "silent":
                continue
            self._seen.add(offer.id)
            request = await request_repository.get(session, offer.request_id)
            if request is None or request.short_code is None:
                continue
            low, high = REPLY_AFTER_MIN[volunteer.replies]
            verb = "no" if volunteer.replies == "declines" else "yes"
            self._post(now, (low, high), volunteer, verb, request)

    def _post(
        self,
        now: datetime,
        minutes: tuple[float, float],
        volunteer: roster.DemoVolunteer,
        verb: str,
        request: HelpRequest,
    ) -> None:
        at = now + timedelta(minutes=self.rng.uniform(*minutes))
        if request.short_code and at <= self.end - LAST_ACTION_BEFORE_END:
            self._outbox.append(
                _Reply(at, volunteer, verb, request.id, request.short_code)
            )

    def expect_done(
        self, volunteer: roster.DemoVolunteer, request: HelpRequest, now: datetime
    ) -> None:
        minutes = DONE_AFTER_MIN.get(request.need or "other")
        if minutes is not None:
            self._post(now, minutes, volunteer, "done", request)

    async def _send(self, reply: _Reply, now: datetime) -> None:
        await self.box.sim.send_sms(
            from_=reply.volunteer.phone, to=self.box.hotline_number, body=reply.body
        )
        if reply.verb != "yes":
            return
        async with self.box.state.sessionmaker() as session:
            request = await request_repository.get(session, reply.request_id)
        if (
            request is not None
            and request.status == "matched"
            and request.volunteer_id == self.ids[reply.volunteer.key]
        ):
            self.expect_done(reply.volunteer, request, now)


class _Day:
    def __init__(self, box: Sandbox, plan: DayPlan, ids: dict[str, int]) -> None:
        self.box = box
        self.plan = plan
        self.ids = ids
        self.clock = box.state.clock
        self.neighbours = _Neighbours(
            box, ids, random.Random(f"neighbours-{plan.start.date()}"), plan.end
        )
        self.sids: dict[str, str] = {}
        self.next_look = plan.start + LOOK_EVERY

    async def play(self) -> str | None:
        for volunteer in roster.operators():
            self.box.sim.phone(
                volunteer.phone,
                # After each call the operator wraps up by phone: a neighbour
                # should help (1), and a short spoken note.
                OperatorPhone(
                    answer_after_s=volunteer.answer_after_s,
                    talk_s=None,
                    wrapup="1",
                    note_s=6,
                )
                if volunteer.answers_phone
                else OperatorPhone.no_answer(),
            )
        await ring_only(
            self.box.state, {str(self.ids[v.key]) for v in roster.operators()}
        )
        # Shift edges from here on decide who is on duty (a new day, a fresh start).
        await off_duty(self.box, source="demo", states=("available", "away"))
        moments: list[tuple[datetime, PlannedCall | Action]] = [
            *((call.at, call) for call in self.plan.calls),
            *((action.at, action) for action in self.plan.actions),
        ]
        for at, item in sorted(moments, key=lambda moment: moment[0]):
            await self._until(at)
            if isinstance(item, PlannedCall):
                await self._place(item)
            else:
                await self._act(item)
        await self._until(self.plan.end)
        if any(call.is_live for call in self.box.sim.calls.values()):
            # A call still going on at "now": let it end (a few minutes past now).
            await self.box.sim.run_until_idle(max_virtual_seconds=1800)
        return self._shortest_answered_call()

    def _shortest_answered_call(self) -> str | None:
        """The transcript of the day's shortest call that reached an operator."""
        answered = [
            call.transcript
            for call in self.box.sim.calls.values()
            if call.direction == "inbound"
            and call.transcript.of_kind(EntryKind.ENQUEUED)
            and call.transcript.of_kind(EntryKind.CONFERENCE_JOINED)
        ]
        if not answered:
            return None
        return min(answered, key=lambda t: len(t.entries)).format()

    async def _until(self, moment: datetime) -> None:
        while self.next_look <= moment:
            await self._advance_to(self.next_look)
            await self.neighbours.look()
            self.next_look += LOOK_EVERY
        await self._advance_to(moment)

    async def _advance_to(self, moment: datetime) -> None:
        seconds = (moment - self.clock.now()).total_seconds()
        if seconds > 0:
            await self.box.sim.advance(seconds)

    async def _place(self, call: PlannedCall) -> None:
        if call.answers_phone:
            self.box.sim.phone(call.from_, ScriptedCaller(talk_s=call.talk_s))
        placed = await self.box.sim.place_call(
            from_=call.from_,
            to=self.box.hotline_number,
            party=ScriptedCaller(call.steps, talk_s=call.talk_s),
        )
        if call.key is not None:
            self.sids[call.key] = placed.sid

    async def _act(self, action: Action) -> None:
        state = self.box.state
        async with state.sessionmaker() as session:
            try:
                await self._do(session, action)
            except AppError as exc:
                # The day went another way (someone took the request first): a
                # coordinator would move on too.
                logger.debug("demo action %s skipped: %s", action, exc.message)

    async def _do(self, session: AsyncSession, action: Action) -> None:
        state = self.box.state
        match action:
            case CloseRequest(call_key=key, reason=reason, note=note):
                request = await self._request_of(session, key)
                if request is not None:
                    await matching_service.close(
                        session,
                        state,
                        request.id,
                        reason=reason,
                        note=note,
                        actor=ACTOR,
                    )
            case AssignRequest(call_key=key, volunteer_key=volunteer_key):
                request = await self._request_of(session, key)
                if request is not None:
                    assigned = await matching_service.assign(
                        session,
                        state,
                        request.id,
                        self.ids[volunteer_key],
                        actor=ACTOR,
                    )
                    self.neighbours.expect_done(
                        roster.BY_KEY[volunteer_key], assigned, self.clock.now()
                    )
            case EnterOnBehalf():
                self.box.sim.phone(action.phone, ScriptedCaller(talk_s=60))
                await matching_service.create_on_behalf(
                    session,
                    state,
                    HelpRequestCreate.model_validate(
                        {
                            "phone_number": action.phone,
                            "requester_name": action.requester_name,
                            "language": action.language,
                            "need": action.need,
                            "postcode": action.postcode,
                            "address_street": action.street,
                            "address_number": action.number,
                            "notes": action.notes,
                            "organisation": action.organisation,
                        }
                    ),
                    source="console",
                    actor=ACTOR,
                )
            case SetAway():
                await self._break(session)

    async def _request_of(self, session: AsyncSession, key: str) -> HelpRequest | None:
        sid = self.sids.get(key)
        call = await call_repository.get_by_sid(session, sid) if sid else None
        if call is None:
            return None
        return await request_repository.get_for_call(session, call.id)

    async def _break(self, session: AsyncSession) -> None:
        """The coordinator gives a free operator a break (set away)."""
        state = self.box.state
        phones = {v.phone for v in roster.operators()}
        for volunteer in await _demo_operators(session, "available", phones):
            if await volunteer_service.live_state(state, volunteer) == "available":
                await volunteer_service.set_away(
                    session, state, volunteer, source=f"console:{ACTOR}"
                )
                return


async def ring_only(state: HotlineState, operator_ids: set[str]) -> None:
    """Only these operators can be offered calls in this process. Others on duty
    in the database (restored into the pool at start-up) keep their duty there, but
    the simulator has no phone for them: ringing them would only count missed
    offers against them."""
    snapshot = await state.queue.snapshot(state.clock.now().timestamp())
    for operator in snapshot.operators:
        if operator.presence.operator_id not in operator_ids:
            await state.queue.set_unavailable(operator.presence.operator_id)


async def _demo_operators(
    session: AsyncSession, duty_state: str, phones: set[str]
) -> list[Volunteer]:
    volunteers, _ = await volunteer_repository.list_volunteers(
        session, role="operator", duty_state=duty_state, limit=10_000, offset=0
    )
    return [v for v in volunteers if v.phone_number in phones]


async def off_duty(
    box: Sandbox, *, source: str, states: tuple[str, ...] = ("available",)
) -> None:
    """The demo's operators in `states` go off duty. At the end of the demo: the
    real server started afterwards must not ring a simulated phone (the ones set
    away stay away: on the board, and never rung)."""
    phones = {v.phone for v in roster.operators()}
    async with box.state.sessionmaker() as session:
        for duty_state in states:
            for volunteer in await _demo_operators(session, duty_state, phones):
                await volunteer_service.set_duty(
                    session, box.state, volunteer, on_duty=False, source=source
                )


def _demo_settings(settings: Settings) -> Settings:
    queue = settings.queue.model_copy(update={"dispatch_tick_s": HEARTBEAT_S})
    return settings.model_copy(update={"queue": queue})


async def seed_demo(
    settings: Settings, *, now: datetime | None = None, calls_per_day: float = 60.0
) -> SeededDemo:
    """Seed the demo on `settings`' database: the day from 07:00 until `now` (real
    time by default). `calls_per_day` callers on top of the core scenes."""
    if settings.env == "production":
        raise AppError("the demo plays a simulated day: never on production")
    start, end = day_window(now or datetime.now(UTC), settings.console.timezone)
    engine = create_engine(settings.database.url)
    try:
        async with create_sessionmaker(engine)() as session:
            password = await roster.ensure_coordinator(session, now=start)
            ids = await roster.ensure_volunteers(session, now=start)
            # Played already if the demo's operators were rung in this window (a
            # call of `hotline call`, answered by another operator, does not count).
            is_played = await records.calls_with(session, ids.values(), since=start) > 0
            taken = await records.known_numbers(session)
    finally:
        await engine.dispose()
    plan = None
    transcript = None
    if not is_played:
        plan = plan_day(
            start=start,
            end=end,
            is_open=lambda moment: hours.is_open(moment, settings.ivr),
            rng=random.Random(f"demo-{start.date()}"),
            taken_numbers=taken,
            calls_per_day=calls_per_day,
        )
        async with sandbox(
            _demo_settings(settings), clock=VirtualClock(start), run_ticker=True
        ) as box:
            transcript = await _Day(box, plan, ids).play()
            await off_duty(box, source="demo")
    engine = create_engine(settings.database.url)
    try:
        async with create_sessionmaker(engine)() as session:
            summary = await records.summarise(session, since=start)
    finally:
        await engine.dispose()
    return SeededDemo(password, start, end, plan, summary, transcript)
