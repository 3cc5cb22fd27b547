"""The Twilio boundary: THE ONLY MODULE THAT IMPORTS `twilio` (ruff TID251 enforces it).

1. verify_twilio_signature: a FastAPI dependency wrapping RequestValidator. The URL is
   rebuilt from settings.public_base_url (TLS ends at a proxy; request.url lies).
2. parse_*: Twilio's form -> our events (app.telephony.events).
3. render: our instructions -> TwiML via twilio's VoiceResponse builder.
4. TwilioTelephonyClient: TelephonyClient over twilio.rest.Client (sync client run in a
   worker thread), pointed at api.twilio.com, at a base URL (the simulator served over
   HTTP), or at an in-process ASGI transport (tests, demo, benchmarks).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any, Literal, TypeVar
from urllib.parse import unquote_plus, urlsplit, urlunsplit

import anyio
import anyio.from_thread
import anyio.to_thread
import httpx
from fastapi import Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.datastructures import FormData, UploadFile
from twilio.base.exceptions import TwilioRestException
from twilio.http import HttpClient
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response as TwilioResponse
from twilio.request_validator import RequestValidator, compare
from twilio.rest import Client
from twilio.twiml.messaging_response import MessagingResponse
from twilio.twiml.voice_response import Dial, Gather, VoiceResponse

from app.config import Settings
from app.errors import BadRequest, Forbidden
from app.telephony import instructions as ins
from app.telephony.client import (
    RecordingAudio,
    RecordingNotFound,
    RecordingRefused,
    RecordingUnavailable,
)
from app.telephony.events import CallStatusChanged, SmsReceived, VoiceEvent

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 32 * 1024
# A REST request to the provider gives up after this long: a stalled API must not hold
# a worker thread, and a redirect must land before the queue's hold loop takes over
# the handoff itself (app/queue/service.py, REDIRECT_GRACE_S = 10 s).
REST_TIMEOUT_S = 5.0
# Fetching a recording's media: it is larger than a REST answer, and a coordinator
# waits for it, not a webhook.
RECORDING_TIMEOUT_S = 20.0
# Voicemails last at most a few minutes (about 1 MB a minute as WAV).
MAX_RECORDING_BYTES = 50 * 1024 * 1024
TWILIO_API_HOST = "api.twilio.com"
_RECORDING_SID = re.compile(r"RE[0-9a-fA-F]{32}")
MAX_FIELDS = 1000
_M = TypeVar("_M", bound=BaseModel)

# --------------------------------------------------------------------------- signature


class _MultiParams:
    """Gives RequestValidator every value of repeated form keys (its `getall` path).

    Grouped once: the validator asks for each key, and a form's own getlist scans
    every field each time."""

    def __init__(self, form: FormData) -> None:
        self._values: dict[str, list[str]] = {}
        for key, value in form.multi_items():
            values = self._values.setdefault(key, [])
            if isinstance(value, str):
                values.append(value)

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def keys(self) -> list[str]:
        return list(self._values)

    def getall(self, key: str) -> list[str]:
        return self._values.get(key, [])


def signed_url(settings: Settings, request: Request) -> str:
    """The public URL Twilio requested (and signed): the path and query of
    `request.url`, read from the scope without building the whole URL."""
    scope = request.scope
    path = scope["path"].replace("?", "%3F").replace("#", "%23").replace("\\", "%5C")
    url = settings.public_url(path.translate(_URL_DROPS))
    query = scope.get("query_string", b"").decode().translate(_URL_DROPS)
    query = query.partition("#")[0]
    return f"{url}?{query}" if query else url


# What urlsplit (so Starlette's request.url) drops from a URL wherever it is.
_URL_DROPS = str.maketrans("", "", "\t\r\n")


async def verify_twilio_signature(request: Request) -> FormData:
    """Dependency: the request's form, only if X-Twilio-Signature is valid (else 403).

    Runs before any handler code, so a forged request writes nothing.
    """
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
        raise BadRequest("request body too large")
    settings: Settings = request.app.state.hotline.settings
    signature = request.headers.get("x-twilio-signature")
    if not signature:
        raise Forbidden("missing X-Twilio-Signature")
    form = await read_form(request)
    if not _is_signed(settings, signed_url(settings, request), form, signature):
        raise Forbidden("invalid X-Twilio-Signature")
    return form


def _is_signed(settings: Settings, url: str, form: FormData, signature: str) -> bool:
    """twilio's validator checks the URL with and without its port (two HMACs):
    the URL as we know it first, and only when that fails both variants."""
    validator = RequestValidator(settings.twilio.auth_token.get_secret_value())
    params = _MultiParams(form)
    if "bodySHA256" not in url and compare(
        validator.compute_signature(url, params), signature
    ):
        return True
    return bool(validator.validate(url, params, signature))


async def read_form(request: Request) -> FormData:
    """Twilio's body, which is always application/x-www-form-urlencoded, parsed in
    one pass (every webhook pays for it) and never longer than MAX_BODY_BYTES, even
    when it comes without a Content-Length."""
    media_type = request.headers.get("content-type", "").partition(";")[0]
    if media_type.strip().lower() != "application/x-www-form-urlencoded":
        raise BadRequest("Twilio webhooks are application/x-www-form-urlencoded")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise BadRequest("request body too large")
    text = body.decode("latin-1")
    if text.count("&") >= MAX_FIELDS:
        raise BadRequest("too many form fields")
    return FormData(_form_pairs(text))


def _form_pairs(text: str) -> list[tuple[str, str | UploadFile]]:
    """`parse_qsl(text, keep_blank_values=True)` with the body decoded as Starlette
    decodes it (raw bytes as latin-1, %-escapes as UTF-8), but unquoting all the
    names and values in one call: split first, so an escaped '&' or '=' stays in
    its value, then joined by a NUL, which only an escaped NUL could also give
    (such a body takes the per-field way; Twilio never sends one)."""
    parts = [part.partition("=") for part in text.split("&") if part]
    if "%00" in text or "\x00" in text:
        return [(unquote_plus(name), unquote_plus(value)) for name, _, value in parts]
    fields = unquote_plus("\x00".join(f"{name}\x00{value}" for name, _, value in parts))
    if not parts:
        return []
    decoded = fields.split("\x00")
    return list(zip(decoded[::2], decoded[1::2], strict=True))


def sign_request(auth_token: str, url: str, params: Mapping[str, str]) -> str:
    """What Twilio would send as X-Twilio-Signature (used by tests and benchmarks)."""
    return str(RequestValidator(auth_token).compute_signature(url, dict(params)))


# --------------------------------------------------------------------------- parsing


# Bounds match the columns the values land in (call.from_number is 40 characters,
# call.direction 20, integers are 32-bit on PostgreSQL): a value no real Twilio
# request carries is a 400 here, not a database error (a 5xx) in a handler.
_MAX_INT = 2**31 - 1


class _TwilioVoiceForm(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    CallSid: str = Field(pattern=r"^CA[0-9a-fA-F]{32}$")
    From: str = Field(default="", max_length=40)
    To: str = Field(default="", max_length=40)
    CallStatus: str = Field(default="in-progress", max_length=32)
    Direction: str = Field(default="inbound", max_length=20)
    ParentCallSid: str | None = Field(default=None, max_length=34)
    Digits: str | None = Field(default=None, max_length=64)
    SpeechResult: str | None = Field(default=None, max_length=2000)
    Confidence: float | None = Field(default=None, ge=0, le=1)
    RecordingUrl: str | None = Field(default=None, max_length=512)
    RecordingDuration: int | None = Field(default=None, ge=0, le=86400)
    QueueResult: str | None = Field(default=None, max_length=64)
    QueueTime: int | None = Field(default=None, ge=0, le=_MAX_INT)
    QueuePosition: int | None = Field(default=None, ge=0, le=_MAX_INT)
    DialCallStatus: str | None = Field(default=None, max_length=32)
    AnsweredBy: str | None = Field(default=None, max_length=64)


class _TwilioStatusForm(_TwilioVoiceForm):
    SequenceNumber: int | None = Field(default=None, ge=0, le=_MAX_INT)
    Timestamp: str | None = Field(default=None, max_length=64)
    CallDuration: int | None = Field(default=None, ge=0, le=_MAX_INT)


class _TwilioSmsForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    MessageSid: str = Field(pattern=r"^(SM|MM)[0-9a-fA-F]{32}$")
    From: str = Field(min_length=1, max_length=64)
    To: str = Field(default="", max_length=64)
    Body: str = Field(default="", max_length=1600)


def _single_values(form: FormData) -> dict[str, str]:
    values = {k: v for k, v in form.items() if isinstance(v, str) and v != ""}
    # PostgreSQL text cannot hold NUL; Twilio never sends one.
    if any("\x00" in v for v in values.values()):
        raise BadRequest("malformed Twilio parameters: NUL character")
    return values


def _validated(model: type[_M], form: FormData) -> _M:
    try:
        return model.model_validate(_single_values(form))
    except ValidationError as exc:
        fields = ", ".join(str(e["loc"][0]) for e in exc.errors() if e["loc"])
        raise BadRequest(f"malformed Twilio parameters: {fields}") from exc


def parse_voice_event(form: FormData) -> VoiceEvent:
    f = _validated(_TwilioVoiceForm, form)
    digits = f.Digits
    if digits is None and form.get("FinishedOnKey"):
        # Only the finish key was pressed (a lone '#'): that is an answer ("skip"),
        # not silence, so it reaches the menu as empty digits.
        digits = ""
    return VoiceEvent(
        call_sid=f.CallSid,
        from_number=f.From,
        to_number=f.To,
        call_status=f.CallStatus,
        direction=f.Direction,
        parent_call_sid=f.ParentCallSid,
        digits=digits,
        speech=f.SpeechResult,
        speech_confidence=f.Confidence,
        recording_url=f.RecordingUrl,
        recording_duration_s=f.RecordingDuration,
        queue_result=f.QueueResult,
        queue_time_s=f.QueueTime,
        queue_position=f.QueuePosition,
        dial_status=f.DialCallStatus,
        answered_by=f.AnsweredBy,
    )


def _parse_timestamp(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None


def parse_status_event(form: FormData) -> CallStatusChanged:
    f = _validated(_TwilioStatusForm, form)
    return CallStatusChanged(
        call_sid=f.CallSid,
        call_status=f.CallStatus,
        from_number=f.From,
        to_number=f.To,
        direction=f.Direction,
        sequence_number=f.SequenceNumber,
        occurred_at=_parse_timestamp(f.Timestamp),
        duration_s=f.CallDuration,
        answered_by=f.AnsweredBy,
    )


def parse_sms(form: FormData) -> SmsReceived:
    f = _validated(_TwilioSmsForm, form)
    return SmsReceived(
        message_sid=f.MessageSid, from_number=f.From, to_number=f.To, body=f.Body
    )


# --------------------------------------------------------------------------- rendering


class TwimlRenderer:
    """Renders instructions; app paths become absolute public URLs."""

    def __init__(self, public_base_url: str) -> None:
        self._base = public_base_url.rstrip("/")
        # Scripts are immutable values and most answers repeat (the welcome menu, the
        # hold loop): render each distinct one once.
        self.to_xml = functools.lru_cache(maxsize=2048)(self._to_xml)

    def url(self, path: str) -> str:
        return path if "://" in path else self._base + path

    def render(self, script: ins.Script) -> Response:
        return Response(self.to_xml(script), media_type="application/xml")

    def _to_xml(self, script: ins.Script) -> str:
        response = VoiceResponse()
        for instruction in script.instructions:
            self._append(response, instruction)
        return str(response)

    def _prompt(self, parent: VoiceResponse | Gather, prompt: ins.Prompt) -> None:
        match prompt:
            case ins.Say():
                self._say(parent, prompt)
            case ins.Play():
                parent.play(self.url(prompt.url), loop=prompt.loop)
            case ins.Pause():
                parent.pause(length=prompt.seconds)

    @staticmethod
    def _say(parent: VoiceResponse | Gather, prompt: ins.Say) -> None:
        """Plain text at the normal rate; else SSML children of <Say>: <prosody
        rate="90%"> around the text and a <break time="300ms"/> after it."""
        slower = prompt.rate != 100
        say = parent.say(
            None if slower else prompt.text,
            voice=prompt.voice,
            language=prompt.locale,
            loop=prompt.loop,
        )
        if slower:
            say.prosody(prompt.text, rate=f"{prompt.rate}%")
        if prompt.break_after_ms > 0:
            say.break_(time=f"{prompt.break_after_ms}ms")

    def _append(self, response: VoiceResponse, item: ins.Instruction) -> None:
        match item:
            case ins.Say() | ins.Play() | ins.Pause():
                self._prompt(response, item)
            case ins.Gather():
                gather = response.gather(
                    action=self.url(item.action),
                    method="POST",
                    input="dtmf speech" if item.speech_locale else "dtmf",
                    num_digits=item.num_digits,
                    timeout=item.timeout_s,
                    finish_on_key=item.finish_on_key,
                    language=item.speech_locale,
                    hints=", ".join(item.hints) if item.hints else None,
                    action_on_empty_result=item.action_on_empty_result,
                    speech_timeout=item.speech_timeout if item.speech_locale else None,
                )
                for prompt in item.prompts:
                    self._prompt(gather, prompt)
            case ins.Record():
                response.record(
                    action=self.url(item.action),
                    method="POST",
                    max_length=item.max_length_s,
                    timeout=item.timeout_s,
                    finish_on_key=item.finish_on_key,
                    play_beep=item.play_beep,
                )
            case ins.Redirect():
                response.redirect(self.url(item.url), method="POST")
            case ins.Hangup():
                response.hangup()
            case ins.Enqueue():
                response.enqueue(
                    item.queue_name,
                    action=self.url(item.action),
                    method="POST",
                    wait_url=self.url(item.wait_url),
                    wait_url_method="POST",
                )
            case ins.Leave():
                response.leave()
            case ins.JoinConference():
                dial = Dial(
                    action=self.url(item.action) if item.action else None,
                    method="POST" if item.action else None,
                    time_limit=item.time_limit_s,
                )
                dial.conference(
                    item.room,
                    beep=item.beep,
                    start_conference_on_enter=item.start_on_enter,
                    end_conference_on_exit=item.end_on_exit,
                    wait_url=self.url(item.wait_url) if item.wait_url else "",
                )
                response.append(dial)
            case ins.DialNumber():
                dial = Dial(
                    action=self.url(item.action),
                    method="POST",
                    caller_id=item.caller_id,
                    timeout=item.timeout_s,
                    time_limit=item.time_limit_s,
                )
                dial.number(item.number)
                response.append(dial)


def render_sms_reply(bodies: Sequence[str]) -> Response:
    response = MessagingResponse()
    for body in bodies:
        response.message(body)
    return Response(str(response), media_type="application/xml")


def empty_twiml() -> Response:
    return Response(str(VoiceResponse()), media_type="application/xml")


# --------------------------------------------------------------------------- REST


class _BaseUrlHttpClient(TwilioHttpClient):  # type: ignore[misc]
    """Sends every REST call to another base URL (the simulator served over HTTP)."""

    def __init__(self, base_url: str) -> None:
        super().__init__(timeout=REST_TIMEOUT_S)
        self._target = urlsplit(base_url)

    def request(self, method: str, url: str, **kwargs: Any) -> TwilioResponse:
        parts = urlsplit(url)
        url = urlunsplit(
            (self._target.scheme, self._target.netloc, parts.path, parts.query, "")
        )
        return super().request(method, url, **kwargs)


class InProcessHttpClient(HttpClient):  # type: ignore[misc]
    """Sends REST calls to an in-process ASGI app (the simulator) from a worker thread.

    The sync twilio client runs in an anyio worker thread; this hops back onto the
    event loop for the request, so the simulator's REST API runs in the same process.
    """

    def __init__(self, transport: httpx.AsyncBaseTransport) -> None:
        super().__init__(logger=logger, is_async=False, timeout=None)
        self._transport = transport

    def request(
        self,
        method: str,
        uri: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> TwilioResponse:
        async def send() -> httpx.Response:
            async with httpx.AsyncClient(transport=self._transport) as client:
                return await client.request(
                    method,
                    uri,
                    params=params,  # type: ignore[arg-type]
                    data=data,
                    headers=headers,
                    auth=auth,
                )

        response = anyio.from_thread.run(send)
        return TwilioResponse(response.status_code, response.text, response.headers)


class TwilioTelephonyClient:
    """TelephonyClient over the official twilio.rest.Client."""

    def __init__(
        self,
        settings: Settings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        http_client: HttpClient
        if transport is not None:
            http_client = InProcessHttpClient(transport)
        elif settings.twilio.api_base_url is not None:
            http_client = _BaseUrlHttpClient(str(settings.twilio.api_base_url))
        else:
            http_client = TwilioHttpClient(timeout=REST_TIMEOUT_S)
        self._client = Client(
            settings.twilio.account_sid,
            settings.twilio.auth_token.get_secret_value(),
            http_client=http_client,
        )
        self._from = settings.twilio.hotline_number
        self._base = str(settings.public_base_url).rstrip("/")
        self._account_sid = settings.twilio.account_sid
        self._auth = (
            settings.twilio.account_sid,
            settings.twilio.auth_token.get_secret_value(),
        )
        self._transport = transport
        self._api_base = (
            urlsplit(str(settings.twilio.api_base_url))
            if settings.twilio.api_base_url is not None
            else None
        )

    async def place_call(
        self,
        *,
        to: str,
        url: str,
        status_callback: str,
        timeout_s: int,
        detect_machine: bool = False,
    ) -> str:
        def create() -> str:
            call = self._client.calls.create(
                to=to,
                from_=self._from,
                url=self._base + url,
                method="POST",
                status_callback=self._base + status_callback,
                status_callback_method="POST",
                status_callback_event=["initiated", "ringing", "answered", "completed"],
                timeout=timeout_s,
                machine_detection="Enable" if detect_machine else None,
            )
            return str(call.sid)

        return await anyio.to_thread.run_sync(create)

    async def redirect_call(self, call_sid: str, url: str) -> None:
        await anyio.to_thread.run_sync(
            lambda: self._client.calls(call_sid).update(
                url=self._base + url, method="POST"
            )
        )

    async def end_call(
        self, call_sid: str, *, status: Literal["canceled", "completed"]
    ) -> None:
        def update() -> None:
            try:
                self._client.calls(call_sid).update(status=status)
            except TwilioRestException as exc:
                # 21220: the call is not in a state that can be changed (already over).
                if exc.status not in (400, 404) and exc.code != 21220:
                    raise
                logger.info("end_call(%s) ignored: %s", call_sid, exc.msg)

        await anyio.to_thread.run_sync(update)

    async def send_sms(self, *, to: str, body: str) -> str:
        def create() -> str:
            message = self._client.messages.create(to=to, from_=self._from, body=body)
            return str(message.sid)

        return await anyio.to_thread.run_sync(create)

    def recording_request_url(self, url: str) -> str:
        """Where to fetch a `RecordingUrl` from, or RecordingRefused.

        Only https://api.twilio.com (or the configured API base, e.g. a simulator)
        and only this account's Recordings: the request carries our credentials.
        """
        parts = urlsplit(url)
        prefix = f"/2010-04-01/Accounts/{self._account_sid}/Recordings/"
        allowed = {TWILIO_API_HOST}
        if self._api_base is not None and self._api_base.hostname:
            allowed.add(self._api_base.hostname)
        name = parts.path.removeprefix(prefix)
        if (
            parts.scheme not in ("https", "http")
            or (parts.scheme == "http" and parts.hostname == TWILIO_API_HOST)
            or parts.hostname not in allowed
            or parts.username
            or parts.password
            or not parts.path.startswith(prefix)
            or not name
            or "/" in name
            or ".." in name
        ):
            raise RecordingRefused("not a recording of this account on the API host")
        if self._api_base is not None:
            # Like _BaseUrlHttpClient: the provider's path, sent to the configured API.
            return urlunsplit(
                (self._api_base.scheme, self._api_base.netloc, parts.path, "", "")
            )
        return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))

    def recording_sid(self, url: str) -> str:
        """The RecordingSid of a `RecordingUrl` of this account, or RecordingRefused."""
        name = urlsplit(self.recording_request_url(url)).path.rsplit("/", 1)[-1]
        sid = name.split(".", 1)[0]
        if not _RECORDING_SID.fullmatch(sid):
            raise RecordingRefused("not a recording of this account on the API host")
        return sid

    async def delete_recording(self, url: str) -> bool:
        sid = self.recording_sid(url)

        def delete() -> bool:
            try:
                return bool(self._client.recordings(sid).delete())
            except TwilioRestException as exc:
                if exc.status == 404:
                    return False
                raise RecordingUnavailable(
                    f"the provider refused to delete {sid}: {exc.status}"
                ) from exc
            except (OSError, httpx.HTTPError) as exc:
                # requests' errors are OSErrors; the in-process client raises httpx's.
                raise RecordingUnavailable(
                    f"deleting {sid} failed: {type(exc).__name__}"
                ) from exc

        return await anyio.to_thread.run_sync(delete)

    async def fetch_recording(self, url: str) -> RecordingAudio:
        target = self.recording_request_url(url)
        # The twilio library's HttpClient hands back text only, so the media goes
        # through httpx directly: over the same in-process transport when one is
        # given (the simulator), else over the network.
        async with httpx.AsyncClient(
            transport=self._transport,
            auth=self._auth,
            timeout=RECORDING_TIMEOUT_S,
            follow_redirects=True,  # httpx drops the credentials off-host
            max_redirects=3,
        ) as client:
            try:
                async with client.stream("GET", target) as response:
                    if response.status_code == 404:
                        raise RecordingNotFound("the provider has no such recording")
                    media_type = response.headers.get("content-type", "")
                    media_type = media_type.split(";")[0].strip().lower()
                    if response.status_code != 200 or not media_type.startswith(
                        "audio/"
                    ):
                        raise RecordingUnavailable(
                            f"the provider answered {response.status_code}"
                            f" ({media_type or 'no content type'})"
                        )
                    chunks: list[bytes] = []
                    size = 0
                    async for chunk in response.aiter_bytes():
                        size += len(chunk)
                        if size > MAX_RECORDING_BYTES:
                            raise RecordingUnavailable("the recording is too large")
                        chunks.append(chunk)
            except httpx.HTTPError as exc:
                raise RecordingUnavailable(
                    f"fetching the recording failed: {type(exc).__name__}"
                ) from exc
        return RecordingAudio(b"".join(chunks), media_type)
