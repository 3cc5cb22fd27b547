"""Provider requests tried again with exponential backoff and jitter (stamina).

For requests that fail for a moment (the provider answers 5xx or 429, the network
drops): `retrying` runs one, and if it keeps failing through the last attempt it
raises the last error, and the caller hands the work to the coordinators. An error
the provider says is final (4xx other than 429: a number that cannot receive
SMS, a bad request) is raised at once: trying again would only fail again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import stamina

from app.config import ResilienceSettings
from app.ops import metrics as ops_metrics

T = TypeVar("T")


def is_worth_retrying(error: Exception) -> bool:
    """Anything but a final refusal by the provider. The adapter's REST errors
    carry the HTTP status as `status` (the provider library's own exception type
    stays inside app/telephony/twilio_adapter.py)."""
    status = getattr(error, "status", None)
    if isinstance(status, int) and 400 <= status < 500:
        return status == 429
    return True


async def retrying(
    settings: ResilienceSettings,
    operation: ops_metrics.RetryOperation,
    request: Callable[[], Awaitable[T]],
) -> T:
    """`await request()`, up to `settings.retry_attempts` times; each retry counted.

    Raises the last error once the attempts are used up (counted as exhausted)."""
    attempts = stamina.retry_context(
        on=is_worth_retrying,
        attempts=settings.retry_attempts,
        timeout=None,
        wait_initial=settings.retry_wait_initial_s,
        wait_max=settings.retry_wait_max_s,
        wait_jitter=settings.retry_wait_initial_s / 2,
    )
    try:
        async for attempt in attempts:
            with attempt:
                if attempt.num > 1:
                    ops_metrics.retry(operation)
                return await request()
    except Exception:
        ops_metrics.retries_exhausted(operation)
        raise
    raise AssertionError("stamina ends with a result or the last error")
