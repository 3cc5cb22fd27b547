"""Parse TwiML into typed verbs carrying Twilio's defaults (TWILIO.md section 3).

Parsing only: no execution, no I/O. Invalid documents raise `TwimlError` with the
Twilio error code the debugger would show (12100 not well-formed, 12200 schema).
Unknown attributes are ignored (Twilio adds new ones without notice); unknown
verbs, lowercase verbs, a root other than `<Response>` and bad nesting are errors.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

PARSE_FAILURE = 12100
SCHEMA_VIOLATION = 12200

DEFAULT_RECORD_FINISH_KEYS = "1234567890*#"


class TwimlError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Say:
    text: str
    voice: str = "man"
    language: str = "en-US"
    loop: int = 1
    # From SSML: <prosody rate="90%"> (1.0 = the voice's normal rate) and the
    # seconds of <break> in the text.
    rate: float = 1.0
    breaks_s: float = 0.0


@dataclass(frozen=True)
class Play:
    url: str
    loop: int = 1
    digits: str = ""


@dataclass(frozen=True)
class Pause:
    length: int = 1


Prompt = Say | Play | Pause


@dataclass(frozen=True)
class Gather:
    prompts: tuple[Prompt, ...] = ()
    action: str | None = None
    method: str = "POST"
    input: frozenset[str] = frozenset({"dtmf"})
    timeout: int = 5
    finish_on_key: str = "#"
    num_digits: int | None = None
    action_on_empty_result: bool = False
    speech_timeout: str | None = None
    language: str = "en-US"
    hints: str = ""


@dataclass(frozen=True)
class Record:
    action: str | None = None
    method: str = "POST"
    timeout: int = 5
    finish_on_key: str = DEFAULT_RECORD_FINISH_KEYS
    max_length: int = 3600
    play_beep: bool = True
    recording_status_callback: str | None = None
    recording_status_callback_method: str = "POST"


@dataclass(frozen=True)
class Redirect:
    url: str
    method: str = "POST"


@dataclass(frozen=True)
class Hangup:
    pass


@dataclass(frozen=True)
class Reject:
    reason: str = "rejected"


@dataclass(frozen=True)
class Leave:
    pass


@dataclass(frozen=True)
class Enqueue:
    name: str
    action: str | None = None
    method: str = "POST"
    wait_url: str | None = None
    wait_url_method: str = "POST"
    max_queue_size: int | None = None


@dataclass(frozen=True)
class DialNumber:
    """`<Number>`, `<Client>` (as `client:name`) or `<Sip>` (as the SIP URI)."""

    number: str
    url: str | None = None
    method: str = "POST"
    status_callback: str | None = None
    status_callback_method: str = "POST"
    status_callback_event: frozenset[str] = frozenset({"completed"})
    send_digits: str = ""


@dataclass(frozen=True)
class DialQueue:
    name: str
    url: str | None = None
    method: str = "POST"


@dataclass(frozen=True)
class DialConference:
    name: str
    start_conference_on_enter: bool = True
    end_conference_on_exit: bool = False
    wait_url: str | None = None
    wait_method: str = "POST"
    beep: str = "true"
    muted: bool = False
    max_participants: int = 250


DialNoun = DialNumber | DialQueue | DialConference


@dataclass(frozen=True)
class Dial:
    nouns: tuple[DialNoun, ...]
    action: str | None = None
    method: str = "POST"
    timeout: int = 30
    caller_id: str | None = None
    time_limit: int = 14400


Verb = (
    Say
    | Play
    | Pause
    | Gather
    | Record
    | Redirect
    | Hangup
    | Reject
    | Leave
    | Enqueue
    | Dial
)

# What may appear in documents run in special places (TWILIO.md 3.8, 3.9).
WAIT_URL_VERBS: frozenset[type] = frozenset(
    {Play, Say, Pause, Hangup, Redirect, Leave, Gather}
)
NUMBER_WHISPER_VERBS: frozenset[type] = frozenset(
    {Play, Say, Pause, Gather, Hangup, Redirect}
)
QUEUE_WHISPER_VERBS: frozenset[type] = frozenset({Play, Say, Pause, Redirect})
CONFERENCE_WAIT_VERBS: frozenset[type] = frozenset({Play, Say, Pause, Redirect})


def check_allowed(verbs: Iterable[Verb], allowed: frozenset[type], where: str) -> None:
    for verb in verbs:
        if type(verb) not in allowed:
            raise TwimlError(
                SCHEMA_VIOLATION, f"<{type(verb).__name__}> is not allowed in {where}"
            )


class _Attrs:
    """Typed access to one element's attributes, raising TwimlError on bad values."""

    def __init__(self, element: ET.Element) -> None:
        self._tag = element.tag
        self._values: Mapping[str, str] = element.attrib

    def text(self, name: str, default: str) -> str:
        return self._values.get(name, default)

    def optional(self, name: str) -> str | None:
        return self._values.get(name)

    def method(self, name: str = "method") -> str:
        value = self._values.get(name, "POST").upper()
        if value not in {"GET", "POST"}:
            raise TwimlError(SCHEMA_VIOLATION, f"<{self._tag} {name}> must be GET/POST")
        return value

    def integer(self, name: str, default: int, *, minimum: int = 0) -> int:
        raw = self._values.get(name)
        if raw is None:
            return default
        try:
            value = int(raw.strip())
        except ValueError:
            raise TwimlError(
                SCHEMA_VIOLATION, f"<{self._tag} {name}> is not an integer: {raw!r}"
            ) from None
        if value < minimum:
            raise TwimlError(SCHEMA_VIOLATION, f"<{self._tag} {name}> is too small")
        return value

    def boolean(self, name: str, default: bool) -> bool:
        raw = self._values.get(name)
        if raw is None:
            return default
        if raw.lower() not in {"true", "false"}:
            raise TwimlError(SCHEMA_VIOLATION, f"<{self._tag} {name}> must be a bool")
        return raw.lower() == "true"


