"""`TwilioSimulator`: a local, faithful stand-in for Twilio Voice, Queues and SMS.

Owns the simulated account (numbers, phones, calls, queues, conferences, messages),
starts one task per call leg, tracks outstanding work for `run_until_idle`, and offers
the operations the REST layer (`rest.py`) exposes. TwiML execution lives in
`interpreter.py`; webhook delivery in `webhooks.py`.
"""

from __future__ import annotations

import asyncio
import io
import re
import sys
import tempfile
from collections.abc import Coroutine, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
from starlette.types import ASGIApp

from app.clock import Clock
from twilio_simulator.clock import Signal, timekeeper_for
from twilio_simulator.errors import RestError, SimulatorError
from twilio_simulator.interpreter import Interpreter
from twilio_simulator.parties import Party
from twilio_simulator.rest import RestFaults, build_rest_app
from twilio_simulator.state import (
    API_VERSION,
    CallStatus,
    Conference,
    DocumentSource,
    PhoneNumber,
    QueueMember,
    RedirectRequest,
    SimCall,
    SimMessage,
    SimOptions,
    SimQueue,
    StatusCallback,
    country_of,
    new_sid,
    queue_named,
)
from twilio_simulator.twiml import TwimlError, parse_messaging
from twilio_simulator.webhooks import WebhookRecord, WebhookSender

_ACCOUNT_SID = re.compile(r"^AC[0-9a-f]{32}$")
MAX_QUEUE_SIZE = 5000


# How long closing waits for the simulator's cancelled tasks.
CLOSE_TIMEOUT_S = 10.0
STUCK_REPORT = Path(tempfile.gettempdir()) / "twilio-simulator-stuck-tasks.txt"


def report_stuck_tasks(why: str) -> None:
    """Every task of the running loop with its stack, on stderr and appended to
    STUCK_REPORT (a test runner may hide stderr of a test that passed)."""
    report = io.StringIO()
    report.write(f"== {why}; the loop's tasks:\n")
    for task in asyncio.all_tasks():
        report.write(f"-- {task!r}\n")
        task.print_stack(file=report)
    sys.stderr.write(report.getvalue())
    with STUCK_REPORT.open("a", encoding="utf-8") as file:
        file.write(report.getvalue())


