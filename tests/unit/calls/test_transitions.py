"""Unit tests for app/calls/status.next_status: the call status transition table.

Twilio delivers status callbacks twice and out of order; the table must make the
final status independent of arrival order.
"""

from __future__ import annotations

from functools import reduce

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.calls.status import next_status
from app.telephony.events import FINAL_STATUSES

# Live statuses in the order a call goes through them.
LIVE = ("queued", "initiated", "ringing", "in-progress")
FINAL = ("completed", "busy", "failed", "no-answer", "canceled")
UNKNOWN = "answered"  # a status Twilio may invent; not in our table
KNOWN = (*LIVE, *FINAL)


def _expected(current: str, incoming: str) -> str:
    """The table, written out independently of the implementation."""
    if incoming not in KNOWN:
        return current
    if current in FINAL:
        return current
    if current not in KNOWN:
        return incoming
    if incoming in FINAL:
        return incoming
    return incoming if LIVE.index(incoming) >= LIVE.index(current) else current


def apply_all(statuses: list[str], start: str = "queued") -> str:
    return reduce(next_status, statuses, start)


def test_final_statuses_match_twilios_list() -> None:
    assert set(FINAL) == FINAL_STATUSES


@pytest.mark.parametrize("incoming", [*KNOWN, UNKNOWN])
@pytest.mark.parametrize("current", [*KNOWN, UNKNOWN])
def test_transition_table(current: str, incoming: str) -> None:
    assert next_status(current, incoming) == _expected(current, incoming)


class TestNextStatus:
    @pytest.mark.parametrize("final", FINAL)
    @pytest.mark.parametrize("incoming", [*KNOWN, UNKNOWN])
    def test_final_status_is_terminal(self, final: str, incoming: str) -> None:
        assert next_status(final, incoming) == final

    @pytest.mark.parametrize("current", LIVE)
    @pytest.mark.parametrize("final", FINAL)
    def test_any_final_status_ends_a_live_call(self, current: str, final: str) -> None:
        assert next_status(current, final) == final

    @pytest.mark.parametrize(
        ("current", "incoming"),
        [
            ("in-progress", "ringing"),
            ("in-progress", "queued"),
            ("ringing", "initiated"),
            ("initiated", "queued"),
        ],
    )
    def test_late_earlier_status_does_not_move_backwards(
        self, current: str, incoming: str
    ) -> None:
        assert next_status(current, incoming) == current

    @pytest.mark.parametrize(
        ("current", "incoming"),
        [("queued", "ringing"), ("initiated", "in-progress"), ("ringing", "ringing")],
    )
    def test_moves_forward_or_stays(self, current: str, incoming: str) -> None:
        assert next_status(current, incoming) == incoming

    @pytest.mark.parametrize("current", [*KNOWN, UNKNOWN])
    def test_unknown_incoming_status_is_ignored(self, current: str) -> None:
        assert next_status(current, UNKNOWN) == current
        assert next_status(current, "") == current

    @pytest.mark.parametrize("incoming", KNOWN)
    def test_unknown_current_status_takes_any_known_one(self, incoming: str) -> None:
        assert next_status(UNKNOWN, incoming) == incoming


_live_lists = st.lists(st.sampled_from([*LIVE, UNKNOWN]), max_size=8)


def _rank(status: str) -> int:
    return LIVE.index(status) if status in LIVE else len(LIVE)


@given(live=_live_lists, final=st.sampled_from(FINAL), data=st.data())
def test_arrival_order_does_not_change_the_outcome(
    live: list[str], final: str, data: st.DataObject
) -> None:
    statuses = [*live, final]
    shuffled = data.draw(st.permutations(statuses), label="arrival order")
    in_order = sorted((s for s in statuses if s != UNKNOWN), key=_rank)

    assert apply_all(shuffled) == apply_all(in_order) == final


@given(statuses=st.lists(st.sampled_from([*LIVE, UNKNOWN]), min_size=1), data=st.data())
def test_live_statuses_end_at_the_furthest_one_in_any_order(
    statuses: list[str], data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(statuses))
    known = [s for s in statuses if s in LIVE]
    furthest = max(known, key=LIVE.index) if known else "queued"

    assert apply_all(shuffled) == furthest


@given(statuses=st.lists(st.sampled_from([*KNOWN, UNKNOWN]), max_size=10))
def test_repeated_callbacks_are_idempotent(statuses: list[str]) -> None:
    doubled = [s for status in statuses for s in (status, status)]

    assert apply_all(doubled) == apply_all(statuses)
