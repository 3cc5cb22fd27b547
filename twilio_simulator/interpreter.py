"""Run calls: ringing, TwiML (TWILIO.md 3), queues, bridges, conferences, hang-ups.

One `Interpreter` serves every call leg of a simulator. Each leg with its own task
runs `run_inbound`/`run_outbound`/`run_document`; `<Dial>` child legs are driven by
their parent's task. Interrupts (hang-up, REST redirect, dequeue) arrive as flags
plus a wake-up signal on the call and are turned into exceptions at the next check.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Coroutine, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field, replace
from email.utils import format_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from twilio_simulator import twiml
from twilio_simulator.clock import Signal, Timekeeper
from twilio_simulator.parties import (
    Answer,
    Busy,
    GatherPrompt,
    HangUp,
    Party,
    Press,
    RecordPrompt,
    Silence,
    Speak,
    Talk,
)
from twilio_simulator.state import (
    DEFAULT_HOLD_MUSIC_URL,
    BridgeRequest,
    CallStatus,
    Conference,
    DocumentSource,
    Participant,
    PhoneNumber,
    QueueMember,
    RedirectRequest,
    SimCall,
    SimOptions,
    SimQueue,
    StatusCallback,
    new_sid,
    queue_named,
)
from twilio_simulator.transcript import EntryKind
from twilio_simulator.webhooks import WebhookResult, WebhookSender

INVALID_CONTENT_TYPE = 12300
_XML_TYPES = frozenset({"text/xml", "application/xml", "text/html"})
_SIP_CODES = {
    CallStatus.COMPLETED: "200",
    CallStatus.BUSY: "486",
    CallStatus.NO_ANSWER: "487",
    CallStatus.CANCELED: "487",
    CallStatus.FAILED: "500",
}

Spawn = Callable[[Coroutine[Any, Any, None]], object]


class _HungUp(Exception):
    """This leg is over (someone hung up, or <Hangup>)."""


class _Rejected(Exception):
    def __init__(self, status: CallStatus) -> None:
        super().__init__(status.value)
        self.status = status


class _Redirected(Exception):
    def __init__(self, source: DocumentSource) -> None:
        super().__init__(source.url or "inline TwiML")
        self.source = source


class _Dequeued(Exception):
    """The queue member got a bridge or redirect request."""


class _Left(Exception):
    """<Leave> ran in waitUrl TwiML."""


class _Aborted(Exception):
    """Something outside this leg ended its document (bridge gone, conference began)."""


class _ApplicationError(Exception):
    def __init__(self, code: int, message: str, url: str) -> None:
        super().__init__(f"{code} {message} ({url})")
        self.code = code
        self.message = message
        self.url = url


@dataclass(frozen=True)
class _Ctx:
    where: str
    allowed: frozenset[type] | None = None
    abort_on: tuple[Signal, ...] = ()
    extra_params: Callable[[], Mapping[str, str]] | None = None


_MAIN = _Ctx("main")


@dataclass(frozen=True)
class _Doc:
    verbs: tuple[twiml.Verb, ...]
    url: str | None


@dataclass(frozen=True)
class _DialOutcome:
    status: str
    dial_call_sid: str | None = None
    duration_s: int | None = None
    bridged: bool = False
    extra: Mapping[str, str] = field(default_factory=dict)


def _is_absolute(url: str) -> bool:
    return bool(urlsplit(url).scheme)


class Interpreter:
    def __init__(
        self,
        *,
        account_sid: str,
        sender: WebhookSender,
        timekeeper: Timekeeper,
        options: SimOptions,
        calls: MutableMapping[str, SimCall],
        queues: MutableMapping[str, SimQueue],
        conferences: MutableMapping[str, Conference],
        phones: Mapping[str, Party],
        spawn: Spawn,
    ) -> None:
        self._account_sid = account_sid
        self._sender = sender
        self._tk = timekeeper
        self._options = options
        self._calls = calls
        self._queues = queues
        self._conferences = conferences
        self._phones = phones
        self._spawn = spawn

    # ---------------------------------------------------------------- lifecycle

    async def run_inbound(self, call: SimCall, number: PhoneNumber) -> None:
        call.set_status(CallStatus.RINGING)
        call.log(EntryKind.CALL, f"{call.sid} from {call.from_} to {call.to}")
        source = DocumentSource(number.voice_url, number.voice_method, kind="voice")
        await self.run_document(call, source, first_status=CallStatus.RINGING.value)

    async def run_outbound(self, call: SimCall, source: DocumentSource) -> None:
        call.log(EntryKind.CALL, f"{call.sid} from {call.from_} to {call.to}")
        if await self._ring(call, timeout_s=call.timeout_s):
            await self.run_document(call, source)

    async def _ring(self, call: SimCall, *, timeout_s: float) -> bool:
        await self._status_event(call, "initiated")
        call.set_status(CallStatus.RINGING)
        call.log(EntryKind.RINGING)
        await self._status_event(call, "ringing")
        outcome = call.party.ring(call) if call.party is not None else None
        final: CallStatus | None = None
        if isinstance(outcome, Answer) and outcome.after_s <= timeout_s:
            wait_s = outcome.after_s
        elif isinstance(outcome, Busy):
            wait_s, final = self._options.busy_after_s, CallStatus.BUSY
        else:
            wait_s, final = timeout_s, CallStatus.NO_ANSWER
        await self._tk.wait([call.wake], wait_s)
        call.consume_wake()
        if call.hangup_by is not None:
            final = CallStatus.CANCELED
        if final is not None:
            await self._finish(call, final)
            return False
        assert isinstance(outcome, Answer)
        await self._answer(call, by_machine=outcome.by_machine, notify=True)
        return True

    async def _answer(self, call: SimCall, *, by_machine: bool, notify: bool) -> None:
        call.start_time = self._tk.now()
        call.set_status(CallStatus.IN_PROGRESS)
        if call.machine_detection:
            call.answered_by = "machine_start" if by_machine else "human"
        call.log(EntryKind.ANSWERED, "by a machine" if by_machine else "")
        if notify:
            await self._status_event(call, "answered")

    async def _finish(self, call: SimCall, status: CallStatus) -> None:
        if not call.is_live:
            return
        call.end_time = self._tk.now()
        call.cancel_timers()
        if call.queue_member is not None:
            self._leave_queue(call, call.queue_member)
        if status is CallStatus.COMPLETED:
            call.log(EntryKind.HUNG_UP, f"({call.hangup_by or 'hotline'})")
        call.set_status(status)
        call.log(EntryKind.ENDED, f"{status.value}, {call.duration_s or 0} s")
        call.ended.set()
        await self._status_event(call, "completed")

    async def _status_event(self, call: SimCall, event: str) -> None:
        callback = call.status_callback
        if callback is None or event not in callback.events:
            return
        status = {
            "initiated": "initiated",
            "ringing": "ringing",
            "answered": CallStatus.IN_PROGRESS.value,
        }.get(event, call.status.value)
        params = call.voice_params(status)
        params["CallbackSource"] = "call-progress-events"
        params["SequenceNumber"] = str(call.callback_sequence)
        params["Timestamp"] = format_datetime(self._tk.now())
        call.callback_sequence += 1
        if event == "completed":
            duration = call.duration_s or 0
            params["CallDuration"] = str(duration)
            params["Duration"] = str(math.ceil(duration / 60))
            params["SipResponseCode"] = _SIP_CODES[call.status]
        await self._sender.send(
            kind="status",
            url=callback.url,
            method=callback.method,
            params=params,
            call_sid=call.sid,
        )

    async def run_document(
        self, call: SimCall, source: DocumentSource, *, first_status: str | None = None
    ) -> None:
        """Run TwiML on a live leg until it hangs up, then finish the leg."""
        final = CallStatus.COMPLETED
        status = first_status
        next_source: DocumentSource | None = source
        try:
            while next_source is not None:
                try:
                    doc = await self._load(call, next_source, _MAIN, status=status)
                    status = None
                    next_source = await self._execute(call, doc, _MAIN)
                except _Redirected as redirect:
                    call.log(
                        EntryKind.REDIRECTED, redirect.source.url or "to inline TwiML"
                    )
                    next_source = replace(redirect.source, kind="redirect")
                except _ApplicationError as error:
                    await self._application_error(call, error)
                    next_source = None
        except _HungUp:
            if call.start_time is None and call.hangup_by == call.role:
                final = CallStatus.CANCELED
        except _Rejected as rejected:
            final = rejected.status
        await self._finish(call, final)

    async def _application_error(self, call: SimCall, error: _ApplicationError) -> None:
        call.log(
            EntryKind.APPLICATION_ERROR,
            f"{error.code} {error.message}",
            {"code": str(error.code), "url": error.url, "message": error.message},
        )
        if call.start_time is None:
            await self._answer(call, by_machine=False, notify=False)
        announcement = twiml.Say(self._options.error_announcement, voice="woman")
        try:
            await self._say(call, announcement, _MAIN)
        except _HungUp:
            return

    # ------------------------------------------------------------ documents

    async def _load(
        self,
        call: SimCall,
        source: DocumentSource,
        ctx: _Ctx,
        *,
        status: str | None = None,
    ) -> _Doc:
        if source.twiml is not None:
            return _Doc(self._parse(source.twiml, ""), None)
        if source.url is None:
            raise _ApplicationError(twiml.SCHEMA_VIOLATION, "no URL to request", "")
        params = call.voice_params(status)
        if ctx.extra_params is not None:
            params.update(ctx.extra_params())
        params.update(source.params)
        result = await self._sender.send(
            kind=source.kind,
            url=source.url,
            method=source.method,
            params=params,
            call_sid=call.sid,
        )
        self._check(call, ctx)
        try:
            return self._document(result, source.url)
        except _ApplicationError as error:
            fallback = call.fallback
            if ctx is not _MAIN or fallback is None or fallback.url is None:
                raise
            params.update({"ErrorCode": str(error.code), "ErrorUrl": source.url})
            result = await self._sender.send(
                kind="fallback",
                url=fallback.url,
                method=fallback.method,
                params=params,
                call_sid=call.sid,
            )
            self._check(call, ctx)
            return self._document(result, fallback.url)

    def _parse(self, text: str, url: str) -> tuple[twiml.Verb, ...]:
        try:
            return twiml.parse_voice(text)
        except twiml.TwimlError as error:
            raise _ApplicationError(error.code, error.message, url) from None

    def _document(self, result: WebhookResult, url: str) -> _Doc:
        if result.error_code is not None:
            raise _ApplicationError(result.error_code, result.error_message, url)
        content_type = result.content_type.split(";")[0].strip().lower()
        if content_type in _XML_TYPES:
            return _Doc(self._parse(result.body, url), url)
        if content_type == "text/plain":
            try:
                return _Doc(twiml.parse_voice(result.body), url)
            except twiml.TwimlError:
                return _Doc((twiml.Say(result.body.strip()), twiml.Hangup()), url)
        if content_type.startswith("audio/"):
            return _Doc((twiml.Play(url), twiml.Hangup()), url)
        raise _ApplicationError(
            INVALID_CONTENT_TYPE, f"invalid content type {content_type!r}", url
        )

    def _resolve(self, doc: _Doc, url: str | None) -> str:
        if url is None:
            if doc.url is None:
                raise _ApplicationError(
                    twiml.SCHEMA_VIOLATION,
                    "inline TwiML needs absolute action URLs",
                    "",
                )
            return doc.url
        if doc.url is None:
            if not _is_absolute(url):
                raise _ApplicationError(
                    twiml.SCHEMA_VIOLATION, f"relative URL {url!r} in inline TwiML", ""
                )
            return url
        return urljoin(doc.url, url)

    async def _run_documents(
        self, call: SimCall, source: DocumentSource, ctx: _Ctx
    ) -> None:
        """Run a document and whatever it leads to (Gather actions, Redirects)."""
        next_source: DocumentSource | None = source
        while next_source is not None:
            doc = await self._load(call, next_source, ctx)
            next_source = await self._execute(call, doc, ctx)

    async def _execute(
        self, call: SimCall, doc: _Doc, ctx: _Ctx
    ) -> DocumentSource | None:
        if ctx.allowed is not None:
            try:
                twiml.check_allowed(doc.verbs, ctx.allowed, ctx.where)
            except twiml.TwimlError as error:
                raise _ApplicationError(
                    error.code, error.message, doc.url or ""
                ) from None
        for verb in doc.verbs:
            self._check(call, ctx)
            if ctx is _MAIN and call.start_time is None:
                if isinstance(verb, twiml.Reject):
                    call.log(EntryKind.REJECTED, verb.reason)
                    busy = verb.reason == "busy"
                    raise _Rejected(CallStatus.BUSY if busy else CallStatus.NO_ANSWER)
                await self._answer(call, by_machine=False, notify=False)
            next_source = await self._verb(call, verb, doc, ctx)
            if next_source is not None:
                return next_source
        return None

    async def _verb(
        self, call: SimCall, verb: twiml.Verb, doc: _Doc, ctx: _Ctx
    ) -> DocumentSource | None:
        match verb:
            case twiml.Say():
                await self._say(call, verb, ctx)
            case twiml.Play():
                await self._play(call, verb, ctx)
            case twiml.Pause():
                call.log(EntryKind.PAUSED, f"{verb.length} s")
                await self._pass(call, verb.length, ctx)
            case twiml.Gather():
                return await self._gather(call, verb, doc, ctx)
            case twiml.Record():
                return await self._record(call, verb, doc, ctx)
            case twiml.Redirect():
                return DocumentSource(
                    self._resolve(doc, verb.url), verb.method, kind="redirect"
                )
            case twiml.Hangup() | twiml.Reject():
                call.hang_up("hotline")
                raise _HungUp
            case twiml.Leave():
                if ctx.where == "wait":
                    raise _Left
            case twiml.Enqueue():
                return await self._enqueue(call, verb, doc)
            case twiml.Dial():
                return await self._dial(call, verb, doc)
        return None

    # ------------------------------------------------------------- time and interrupts

    def _check(self, call: SimCall, ctx: _Ctx) -> None:
        if call.hangup_by is not None or not call.is_live:
            raise _HungUp
        if call.pending_redirect is not None:
            source, call.pending_redirect = call.pending_redirect, None
            raise _Redirected(source)
        if call.queue_member is not None and call.queue_member.request is not None:
            raise _Dequeued
        if any(signal.is_set() for signal in ctx.abort_on):
            raise _Aborted

    async def _pass(
        self,
        call: SimCall,
        seconds: float | None,
        ctx: _Ctx,
        extra: tuple[Signal, ...] = (),
    ) -> None:
        """Let time pass on this leg; interrupts surface as exceptions."""
        await self._tk.wait([call.wake, *ctx.abort_on, *extra], seconds)
        call.consume_wake()
        self._check(call, ctx)

    def _say_s(self, text: str) -> float:
        return max(
            self._options.min_say_s, len(text.split()) / self._options.words_per_second
        )

    def _spoken_s(self, say: twiml.Say) -> float:
        """A <Say>: the text at the voice's rate, slowed by its prosody rate, plus
        its breaks."""
        model = self._options.say_seconds
        if model is None:
            base = self._say_s(say.text)
        else:
            base = max(self._options.min_say_s, model(say.text, say.language))
        return base / say.rate + say.breaks_s

    def _prompt_s(self, prompt: twiml.Prompt) -> float:
        if isinstance(prompt, twiml.Say):
            return self._spoken_s(prompt)
        if isinstance(prompt, twiml.Play):
            return self._options.media_s.get(prompt.url, self._options.play_s)
        return float(prompt.length)

    def _log_prompt(self, call: SimCall, prompt: twiml.Prompt, note: str = "") -> None:
        if isinstance(prompt, twiml.Say):
            detail = {"voice": prompt.voice, "language": prompt.language}
            call.log(EntryKind.HEARD, prompt.text + note, detail)
        elif isinstance(prompt, twiml.Play):
            call.log(EntryKind.PLAYED, prompt.url + note)
        else:
            call.log(EntryKind.PAUSED, f"{prompt.length} s")

    @staticmethod
    def _loops(count: int) -> range:
        # loop="0" repeats until hang-up; Twilio caps it at 1000 iterations.
        return range(count if count > 0 else 1000)

    async def _say(self, call: SimCall, verb: twiml.Say, ctx: _Ctx) -> None:
        for _ in self._loops(verb.loop):
            self._log_prompt(call, verb)
            await self._pass(call, self._spoken_s(verb), ctx)

    async def _play(self, call: SimCall, verb: twiml.Play, ctx: _Ctx) -> None:
        if verb.digits:
            call.log(EntryKind.PLAYED, f"DTMF {verb.digits}")
            await self._pass(call, 0.5 * len(verb.digits), ctx)
            return
        for _ in self._loops(verb.loop):
            self._log_prompt(call, verb)
            await self._pass(call, self._prompt_s(verb), ctx)

    # ---------------------------------------------------------------- Gather

    def _expand(self, prompts: tuple[twiml.Prompt, ...]) -> Iterator[twiml.Prompt]:
        for prompt in prompts:
            loops = (
                self._loops(prompt.loop) if not isinstance(prompt, twiml.Pause) else [0]
            )
            for _ in loops:
                yield prompt

    async def _gather(
        self, call: SimCall, verb: twiml.Gather, doc: _Doc, ctx: _Ctx
    ) -> DocumentSource | None:
        prompts = list(self._expand(verb.prompts))
        texts = tuple(
            p.text if isinstance(p, twiml.Say) else p.url
            for p in prompts
            if not isinstance(p, twiml.Pause)
        )
        request = GatherPrompt(
            input=verb.input,
            timeout_s=verb.timeout,
            finish_on_key=verb.finish_on_key,
            num_digits=verb.num_digits,
            prompts=texts,
            language=verb.language,
            hints=verb.hints,
        )
        decision = await call.party.gather(call, request) if call.party else Silence()
        self._check(call, ctx)
        total = sum(self._prompt_s(prompt) for prompt in prompts)
        act_at: float | None = None
        if isinstance(decision, Press | Speak | HangUp):
            act_at = decision.after_s
            if act_at is None:
                act_at = total + self._options.think_s
        elapsed = 0.0
        for prompt in prompts:
            duration = self._prompt_s(prompt)
            if act_at is not None and act_at < elapsed + duration:
                self._log_prompt(call, prompt, " …" if act_at > elapsed else "")
                await self._pass(call, max(act_at - elapsed, 0.0), ctx)
                elapsed = act_at
                break
            self._log_prompt(call, prompt)
            await self._pass(call, duration, ctx)
            elapsed += duration
        params: dict[str, str] = {}
        if act_at is None or act_at > total + verb.timeout:
            call.log(EntryKind.SILENT)
            await self._pass(call, max(total + verb.timeout - elapsed, 0.0), ctx)
        else:
            if act_at > elapsed:
                await self._pass(call, act_at - elapsed, ctx)
            params = await self._gather_input(call, verb, decision, ctx)
        if not params and not verb.action_on_empty_result:
            return None
        return DocumentSource(
            self._resolve(doc, verb.action), verb.method, params=params, kind="action"
        )

    async def _gather_input(
        self, call: SimCall, verb: twiml.Gather, decision: object, ctx: _Ctx
    ) -> dict[str, str]:
        if isinstance(decision, HangUp):
            call.hang_up()
            self._check(call, ctx)
        if isinstance(decision, Speak):
            call.log(EntryKind.SAID, decision.text)
            if "speech" not in verb.input:
                await self._pass(call, verb.timeout, ctx)
                return {}
            await self._pass(call, self._say_s(decision.text) + 1.0, ctx)
            return {
                "SpeechResult": decision.text,
                "Confidence": str(decision.confidence),
            }
        if not isinstance(decision, Press):
            return {}
        call.log(EntryKind.PRESSED, decision.keys)
        if "dtmf" not in verb.input:
            await self._pass(call, verb.timeout, ctx)
            return {}
        digits, finished_on, complete = "", "", False
        for index, key in enumerate(decision.keys):
            if index:
                await self._pass(call, self._options.inter_digit_s, ctx)
            if verb.finish_on_key and key == verb.finish_on_key:
                finished_on, complete = key, True
                break
            digits += key
            if verb.num_digits is not None and len(digits) >= verb.num_digits:
                complete = True
                break
        if not complete:
            await self._pass(call, verb.timeout, ctx)
        if not digits:
            # Only the finish key: Twilio posts it (with empty Digits) when the app
            # asked for actionOnEmptyResult; otherwise the Gather falls through.
            if finished_on and verb.action_on_empty_result:
                return {"Digits": "", "FinishedOnKey": finished_on}
            return {}
        return {"Digits": digits, "FinishedOnKey": finished_on}

    # ---------------------------------------------------------------- Record

    async def _record(
        self, call: SimCall, verb: twiml.Record, doc: _Doc, ctx: _Ctx
    ) -> DocumentSource | None:
        request = RecordPrompt(
            timeout_s=verb.timeout,
            finish_on_key=verb.finish_on_key,
            max_length_s=verb.max_length,
        )
        decision = await call.party.record(call, request) if call.party else Silence()
        self._check(call, ctx)
        if verb.play_beep:
            call.log(EntryKind.BEEP)
        spoken, end_key, hangs_up = 0.0, "", False
        match decision:
            case Talk():
                spoken = decision.seconds
                end_key = (
                    decision.finish_key
                    if decision.finish_key in verb.finish_on_key
                    else ""
                )
            case Speak():
                call.log(EntryKind.SAID, decision.text)
                spoken = self._say_s(decision.text)
            case Press():
                end_key = (
                    decision.keys[:1] if decision.keys[:1] in verb.finish_on_key else ""
                )
            case HangUp():
                spoken, hangs_up = decision.after_s or 0.0, True
        duration = min(spoken, float(verb.max_length))
        started = self._tk.now()
        try:
            await self._pass(call, duration, ctx)
        except _HungUp:
            hangs_up = True
            duration = (self._tk.now() - started).total_seconds()
        if duration <= 0:
            if hangs_up:
                call.hang_up()
                raise _HungUp
            call.log(EntryKind.SILENT)
            await self._pass(call, verb.timeout, ctx)
            return None
        call.log(EntryKind.RECORDED, f"{int(duration)} s")
        recording_sid = new_sid("RE")
        params = {
            "RecordingSid": recording_sid,
            "RecordingUrl": (
                f"https://api.twilio.com/2010-04-01/Accounts/{self._account_sid}"
                f"/Recordings/{recording_sid}"
            ),
            "RecordingDuration": str(int(duration)),
        }
        if hangs_up:
            params["Digits"] = "hangup"
        elif end_key:
            params["Digits"] = end_key
            call.log(EntryKind.PRESSED, end_key)
        elif duration < verb.max_length:
            await self._pass(call, verb.timeout, ctx)
        if verb.recording_status_callback is not None:
            callback = self._resolve(doc, verb.recording_status_callback)
            self._spawn(
                self._recording_status(
                    call, callback, verb.recording_status_callback_method, params
                )
            )
        action = self._resolve(doc, verb.action)
        if hangs_up:
            call.hang_up()
            await self._send_ignored(call, action, verb.method, params)
            raise _HungUp
        return DocumentSource(action, verb.method, params=params, kind="action")

    async def _recording_status(
        self, call: SimCall, url: str, method: str, recording: Mapping[str, str]
    ) -> None:
        params = {
            "AccountSid": self._account_sid,
            "CallSid": call.sid,
            "RecordingSid": recording["RecordingSid"],
            "RecordingUrl": recording["RecordingUrl"],
            "RecordingStatus": "completed",
            "RecordingDuration": recording["RecordingDuration"],
            "RecordingChannels": "1",
            "RecordingSource": "RecordVerb",
        }
        await self._sender.send(
            kind="recording-status",
            url=url,
            method=method,
            params=params,
            call_sid=call.sid,
        )

    async def _send_ignored(
        self, call: SimCall, url: str, method: str, params: Mapping[str, str]
    ) -> None:
        """An action request whose TwiML can no longer run (caller gone or moved on)."""
        status = None if call.hangup_by is None else CallStatus.COMPLETED.value
        await self._sender.send(
            kind="action",
            url=url,
            method=method,
            params={**call.voice_params(status), **params},
            call_sid=call.sid,
        )

    # ---------------------------------------------------------------- Enqueue

    def _leave_queue(self, call: SimCall, member: QueueMember) -> None:
        if call.queue_member is member:
            member.queue.remove(member)
            call.queue_time_s = member.wait_s(self._tk.now())
            call.queue_member = None

    def _queue_params(self, member: QueueMember) -> dict[str, str]:
        now = self._tk.now()
        queue = member.queue
        position = queue.position(member) if member in queue.members else 0
        return {
            "QueuePosition": str(position),
            "QueueSid": queue.sid,
            "QueueTime": str(member.wait_s(now)),
            "AvgQueueTime": str(queue.average_wait_s(now)),
            "CurrentQueueSize": str(len(queue.members)),
            "MaxQueueSize": str(queue.max_size),
        }

    def queue_for(self, name: str, *, max_size: int = 1000) -> SimQueue:
        queue = queue_named(self._queues, name)
        if queue is None:
            now = self._tk.now()
            queue = SimQueue(new_sid("QU"), name, max_size, now, now)
            self._queues[queue.sid] = queue
        return queue

    async def _enqueue(
        self, call: SimCall, verb: twiml.Enqueue, doc: _Doc
    ) -> DocumentSource | None:
        queue = self.queue_for(verb.name)
        if verb.max_queue_size is not None:
            queue.max_size = verb.max_queue_size
        action = None if verb.action is None else self._resolve(doc, verb.action)
        if len(queue.members) >= queue.max_size:
            call.log(EntryKind.LEFT_QUEUE, f'"{verb.name}" is full')
            if action is None:
                return None
            params = {"QueueResult": "queue-full"}
            return DocumentSource(action, verb.method, params=params, kind="action")
        member = QueueMember(call, queue, self._tk.now())
        queue.add(member)
        call.queue_member = member
        call.log(
            EntryKind.ENQUEUED,
            f'in "{verb.name}" (position {queue.position(member)})',
            {"queue": verb.name, "position": str(queue.position(member))},
        )
        try:
            result = await self._wait_in_queue(call, member, verb, doc)
        except _HungUp:
            self._leave_queue(call, member)
            call.log(EntryKind.LEFT_QUEUE, "(hangup)")
            if action is not None:
                await self._send_ignored(
                    call, action, verb.method, self._queue_result(call, queue, "hangup")
                )
            raise
        except _Redirected:
            self._leave_queue(call, member)
            call.log(EntryKind.LEFT_QUEUE, "(redirected)")
            if action is not None:
                params = self._queue_result(call, queue, "redirected")
                self._spawn(self._send_ignored(call, action, verb.method, params))
            raise
        finally:
            self._leave_queue(call, member)
        params = self._queue_result(call, queue, result)
        if call.hangup_by is not None or call.pending_redirect is not None:
            if call.pending_redirect is not None and result == "bridged":
                params["QueueResult"] = "redirected-from-bridged"
            if action is not None:
                await self._send_ignored(call, action, verb.method, params)
            self._check(call, _MAIN)
        if action is None:
            return None
        return DocumentSource(action, verb.method, params=params, kind="action")

    def _queue_result(
        self, call: SimCall, queue: SimQueue, result: str
    ) -> dict[str, str]:
        return {
            "QueueResult": result,
            "QueueSid": queue.sid,
            "QueueTime": str(call.queue_time_s),
        }

    async def _wait_in_queue(
        self, call: SimCall, member: QueueMember, verb: twiml.Enqueue, doc: _Doc
    ) -> str:
        ctx = _Ctx(
            "wait",
            twiml.WAIT_URL_VERBS,
            extra_params=lambda: self._queue_params(member),
        )
        while True:
            try:
                await self._hold_cycle(call, verb, doc, ctx)
            except _Left:
                call.log(EntryKind.LEFT_QUEUE, "(leave)")
                return "leave"
            except _ApplicationError as error:
                call.log(
                    EntryKind.APPLICATION_ERROR,
                    f"{error.code} {error.message} (waitUrl)",
                    {
                        "code": str(error.code),
                        "url": error.url,
                        "message": error.message,
                    },
                )
                return "error"
            except _Dequeued:
                request = member.request
                self._leave_queue(call, member)
                if isinstance(request, RedirectRequest):
                    raise _Redirected(request.source) from None
                assert request is not None
                return await self._connect_dequeued(call, request)

    async def _hold_cycle(
        self, call: SimCall, verb: twiml.Enqueue, doc: _Doc, ctx: _Ctx
    ) -> None:
        self._check(call, ctx)
        started = self._tk.now()
        if verb.wait_url is None:
            call.log(EntryKind.PLAYED, DEFAULT_HOLD_MUSIC_URL)
            await self._pass(call, self._options.hold_music_s, ctx)
            return
        if verb.wait_url == "":
            await self._pass(call, self._options.hold_music_s, ctx)
            return
        source = DocumentSource(
            self._resolve(doc, verb.wait_url), verb.wait_url_method, kind="wait"
        )
        await self._run_documents(call, source, ctx)
        # An empty waitUrl document must not spin: re-request at most this often.
        spent = (self._tk.now() - started).total_seconds()
        if spent < self._options.min_wait_cycle_s:
            await self._pass(call, self._options.min_wait_cycle_s - spent, ctx)

    async def _connect_dequeued(self, call: SimCall, request: BridgeRequest) -> str:
        """Runs on the dequeued caller's task: whisper, then stay bridged."""
        try:
            return await self._bridged_as_dequeued(call, request)
        finally:
            # Whatever stopped us (hang-up, redirect), the dialer must not wait forever.
            request.ended.set()

    async def _bridged_as_dequeued(self, call: SimCall, request: BridgeRequest) -> str:
        dialer = request.dialer
        call.log(EntryKind.LEFT_QUEUE, f"(dequeued by {dialer.sid})")
        if request.whisper is not None:
            ctx = _Ctx(
                "Queue url TwiML",
                twiml.QUEUE_WHISPER_VERBS,
                abort_on=(request.ended,),
                extra_params=lambda: {
                    "QueueSid": request.queue.sid,
                    "QueueTime": str(call.queue_time_s),
                    "DequeingCallSid": dialer.sid,
                },
            )
            try:
                await self._run_documents(call, request.whisper, ctx)
            except _Aborted:
                return "bridged"
            except _ApplicationError as error:
                call.log(EntryKind.APPLICATION_ERROR, f"{error.code} {error.message}")
        if request.ended.is_set():
            return "bridged"
        request.connected_at = self._tk.now()
        request.connected.set()
        call.log(EntryKind.BRIDGED, f"with {dialer.sid} ({dialer.role})")
        talk_s = call.party.connected(call) if call.party is not None else None
        timer = None if talk_s is None else call.start_timer(talk_s)
        try:
            await self._tk.wait([request.ended], None)
        finally:
            if timer is not None:
                timer.cancel()
        call.consume_wake()
        call.log(EntryKind.UNBRIDGED)
        return "bridged"

    # ---------------------------------------------------------------- Dial

    async def _dial(
        self, call: SimCall, verb: twiml.Dial, doc: _Doc
    ) -> DocumentSource | None:
        action = None if verb.action is None else self._resolve(doc, verb.action)
        first = verb.nouns[0]
        if isinstance(first, twiml.DialQueue):
            outcome = await self._dial_queue(call, verb, first, doc)
        elif isinstance(first, twiml.DialConference):
            outcome = await self._conference(call, first, doc)
        else:
            numbers = [
                noun for noun in verb.nouns if isinstance(noun, twiml.DialNumber)
            ]
            outcome = await self._dial_numbers(call, verb, numbers, doc)
        params = {"DialCallStatus": outcome.status, **outcome.extra}
        if outcome.dial_call_sid is not None:
            params["DialCallSid"] = outcome.dial_call_sid
        if outcome.duration_s is not None:
            params["DialCallDuration"] = str(outcome.duration_s)
        params["DialBridged"] = "true" if outcome.bridged else "false"
        if call.hangup_by is not None:
            if action is not None:
                await self._send_ignored(call, action, verb.method, params)
            raise _HungUp
        self._check(call, _MAIN)
        if action is None:
            return None
        return DocumentSource(action, verb.method, params=params, kind="action")

    async def _bridge(
        self, call: SimCall, peer: SimCall, *, time_limit_s: float, peer_talks: bool
    ) -> int:
        """Keep `call` and `peer` connected until either leaves; run by `call`."""
        started = self._tk.now()
        call.log(EntryKind.BRIDGED, f"with {peer.sid} ({peer.role})")
        timers = []
        talk_s = call.party.connected(call) if call.party is not None else None
        if talk_s is not None:
            timers.append(call.start_timer(talk_s))
        if peer_talks:
            peer_talk_s = peer.party.connected(peer) if peer.party is not None else None
            if peer_talk_s is not None:
                timers.append(peer.start_timer(peer_talk_s))
        try:
            while not any(
                leg.hangup_by is not None
                or leg.pending_redirect is not None
                or not leg.is_live
                for leg in (call, peer)
            ):
                remaining = time_limit_s - (self._tk.now() - started).total_seconds()
                if remaining <= 0:
                    break
                await self._tk.wait([call.wake, peer.wake, peer.ended], remaining)
                call.consume_wake()
                peer.consume_wake()
        finally:
            for timer in timers:
                timer.cancel()
        call.log(EntryKind.UNBRIDGED)
        return int((self._tk.now() - started).total_seconds())

    async def _dial_queue(
        self, call: SimCall, verb: twiml.Dial, noun: twiml.DialQueue, doc: _Doc
    ) -> _DialOutcome:
        queue = queue_named(self._queues, noun.name)
        if queue is None:
            return _DialOutcome("failed")
        call.log(EntryKind.DIALING, f'queue "{noun.name}"')
        deadline = self._tk.now().timestamp() + verb.timeout
        member: QueueMember | None = None
        try:
            while True:
                member = next(
                    (
                        m
                        for m in queue.members
                        if m.request is None and m.call.hangup_by is None
                    ),
                    None,
                )
                remaining = deadline - self._tk.now().timestamp()
                if member is not None or remaining <= 0:
                    break
                await self._pass(call, remaining, _MAIN, (queue.arrival,))
        except _HungUp:
            return _DialOutcome(CallStatus.CANCELED.value)
        if member is None:
            return _DialOutcome(self._options.empty_queue_dial_status)
        caller = member.call
        whisper = None
        if noun.url is not None:
            whisper = DocumentSource(
                self._resolve(doc, noun.url), noun.method, kind="whisper"
            )
        request = BridgeRequest(dialer=call, whisper=whisper, queue=queue)
        queue.remove(member)
        member.request = request
        caller.wake.set()
        extra = {"QueueSid": queue.sid}
        waits = (request.connected, request.ended, caller.hungup)
        try:
            while not any(signal.is_set() for signal in waits):
                await self._pass(call, None, _MAIN, waits)
        except (_HungUp, _Redirected):
            request.ended.set()
            if call.hangup_by is None:
                raise
            return _DialOutcome(CallStatus.CANCELED.value, caller.sid, extra=extra)
        if not request.connected.is_set() or request.ended.is_set():
            request.ended.set()
            return _DialOutcome(CallStatus.NO_ANSWER.value, caller.sid, extra=extra)
        extra["QueueTime"] = str(caller.queue_time_s)
        duration = await self._bridge(
            call, caller, time_limit_s=verb.time_limit, peer_talks=False
        )
        request.ended_at = self._tk.now()
        request.ended.set()
        return _DialOutcome(
            "completed", caller.sid, duration, bridged=True, extra=extra
        )

    async def _dial_numbers(
        self,
        call: SimCall,
        verb: twiml.Dial,
        nouns: list[twiml.DialNumber],
        doc: _Doc,
    ) -> _DialOutcome:
        caller_id = verb.caller_id or call.from_
        legs: list[tuple[twiml.DialNumber, SimCall]] = []
        for noun in nouns:
            callback = None
            if noun.status_callback is not None:
                callback = StatusCallback(
                    self._resolve(doc, noun.status_callback),
                    noun.status_callback_method,
                    noun.status_callback_event,
                )
            child = SimCall(
                account_sid=self._account_sid,
                from_=caller_id,
                to=noun.number,
                direction="outbound-dial",
                party=self._phones.get(noun.number),
                timekeeper=self._tk,
                parent_call_sid=call.sid,
                status_callback=callback,
                timeout_s=verb.timeout,
            )
            self._calls[child.sid] = child
            child.log(EntryKind.CALL, f"{child.sid} from {caller_id} to {noun.number}")
            legs.append((noun, child))
        call.log(EntryKind.DIALING, ", ".join(noun.number for noun in nouns))
        outcomes = {}
        for _, child in legs:
            await self._status_event(child, "initiated")
            child.set_status(CallStatus.RINGING)
            child.log(EntryKind.RINGING)
            await self._status_event(child, "ringing")
            outcomes[child.sid] = child.party.ring(child) if child.party else None
        answered = [
            (outcome.after_s, index)
            for index, (_, child) in enumerate(legs)
            if isinstance(outcome := outcomes[child.sid], Answer)
            and outcome.after_s <= verb.timeout
        ]
        all_busy = all(isinstance(outcome, Busy) for outcome in outcomes.values())
        winner = legs[min(answered)[1]] if answered else None
        if winner is not None:
            wait_s = min(answered)[0]
        else:
            wait_s = self._options.busy_after_s if all_busy else float(verb.timeout)
        try:
            await self._pass(call, wait_s, _MAIN)
        except _HungUp:
            for _, child in legs:
                await self._finish(child, CallStatus.CANCELED)
            return _DialOutcome(CallStatus.CANCELED.value)
        for _, child in legs:
            if winner is None or child is not winner[1]:
                lost = (
                    CallStatus.BUSY if isinstance(outcomes[child.sid], Busy) else None
                )
                await self._finish(
                    child,
                    lost or (CallStatus.CANCELED if winner else CallStatus.NO_ANSWER),
                )
        if winner is None:
            status = CallStatus.BUSY if all_busy else CallStatus.NO_ANSWER
            return _DialOutcome(status.value, legs[0][1].sid)
        noun, child = winner
        outcome = outcomes[child.sid]
        assert isinstance(outcome, Answer)
        await self._answer(child, by_machine=outcome.by_machine, notify=True)
        if noun.url is not None:
            whisper = DocumentSource(
                self._resolve(doc, noun.url), noun.method, kind="whisper"
            )
            declined = await self._whisper(call, child, whisper)
            if declined is not None:
                return declined
        duration = await self._bridge(
            call, child, time_limit_s=verb.time_limit, peer_talks=True
        )
        await self._release(call, child)
        return _DialOutcome("completed", child.sid, duration, bridged=True)

    async def _whisper(
        self, call: SimCall, child: SimCall, source: DocumentSource
    ) -> _DialOutcome | None:
        """Run the <Number url> TwiML on the answered leg; None means: connect."""
        ctx = _Ctx(
            "Number url TwiML", twiml.NUMBER_WHISPER_VERBS, abort_on=(call.hungup,)
        )
        try:
            await self._run_documents(child, source, ctx)
        except _Redirected as redirect:
            self._spawn(self.run_document(child, redirect.source))
        except (_HungUp, _Aborted, _ApplicationError) as stopped:
            if isinstance(stopped, _ApplicationError):
                child.log(
                    EntryKind.APPLICATION_ERROR, f"{stopped.code} {stopped.message}"
                )
            await self._release(call, child)
        else:
            return None
        return _DialOutcome(
            self._options.declined_whisper_dial_status, child.sid, 0, bridged=False
        )

    async def _release(self, call: SimCall, child: SimCall) -> None:
        """End the dialed leg after its bridge, unless the app redirected it."""
        if child.pending_redirect is not None and child.hangup_by is None:
            source, child.pending_redirect = child.pending_redirect, None
            self._spawn(self.run_document(child, source))
            return
        if child.hangup_by is None:
            child.hangup_by = call.hangup_by or "hotline"
        await self._finish(child, CallStatus.COMPLETED)

    # ---------------------------------------------------------------- Conference

    async def _conference(
        self, call: SimCall, noun: twiml.DialConference, doc: _Doc
    ) -> _DialOutcome:
        conference = self._conferences.get(noun.name)
        if conference is None or conference.ended.is_set():
            conference = Conference(new_sid("CF"), noun.name, self._tk.now())
            self._conferences[noun.name] = conference
        if len(conference.participants) >= noun.max_participants:
            return _DialOutcome(CallStatus.FAILED.value)
        conference.participants[call.sid] = Participant(
            call,
            noun.start_conference_on_enter,
            noun.end_conference_on_exit,
            self._tk.now(),
        )
        call.conference_name = noun.name
        call.log(EntryKind.CONFERENCE_JOINED, f'"{noun.name}"')
        if noun.beep in {"true", "onEnter"}:
            for other in conference.participants.values():
                other.call.log(EntryKind.BEEP)
        if noun.start_conference_on_enter:
            conference.started.set()
        timer = None
        try:
            if not conference.started.is_set():
                await self._conference_wait(call, conference, noun, doc)
            if not conference.ended.is_set():
                talk_s = call.party.connected(call) if call.party is not None else None
                timer = None if talk_s is None else call.start_timer(talk_s)
            while not conference.ended.is_set():
                await self._pass(call, None, _MAIN, (conference.ended,))
        except _HungUp:
            pass
        finally:
            if timer is not None:
                timer.cancel()
            self._leave_conference(call, conference, noun)
        status = "answered" if call.hangup_by is None else CallStatus.COMPLETED.value
        return _DialOutcome(status)

    def _leave_conference(
        self, call: SimCall, conference: Conference, noun: twiml.DialConference
    ) -> None:
        participant = conference.participants.pop(call.sid)
        call.conference_name = None
        call.log(EntryKind.CONFERENCE_LEFT, f'"{noun.name}"')
        if noun.beep in {"true", "onExit"}:
            for other in conference.participants.values():
                other.call.log(EntryKind.BEEP)
        if participant.end_on_exit or not conference.participants:
            conference.ended.set()
            if self._conferences.get(noun.name) is conference:
                del self._conferences[noun.name]

    async def _conference_wait(
        self,
        call: SimCall,
        conference: Conference,
        noun: twiml.DialConference,
        doc: _Doc,
    ) -> None:
        ctx = _Ctx(
            "Conference waitUrl TwiML",
            twiml.CONFERENCE_WAIT_VERBS,
            abort_on=(conference.started, conference.ended),
        )
        try:
            if noun.wait_url is None:
                while True:
                    call.log(EntryKind.PLAYED, DEFAULT_HOLD_MUSIC_URL)
                    await self._pass(call, self._options.hold_music_s, ctx)
            if noun.wait_url:
                source = DocumentSource(
                    self._resolve(doc, noun.wait_url), noun.wait_method, kind="wait"
                )
                try:
                    await self._run_documents(call, source, ctx)
                except _ApplicationError as error:
                    call.log(
                        EntryKind.APPLICATION_ERROR, f"{error.code} {error.message}"
                    )
            # Conference hold TwiML does not loop: silence until the conference starts.
            while True:
                await self._pass(call, None, ctx)
        except _Aborted:
            return
