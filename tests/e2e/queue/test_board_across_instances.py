"""The live board of one app instance shows changes made on another instance
(memory: one shared queue object; redis: separate connections, one key prefix)."""

from __future__ import annotations

import asyncio

import pytest

from app.console import board as board_pages
from app.queue.backend import QueuedCall
from app.state import HotlineState
from tests.e2e.queue.queue_support import OpenHotline
from tests.support.console import open_session

pytestmark = pytest.mark.e2e


class _OpenRequest:
    async def is_disconnected(self) -> bool:
        return False


async def test_a_change_on_another_instance_reaches_the_stream_within_2_s(
    open_hotline: OpenHotline,
) -> None:
    async with open_hotline(instances=2) as hotline:
        hotline.settings.console.live_poll_s = 0.05
        viewed: HotlineState = hotline.apps[0].state.hotline
        other: HotlineState = hotline.apps[1].state.hotline
        viewer, token = await open_session(hotline)
        events = board_pages.board_events(
            _OpenRequest(), viewed, viewer, session_token=token
        )
        first = await anext(events)

        await other.queue.enqueue(
            QueuedCall(
                entry_id="CA" + "7" * 32,
                language="nl",
                enqueued_at=hotline.clock.now().timestamp() - 30,
                kind="live",
                need="pharmacy",
                postcode="3000",
                caller_number="+3216123456",
                call_log_id=None,
            )
        )
        started = asyncio.get_running_loop().time()
        second = await asyncio.wait_for(anext(events), timeout=2)
        elapsed = asyncio.get_running_loop().time() - started
        await events.aclose()

    assert "Nobody is waiting right now." in first
    assert "+32******56" in second
    assert "3000 Leuven" in second
    assert elapsed < 2
