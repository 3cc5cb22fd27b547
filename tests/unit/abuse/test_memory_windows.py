"""In-process moving windows: the limit holds over any window, and a hit touches
only its own key."""

from __future__ import annotations

from limits import RateLimitItemPerSecond

from app.abuse.memory_windows import SWEEP_EVERY_S, MemoryMovingWindows


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


THREE_PER_10_S = RateLimitItemPerSecond(3, 10)


async def test_the_limit_holds_within_a_window_and_refused_hits_do_not_count() -> None:
    clock = Clock()
    windows = MemoryMovingWindows(clock)
    assert [await windows.hit(THREE_PER_10_S, "call", "+32470") for _ in range(5)] == [
        True,
        True,
        True,
        False,
        False,
    ]
    clock.now += 10.01  # the three hits left the window; the refused ones never counted
    assert await windows.hit(THREE_PER_10_S, "call", "+32470")


async def test_the_window_moves_a_burst_at_its_edge_cannot_pass_twice() -> None:
    clock = Clock()
    windows = MemoryMovingWindows(clock)
    await windows.hit(THREE_PER_10_S, "call", "a")
    clock.now += 9
    assert await windows.hit(THREE_PER_10_S, "call", "a")
    assert await windows.hit(THREE_PER_10_S, "call", "a")
    clock.now += 1.5  # the first hit left; two are still in the window
    assert await windows.hit(THREE_PER_10_S, "call", "a")
    assert not await windows.hit(THREE_PER_10_S, "call", "a")


async def test_test_counts_nothing_and_keys_are_separate() -> None:
    windows = MemoryMovingWindows(Clock())
    for _ in range(3):
        assert await windows.test(THREE_PER_10_S, "call", "a")
        await windows.hit(THREE_PER_10_S, "call", "a")
    assert not await windows.test(THREE_PER_10_S, "call", "a")
    assert await windows.test(THREE_PER_10_S, "call", "b")
    assert await windows.test(THREE_PER_10_S, "sms", "a")


async def test_keys_whose_hits_are_gone_are_swept() -> None:
    clock = Clock()
    windows = MemoryMovingWindows(clock)
    for number in range(100):
        await windows.hit(THREE_PER_10_S, "call", str(number))
    clock.now += SWEEP_EVERY_S + 1
    await windows.hit(THREE_PER_10_S, "call", "new")
    assert len(windows._hits) == 1