def _body(element: ET.Element) -> str:
    return "".join(element.itertext()).strip()


def _no_children(element: ET.Element) -> None:
    if len(element):
        raise TwimlError(SCHEMA_VIOLATION, f"<{element.tag}> cannot contain elements")


# SSML <break strength>, in seconds (Amazon Polly's values; "medium" by default).
_BREAK_STRENGTH_S = {
    "none": 0.0,
    "x-weak": 0.0,
    "weak": 0.25,
    "medium": 0.5,
    "strong": 0.75,
    "x-strong": 1.0,
}
_SSML_TIME = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*$")


def _break_s(element: ET.Element) -> float:
    time = element.get("time")
    if time is not None:
        match = _SSML_TIME.match(time)
        if match is None:
            raise TwimlError(SCHEMA_VIOLATION, f"<break time={time!r}>")
        value = float(match.group(1))
        return value / 1000 if match.group(2) == "ms" else value
    return _BREAK_STRENGTH_S.get(element.get("strength", "medium"), 0.5)


def _prosody_rate(element: ET.Element) -> float | None:
    rate = (element.get("rate") or "").strip()
    if not rate.endswith("%"):
        return None  # "slow", "medium" …: taken as the normal rate
    try:
        value = float(rate[:-1]) / 100
    except ValueError:
        value = 0.0
    if value <= 0:
        raise TwimlError(SCHEMA_VIOLATION, f"<prosody rate={rate!r}>")
    return value


def _say(element: ET.Element) -> Say:
    # SSML children are flattened into the spoken text; <prosody rate="…%"> and
    # <break> set how long it takes to say.
    attrs = _Attrs(element)
    rate, breaks_s = 1.0, 0.0
    for child in element.iter():
        if child.tag == "break":
            breaks_s += _break_s(child)
        elif child.tag == "prosody":
            rate = _prosody_rate(child) or rate
    return Say(
        text=" ".join(_body(element).split()),
        voice=attrs.text("voice", "man"),
        language=attrs.text("language", "en-US"),
        loop=attrs.integer("loop", 1),
        rate=rate,
        breaks_s=breaks_s,
    )


def _play(element: ET.Element) -> Play:
    _no_children(element)
    attrs = _Attrs(element)
    play = Play(
        url=_body(element),
        loop=attrs.integer("loop", 1),
        digits=attrs.text("digits", ""),
    )
    if not play.url and not play.digits:
        raise TwimlError(SCHEMA_VIOLATION, "<Play> needs a URL or digits")
    return play


def _pause(element: ET.Element) -> Pause:
    _no_children(element)
    return Pause(length=_Attrs(element).integer("length", 1))


