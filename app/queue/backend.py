"""The queue port: value types and the `QueueBackend` Protocol with its contract.

No I/O here. Implementations: `memory_backend.InMemoryQueueBackend` (one process) and
`redis_backend.RedisQueueBackend` (shared by every app instance); `tests/contract`
proves both against the contract below.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, Protocol

EntryKind = Literal["live", "callback"]

OperatorStatus = Literal["available", "wrap_up", "ringing", "on_call"]
"""available: dispatchable now; wrap_up: in the pool but idle_since is still in the
future; ringing: holds a pending offer; on_call: holds an accepted offer."""

MatchReason = Literal["first_choice", "any_language", "english_fallback"]

DepartureReason = Literal["accepted", "removed"]
"""accepted: an operator accepted the entry's offer; removed: `remove` took it out
(the caller hung up, chose a callback or a message, a callback was moved)."""

# How many recent departures a backend keeps (`QueueBackend.departure`): far more
# than leave the queue while one hold loop looks twice, even in a surge.
DEPARTURES_KEPT = 10_000

# Language codes travel through Redis keys and a comma-separated hash field.
_LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
# Ids become parts of Redis key names; keep them printable and free of separators.
_ID_RE = re.compile(r"^[A-Za-z0-9_.:@+-]{1,128}$")


def _check_language(language: str) -> None:
    if not _LANGUAGE_RE.match(language):
        raise ValueError(f"not a language code: {language!r}")


def _check_id(kind: str, value: str) -> None:
    if not _ID_RE.match(value):
        raise ValueError(f"invalid {kind}: {value!r}")


def _check_time(name: str, value: float) -> None:
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite epoch time, got {value!r}")


@dataclass(frozen=True, slots=True)
class QueuedCall:
    """A caller (or callback request) waiting for an operator.

    `entry_id` is the caller's CallSid, or "cb-..." for a callback request. Times are
    float epoch seconds (also the Redis score).
    """

    entry_id: str
    language: str
    enqueued_at: float
    kind: EntryKind
    need: str
    postcode: str | None
    caller_number: str
    call_log_id: int | None
    # A caller who chose no language: operators speaking these too come first.
    also_speaks: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_id("entry_id", self.entry_id)
        _check_language(self.language)
        for language in self.also_speaks:
            _check_language(language)
        _check_time("enqueued_at", self.enqueued_at)


@dataclass(frozen=True, slots=True)
class OperatorPresence:
    """An on-duty operator. `languages` is ordered: the first is the first choice.

    `idle_since` may lie in the future (wrap-up after a call): the operator is
    dispatchable only once `idle_since <= now`. Among dispatchable operators the one
    with the smallest `idle_since` (longest idle) goes first.
    """

    operator_id: str
    languages: tuple[str, ...]
    idle_since: float

    def __post_init__(self) -> None:
        _check_id("operator_id", self.operator_id)
        if not self.languages:
            raise ValueError("an operator speaks at least one language")
        if len(set(self.languages)) != len(self.languages):
            raise ValueError(f"duplicate languages: {self.languages!r}")
        for language in self.languages:
            _check_language(language)
        _check_time("idle_since", self.idle_since)


@dataclass(frozen=True, slots=True)
class Offer:
    """An entry reserved for one operator, whose phone is (about to be) ringing.

    `operator_idle_since` is the operator's idle_since at reservation time; `remove`
    restores it when the caller leaves during the offer. `accepted_at` is None while
    the offer is pending.
    """

    offer_id: str
    entry: QueuedCall
    operator_id: str
    created_at: float
    expires_at: float
    operator_call_sid: str | None
    operator_idle_since: float
    accepted_at: float | None = None

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None


@dataclass(frozen=True, slots=True)
class RemovedEntry:
    """What `remove` took out: the entry and, if it was offered, the withdrawn offer
    (whose ringing operator leg the caller of `remove` must cancel)."""

    entry: QueuedCall
    withdrawn_offer: Offer | None


@dataclass(frozen=True, slots=True)
class Departure:
    """How an entry recently left the queue on purpose (`QueueBackend.departure`).

    `offer_id` is the accepted offer for `accepted`, None for `removed`."""

    entry_id: str
    reason: DepartureReason
    offer_id: str | None = None


@dataclass(frozen=True, slots=True)
class OperatorState:
    """An on-duty operator as the backend sees them at `now`.

    `offer_id` / `entry_id` are set while ringing (pending offer) and on call (accepted
    offer).
    """

    presence: OperatorPresence
    status: OperatorStatus
    offer_id: str | None = None
    entry_id: str | None = None


@dataclass(frozen=True, slots=True)
class LanguageView:
    """Dispatch input for one language that has waiting, non-offered callers.

    `waiting`: oldest first. `first_choice`: dispatchable operators whose first language
    this is; `speakers`: dispatchable operators speaking it at any position (so it
    includes `first_choice`). Both longest-idle first.
    """

    waiting: tuple[QueuedCall, ...]
    first_choice: tuple[OperatorPresence, ...]
    speakers: tuple[OperatorPresence, ...]


@dataclass(frozen=True, slots=True)
class DispatchView:
    """Everything the pure policy (`policy.choose_next`) needs, read atomically.

    `languages` only holds languages with waiting, non-offered callers. Each list is
    cut at the `limit` given to `dispatch_view`. `english_speakers`: dispatchable
    operators speaking English at any position (the last-resort fallback).
    `languages_on_duty`: every language spoken by at least one on-duty operator,
    dispatchable or not (ringing, on call, wrap-up).
    """

    now: float
    languages: Mapping[str, LanguageView] = field(default_factory=dict)
    english_speakers: tuple[OperatorPresence, ...] = ()
    languages_on_duty: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class WaitingEntry:
    entry: QueuedCall
    position: int
    offer_id: str | None


@dataclass(frozen=True, slots=True)
class QueueSnapshot:
    """Coordinator dashboard view, read atomically.

    `waiting`: per language, every entry still in the queue (offered ones included,
    with their `offer_id`), in FIFO order with their 1-based position. `offers`:
    pending and accepted offers, oldest first. `operators`: every on-duty operator,
    sorted by operator_id.
    """

    taken_at: float
    waiting: Mapping[str, tuple[WaitingEntry, ...]]
    offers: tuple[Offer, ...]
    operators: tuple[OperatorState, ...]


class QueueBackend(Protocol):
    """The distributed caller queue and operator pool.

    Contract (proven for every implementation by tests/contract/test_queue_backend.py):

    * **Entries.** An entry is *waiting* (dispatchable), *offered* (reserved for one
      ringing operator) or gone. Both waiting and offered entries are "in the queue":
      they count in `waiting_count` and in other callers' `position`, because an
      offer can be withdrawn and the entry then gets its original place back. So a
      caller's position never grows because someone ahead was offered.
    * **Order.** FIFO per language by `(enqueued_at, entry_id)`; `entry_id` breaks ties
      (byte order), exactly as a Redis sorted set does.
    * **Operators.** An on-duty operator is in the *pool* (available, or in wrap-up
      while `idle_since > now`), *ringing* (one pending offer) or *on call* (one
      accepted offer). Only pool operators with `idle_since <= now` are dispatchable.
      An operator never holds two offers, and an entry never has two offers.
    * **Atomicity.** Every mutating method is atomic with respect to every other
      method, across all processes sharing the backend; the snapshots
      (`dispatch_view`, `snapshot`) are consistent reads.
    * **Time** is injected: every time is float epoch seconds passed in by the caller
      (the app's `Clock`), never read from the machine or the Redis server. An offer
      has expired when `now >= expires_at`.
    * **Tolerance.** Methods addressing something that is gone (entry, offer,
      operator) do nothing and return None/False/0 rather than raising; Twilio retries
      webhooks and several instances race, so "already done" is a normal outcome.
    * **Departures.** An entry that leaves on purpose (`accept`, `remove`) leaves a
      `Departure` behind, written atomically with its removal, until it is enqueued
      again; the last `departures_kept` (default `DEPARTURES_KEPT`) are kept. So an
      entry missing from a built store *without* a departure was lost by the store
      (a failover that lost the last writes), never taken out.
    """

    async def enqueue(self, entry: QueuedCall) -> int:
        """Add `entry` and return its 1-based position within its language.

        Idempotent per `entry_id`: if the entry is already in the queue (waiting or
        offered), nothing changes (not even its data) and its current position is
        returned. An entry that left the queue (removed or accepted) can be enqueued
        again as a new entry.
        """
        ...

    async def remove(
        self, entry_id: str, *, dialling_idle_since: float | None = None
    ) -> RemovedEntry | None:
        """Take a waiting or offered entry out of the queue for good (caller hung up,
        callback cancelled), leaving a `removed` departure. Returns None (and leaves
        no departure) if it is not in the queue.

        If it was offered, the offer is withdrawn and returned in the result so the
        caller can cancel the ringing operator leg, and the operator goes back to the
        pool with the idle_since they had before the offer (`operator_idle_since`).
        If the offer's operator leg was not attached yet (the dispatcher is still
        dialling: their phone may start ringing before the dispatcher learns it must
        hang up), the operator's idle_since is at least `dialling_idle_since`, so
        nobody rings them a second time meanwhile.
        """
        ...

    async def get_entry(self, entry_id: str) -> QueuedCall | None:
        """The entry if it is in the queue (waiting or offered), else None."""
        ...

    async def departure(self, entry_id: str) -> Departure | None:
        """How the entry left the queue on purpose: accepted (with the offer) or
        removed. None while it is in the queue, if it never was, if it left before
        the last `departures_kept` departures, or if the store lost it. Enqueueing
        the entry again forgets its departure; accepting an accepted offer again
        changes nothing."""
        ...

    async def position(self, entry_id: str) -> int | None:
        """1-based FIFO position within the entry's language, counting waiting and
        offered entries; None if not in the queue."""
        ...

    async def waiting_count(self, language: str | None = None) -> int:
        """Entries in the queue (waiting and offered) for `language`, or in total."""
        ...

    async def set_available(self, presence: OperatorPresence) -> None:
        """Put an operator on duty, or update one who is.

        Off duty or in the pool: the operator is (re)placed in the pool with
        `presence.languages` and `presence.idle_since`. Ringing or on call: only the
        languages are updated (they apply from the return to the pool); the
        idle_since is ignored because `withdraw` / `end_call` decide it.
        """
        ...

    async def set_unavailable(self, operator_id: str) -> Offer | None:
        """Take an operator off duty. Returns the withdrawn offer if they were ringing:
        the entry is back in its original place and the caller of this method must
        cancel the ringing leg. An operator on call goes off duty too (their call goes
        on; a later `end_call` is a no-op). Unknown operator: None, no change.
        """
        ...

    async def operator_state(
        self, operator_id: str, now: float
    ) -> OperatorState | None:
        """The operator's state at `now`, or None if off duty."""
        ...

    async def dispatch_view(self, now: float, limit: int) -> DispatchView:
        """A consistent read of what the policy needs; see `DispatchView`.

        Per language with waiting non-offered callers, the `limit` oldest of them and
        up to `limit` dispatchable operators in each operator list. Raises ValueError
        if `limit < 1`.
        """
        ...

    async def reserve(
        self,
        *,
        entry_id: str,
        operator_id: str,
        offer_id: str,
        now: float,
        expires_at: float,
    ) -> Offer | None:
        """Atomically offer a waiting entry to a dispatchable operator.

        Succeeds only if the entry is waiting and not offered, the operator is in the
        pool with `idle_since <= now`, and `offer_id` is unused. Then the entry is
        offered (gone from `dispatch_view`, still in the queue) and the operator is
        ringing. Any number of concurrent reservations for the same entry or the same
        operator, from any number of processes: exactly one wins, the rest get None.
        """
        ...

    async def attach_operator_call(
        self, offer_id: str, operator_call_sid: str
    ) -> Offer | None:
        """Record the CallSid of the operator leg dialled for an offer (pending or
        accepted). Returns None if the offer is gone: it was withdrawn while the leg
        was being dialled, and the caller must hang that leg up."""
        ...

    async def get_offer(self, offer_id: str) -> Offer | None:
        """A pending or accepted offer (an accepted one lives until `end_call` or
        `set_unavailable` for its operator); None once withdrawn or ended."""
        ...

    async def offer_for_entry(self, entry_id: str) -> Offer | None:
        """The pending offer of an entry in the queue, if any."""
        ...

    async def accept(self, offer_id: str, now: float) -> Offer | None:
        """The operator answered: atomically connect the offer.

        Only a pending offer with `now < expires_at` can be accepted: its entry leaves
        the queue for good (an `accepted` departure), the operator is on call, and the
        accepted offer is returned (`accepted_at == now`). Idempotent: accepting an
        already accepted offer returns it unchanged (a retried webhook gets the same
        answer) while it exists. Returns None if the offer was withdrawn, never
        existed, or has expired (an expired pending offer stays pending until someone
        calls `withdraw`).
        """
        ...

    async def withdraw(
        self, offer_id: str, *, operator_idle_since: float | None
    ) -> Offer | None:
        """End a pending offer unaccepted (no answer, operator declined, timeout).

        The entry goes back to waiting at its original place (same `enqueued_at`).
        The operator goes back to the pool with `idle_since = operator_idle_since`,
        or off duty if it is None (e.g. set away after unanswered offers). Returns the
        withdrawn offer, or None if it is not pending (already withdrawn, accepted or
        unknown), which makes it idempotent.
        """
        ...

    async def expired_offers(self, now: float, limit: int = 100) -> list[Offer]:
        """Pending offers with `expires_at <= now`, soonest-expired first, at most
        `limit`. Read-only: the caller withdraws them."""
        ...

    async def end_call(self, operator_id: str, *, available_at: float | None) -> bool:
        """An on-call operator's call ended: their accepted offer is dropped and they
        return to the pool with `idle_since = available_at` (now + wrap-up), or go off
        duty if None. Returns False and changes nothing unless the operator is on call
        (a ringing operator's offer ends with `withdraw`, not here)."""
        ...

    async def snapshot(
        self, now: float, *, include_waiting: bool = True
    ) -> QueueSnapshot:
        """A consistent read of the whole queue for the coordinator dashboard.

        `include_waiting=False`: `waiting` is left empty; a reader that needs only
        the operators and offers (a hold announcement, asked by every waiting
        caller) does not pay for reading the whole line."""
        ...

    async def claim_rebuild(self, *, now: float, lease_s: float) -> str | None:
        """Claim the rebuild of a store that lost (or never had) its contents.

        A store is *built* once `finish_rebuild` marked it so. A store that was never
        marked (first start, Redis restarted empty, failed over without its data,
        flushed) must be rebuilt from the durable record (app/queue/recovery.py):
        the first caller gets a token and holds the rebuild lease until
        `now + lease_s`; everyone else gets None until then, and None once built.
        A lease that ran out (the rebuilder died) can be claimed again.
        """
        ...

    async def finish_rebuild(self, token: str) -> bool:
        """Mark the store built if `token` still holds the rebuild lease. False (no
        change) if it does not: the store was lost again meanwhile, or the lease
        ran out and was claimed by someone else."""
        ...

    async def abandon_rebuild(self, token: str) -> None:
        """Give the rebuild lease back at once if `token` still holds it (the rebuild
        failed, e.g. the database was unreachable): the next `claim_rebuild` may
        start over without waiting for the lease to run out. No change otherwise."""
        ...

    async def is_built(self) -> bool:
        """Whether the store holds a complete queue (see `claim_rebuild`)."""
        ...
