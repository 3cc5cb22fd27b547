"""State of the simulated Twilio account: numbers, calls, queues, conferences, messages.

Plain data plus small helpers; no TwiML execution and no HTTP here.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from twilio_simulator.clock import Signal, Timekeeper
from twilio_simulator.parties import Party
from twilio_simulator.transcript import EntryKind, Transcript, TranscriptEntry

API_VERSION = "2010-04-01"
DEFAULT_HOLD_MUSIC_URL = (
    "http://com.twilio.music.classical.s3.amazonaws.com/BusyStrings.mp3"
)

# Calling-code prefixes for the FromCountry/ToCountry lookup; longest match wins.
_COUNTRY_PREFIXES = {
    "+32": "BE",
    "+31": "NL",
    "+33": "FR",
    "+49": "DE",
    "+352": "LU",
    "+44": "GB",
    "+1": "US",
}


def new_sid(prefix: str) -> str:
    return prefix + secrets.token_hex(16)


def country_of(number: str) -> str:
    for prefix in sorted(_COUNTRY_PREFIXES, key=len, reverse=True):
        if number.startswith(prefix):
            return _COUNTRY_PREFIXES[prefix]
    return ""


@dataclass(frozen=True)
class SimOptions:
    """Timing and the behaviours TWILIO.md leaves open ([?] there)."""

    webhook_timeout_s: float = 15.0
    words_per_second: float = 2.5
    min_say_s: float = 1.0
    # How long a <Say> lasts at the voice's normal rate: (text, language) -> s;
    # None: words / words_per_second. The app's tests pass its own duration model
    # (app/ivr/timing.py). Prosody rate and breaks apply on top, either way.
    say_seconds: Callable[[str, str], float] | None = None
    play_s: float = 5.0
    media_s: Mapping[str, float] = field(default_factory=dict)
    hold_music_s: float = 30.0
    think_s: float = 1.0
    inter_digit_s: float = 0.3
    min_wait_cycle_s: float = 1.0
    busy_after_s: float = 1.0
    empty_queue_dial_status: str = "no-answer"
    declined_whisper_dial_status: str = "completed"
    error_announcement: str = (
        "We are sorry, an application error has occurred. Goodbye."
    )


class CallStatus(StrEnum):
    QUEUED = "queued"
    INITIATED = "initiated"
    RINGING = "ringing"
    IN_PROGRESS = "in-progress"
    COMPLETED = "completed"
    BUSY = "busy"
    FAILED = "failed"
    NO_ANSWER = "no-answer"
    CANCELED = "canceled"


FINAL_STATUSES = frozenset(
    {
        CallStatus.COMPLETED,
        CallStatus.BUSY,
        CallStatus.FAILED,
        CallStatus.NO_ANSWER,
        CallStatus.CANCELED,
    }
)


@dataclass(frozen=True)
class DocumentSource:
    """Where the next TwiML document comes from: a URL to request, or inline TwiML."""

    url: str | None = None
    method: str = "POST"
    twiml: str | None = None
    params: Mapping[str, str] = field(default_factory=dict)
    kind: str = "action"


@dataclass(frozen=True)
class StatusCallback:
    url: str
    method: str = "POST"
    events: frozenset[str] = frozenset({"completed"})


@dataclass
class PhoneNumber:
    number: str
    sid: str
    voice_url: str
    voice_method: str = "POST"
    voice_fallback_url: str | None = None
    voice_fallback_method: str = "POST"
    status_callback: str | None = None
    status_callback_method: str = "POST"
    sms_url: str | None = None
    sms_method: str = "POST"


class SimCall:
    """One call leg. Implements `parties.CallHandle` for its party."""

    def __init__(
        self,
        *,
        account_sid: str,
        from_: str,
        to: str,
        direction: str,
        party: Party | None,
        timekeeper: Timekeeper,
        parent_call_sid: str | None = None,
        status_callback: StatusCallback | None = None,
        fallback: DocumentSource | None = None,
        timeout_s: float = 60.0,
        machine_detection: bool = False,
    ) -> None:
        self._sid = new_sid("CA")
        self.account_sid = account_sid
        self._from = from_
        self._to = to
        self.direction = direction
        self.party = party
        self._timekeeper = timekeeper
        self.parent_call_sid = parent_call_sid
        self.status_callback = status_callback
        self.fallback = fallback
        self.timeout_s = timeout_s
        self.machine_detection = machine_detection
        now = timekeeper.now()
        self.created_at = now
        self.updated_at = now
        self.start_time: datetime | None = None
        self.end_time: datetime | None = None
        self.status = CallStatus.QUEUED
        self.status_history: list[tuple[datetime, CallStatus]] = [(now, self.status)]
        self.answered_by: str | None = None
        self.queue_member: QueueMember | None = None
        self.queue_time_s = 0
        self.conference_name: str | None = None
        self.hangup_by: str | None = None
        self.pending_redirect: DocumentSource | None = None
        self.wake = Signal()
        self.hungup = Signal()
        self.ended = Signal()
        self.callback_sequence = 0
        self.transcript = Transcript(now)
        self._timers: set[asyncio.Task[None]] = set()

    @property
    def sid(self) -> str:
        return self._sid

    @property
    def from_(self) -> str:
        return self._from

    @property
    def to(self) -> str:
        return self._to

    @property
    def role(self) -> str:
        return self.party.role if self.party is not None else "callee"

    @property
    def is_live(self) -> bool:
        return self.status not in FINAL_STATUSES

    @property
    def duration_s(self) -> int | None:
        if self.start_time is None or self.end_time is None:
            return None
        return int((self.end_time - self.start_time).total_seconds())

    @property
    def events(self) -> list[TranscriptEntry]:
        return self.transcript.events()

    def log(
        self, kind: EntryKind, text: str = "", detail: Mapping[str, str] | None = None
    ) -> TranscriptEntry:
        entry = TranscriptEntry(self._timekeeper.now(), kind, text, dict(detail or {}))
        self.transcript.add(entry)
        if self.party is not None:
            self.party.observe(self, entry)
        return entry

    def set_status(self, status: CallStatus) -> None:
        now = self._timekeeper.now()
        self.status = status
        self.updated_at = now
        self.status_history.append((now, status))

    def hang_up(self, by: str | None = None) -> None:
        if self.hangup_by is not None or not self.is_live:
            return
        self.hangup_by = by or self.role
        self.hungup.set()
        self.wake.set()

    def redirect(self, source: DocumentSource) -> None:
        self.pending_redirect = source
        self.wake.set()

    def consume_wake(self) -> None:
        if self.wake.is_set():
            self.wake = Signal()

    def hang_up_after(self, seconds: float) -> None:
        self.start_timer(seconds)

    def start_timer(self, seconds: float) -> asyncio.Task[None]:
        """Hang up after `seconds` unless the timer is cancelled first."""
        task = asyncio.get_running_loop().create_task(self._hang_up_later(seconds))
        self._timekeeper.track(task)
        self._timers.add(task)
        task.add_done_callback(self._timers.discard)
        return task

    async def _hang_up_later(self, seconds: float) -> None:
        await self._timekeeper.sleep(seconds)
        self.hang_up()

    def cancel_timers(self) -> None:
        for task in list(self._timers):
            task.cancel()

    def voice_params(self, status: str | None = None) -> dict[str, str]:
        """Standard request parameters (TWILIO.md 1.2), incl. legacy aliases."""
        params = {
            "CallSid": self.sid,
            "AccountSid": self.account_sid,
            "From": self.from_,
            "To": self.to,
            "Caller": self.from_,
            "Called": self.to,
            "CallStatus": status or self.status.value,
            "ApiVersion": API_VERSION,
            "Direction": self.direction,
        }
        for side, number in (("From", self.from_), ("To", self.to)):
            alias = "Caller" if side == "From" else "Called"
            for field_name in ("City", "State", "Zip"):
                params[side + field_name] = ""
                params[alias + field_name] = ""
            params[side + "Country"] = country_of(number)
            params[alias + "Country"] = country_of(number)
        if self.parent_call_sid is not None:
            params["ParentCallSid"] = self.parent_call_sid
        if self.answered_by is not None and self.machine_detection:
            params["AnsweredBy"] = self.answered_by
        return params


class BridgeRequest:
    """An agent's `<Dial><Queue>` picked this member: whisper, then connect."""

    def __init__(
        self, *, dialer: SimCall, whisper: DocumentSource | None, queue: SimQueue
    ) -> None:
        self.dialer = dialer
        self.whisper = whisper
        self.queue = queue
        self.connected = Signal()
        self.ended = Signal()
        self.connected_at: datetime | None = None
        self.ended_at: datetime | None = None