def _gather(element: ET.Element) -> Gather:
    prompts: list[Prompt] = []
    for child in element:
        if child.tag == "Say":
            prompts.append(_say(child))
        elif child.tag == "Play":
            play = _play(child)
            if play.digits:
                raise TwimlError(SCHEMA_VIOLATION, "<Play digits> inside <Gather>")
            prompts.append(play)
        elif child.tag == "Pause":
            prompts.append(_pause(child))
        else:
            raise TwimlError(SCHEMA_VIOLATION, f"<{child.tag}> inside <Gather>")
    attrs = _Attrs(element)
    inputs = frozenset(attrs.text("input", "dtmf").split())
    if not inputs or not inputs <= {"dtmf", "speech"}:
        raise TwimlError(SCHEMA_VIOLATION, "<Gather input> must be dtmf and/or speech")
    finish_on_key = attrs.text("finishOnKey", "#")
    if len(finish_on_key) > 1 or (
        finish_on_key and finish_on_key not in "0123456789#*"
    ):
        raise TwimlError(SCHEMA_VIOLATION, "<Gather finishOnKey> must be one key")
    num_digits = attrs.optional("numDigits")
    return Gather(
        prompts=tuple(prompts),
        action=attrs.optional("action"),
        method=attrs.method(),
        input=inputs,
        timeout=attrs.integer("timeout", 5),
        finish_on_key=finish_on_key,
        num_digits=None
        if num_digits is None
        else attrs.integer("numDigits", 1, minimum=1),
        action_on_empty_result=attrs.boolean("actionOnEmptyResult", False),
        speech_timeout=attrs.optional("speechTimeout"),
        language=attrs.text("language", "en-US"),
        hints=attrs.text("hints", ""),
    )


def _record(element: ET.Element) -> Record:
    _no_children(element)
    attrs = _Attrs(element)
    return Record(
        action=attrs.optional("action"),
        method=attrs.method(),
        timeout=attrs.integer("timeout", 5),
        finish_on_key=attrs.text("finishOnKey", DEFAULT_RECORD_FINISH_KEYS),
        max_length=attrs.integer("maxLength", 3600, minimum=1),
        play_beep=attrs.boolean("playBeep", True),
        recording_status_callback=attrs.optional("recordingStatusCallback"),
        recording_status_callback_method=attrs.method("recordingStatusCallbackMethod"),
    )


def _redirect(element: ET.Element) -> Redirect:
    _no_children(element)
    url = _body(element)
    if not url:
        raise TwimlError(SCHEMA_VIOLATION, "<Redirect> needs a URL")
    return Redirect(url=url, method=_Attrs(element).method())


def _hangup(element: ET.Element) -> Hangup:
    _no_children(element)
    return Hangup()


def _leave(element: ET.Element) -> Leave:
    _no_children(element)
    return Leave()


def _reject(element: ET.Element) -> Reject:
    _no_children(element)
    reason = _Attrs(element).text("reason", "rejected")
    if reason not in {"rejected", "busy"}:
        raise TwimlError(SCHEMA_VIOLATION, "<Reject reason> must be rejected or busy")
    return Reject(reason=reason)


def _enqueue(element: ET.Element) -> Enqueue:
    for child in element:
        raise TwimlError(SCHEMA_VIOLATION, f"<{child.tag}> inside <Enqueue>")
    attrs = _Attrs(element)
    name = _body(element)
    if not name or len(name) > 64:
        raise TwimlError(SCHEMA_VIOLATION, "<Enqueue> needs a queue name (<= 64)")
    max_size = attrs.optional("maxQueueSize")
    return Enqueue(
        name=name,
        action=attrs.optional("action"),
        method=attrs.method(),
        wait_url=attrs.optional("waitUrl"),
        wait_url_method=attrs.method("waitUrlMethod"),
        max_queue_size=None
        if max_size is None
        else attrs.integer("maxQueueSize", 1000, minimum=1),
    )


def _number(element: ET.Element, number: str) -> DialNumber:
    _no_children(element)
    attrs = _Attrs(element)
    status_callback = attrs.optional("statusCallback")
    events = frozenset(attrs.text("statusCallbackEvent", "completed").split())
    if not events <= {"initiated", "ringing", "answered", "completed"}:
        raise TwimlError(SCHEMA_VIOLATION, "unknown statusCallbackEvent")
    return DialNumber(
        number=number,
        url=attrs.optional("url"),
        method=attrs.method(),
        status_callback=status_callback,
        status_callback_method=attrs.method("statusCallbackMethod"),
        status_callback_event=events,
        send_digits=attrs.text("sendDigits", ""),
    )


