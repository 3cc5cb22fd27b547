"""Claiming work-list items: one coordinator per item, even when two press at once.

Runs on SQLite, and on PostgreSQL with HOTLINE_TEST_DATABASE=postgres.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, get_args

import pytest

from app.matching import service as matching_service
from app.worklist import repository, service
from app.worklist.errors import AlreadyClaimed, ClaimNotFound, WorkItemNotFound
from app.worklist.schemas import WorkClaimRead, WorkItem, WorkKind
from tests.integration.worklist.work_support import (
    COMPANY,
    escalated,
    history,
    last_event,
    unreached_callback,
    voicemail,
)
from tests.support.harness import Hotline
from twilio_simulator.parties import OperatorPhone, Press, ScriptedCaller

pytestmark = pytest.mark.integration

CALLER = "+32470123456"
OPERATOR = "+32470000001"


async def _claim(
    hotline: Hotline, kind: WorkKind, request_id: int, username: str
) -> WorkClaimRead:
    async with hotline.session() as session:
        return await service.claim(
            session, hotline.state, kind=kind, request_id=request_id, username=username
        )


async def _item_ids(hotline: Hotline, viewer: str = "alice") -> dict[str, list[int]]:
    async with hotline.session() as session:
        work = await service.work_list(session, hotline.state, viewer=viewer)
    return {
        "callback": [item.request_id for item in work.callbacks],
        "voicemail": [item.request_id for item in work.voicemails],
        "escalation": [item.request_id for item in work.escalations],
    }


async def _situation(hotline: Hotline, kind: WorkKind) -> int:
    if kind == "callback":
        return await unreached_callback(hotline, CALLER, OPERATOR)
    if kind == "voicemail":
        return await voicemail(hotline, CALLER)
    return await escalated(hotline)


@pytest.mark.parametrize("kind", get_args(WorkKind))
async def test_a_second_claim_is_refused_with_the_holders_name(
    hotline: Hotline, kind: WorkKind
) -> None:
    request_id = await _situation(hotline, kind)

    first = await _claim(hotline, kind, request_id, "alice")
    again = await _claim(hotline, kind, request_id, "alice")
    with pytest.raises(AlreadyClaimed) as refused:
        await _claim(hotline, kind, request_id, "bob")

    assert (first.claimed_by, first.done_at) == ("alice", None)
    assert again == first  # claiming one's own item again changes nothing
    assert refused.value.claimed_by == "alice"
    assert "already claimed by alice" in refused.value.message


class _BothReadFirst:
    """Holds each claimant just before its first write until both have checked the
    item: the service's "already claimed?" read cannot stop the second one, so only
    the database's unique index can."""

    def __init__(self) -> None:
        self._barrier = asyncio.Barrier(2)
        self._waited: set[asyncio.Task[Any] | None] = set()

    def wrap(self, write: Callable[..., Awaitable[Any]]) -> Callable[..., Any]:
        async def held(*args: Any, **kwargs: Any) -> Any:
            task = asyncio.current_task()
            if task not in self._waited:
                self._waited.add(task)
                await asyncio.wait_for(self._barrier.wait(), timeout=5)
            return await write(*args, **kwargs)

        return held


@pytest.mark.parametrize("kind", get_args(WorkKind))
async def test_two_simultaneous_claims_have_exactly_one_winner(
    hotline: Hotline, kind: WorkKind, monkeypatch: pytest.MonkeyPatch
) -> None:
    request_id = await _situation(hotline, kind)
    # The first write is a stale-claim cleanup for callbacks and escalations, the
    # insert itself for voicemails: hold whichever comes first.
    gate = _BothReadFirst()
    for write in ("delete_done_before", "insert_claim"):
        monkeypatch.setattr(repository, write, gate.wrap(getattr(repository, write)))
    async with hotline.session() as one, hotline.session() as other:
        results = await asyncio.gather(
            service.claim(
                one, hotline.state, kind=kind, request_id=request_id, username="alice"
            ),
            service.claim(
                other, hotline.state, kind=kind, request_id=request_id, username="bob"
            ),
            return_exceptions=True,
        )

    won = [r for r in results if isinstance(r, WorkClaimRead)]
    lost = [r for r in results if isinstance(r, AlreadyClaimed)]
    assert (len(won), len(lost)) == (1, 1), results
    assert lost[0].claimed_by == won[0].claimed_by
    async with hotline.session() as session:
        work = await service.work_list(session, hotline.state, viewer="nobody")
    sections: dict[str, Sequence[WorkItem]] = {
        "callback": work.callbacks,
        "voicemail": work.voicemails,
        "escalation": work.escalations,
    }
    (item,) = sections[kind]
    assert item.claim is not None
    assert item.claim.claimed_by == won[0].claimed_by


async def test_only_the_holder_can_release_and_then_anyone_may_claim(
    hotline: Hotline,
) -> None:
    request_id = await voicemail(hotline, CALLER)
    await _claim(hotline, "voicemail", request_id, "alice")

    async with hotline.session() as session:
        with pytest.raises(AlreadyClaimed):
            await service.release(
                session,
                kind="voicemail",
                request_id=request_id,
                username="bob",
            )
        await service.release(
            session,
            kind="voicemail",
            request_id=request_id,
            username="alice",
        )
        with pytest.raises(ClaimNotFound):
            await service.release(
                session,
                kind="voicemail",
                request_id=request_id,
                username="alice",
            )
    taken = await _claim(hotline, "voicemail", request_id, "bob")

    assert taken.claimed_by == "bob"


