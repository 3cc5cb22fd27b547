"""Helpers for the queue e2e suite: reach the queue quickly, read the call log back.

Assertions go to the database (call rows, timelines, volunteers) and to the simulator
(who was rung, in which order, what each party heard).
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select

from app.calls.models import Call, CallEvent
from app.queue.backend import QueueBackend
from app.queue.memory_backend import InMemoryQueueBackend
from app.queue.redis_backend import RedisQueueBackend
from app.volunteers.models import Volunteer
from tests.support.harness import Hotline
from twilio_simulator import (
    EntryKind,
    HangUpWhenQueued,
    Press,
    ScriptedCaller,
    SimCall,
)
from twilio_simulator.parties import Step


class OpenHotline(Protocol):
    """The `open_hotline` fixture: instances plus queue-settings overrides."""

    def __call__(
        self, *, instances: int = 1, **queue: Any
    ) -> AbstractAsyncContextManager[Hotline]: ...


LANGUAGE_KEY = {"nl": "1", "fr": "2", "en": "3", "de": "4"}


def queue_caller(
    language: str = "nl",
    *,
    then: tuple[Step, ...] = (),
    talk_s: float | None = 30.0,
) -> ScriptedCaller:
    """A caller who picks `language`, asks for a volunteer (0) at once, then `then`."""
    steps: list[Step] = [
        Press(LANGUAGE_KEY[language], after_s=0.5),
        Press("0", after_s=0.5),
        *then,
    ]
    return ScriptedCaller(steps, talk_s=talk_s)


def hanging_up_in_queue(language: str, after_s: float) -> ScriptedCaller:
    return queue_caller(language, then=(HangUpWhenQueued(after_s),))


@dataclass(frozen=True)
class Event:
    kind: str
    detail: dict[str, Any]
    at: datetime


async def call_row(hotline: Hotline, call_sid: str) -> Call:
    async with hotline.session() as session:
        row = await session.scalar(select(Call).where(Call.twilio_call_sid == call_sid))
    assert row is not None, f"no call row for {call_sid}"
    return row


async def timeline(hotline: Hotline, call_sid: str) -> list[Event]:
    async with hotline.session() as session:
        rows = await session.execute(
            select(CallEvent)
            .join(Call, Call.id == CallEvent.call_id)
            .where(Call.twilio_call_sid == call_sid)
            .order_by(CallEvent.id)
        )
        return [Event(e.kind, dict(e.detail), e.occurred_at) for e in rows.scalars()]


async def kinds(hotline: Hotline, call_sid: str) -> list[str]:
    """The call's timeline without status callbacks and IVR steps."""
    skipped = {"status", "input", "no_input", "menu_entered", "language_chosen"}
    return [e.kind for e in await timeline(hotline, call_sid) if e.kind not in skipped]


def of_kind(events: list[Event], kind: str) -> list[Event]:
    return [e for e in events if e.kind == kind]


async def volunteer(hotline: Hotline, volunteer_id: int) -> Volunteer:
    async with hotline.session() as session:
        row = await session.get(Volunteer, volunteer_id)
    assert row is not None
    return row


async def rows_of_purpose(hotline: Hotline, purpose: str) -> list[Call]:
    async with hotline.session() as session:
        rows = await session.execute(
            select(Call).where(Call.purpose == purpose).order_by(Call.id)
        )
        return list(rows.scalars())


def legs_to(hotline: Hotline, *numbers: str) -> list[SimCall]:
    """Outbound legs the app placed to these numbers, in the order it placed them."""
    return [
        call
        for call in hotline.sim.calls.values()
        if call.direction == "outbound-api" and (not numbers or call.to in numbers)
    ]


def rung_order(hotline: Hotline, phones: dict[str, str]) -> list[str]:
    """Names of the phones the app rang, in order (`phones`: number -> name)."""
    return [phones[c.to] for c in legs_to(hotline) if c.to in phones]


def heard(call: SimCall) -> str:
    return "\n".join(call.transcript.heard())


def conference_of(call: SimCall) -> str | None:
    joined = call.transcript.of_kind(EntryKind.CONFERENCE_JOINED)
    return joined[0].text if joined else None


def seconds(later: datetime, earlier: datetime) -> float:
    return (later - earlier).total_seconds()


def prompt(hotline: Hotline, pack: str, key: str, /, **values: object) -> str:
    """The text of prompt `key` in language `pack`, as a party hears it."""
    return hotline.state.catalogue[pack].text(key, **values)


async def lose_entry(queue: QueueBackend, entry_id: str) -> None:
    """The store loses one waiting entry as a failover losing the last writes does:
    gone from the queue, and no departure (nobody took it out)."""
    if isinstance(queue, RedisQueueBackend):
        key = queue.prefix + "entry:" + entry_id
        language = await queue.client.hget(key, "language")
        assert isinstance(language, str), f"{entry_id} is not in the queue"
        await queue.client.zrem(queue.prefix + "queue:" + language, entry_id)
        await queue.client.zrem(queue.prefix + "waiting:" + language, entry_id)
        await queue.client.delete(key)
        return
    assert isinstance(queue, InMemoryQueueBackend)
    assert await queue.remove(entry_id) is not None
    # A process has no failover: the entry's departure is forgotten by hand.
    queue._departures.pop(entry_id)
