"""The wait estimate a holding caller hears: pure, from the queue and the operators
on duty who speak the caller's language, capped by the maximum wait."""

from __future__ import annotations

import pytest

from app.queue.backend import (
    Offer,
    OperatorPresence,
    OperatorState,
    OperatorStatus,
    QueuedCall,
)
from app.queue.policy import MIN_REMAINING_CALL_S, estimate_wait, free_in_s

CALL_S = 300.0


def estimate(
    position: int,
    speakers: list[float],
    *,
    recent: tuple[float, ...] = (),
    waited_s: float = 0.0,
    max_wait_s: float = 600.0,
) -> tuple[bool, str, int]:
    result = estimate_wait(
        position=position,
        speakers_free_in_s=speakers,
        recent_waits_s=recent,
        handling_s=CALL_S,
        waited_s=waited_s,
        max_wait_s=max_wait_s,
    )
    return result.is_next, result.kind, result.minutes


def test_first_in_line_with_a_free_speaker_is_next_in_less_than_a_minute() -> None:
    assert estimate(1, [0.0]) == (True, "soon", 1)


def test_first_in_line_behind_a_call_that_just_began_waits_about_that_call() -> None:
    assert estimate(1, [CALL_S]) == (True, "minutes", 5)


def test_each_speaker_takes_a_share_of_the_callers_ahead() -> None:
    # Two speakers, both starting a call: 1 and 2 at 5 min, 3 and 4 at 10 min.
    assert estimate(2, [CALL_S, CALL_S]) == (False, "minutes", 5)
    assert estimate(4, [CALL_S, CALL_S], max_wait_s=3600) == (False, "minutes", 10)
    # The one who frees first takes the next caller.
    assert estimate(2, [30.0, 240.0]) == (False, "minutes", 4)


def test_never_more_than_the_time_left_to_the_maximum_wait() -> None:
    # 66 callers ahead of one operator would be 330 minutes; we say 10 at most.
    assert estimate(66, [CALL_S], max_wait_s=600) == (False, "minutes", 10)
    assert estimate(66, [CALL_S], waited_s=570, max_wait_s=600)[1] == "soon"


def test_without_speakers_recent_answer_times_less_the_wait_so_far() -> None:
    assert estimate(1, [], recent=(120.0, 240.0, 600.0)) == (True, "minutes", 4)
    assert estimate(1, [], recent=(120.0, 240.0, 600.0), waited_s=200)[1] == "soon"
    # No history: one average call per caller ahead.
    assert estimate(2, [], max_wait_s=3600) == (False, "minutes", 10)


@pytest.mark.parametrize(
    ("seconds", "minutes"), [(59.9, 1), (60.0, 1), (61.0, 2), (120.0, 2), (121, 3)]
)
def test_minutes_round_up(seconds: float, minutes: int) -> None:
    assert estimate(1, [seconds], max_wait_s=3600)[2] == minutes


def _operator(
    status: OperatorStatus, *, idle_since: float = 0.0, offer_id: str | None = None
) -> OperatorState:
    presence = OperatorPresence("op", ("nl",), idle_since)
    return OperatorState(presence, status, offer_id=offer_id)


def _offer(accepted_at: float) -> Offer:
    entry = QueuedCall(
        entry_id="CA1",
        language="nl",
        enqueued_at=0.0,
        kind="live",
        need="other",
        postcode=None,
        caller_number="+3225550001",
        call_log_id=1,
    )
    return Offer("o1", entry, "op", 0.0, 30.0, None, 0.0, accepted_at=accepted_at)


def test_when_an_operator_can_take_a_caller() -> None:
    now = 1000.0
    offers = {"o1": _offer(accepted_at=now - 100)}

    assert free_in_s(_operator("available"), offers, now=now, handling_s=CALL_S) == 0
    wrap = _operator("wrap_up", idle_since=now + 20)
    assert free_in_s(wrap, offers, now=now, handling_s=CALL_S) == 20
    ringing = _operator("ringing")
    assert free_in_s(ringing, offers, now=now, handling_s=CALL_S) == CALL_S
    on_call = _operator("on_call", offer_id="o1")
    assert free_in_s(on_call, offers, now=now, handling_s=CALL_S) == 200
    long_call = {"o1": _offer(accepted_at=now - 900)}
    assert (
        free_in_s(on_call, long_call, now=now, handling_s=CALL_S)
        == MIN_REMAINING_CALL_S
    )