async def test_the_full_number_is_shown_to_the_holder_only(hotline: Hotline) -> None:
    request_id = await unreached_callback(hotline, CALLER, OPERATOR)
    await _claim(hotline, "callback", request_id, "alice")

    async with hotline.session() as session:
        as_alice = await service.callbacks(session, hotline.state, viewer="alice")
        as_bob = await service.callbacks(session, hotline.state, viewer="bob")

    assert (as_alice[0].phone_number, as_alice[0].is_claimed_by_me) == (CALLER, True)
    assert (as_bob[0].phone_number, as_bob[0].is_claimed_by_me) == (None, False)
    assert as_bob[0].caller == "+32*******56"
    # On the list after the last of the redials (app/resilience/redial.py).
    assert as_alice[0].attempts == hotline.settings.resilience.redial_attempts


async def test_done_takes_the_voicemail_off_the_list_and_the_board_count(
    hotline: Hotline,
) -> None:
    request_id = await voicemail(hotline, CALLER)
    before = (await hotline.api("GET", "/api/board")).json()["today"]

    response = await hotline.api("POST", f"/api/work/voicemail/{request_id}/done")

    assert response.status_code == 200, response.text
    assert response.json()["claimed_by"] == "coordinator"
    assert response.json()["done_at"] is not None
    after = (await hotline.api("GET", "/api/board")).json()["today"]
    assert (before["voicemails_open"], after["voicemails_open"]) == (1, 0)
    assert (await hotline.api("GET", "/api/work")).json()["voicemails"] == []
    event = await last_event(hotline, request_id)
    assert (event.kind, event.actor, event.detail) == (
        "work_done",
        "coordinator",
        {"kind": "voicemail"},
    )
    repeated = await hotline.api("POST", f"/api/work/voicemail/{request_id}/done")
    assert repeated.status_code == 200
    assert (await history(hotline, request_id)).count("work_done") == 1


async def test_done_on_someone_elses_claim_is_refused(hotline: Hotline) -> None:
    request_id = await escalated(hotline)
    await _claim(hotline, "escalation", request_id, "alice")

    async with hotline.session() as session:
        with pytest.raises(AlreadyClaimed):
            await service.done(
                session,
                hotline.state,
                kind="escalation",
                request_id=request_id,
                username="bob",
            )
        finished = await service.done(
            session,
            hotline.state,
            kind="escalation",
            request_id=request_id,
            username="alice",
        )

    assert finished.done_at == hotline.clock.now()
    assert (await _item_ids(hotline))["escalation"] == []


async def test_an_escalation_that_comes_back_is_open_and_claimable_again(
    hotline: Hotline,
) -> None:
    request_id = await escalated(hotline)
    async with hotline.session() as session:
        await service.done(
            session,
            hotline.state,
            kind="escalation",
            request_id=request_id,
            username="alice",
        )
    await hotline.sim.advance(60)
    async with hotline.session() as session:
        await matching_service.match_now(
            session, hotline.state, request_id, actor="alice"
        )

    assert (await _item_ids(hotline))["escalation"] == [request_id]
    claimed = await _claim(hotline, "escalation", request_id, "bob")
    assert (claimed.claimed_by, claimed.done_at) == ("bob", None)


async def test_a_callback_leaves_the_list_once_the_person_got_through(
    hotline: Hotline,
) -> None:
    request_id = await unreached_callback(hotline, CALLER, OPERATOR)
    assert (await _item_ids(hotline))["callback"] == [request_id]

    # They call again (their language is remembered) and an operator takes it.
    await hotline.add_operator("Bea", "+32470000002", ["fr"], OperatorPhone())
    steps = [Press(COMPANY), Press("1000")]
    await hotline.call(ScriptedCaller(steps, talk_s=30), from_=CALLER)
    await hotline.run()

    assert (await _item_ids(hotline))["callback"] == []


async def test_items_not_on_the_list_cannot_be_claimed(hotline: Hotline) -> None:
    request_id = await voicemail(hotline, CALLER)

    with pytest.raises(WorkItemNotFound):
        await _claim(hotline, "callback", request_id, "alice")
    with pytest.raises(WorkItemNotFound):
        await _claim(hotline, "escalation", request_id, "alice")
    unknown_kind = await hotline.api("POST", f"/api/work/parcel/{request_id}/claim")
    assert unknown_kind.status_code == 422


async def test_the_api_claims_and_names_the_holder_on_conflict(
    hotline: Hotline,
) -> None:
    request_id = await voicemail(hotline, CALLER)
    await _claim(hotline, "voicemail", request_id, "alice")

    refused = await hotline.api("POST", f"/api/work/voicemail/{request_id}/claim")
    not_held = await hotline.api("POST", f"/api/work/voicemail/{request_id}/release")
    listed = (await hotline.api("GET", "/api/work")).json()

    assert refused.status_code == 409
    assert refused.json()["error"] == "AlreadyClaimed"
    assert "already claimed by alice" in refused.json()["detail"]
    assert not_held.status_code == 409
    (item,) = listed["voicemails"]
    assert item["claim"]["claimed_by"] == "alice"
    assert item["phone_number"] is None  # the API's coordinator is not the holder
