"""Deliver signed webhooks to the app the way Twilio does (TWILIO.md 1.1, 2, 6).

Form-encoded POST (or GET with the parameters in the query string), X-Twilio-Signature,
a fresh I-Twilio-Idempotency-Token per attempt, the 15 s deadline, connection
overrides from the URL fragment (ct/rt/tt/rc/rp) and a log of every attempt.
Knows nothing about TwiML.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx

from twilio_simulator.signing import compute_signature, signed_url

USER_AGENT = "TwilioProxy/1.1"

HTTP_RETRIEVAL_FAILURE = 11200
HTTP_CONNECTION_FAILURE = 11205
HTTP_TOO_MANY_REDIRECTS = 11215


@dataclass(frozen=True)
class WebhookRecord:
    """One HTTP attempt, as tests see it in `TwilioSimulator.requests`."""

    kind: str
    url: str
    method: str
    params: Mapping[str, str]
    status_code: int | None
    content_type: str
    body: str
    elapsed_s: float
    at: datetime
    call_sid: str | None
    attempt: int
    error: str | None


@dataclass(frozen=True)
class WebhookResult:
    status_code: int | None
    content_type: str
    body: str
    error_code: int | None = None
    error_message: str = ""

    @property
    def is_ok(self) -> bool:
        return self.error_code is None


@dataclass(frozen=True)
class _Overrides:
    timeout_s: float
    retries: int
    retry_on: frozenset[str]


def _overrides(url: str, cap_s: float) -> _Overrides:
    fragment = dict(parse_qsl(urlsplit(url).fragment))
    timeout_s = cap_s
    for key in ("rt", "tt"):
        if key in fragment and fragment[key].isdigit():
            timeout_s = min(timeout_s, int(fragment[key]) / 1000)
    retries = int(fragment["rc"]) if fragment.get("rc", "").isdigit() else 1
    retry_on = frozenset(fragment.get("rp", "ct").split(","))
    return _Overrides(timeout_s=timeout_s, retries=min(retries, 5), retry_on=retry_on)


def _should_retry(result: WebhookResult, retry_on: frozenset[str]) -> bool:
    if "all" in retry_on:
        return result.error_code is not None
    if result.error_code == HTTP_CONNECTION_FAILURE:
        return "ct" in retry_on
    if result.status_code is None:
        return "rt" in retry_on
    if result.status_code >= 500:
        return "5xx" in retry_on
    if result.status_code >= 400:
        return "4xx" in retry_on
    return False


class WebhookSender:
    def __init__(
        self,
        *,
        auth_token: str,
        transports: Sequence[httpx.AsyncBaseTransport] | None,
        timeout_s: float,
        now: Callable[[], datetime],
    ) -> None:
        self._auth_token = auth_token
        self._timeout_s = timeout_s
        self._now = now
        limits = httpx.Timeout(timeout_s)
        if transports:
            self._clients = [
                httpx.AsyncClient(
                    transport=transport, timeout=limits, follow_redirects=True
                )
                for transport in transports
            ]
        else:
            self._clients = [httpx.AsyncClient(timeout=limits, follow_redirects=True)]
        self._next_client = 0
        self.records: list[WebhookRecord] = []

    async def aclose(self) -> None:
        for client in self._clients:
            await client.aclose()

    async def send(
        self,
        *,
        kind: str,
        url: str,
        method: str,
        params: Mapping[str, str],
        call_sid: str | None = None,
    ) -> WebhookResult:
        overrides = _overrides(url, self._timeout_s)
        attempt = 0
        while True:
            attempt += 1
            result = await self._attempt(
                kind=kind,
                url=url,
                method=method,
                params=params,
                call_sid=call_sid,
                attempt=attempt,
                timeout_s=overrides.timeout_s,
            )
            if attempt > overrides.retries or not _should_retry(
                result, overrides.retry_on
            ):
                return result

    async def _attempt(
        self,
        *,
        kind: str,
        url: str,
        method: str,
        params: Mapping[str, str],
        call_sid: str | None,
        attempt: int,
        timeout_s: float,
    ) -> WebhookResult:
        target = signed_url(url)
        if method == "GET":
            separator = "&" if urlsplit(target).query else "?"
            target = target + separator + urlencode(params) if params else target
            signature = compute_signature(self._auth_token, target)
            content: dict[str, str] | None = None
        else:
            signature = compute_signature(self._auth_token, target, params)
            content = dict(params)
        headers = {
            "X-Twilio-Signature": signature,
            "I-Twilio-Idempotency-Token": str(uuid.uuid4()),
            "User-Agent": USER_AGENT,
        }
        client = self._clients[self._next_client % len(self._clients)]
        self._next_client += 1
        started = time.perf_counter()
        at = self._now()
        try:
            response = await asyncio.wait_for(
                client.request(method, target, data=content, headers=headers),
                timeout_s,
            )
        except (TimeoutError, httpx.TimeoutException):
            result = WebhookResult(
                None, "", "", HTTP_RETRIEVAL_FAILURE, f"timed out after {timeout_s} s"
            )
        except httpx.TooManyRedirects:
            result = WebhookResult(
                None, "", "", HTTP_TOO_MANY_REDIRECTS, "too many redirects"
            )
        except httpx.TransportError as exc:
            result = WebhookResult(None, "", "", HTTP_CONNECTION_FAILURE, repr(exc))
        else:
            content_type = response.headers.get("content-type", "")
            if response.status_code >= 400:
                result = WebhookResult(
                    response.status_code,
                    content_type,
                    response.text,
                    HTTP_RETRIEVAL_FAILURE,
                    f"HTTP {response.status_code}",
                )
            else:
                result = WebhookResult(
                    response.status_code, content_type, response.text
                )
        self.records.append(
            WebhookRecord(
                kind=kind,
                url=url,
                method=method,
                params=dict(params),
                status_code=result.status_code,
                content_type=result.content_type,
                body=result.body,
                elapsed_s=time.perf_counter() - started,
                at=at,
                call_sid=call_sid,
                attempt=attempt,
                error=result.error_message or None,
            )
        )
        return result
