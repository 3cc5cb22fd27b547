"""GroupRunner: concurrent single items share one call of the group function."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from app.grouping import GroupRunner


class Recorder:
    """A group function that remembers the groups it was given."""

    def __init__(self, *, fail_on: int | None = None) -> None:
        self.groups: list[list[int]] = []
        self.fail_on = fail_on

    async def __call__(self, items: Sequence[int]) -> list[int]:
        self.groups.append(list(items))
        await asyncio.sleep(0.01)  # a round trip: the next group gathers meanwhile
        if self.fail_on is not None and self.fail_on in items:
            raise RuntimeError(f"group with {self.fail_on} failed")
        return [item * 10 for item in items]


async def test_a_lone_item_runs_at_once_as_a_group_of_one() -> None:
    run = Recorder()
    runner = GroupRunner(run)
    assert await runner(7) == 70
    assert run.groups == [[7]]


async def test_items_arriving_while_a_group_runs_share_the_next_group() -> None:
    run = Recorder()
    runner = GroupRunner(run)
    first = asyncio.ensure_future(runner(1))
    await asyncio.sleep(0)  # the first group has started
    rest = [asyncio.ensure_future(runner(i)) for i in range(2, 7)]
    results = await asyncio.gather(first, *rest)
    assert results == [10, 20, 30, 40, 50, 60]  # each caller gets its own result
    assert run.groups == [[1], [2, 3, 4, 5, 6]]


async def test_groups_are_split_at_max_group_in_arrival_order() -> None:
    run = Recorder()
    runner = GroupRunner(run, max_group=2)
    results = await asyncio.gather(*(runner(i) for i in range(5)))
    assert results == [0, 10, 20, 30, 40]
    assert run.groups == [[0, 1], [2, 3], [4]]


async def test_a_failing_group_fails_its_items_only() -> None:
    run = Recorder(fail_on=3)
    runner = GroupRunner(run, max_group=2)
    results = await asyncio.gather(
        *(runner(i) for i in range(5)), return_exceptions=True
    )
    assert results[:2] == [0, 10]
    assert [str(r) for r in results[2:4]] == ["group with 3 failed"] * 2
    assert results[4] == 40  # the next group still runs
    assert await runner(9) == 90  # and so does a later one


async def test_a_cancelled_request_does_not_disturb_its_group() -> None:
    run = Recorder()
    runner = GroupRunner(run)
    blocker = asyncio.ensure_future(runner(0))
    await asyncio.sleep(0)
    gone = asyncio.ensure_future(runner(1))
    kept = asyncio.ensure_future(runner(2))
    await asyncio.sleep(0)
    gone.cancel()
    assert await kept == 20
    assert await blocker == 0
    with pytest.raises(asyncio.CancelledError):
        await gone


async def test_a_group_function_returning_the_wrong_count_is_an_error_for_all() -> None:
    async def short(items: Sequence[int]) -> list[int]:
        return list(items)[1:]

    runner = GroupRunner(short)
    with pytest.raises(RuntimeError, match="one result per item"):
        await runner(1)


async def test_aclose_waits_for_items_already_handed_in() -> None:
    run = Recorder()
    runner = GroupRunner(run)
    pending = asyncio.ensure_future(runner(4))
    await asyncio.sleep(0)
    await runner.aclose()
    assert pending.done()
    assert pending.result() == 40


async def test_an_exception_as_a_result_reaches_that_item_only() -> None:
    async def picky(items: Sequence[int]) -> list[int | Exception]:
        return [ValueError(f"no {i}") if i == 2 else i for i in items]

    runner = GroupRunner(picky)
    results = await asyncio.gather(
        *(runner(i) for i in range(4)), return_exceptions=True
    )
    assert [str(r) for r in results] == ["0", "1", "no 2", "3"]


async def test_waiters_of_a_group_cut_short_are_not_left_waiting() -> None:
    started = asyncio.Event()

    async def slow(items: Sequence[int]) -> list[int]:
        started.set()
        await asyncio.sleep(3600)
        return list(items)

    runner = GroupRunner(slow)
    waiter = asyncio.ensure_future(runner(1))
    await started.wait()
    [lane] = runner._tasks
    lane.cancel()  # what shutdown does to a running group
    with pytest.raises(RuntimeError, match="did not run"):
        await waiter


async def test_with_lanes_groups_run_side_by_side() -> None:
    run = Recorder()
    runner = GroupRunner(run, lanes=2)
    first = asyncio.ensure_future(runner(1))
    await asyncio.sleep(0)  # the first lane is busy with [1]
    second = asyncio.ensure_future(runner(2))
    await asyncio.sleep(0)  # a second lane takes [2] at once
    third = [asyncio.ensure_future(runner(i)) for i in (3, 4)]
    assert await asyncio.gather(first, second, *third) == [10, 20, 30, 40]
    assert run.groups[:2] == [[1], [2]]
    assert run.groups[2:] == [[3, 4]]  # both lanes busy: these waited together


async def test_an_item_handed_in_as_the_last_group_ends_still_runs() -> None:
    """The lane that ran the previous group may be ending in the same step."""
    runner = GroupRunner(Recorder())
    for item in range(1, 4):
        assert await asyncio.wait_for(runner(item), timeout=2) == item * 10