@dataclass(frozen=True)
class RedirectRequest:
    """A REST member update: leave the queue and run another document."""

    source: DocumentSource


@dataclass(eq=False)
class QueueMember:
    call: SimCall
    queue: SimQueue
    enqueued_at: datetime
    request: BridgeRequest | RedirectRequest | None = None

    def wait_s(self, now: datetime) -> int:
        return int((now - self.enqueued_at).total_seconds())


@dataclass(eq=False)
class SimQueue:
    sid: str
    friendly_name: str
    max_size: int
    created_at: datetime
    updated_at: datetime
    members: list[QueueMember] = field(default_factory=list)
    arrival: Signal = field(default_factory=Signal)

    def add(self, member: QueueMember) -> None:
        self.members.append(member)
        arrival, self.arrival = self.arrival, Signal()
        arrival.set()

    def remove(self, member: QueueMember) -> None:
        if member in self.members:
            self.members.remove(member)

    def position(self, member: QueueMember) -> int:
        return self.members.index(member) + 1

    def average_wait_s(self, now: datetime) -> int:
        if not self.members:
            return 0
        return sum(member.wait_s(now) for member in self.members) // len(self.members)

    def front(self) -> QueueMember | None:
        return self.members[0] if self.members else None


@dataclass(eq=False)
class Participant:
    call: SimCall
    start_on_enter: bool
    end_on_exit: bool
    joined_at: datetime


@dataclass(eq=False)
class Conference:
    sid: str
    name: str
    created_at: datetime
    participants: dict[str, Participant] = field(default_factory=dict)
    started: Signal = field(default_factory=Signal)
    ended: Signal = field(default_factory=Signal)


@dataclass(eq=False)
class SimMessage:
    sid: str
    account_sid: str
    from_: str
    to: str
    body: str
    direction: str
    status: str
    created_at: datetime
    updated_at: datetime
    sent_at: datetime | None = None
    status_callback: str | None = None
    status_callback_method: str = "POST"


def queue_named(queues: Mapping[str, SimQueue], name: str) -> SimQueue | None:
    return next((q for q in queues.values() if q.friendly_name == name), None)
