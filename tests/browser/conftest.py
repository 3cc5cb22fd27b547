"""Browser tests: Debian's Chromium driven by Playwright against the real app.

The app runs in the test's event loop under uvicorn on a free loopback port, wired to
the Twilio simulator on a virtual clock (tests/support/harness.py): the test moves
hotline time with `hotline.sim.advance()` while the browser lives in real time.
Without /usr/bin/chromium these tests skip locally and fail in CI.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import uvicorn
from playwright.async_api import Browser, Page, async_playwright

from tests.support.console import PASSWORD, create_coordinator
from tests.support.harness import Hotline
from tests.support.services import in_ci

CHROMIUM = Path("/usr/bin/chromium")
# Headless, and quiet: this machine has no network beyond loopback.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
async def live_url(hotline: Hotline) -> AsyncIterator[str]:
    """The hotline app served over HTTP (its lifespan already runs in the harness)."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            hotline.app,
            host="127.0.0.1",
            port=port,
            lifespan="off",
            log_level="warning",
            timeout_graceful_shutdown=1,
        )
    )
    task = asyncio.create_task(server.serve())
    for _ in range(200):
        if server.started:
            break
        await asyncio.sleep(0.01)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


def _has_chromium() -> bool:
    return CHROMIUM.exists()


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    if not _has_chromium():
        message = "Debian's chromium is not installed (apt-get install chromium)"
        if in_ci():
            pytest.fail(message + "; required in CI")
        pytest.skip(message)
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            await launched.close()


@pytest.fixture
async def page(browser: Browser, live_url: str) -> AsyncIterator[Page]:
    context = await browser.new_context(
        base_url=live_url, locale="en-GB", accept_downloads=True
    )
    context.set_default_timeout(5_000)
    opened = await context.new_page()
    try:
        yield opened
    finally:
        await context.close()


async def sign_in(page: Page, hotline: Hotline, username: str = "carla") -> None:
    await create_coordinator(hotline, username)
    await page.goto("/console")
    await page.get_by_label("User name").fill(username)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await page.get_by_role("heading", name="Live board").wait_for()
