"""Twilio's REST subset (Calls, Messages, Queues, Members, Recordings) as an ASGI app
(TWILIO.md 4).

HTTP only: authentication, form parsing, Twilio-shaped JSON and errors. Every
operation is delegated to the `TwilioSimulator` and returns at once: handlers never
wait for a webhook round trip, because the app calls this API from inside its own
webhook handlers.

Recordings: a <Record> reports RecordingSid/RecordingUrl/RecordingDuration to the
app, and the simulator's webhook log keeps those parameters; that log is the list of
recordings made. `.../Recordings/{Sid}` (and `.wav`) serves the media as Twilio does
(8 kHz mono 16-bit WAV, the recording's length: soft pulses where the caller spoke),
`.json` its metadata. MP3 media is not simulated (404).
`DELETE .../Recordings/{Sid}.json` deletes it (204; then 404 like any unknown
recording), kept in `TwilioSimulator.deleted_recordings`.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import io
import math
import wave
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from twilio_simulator.errors import RestError
from twilio_simulator.state import (
    API_VERSION,
    DocumentSource,
    QueueMember,
    SimCall,
    SimMessage,
    SimQueue,
    StatusCallback,
)

if TYPE_CHECKING:
    from twilio_simulator.engine import TwilioSimulator

Handler = Callable[[Request], Awaitable[Response]]
_CALL_EVENTS = frozenset({"initiated", "ringing", "answered", "completed"})
RECORDING_RATE_HZ = 8000


RestResource = Literal["Calls", "Messages"]


@dataclass
class _Fault:
    resource: RestResource
    remaining: int
    to: str | None
    status: int
    code: int


class RestFaults:
    """Failure injection for tests: creating calls or messages fails on purpose, as
    Twilio's API does when it is down (503, error 20503) or refuses a number.

    `sim.rest_faults.fail("Messages", times=2)` makes the next two SMS fail;
    `to=` limits a fault to one destination number. `injected` counts the requests
    failed so far.
    """

    def __init__(self) -> None:
        self._faults: list[_Fault] = []
        self.injected = 0

    def fail(
        self,
        resource: RestResource,
        *,
        times: int = 1,
        to: str | None = None,
        status: int = 503,
        code: int = 20503,
    ) -> None:
        self._faults.append(_Fault(resource, times, to, status, code))

    def clear(self) -> None:
        self._faults.clear()

    def check(self, resource: RestResource, to: str) -> None:
        """Raise the first matching fault still armed (and count it down)."""
        for fault in self._faults:
            if fault.resource != resource or fault.remaining <= 0:
                continue
            if fault.to is not None and fault.to != to:
                continue
            fault.remaining -= 1
            self.injected += 1
            raise RestError(fault.status, fault.code, "Service unavailable (injected)")


def recording_wav(duration_s: int) -> bytes:
    """`duration_s` of 8 kHz mono 16-bit PCM: a soft 440 Hz pulse each second (so a
    person testing a player hears that there is something), silence in between."""
    second = bytearray(RECORDING_RATE_HZ * 2)
    for n in range(RECORDING_RATE_HZ // 5):
        sample = int(3000 * math.sin(2 * math.pi * 440 * n / RECORDING_RATE_HZ))
        second[2 * n : 2 * n + 2] = sample.to_bytes(2, "little", signed=True)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RECORDING_RATE_HZ)
        out.writeframes(bytes(second) * max(duration_s, 0))
    return buffer.getvalue()


def _date(value: datetime | None) -> str | None:
    return None if value is None else format_datetime(value)


def _error(status: int, code: int, message: str) -> JSONResponse:
    return JSONResponse(
        {
            "code": code,
            "message": message,
            "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status,
        },
        status_code=status,
    )


def _field(form: FormData, name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) else None


def _required(form: FormData, name: str, code: int, message: str) -> str:
    value = _field(form, name)
    if not value:
        raise RestError(400, code, message)
    return value


def _integer(form: FormData, name: str, default: int) -> int:
    value = _field(form, name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise RestError(400, 20001, f"{name} must be an integer") from None


def _method(form: FormData, name: str) -> str:
    value = (_field(form, name) or "POST").upper()
    if value not in {"GET", "POST"}:
        raise RestError(400, 20001, f"{name} must be GET or POST")
    return value


def _absolute_url(form: FormData, name: str) -> str | None:
    value = _field(form, name)
    if value is not None and not urlsplit(value).scheme:
        raise RestError(400, 21205, f"{name} must be an absolute URL")
    return value


class _Api:
    def __init__(self, sim: TwilioSimulator) -> None:
        self._sim = sim
        self._base = f"/{API_VERSION}/Accounts/{sim.account_sid}"

    # ------------------------------------------------------------ plumbing

    def guarded(self, handler: Handler) -> Handler:
        async def endpoint(request: Request) -> Response:
            if not self._authenticated(request):
                return _error(401, 20003, "Authenticate")
            if request.path_params.get("account_sid") != self._sim.account_sid:
                return _error(404, 20404, "The requested resource was not found")
            try:
                return await handler(request)
            except RestError as error:
                return _error(error.status, error.code, error.message)

        return endpoint

    def _authenticated(self, request: Request) -> bool:
        scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            decoded = base64.b64decode(encoded, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return False
        username, _, password = decoded.partition(":")
        expected = f"{self._sim.account_sid}:{self._sim.auth_token}"
        return hmac.compare_digest(f"{username}:{password}", expected)

    def _page(
        self, request: Request, key: str, items: list[dict[str, Any]]
    ) -> Response:
        try:
            page_size = min(
                max(int(request.query_params.get("PageSize", "50")), 1), 1000
            )
            page = max(int(request.query_params.get("Page", "0")), 0)
        except ValueError:
            raise RestError(400, 20001, "PageSize and Page must be integers") from None
        start = page * page_size
        chunk = items[start : start + page_size]
        path = request.url.path

        def uri(number: int) -> str:
            return f"{path}?PageSize={page_size}&Page={number}"

        has_next = start + page_size < len(items)
        return JSONResponse(
            {
                key: chunk,
                "page": page,
                "page_size": page_size,
                "first_page_uri": uri(0),
                "next_page_uri": uri(page + 1) if has_next else None,
                "previous_page_uri": uri(page - 1) if page > 0 else None,
                "start": start,
                "end": start + max(len(chunk) - 1, 0),
                "uri": uri(page),
            }
        )

    # ------------------------------------------------------------ JSON shapes

    def call_json(self, call: SimCall) -> dict[str, Any]:
        uri = f"{self._base}/Calls/{call.sid}"
        number = self._sim.numbers.get(call.to) or self._sim.numbers.get(call.from_)
        duration = call.duration_s
        return {
            "sid": call.sid,
            "date_created": _date(call.created_at),
            "date_updated": _date(call.updated_at),
            "parent_call_sid": call.parent_call_sid,
            "account_sid": call.account_sid,
            "to": call.to,
            "to_formatted": call.to,
            "from": call.from_,
            "from_formatted": call.from_,
            "phone_number_sid": number.sid if number is not None else None,
            "status": call.status.value,
            "start_time": _date(call.start_time),
            "end_time": _date(call.end_time),
            "duration": None if duration is None else str(duration),
            "price": None,
            "price_unit": "USD",
            "direction": call.direction,
            "answered_by": call.answered_by,
            "api_version": API_VERSION,
            "forwarded_from": None,
            "group_sid": None,
            "caller_name": None,
            "queue_time": str(call.queue_time_s),
            "trunk_sid": None,
            "uri": uri + ".json",
            "subresource_uris": {
                "notifications": uri + "/Notifications.json",
                "recordings": uri + "/Recordings.json",
                "payments": uri + "/Payments.json",
                "events": uri + "/Events.json",
                "siprec": uri + "/Siprec.json",
                "streams": uri + "/Streams.json",
                "user_defined_message_subscriptions": uri
                + "/UserDefinedMessageSubscriptions.json",
                "user_defined_messages": uri + "/UserDefinedMessages.json",
            },
        }

    def message_json(self, message: SimMessage) -> dict[str, Any]:
        uri = f"{self._base}/Messages/{message.sid}"
        return {
            "sid": message.sid,
            "account_sid": message.account_sid,
            "to": message.to,
            "from": message.from_,
            "body": message.body,
            "status": message.status,
            "direction": message.direction,
            "num_segments": str(max(1, -(-len(message.body) // 160))),
            "num_media": "0",
            "price": None,
            "price_unit": "USD",
            "error_code": None,
            "error_message": None,
            "date_created": _date(message.created_at),
            "date_sent": _date(message.sent_at),
            "date_updated": _date(message.updated_at),
            "messaging_service_sid": None,
            "api_version": API_VERSION,
            "uri": uri + ".json",
            "subresource_uris": {"media": uri + "/Media.json"},
        }

    def queue_json(self, queue: SimQueue) -> dict[str, Any]:
        return {
            "sid": queue.sid,
            "account_sid": self._sim.account_sid,
            "friendly_name": queue.friendly_name,
            "current_size": len(queue.members),
            "max_size": queue.max_size,
            "average_wait_time": queue.average_wait_s(self._sim.now()),
            "date_created": _date(queue.created_at),
            "date_updated": _date(queue.updated_at),
            "uri": f"{self._base}/Queues/{queue.sid}.json",
        }

    def member_json(self, member: QueueMember) -> dict[str, Any]:
        queue = member.queue
        position = queue.position(member) if member in queue.members else 0
        return {
            "call_sid": member.call.sid,
            "queue_sid": queue.sid,
            "date_enqueued": _date(member.enqueued_at),
            "position": position,
            "wait_time": member.wait_s(self._sim.now()),
            "uri": f"{self._base}/Queues/{queue.sid}/Members/{member.call.sid}.json",
        }

    # ------------------------------------------------------------ Calls

    async def calls(self, request: Request) -> Response:
        if request.method == "GET":
            filters: dict[str, Callable[[SimCall, str], bool]] = {
                "To": lambda c, v: c.to == v,
                "From": lambda c, v: c.from_ == v,
                "Status": lambda c, v: c.status.value == v,
                "ParentCallSid": lambda c, v: c.parent_call_sid == v,
            }
            selected = list(self._sim.calls.values())
            for name, matches in filters.items():
                value = request.query_params.get(name)
                if value is not None:
                    selected = [c for c in selected if matches(c, value)]
            selected.sort(key=lambda c: c.created_at, reverse=True)
            return self._page(request, "calls", [self.call_json(c) for c in selected])
        form = await request.form()
        to = _required(form, "To", 21201, "No 'To' number is specified")
        self._sim.rest_faults.check("Calls", to)
        from_ = _required(form, "From", 21603, "A 'From' phone number is required.")
        source = self._source(form, required=True)
        assert source is not None
        callback_url = _absolute_url(form, "StatusCallback")
        callback = None
        if callback_url is not None:
            events = frozenset(
                event
                for value in form.getlist("StatusCallbackEvent")
                if isinstance(value, str)
                for event in value.split()
            ) or frozenset({"completed"})
            if not events <= _CALL_EVENTS:
                raise RestError(400, 21626, "Invalid StatusCallbackEvent")
            callback = StatusCallback(
                callback_url, _method(form, "StatusCallbackMethod"), events
            )
        fallback_url = _absolute_url(form, "FallbackUrl")
        fallback = None
        if fallback_url is not None:
            fallback = DocumentSource(
                fallback_url, _method(form, "FallbackMethod"), kind="fallback"
            )
        call = self._sim.create_call(
            to=to,
            from_=from_,
            source=source,
            status_callback=callback,
            fallback=fallback,
            timeout_s=min(max(_integer(form, "Timeout", 60), 1), 600),
            machine_detection=_field(form, "MachineDetection") is not None,
        )
        return JSONResponse(self.call_json(call), status_code=201)

    def _source(self, form: FormData, *, required: bool) -> DocumentSource | None:
        twiml = _field(form, "Twiml")
        if twiml is not None:
            return DocumentSource(twiml=twiml, kind="voice")
        url = _absolute_url(form, "Url")
        if url is not None:
            return DocumentSource(url, _method(form, "Method"), kind="voice")
        if required:
            raise RestError(400, 21205, "Url parameter is required.")
        return None

    async def call(self, request: Request) -> Response:
        call_sid = request.path_params["call_sid"]
        if request.method == "DELETE":
            self._sim.delete_call(call_sid)
            return Response(status_code=204)
        if request.method == "POST":
            form = await request.form()
            source = self._source(form, required=False)
            if source is not None:
                source = DocumentSource(
                    source.url, source.method, source.twiml, kind="redirect"
                )
            call = self._sim.update_call(
                call_sid, source=source, status=_field(form, "Status")
            )
            return JSONResponse(self.call_json(call))
        found = self._sim.calls.get(call_sid)
        if found is None:
            raise RestError(
                404, 20404, f"The requested resource Call {call_sid} was not found"
            )
        return JSONResponse(self.call_json(found))

    # ------------------------------------------------------------ Recordings

    def _recording(self, recording_sid: str) -> dict[str, str]:
        """The parameters the simulator reported for this recording (webhook log);
        a deleted recording is gone, as at Twilio."""
        for record in reversed(self._sim.requests):
            if (
                record.params.get("RecordingSid") == recording_sid
                and recording_sid not in self._sim.deleted_recordings
            ):
                return dict(record.params)
        raise RestError(
            404,
            20404,
            f"The requested resource /{API_VERSION}/Accounts/{self._sim.account_sid}"
            f"/Recordings/{recording_sid} was not found",
        )

    def recording_json(self, params: dict[str, str]) -> dict[str, Any]:
        sid = params["RecordingSid"]
        uri = f"{self._base}/Recordings/{sid}"
        return {
            "sid": sid,
            "account_sid": self._sim.account_sid,
            "call_sid": params.get("CallSid"),
            "conference_sid": None,
            "duration": params.get("RecordingDuration", "0"),
            "channels": 1,
            "status": "completed",
            "source": "RecordVerb",
            "price": None,
            "price_unit": "USD",
            "api_version": API_VERSION,
            "media_url": f"https://api.twilio.com{uri}",
            "uri": uri + ".json",
        }

    async def recording(self, request: Request) -> Response:
        name: str = request.path_params["recording_name"]
        sid, dot, extension = name.partition(".")
        params = self._recording(sid)
        if request.method == "DELETE":
            if dot and extension != "json":
                raise RestError(405, 20004, "Method not allowed")
            self._sim.deleted_recordings.add(sid)
            return Response(status_code=204)
        if extension == "json":
            return JSONResponse(self.recording_json(params))
        if dot and extension != "wav":
            raise RestError(404, 20404, f"{extension} media is not simulated")
        try:
            duration_s = int(params.get("RecordingDuration", "0"))
        except ValueError:
            duration_s = 0
        return Response(recording_wav(duration_s), media_type="audio/x-wav")

    # ------------------------------------------------------------ Messages

    async def messages(self, request: Request) -> Response:
        if request.method == "GET":
            items = sorted(
                self._sim.all_messages, key=lambda m: m.created_at, reverse=True
            )
            return self._page(
                request, "messages", [self.message_json(m) for m in items]
            )
        form = await request.form()
        to = _required(form, "To", 21604, "A 'To' phone number is required.")
        self._sim.rest_faults.check("Messages", to)
        message = self._sim.create_message(
            to=to,
            from_=_required(form, "From", 21603, "A 'From' phone number is required."),
            body=_required(form, "Body", 21602, "Message body is required."),
            status_callback=_absolute_url(form, "StatusCallback"),
        )
        return JSONResponse(self.message_json(message), status_code=201)

    async def message(self, request: Request) -> Response:
        message = self._sim.message(request.path_params["message_sid"])
        return JSONResponse(self.message_json(message))

    # ------------------------------------------------------------ Queues

    async def queues(self, request: Request) -> Response:
        if request.method == "GET":
            items = [self.queue_json(q) for q in self._sim.queues.values()]
            return self._page(request, "queues", items)
        form = await request.form()
        name = _required(form, "FriendlyName", 20001, "FriendlyName is required")
        queue = self._sim.create_queue(name, _integer(form, "MaxSize", 1000))
        return JSONResponse(self.queue_json(queue), status_code=201)

    async def queue(self, request: Request) -> Response:
        queue_sid = request.path_params["queue_sid"]
        if request.method == "DELETE":
            self._sim.delete_queue(queue_sid)
            return Response(status_code=204)
        queue = self._sim.queue(queue_sid)
        if request.method == "POST":
            form = await request.form()
            queue.friendly_name = _field(form, "FriendlyName") or queue.friendly_name
            queue.max_size = _integer(form, "MaxSize", queue.max_size)
            queue.updated_at = self._sim.now()
        return JSONResponse(self.queue_json(queue))

    async def members(self, request: Request) -> Response:
        queue = self._sim.queue(request.path_params["queue_sid"])
        items = [self.member_json(m) for m in queue.members]
        return self._page(request, "queue_members", items)

    async def member(self, request: Request) -> Response:
        queue_sid = request.path_params["queue_sid"]
        call_sid = request.path_params["call_sid"]
        if request.method == "GET":
            return JSONResponse(self.member_json(self._sim.member(queue_sid, call_sid)))
        form = await request.form()
        url = _absolute_url(form, "Url")
        if url is None:
            raise RestError(400, 21205, "Url parameter is required.")
        body = self.member_json(self._sim.member(queue_sid, call_sid))
        source = DocumentSource(url, _method(form, "Method"), kind="redirect")
        self._sim.dequeue_member(queue_sid, call_sid, source)
        return JSONResponse(body)


async def _not_found(request: Request, exc: Exception) -> Response:
    if isinstance(exc, HTTPException) and exc.status_code == 405:
        return _error(405, 20004, "Method not allowed")
    return _error(404, 20404, "The requested resource was not found")


def build_rest_app(sim: TwilioSimulator) -> Starlette:
    api = _Api(sim)
    prefix = "/2010-04-01/Accounts/{account_sid}"
    read_write = ["GET", "POST"]
    routes = [
        Route(f"{prefix}/Calls.json", api.guarded(api.calls), methods=read_write),
        Route(
            prefix + "/Calls/{call_sid}.json",
            api.guarded(api.call),
            methods=[*read_write, "DELETE"],
        ),
        Route(f"{prefix}/Messages.json", api.guarded(api.messages), methods=read_write),
        Route(
            prefix + "/Messages/{message_sid}.json",
            api.guarded(api.message),
            methods=["GET"],
        ),
        Route(
            prefix + "/Recordings/{recording_name}",
            api.guarded(api.recording),
            methods=["GET", "DELETE"],
        ),
        Route(f"{prefix}/Queues.json", api.guarded(api.queues), methods=read_write),
        Route(
            prefix + "/Queues/{queue_sid}.json",
            api.guarded(api.queue),
            methods=[*read_write, "DELETE"],
        ),
        Route(
            prefix + "/Queues/{queue_sid}/Members.json",
            api.guarded(api.members),
            methods=["GET"],
        ),
        Route(
            prefix + "/Queues/{queue_sid}/Members/{call_sid}.json",
            api.guarded(api.member),
            methods=read_write,
        ),
    ]
    return Starlette(
        routes=routes, exception_handlers={404: _not_found, 405: _not_found}
    )
