"""JSON log lines: CallSid and request id bound, phone numbers masked, uvicorn too."""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator

import pytest

from app.config import Settings
from app.logging import call_sid_var
from app.ops.logs import RequestIdFilter, log_format
from tests.integration.ops.scraping import get
from tests.support.harness import Hotline, hotline_harness

pytestmark = pytest.mark.integration

CALLER = "+32470123456"


@pytest.fixture
async def json_hotline(settings: Settings) -> AsyncIterator[Hotline]:
    json_settings = settings.model_copy(update={"log_format": "json"})
    async with hotline_harness(json_settings) as harness:

        async def logs_a_caller() -> dict[str, str]:
            call_sid_var.set("CA" + "a" * 32)
            logging.getLogger("app.ops.test").warning("caller %s on hold", CALLER)
            return {}

        harness.app.add_api_route("/test/log", logs_a_caller)
        yield harness


def capture(logger_name: str) -> io.StringIO:
    """Point the logger's handler (ours, not pytest's) at a buffer."""
    buffer = io.StringIO()
    for handler in logging.getLogger(logger_name).handlers:
        is_ours = any(isinstance(f, RequestIdFilter) for f in handler.filters)
        if is_ours and isinstance(handler, logging.StreamHandler):
            handler.setStream(buffer)
    return buffer


async def test_app_lines_are_json_with_ids_bound_and_numbers_masked(
    json_hotline: Hotline,
) -> None:
    buffer = capture("app")
    response = await get(json_hotline, "/test/log")
    (line,) = buffer.getvalue().splitlines()
    record = json.loads(line)
    assert record["level"] == "WARNING"
    assert record["logger"] == "app.ops.test"
    assert record["message"] == "caller +32*******56 on hold"
    assert record["call_sid"] == "CA" + "a" * 32
    assert record["request_id"] == response.headers["x-request-id"]
    assert "time" in record
    assert CALLER not in line


async def test_a_proxy_request_id_is_kept_and_a_bad_one_replaced(
    json_hotline: Hotline,
) -> None:
    kept = await get(json_hotline, "/healthz", {"X-Request-ID": "proxy-1.a_b"})
    assert kept.headers["x-request-id"] == "proxy-1.a_b"
    replaced = await get(json_hotline, "/healthz", {"X-Request-ID": "a b\x01"})
    assert replaced.headers["x-request-id"] not in ("", "a b\x01")


async def test_uvicorn_access_lines_share_the_format(json_hotline: Hotline) -> None:
    buffer = capture("uvicorn.access")
    logging.getLogger("uvicorn.access").info(
        '%s - "%s %s HTTP/%s" %d',
        "10.0.0.7:51000",
        "GET",
        f"/api/volunteers?phone={CALLER}",
        "1.1",
        200,
    )
    record = json.loads(buffer.getvalue())
    assert record["logger"] == "uvicorn.access"
    assert "+32*******56" in record["message"]
    assert CALLER not in record["message"]


def test_the_uvicorn_log_config_gives_json_lines() -> None:
    """`hotline serve` hands this dictConfig to uvicorn: check it in a fresh process
    (dictConfig would replace this process's handlers, pytest's included)."""
    script = textwrap.dedent(
        f"""
        import logging, logging.config
        from app.config import Settings
        from app.ops.logs import uvicorn_log_config
        logging.config.dictConfig(uvicorn_log_config(Settings(log_format="json")))
        logging.getLogger("uvicorn.access").info(
            '%s - "%s %s HTTP/%s" %d', "1.2.3.4:5", "GET", "/x?to={CALLER}", "1.1", 200
        )
        logging.getLogger("uvicorn.error").error("boom")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    access, error = (json.loads(line) for line in result.stderr.splitlines())
    assert access["logger"] == "uvicorn.access"
    assert CALLER not in access["message"]
    assert (error["logger"], error["level"]) == ("uvicorn.error", "ERROR")


def test_text_in_dev_json_in_production_unless_told(settings: Settings) -> None:
    assert log_format(settings) == "text"
    production = settings.model_copy(update={"env": "production"})
    assert log_format(production) == "json"
    told = production.model_copy(update={"log_format": "text"})
    assert log_format(told) == "text"
