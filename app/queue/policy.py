"""The dispatch policy: which waiting caller goes to which operator, and what a
waiting caller is told about their wait. Pure: no I/O.

Input is a `DispatchView` (read atomically by the backend); the output is a batch of
matches for the dispatcher to `reserve` one by one. A reservation can still lose a race
with another instance; the dispatcher then skips it and the next tick sees fresh state.
"""

from __future__ import annotations

import heapq
import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from app.queue.backend import (
    DispatchView,
    MatchReason,
    Offer,
    OperatorPresence,
    OperatorState,
    QueuedCall,
)


@dataclass(frozen=True, slots=True)
class Match:
    entry: QueuedCall
    operator: OperatorPresence
    reason: MatchReason


def choose_next(
    view: DispatchView, *, now: float, fallback_after_s: float
) -> list[Match]:
    """Match waiting callers to dispatchable operators, oldest caller first.

    For each caller, oldest `(enqueued_at, entry_id)` first across all languages:

    1. the longest-idle operator whose FIRST language is the caller's;
    2. once the caller has waited `fallback_after_s`: the longest-idle operator
       speaking the caller's language at any position;
    3. still nobody, and nobody on duty (busy or not) speaks the caller's language:
       the longest-idle English-speaking operator. While a speaker of the language is
       on duty but busy, the caller keeps waiting for them instead.

    A caller who chose no language (`entry.also_speaks`) goes, instead of 1., to the
    longest-idle operator speaking their queue's language and all of `also_speaks`
    (the line's main languages); after `fallback_after_s` rules 1 to 3 apply.

    A caller with no candidate is skipped (younger callers may still be matched).
    No operator appears twice in the result, and each entry at most once. The result
    is ordered like the callers; it is empty when nothing can be matched.
    """
    used: set[str] = set()
    matches: list[Match] = []
    for entry in _oldest_first(view):
        language = view.languages[entry.language]
        reason: MatchReason = "first_choice"
        waited_enough = now - entry.enqueued_at >= fallback_after_s
        if entry.also_speaks:
            polyglots = (
                op
                for op in language.speakers
                if set(entry.also_speaks) <= set(op.languages)
            )
            operator = _longest_idle(polyglots, used)
            if operator is None and waited_enough:
                operator = _longest_idle(language.first_choice, used)
        else:
            operator = _longest_idle(language.first_choice, used)
        if operator is None and waited_enough:
            reason = "any_language"
            operator = _longest_idle(language.speakers, used)
            if operator is None and entry.language not in view.languages_on_duty:
                reason = "english_fallback"
                operator = _longest_idle(view.english_speakers, used)
        if operator is not None:
            used.add(operator.operator_id)
            matches.append(Match(entry=entry, operator=operator, reason=reason))
    return matches


def _oldest_first(view: DispatchView) -> list[QueuedCall]:
    entries = [
        entry for language in view.languages.values() for entry in language.waiting
    ]
    entries.sort(key=lambda entry: (entry.enqueued_at, entry.entry_id))
    return entries


def _longest_idle(
    operators: Iterable[OperatorPresence], used: set[str]
) -> OperatorPresence | None:
    # The backend hands operators over longest-idle first.
    return next((op for op in operators if op.operator_id not in used), None)


# ----------------------------------------------------------------- wait estimate

WaitKind = Literal["soon", "minutes"]
# A call already longer than average is expected to end within this.
MIN_REMAINING_CALL_S = 60.0


@dataclass(frozen=True, slots=True)
class WaitEstimate:
    """What a waiting caller is told: "less than a minute" or "about N minutes"."""

    position: int
    seconds: float

    @property
    def is_next(self) -> bool:
        return self.position <= 1

    @property
    def kind(self) -> WaitKind:
        return "soon" if self.seconds < 60 else "minutes"

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.seconds / 60))


def free_in_s(
    operator: OperatorState,
    offers: Mapping[str, Offer],
    *,
    now: float,
    handling_s: float,
) -> float:
    """Seconds until an on-duty operator can take a caller: 0 when available, the
    rest of the wrap-up, or the rest of an average call (a whole one while ringing).
    A call already longer than average is expected to end within a minute."""
    match operator.status:
        case "available":
            return 0.0
        case "wrap_up":
            return max(operator.presence.idle_since - now, 0.0)
        case "ringing":
            return handling_s
        case "on_call":
            offer = offers.get(operator.offer_id or "")
            started = offer.accepted_at if offer and offer.accepted_at else now
            return max(handling_s - (now - started), MIN_REMAINING_CALL_S)


def estimate_wait(
    *,
    position: int,
    speakers_free_in_s: Sequence[float],
    recent_waits_s: Sequence[float],
    handling_s: float,
    waited_s: float,
    max_wait_s: float,
) -> WaitEstimate:
    """An honest estimate for the caller at `position` (1 = next) of their queue.

    `speakers_free_in_s`: for each operator on duty who speaks the caller's language,
    when they can take a caller (`free_in_s`). The callers ahead take the operators
    as they free up, each for `handling_s` (the average call), so the caller at
    `position` is answered at the `position`-th freeing. With no speaker on duty the
    caller waits for the fallback rules: then the median of recent answer times in
    their language, less what they already waited, or (no history) one average call
    per caller ahead. Never more than the time left to `max_wait_s`, when the caller
    is offered a callback or a message instead.
    """
    position = max(position, 1)
    if speakers_free_in_s:
        frees = list(speakers_free_in_s)
        heapq.heapify(frees)
        for _ in range(position - 1):
            heapq.heappush(frees, heapq.heappop(frees) + handling_s)
        seconds = frees[0]
    elif recent_waits_s:
        seconds = max(statistics.median(recent_waits_s) - waited_s, 0.0)
    else:
        seconds = position * handling_s
    seconds = min(seconds, max(max_wait_s - waited_s, 0.0))
    return WaitEstimate(position=position, seconds=seconds)
