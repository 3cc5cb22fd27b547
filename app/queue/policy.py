"""The dispatch policy: which waiting caller goes to which operator. Pure: no I/O.

Input is a `DispatchView` (read atomically by the backend); the output is a batch of
matches for the dispatcher to `reserve` one by one. A reservation can still lose a race
with another instance; the dispatcher then skips it and the next tick sees fresh state.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.queue.backend import (
    DispatchView,
    MatchReason,
    OperatorPresence,
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

    A caller with no candidate is skipped (younger callers may still be matched).
    No operator appears twice in the result, and each entry at most once. The result
    is ordered like the callers; it is empty when nothing can be matched.
    """
    used: set[str] = set()
    matches: list[Match] = []
    for entry in _oldest_first(view):
        language = view.languages[entry.language]
        reason: MatchReason = "first_choice"
        operator = _longest_idle(language.first_choice, used)
        if operator is None and now - entry.enqueued_at >= fallback_after_s:
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