class TwilioSimulator:
    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        clock: Clock,
        webhook_transports: Sequence[httpx.AsyncBaseTransport] | None = None,
        options: SimOptions | None = None,
        webhook_timeout_s: float | None = None,
    ) -> None:
        if not _ACCOUNT_SID.match(account_sid):
            raise ValueError("account_sid must be 'AC' + 32 lowercase hex digits")
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.clock = clock
        self.options = options or SimOptions()
        if webhook_timeout_s is not None:
            self.options = replace(self.options, webhook_timeout_s=webhook_timeout_s)
        self._tk = timekeeper_for(clock)
        self._sender = WebhookSender(
            auth_token=auth_token,
            transports=webhook_transports,
            timeout_s=self.options.webhook_timeout_s,
            now=self._tk.now,
        )
        self.numbers: dict[str, PhoneNumber] = {}
        self.calls: dict[str, SimCall] = {}
        self.queues: dict[str, SimQueue] = {}
        self.conferences: dict[str, Conference] = {}
        self._phones: dict[str, Party] = {}
        self._messages: list[SimMessage] = []
        # Failure injection of the REST API (tests: retries, work list).
        self.rest_faults = RestFaults()
        # RecordingSids deleted through the REST API (DELETE .../Recordings/{Sid}).
        self.deleted_recordings: set[str] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._work = 0
        self._idle = Signal()
        self._idle.set()
        self.errors: list[BaseException] = []
        self._interpreter = Interpreter(
            account_sid=account_sid,
            sender=self._sender,
            timekeeper=self._tk,
            options=self.options,
            calls=self.calls,
            queues=self.queues,
            conferences=self.conferences,
            phones=self._phones,
            spawn=self._spawn,
        )
        self._rest_app: ASGIApp | None = None

    async def __aenter__(self) -> TwilioSimulator:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Cancel every simulator task and close the webhook HTTP clients.

        A task that does not end within CLOSE_TIMEOUT_S of its cancellation (one
        stuck in a webhook the app never answers) is reported with every task's
        stack on stderr and left behind: closing never hangs."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            _, stuck = await asyncio.wait(tasks, timeout=CLOSE_TIMEOUT_S)
            if stuck:
                report_stuck_tasks(f"{len(stuck)} simulator task(s) did not end")
        await self._sender.aclose()

    # ------------------------------------------------------------ inspection

    @property
    def requests(self) -> list[WebhookRecord]:
        """Every webhook attempt sent to the app, in order."""
        return self._sender.records

    @property
    def messages(self) -> list[SimMessage]:
        """Outbound SMS the app created through the REST API."""
        return [m for m in self._messages if m.direction == "outbound-api"]

    @property
    def all_messages(self) -> list[SimMessage]:
        """Every message: inbound, REST-created and TwiML replies."""
        return list(self._messages)

    @property
    def rest_app(self) -> ASGIApp:
        """ASGI app serving Twilio's REST subset for this account."""
        if self._rest_app is None:
            self._rest_app = build_rest_app(self)
        return self._rest_app

    def now(self) -> datetime:
        return self._tk.now()

    # ------------------------------------------------------------ set-up

    def add_number(
        self,
        number: str,
        *,
        voice_url: str,
        voice_method: str = "POST",
        voice_fallback_url: str | None = None,
        voice_fallback_method: str = "POST",
        status_callback: str | None = None,
        status_callback_method: str = "POST",
        sms_url: str | None = None,
        sms_method: str = "POST",
    ) -> PhoneNumber:
        """Provision one of our Twilio numbers and its webhooks."""
        phone_number = PhoneNumber(
            number=number,
            sid=new_sid("PN"),
            voice_url=voice_url,
            voice_method=voice_method,
            voice_fallback_url=voice_fallback_url,
            voice_fallback_method=voice_fallback_method,
            status_callback=status_callback,
            status_callback_method=status_callback_method,
            sms_url=sms_url,
            sms_method=sms_method,
        )
        self.numbers[number] = phone_number
        return phone_number

    def phone(self, number: str, party: Party) -> None:
        """Who answers when the app or a <Dial> calls `number`."""
        self._phones[number] = party

    # ------------------------------------------------------------ tasks and time

    def _spawn(self, coro: Coroutine[Any, Any, None], *, is_work: bool = True) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tk.track(task)
        self._tasks.add(task)
        if is_work:
            if self._work == 0:
                self._idle = Signal()
            self._work += 1

        def done(finished: asyncio.Task[None]) -> None:
            self._tasks.discard(finished)
            if is_work:
                self._work -= 1
                if self._work == 0:
                    self._idle.set()
            error = None if finished.cancelled() else finished.exception()
            if error is not None:
                self.errors.append(error)

        task.add_done_callback(done)

    def _raise_errors(self) -> None:
        if self.errors:
            raise SimulatorError("a simulator task crashed") from self.errors[0]

    async def run_until_idle(self, *, max_virtual_seconds: float = 3600.0) -> bool:
        """Run until no call is live and no work is pending (True), or the deadline."""
        self._raise_errors()
        is_idle = await self._tk.wait([self._idle], max_virtual_seconds)
        self._raise_errors()
        return is_idle

    async def advance(self, seconds: float) -> None:
        """Let `seconds` of simulator time pass (virtual: instantly)."""
        self._raise_errors()
        await self._tk.sleep(seconds)
        self._raise_errors()

    # ------------------------------------------------------------ calls

    async def place_call(self, *, from_: str, to: str, party: Party) -> SimCall:
        """An inbound call from `party` at `from_` to our number `to`."""
        number = self.numbers.get(to)
        if number is None:
            raise ValueError(f"{to} is not a number of this account")
        status_callback = None
        if number.status_callback is not None:
            status_callback = StatusCallback(
                number.status_callback, number.status_callback_method
            )
        fallback = None
        if number.voice_fallback_url is not None:
            fallback = DocumentSource(
                number.voice_fallback_url, number.voice_fallback_method, kind="fallback"
            )
        call = SimCall(
            account_sid=self.account_sid,
            from_=from_,
            to=to,
            direction="inbound",
            party=party,
            timekeeper=self._tk,
            status_callback=status_callback,
            fallback=fallback,
        )
        self.calls[call.sid] = call
        self._spawn(self._interpreter.run_inbound(call, number))
        await asyncio.sleep(0)
        return call

    def create_call(
        self,
        *,
        to: str,
        from_: str,
        source: DocumentSource,
        status_callback: StatusCallback | None = None,
        fallback: DocumentSource | None = None,
        timeout_s: float = 60.0,
        machine_detection: bool = False,
    ) -> SimCall:
        """REST Calls.create: returns at once; ringing happens in the call's task."""
        call = SimCall(
            account_sid=self.account_sid,
            from_=from_,
            to=to,
            direction="outbound-api",
            party=self._phones.get(to),
            timekeeper=self._tk,
            status_callback=status_callback,
            fallback=fallback,
            timeout_s=timeout_s,
            machine_detection=machine_detection,
        )
        self.calls[call.sid] = call
        self._spawn(self._interpreter.run_outbound(call, source))
        return call

    def update_call(
        self, call_sid: str, *, source: DocumentSource | None, status: str | None
    ) -> SimCall:
        """REST Calls(sid).update: redirect, cancel or complete a call."""
        call = self.calls.get(call_sid)
        if call is None:
            raise RestError(
                404, 20404, f"The requested resource Call {call_sid} was not found"
            )
        if status is not None:
            if status not in {"canceled", "completed"}:
                raise RestError(400, 21218, f"Invalid Status {status!r}")
            ringing = call.status in {CallStatus.QUEUED, CallStatus.RINGING}
            if call.is_live and (status == "completed" or ringing):
                call.hang_up("api")
            return call
        if source is not None:
            if call.status is not CallStatus.IN_PROGRESS:
                raise RestError(400, 21220, "Call is not in-progress. Cannot redirect.")
            call.redirect(source)
        return call

    def delete_call(self, call_sid: str) -> None:
        call = self.calls.get(call_sid)
        if call is None:
            raise RestError(
                404, 20404, f"The requested resource Call {call_sid} was not found"
            )
        if call.is_live:
            raise RestError(400, 21220, "Cannot delete a call that is in progress")
        del self.calls[call_sid]

    # ------------------------------------------------------------ queues

    def create_queue(self, friendly_name: str, max_size: int = 1000) -> SimQueue:
        if not friendly_name or len(friendly_name) > 64:
            raise RestError(
                400, 20001, "FriendlyName is required (at most 64 characters)"
            )
        if not 1 <= max_size <= MAX_QUEUE_SIZE:
            raise RestError(
                400, 20001, f"MaxSize must be between 1 and {MAX_QUEUE_SIZE}"
            )
        return self._interpreter.queue_for(friendly_name, max_size=max_size)

    def queue(self, queue_sid: str) -> SimQueue:
        queue = self.queues.get(queue_sid)
        if queue is None:
            raise RestError(
                404, 20404, f"The requested resource Queue {queue_sid} was not found"
            )
        return queue

    def queue_named(self, name: str) -> SimQueue | None:
        return queue_named(self.queues, name)

    def member(self, queue_sid: str, call_sid: str) -> QueueMember:
        queue = self.queue(queue_sid)
        if call_sid == "Front":
            member = queue.front()
        else:
            member = next((m for m in queue.members if m.call.sid == call_sid), None)
        if member is None:
            raise RestError(
                404, 20404, f"The requested resource Member {call_sid} was not found"
            )
        return member

    def dequeue_member(
        self, queue_sid: str, call_sid: str, source: DocumentSource
    ) -> QueueMember:
        """REST Members(sid).update(url=...): the member leaves and runs `source`."""
        member = self.member(queue_sid, call_sid)
        member.queue.remove(member)
        member.request = RedirectRequest(source)
        member.call.wake.set()
        return member

    def delete_queue(self, queue_sid: str) -> None:
        queue = self.queue(queue_sid)
        if queue.members:
            raise RestError(400, 20001, "Queue is not empty")
        del self.queues[queue_sid]

    # ------------------------------------------------------------ SMS

    def create_message(
        self,
        *,
        to: str,
        from_: str,
        body: str,
        status_callback: str | None = None,
    ) -> SimMessage:
        """REST Messages.create: queued now, sent and delivered a moment later."""
        if len(body) > 1600:
            raise RestError(
                400, 21617, "The concatenated message body exceeds 1600 characters"
            )
        now = self._tk.now()
        message = SimMessage(
            sid=new_sid("SM"),
            account_sid=self.account_sid,
            from_=from_,
            to=to,
            body=body,
            direction="outbound-api",
            status="queued",
            created_at=now,
            updated_at=now,
            status_callback=status_callback,
        )
        self._messages.append(message)
        self._spawn(self._deliver(message))
        return message

    def message(self, message_sid: str) -> SimMessage:
        message = next((m for m in self._messages if m.sid == message_sid), None)
        if message is None:
            raise RestError(
                404,
                20404,
                f"The requested resource Message {message_sid} was not found",
            )
        return message

    async def _deliver(self, message: SimMessage) -> None:
        for status in ("sent", "delivered"):
            await self._tk.sleep(1.0)
            message.status = status
            message.updated_at = self._tk.now()
            if status == "sent":
                message.sent_at = message.updated_at
            if message.status_callback is not None:
                params = {
                    "MessageSid": message.sid,
                    "SmsSid": message.sid,
                    "MessageStatus": status,
                    "SmsStatus": status,
                    "AccountSid": self.account_sid,
                    "From": message.from_,
                    "To": message.to,
                    "ApiVersion": API_VERSION,
                }
                await self._sender.send(
                    kind="sms-status",
                    url=message.status_callback,
                    method=message.status_callback_method,
                    params=params,
                )

    async def send_sms(self, *, from_: str, to: str, body: str) -> list[str]:
        """An inbound SMS to our number `to`; returns the bodies of the TwiML reply."""
        number = self.numbers.get(to)
        if number is None or number.sms_url is None:
            raise ValueError(f"{to} is not an SMS-enabled number of this account")
        now = self._tk.now()
        message = SimMessage(
            sid=new_sid("SM"),
            account_sid=self.account_sid,
            from_=from_,
            to=to,
            body=body,
            direction="inbound",
            status="received",
            created_at=now,
            updated_at=now,
        )
        self._messages.append(message)
        params = {
            "MessageSid": message.sid,
            "SmsSid": message.sid,
            "SmsMessageSid": message.sid,
            "AccountSid": self.account_sid,
            "From": from_,
            "To": to,
            "Body": body,
            "NumMedia": "0",
            "NumSegments": "1",
            "SmsStatus": "received",
            "ApiVersion": API_VERSION,
        }
        for side, value in (("From", from_), ("To", to)):
            params.update({f"{side}City": "", f"{side}State": "", f"{side}Zip": ""})
            params[f"{side}Country"] = country_of(value)
        result = await self._sender.send(
            kind="sms", url=number.sms_url, method=number.sms_method, params=params
        )
        if not result.is_ok:
            return []
        try:
            bodies = list(parse_messaging(result.body))
        except TwimlError:
            return []
        for reply in bodies:
            self._messages.append(
                SimMessage(
                    sid=new_sid("SM"),
                    account_sid=self.account_sid,
                    from_=to,
                    to=from_,
                    body=reply,
                    direction="outbound-reply",
                    status="delivered",
                    created_at=now,
                    updated_at=now,
                    sent_at=now,
                )
            )
        return bodies