def _noun(element: ET.Element) -> DialNoun:
    body = _body(element)
    if not body:
        raise TwimlError(SCHEMA_VIOLATION, f"<{element.tag}> needs a value")
    attrs = _Attrs(element)
    if element.tag == "Number":
        return _number(element, body)
    if element.tag == "Client":
        return _number(element, body if ":" in body else f"client:{body}")
    if element.tag == "Sip":
        return _number(element, body)
    if element.tag == "Queue":
        _no_children(element)
        return DialQueue(name=body, url=attrs.optional("url"), method=attrs.method())
    if element.tag == "Conference":
        _no_children(element)
        beep = attrs.text("beep", "true")
        if beep not in {"true", "false", "onEnter", "onExit"}:
            raise TwimlError(SCHEMA_VIOLATION, "<Conference beep> is invalid")
        return DialConference(
            name=body,
            start_conference_on_enter=attrs.boolean("startConferenceOnEnter", True),
            end_conference_on_exit=attrs.boolean("endConferenceOnExit", False),
            wait_url=attrs.optional("waitUrl"),
            wait_method=attrs.method("waitMethod"),
            beep=beep,
            muted=attrs.boolean("muted", False),
            max_participants=attrs.integer("maxParticipants", 250, minimum=2),
        )
    raise TwimlError(SCHEMA_VIOLATION, f"<{element.tag}> inside <Dial>")


def _dial(element: ET.Element) -> Dial:
    nouns: list[DialNoun] = [_noun(child) for child in element]
    text = (element.text or "").strip()
    if text:
        nouns.insert(0, DialNumber(number=text))
    if not nouns:
        raise TwimlError(SCHEMA_VIOLATION, "<Dial> needs a number or a noun")
    kinds = {type(noun) for noun in nouns}
    if len(kinds) > 1 or (kinds != {DialNumber} and len(nouns) > 1):
        raise TwimlError(SCHEMA_VIOLATION, "<Dial> mixes nouns that cannot be mixed")
    attrs = _Attrs(element)
    return Dial(
        nouns=tuple(nouns),
        action=attrs.optional("action"),
        method=attrs.method(),
        timeout=attrs.integer("timeout", 30, minimum=1),
        caller_id=attrs.optional("callerId"),
        time_limit=attrs.integer("timeLimit", 14400, minimum=1),
    )


_VERB_PARSERS: dict[str, Callable[[ET.Element], Verb]] = {
    "Say": _say,
    "Play": _play,
    "Pause": _pause,
    "Gather": _gather,
    "Record": _record,
    "Redirect": _redirect,
    "Hangup": _hangup,
    "Reject": _reject,
    "Leave": _leave,
    "Enqueue": _enqueue,
    "Dial": _dial,
}


def _root(text: str) -> ET.Element:
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise TwimlError(
            PARSE_FAILURE, f"document is not well-formed XML: {exc}"
        ) from None
    if root.tag != "Response":
        raise TwimlError(SCHEMA_VIOLATION, f"root element is <{root.tag}>")
    if (root.text or "").strip():
        raise TwimlError(SCHEMA_VIOLATION, "text directly inside <Response>")
    return root


def parse_voice(text: str) -> tuple[Verb, ...]:
    """Parse a voice TwiML document into its verbs, in order."""
    verbs: list[Verb] = []
    for element in _root(text):
        parser = _VERB_PARSERS.get(element.tag)
        if parser is None:
            raise TwimlError(
                SCHEMA_VIOLATION, f"unknown or unsupported verb <{element.tag}>"
            )
        if (element.tail or "").strip():
            raise TwimlError(SCHEMA_VIOLATION, "text directly inside <Response>")
        verbs.append(parser(element))
    return tuple(verbs)


def parse_messaging(text: str) -> tuple[str, ...]:
    """Bodies of the `<Message>` verbs of a Messaging TwiML reply."""
    bodies: list[str] = []
    for element in _root(text):
        if element.tag != "Message":
            if element.tag == "Redirect":
                continue
            raise TwimlError(SCHEMA_VIOLATION, f"<{element.tag}> in messaging TwiML")
        body = element.find("Body")
        bodies.append(_body(body if body is not None else element))
    return tuple(bodies)
