"""Unit tests for app/telephony/twilio_adapter.py: TwiML, signatures, webhook parsing.

TwiML is parsed back with ElementTree so the assertions are about what Twilio reads
(element names, attribute names and values), not about string formatting.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any, ClassVar
from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import SecretStr
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.types import Message
from twilio.request_validator import RequestValidator

from app.config import Settings, TwilioSettings
from app.errors import BadRequest, Forbidden
from app.telephony import instructions as ins
from app.telephony.twilio_adapter import (
    MAX_BODY_BYTES,
    MAX_FIELDS,
    TwimlRenderer,
    empty_twiml,
    parse_sms,
    parse_status_event,
    parse_voice_event,
    read_form,
    render_sms_reply,
    sign_request,
    signed_url,
    verify_twilio_signature,
)

BASE = "https://hotline.example.org"
CALL_SID = "CA" + "0123456789abcdef" * 2
SMS_SID = "SM" + "fedcba9876543210" * 2


def render(*instructions: ins.Instruction, base: str = BASE) -> ET.Element:
    xml = TwimlRenderer(base).to_xml(ins.Script(instructions))
    root = ET.fromstring(xml)
    assert root.tag == "Response"
    return root


def only_child(root: ET.Element) -> ET.Element:
    (child,) = list(root)
    return child


def say(text: str = "Bonjour", locale: str = "fr-BE") -> ins.Say:
    return ins.Say(text, locale=locale, voice="Polly.Isabelle-Neural")


# ------------------------------------------------------------------------- rendering


class TestRenderPrompts:
    def test_say_has_voice_language_and_loop(self) -> None:
        element = only_child(render(ins.Say("Hallo", "nl-BE", "Polly.Lisa", loop=2)))

        assert element.tag == "Say"
        assert element.text == "Hallo"
        assert element.attrib == {
            "voice": "Polly.Lisa",
            "language": "nl-BE",
            "loop": "2",
        }

    def test_say_text_is_escaped_not_markup(self) -> None:
        element = only_child(render(say("Tom & Jerry <3")))

        assert element.text == "Tom & Jerry <3"

    def test_play_keeps_absolute_media_url(self) -> None:
        element = only_child(render(ins.Play("https://cdn.example.org/hold.mp3", 0)))

        assert element.tag == "Play"
        assert element.text == "https://cdn.example.org/hold.mp3"
        assert element.attrib == {"loop": "0"}

    def test_pause_has_length(self) -> None:
        element = only_child(render(ins.Pause(3)))

        assert element.tag == "Pause"
        assert element.attrib == {"length": "3"}

    def test_empty_script_is_an_empty_response(self) -> None:
        assert list(render()) == []


class TestRenderGather:
    def test_keys_and_speech_gather(self) -> None:
        gather = ins.Gather(
            action="/twilio/ivr/need?lang=fr&try=1",
            prompts=(say("Un"), ins.Play("https://cdn.example.org/a.mp3"), ins.Pause()),
            num_digits=1,
            timeout_s=7,
            speech_locale="fr-FR",
            hints=("courses", "pharmacie"),
        )

        element = only_child(render(gather))

        assert element.tag == "Gather"
        assert element.attrib == {
            "action": f"{BASE}/twilio/ivr/need?lang=fr&try=1",
            "method": "POST",
            "input": "dtmf speech",
            "numDigits": "1",
            "timeout": "7",
            "finishOnKey": "#",
            "language": "fr-FR",
            "hints": "courses, pharmacie",
            "actionOnEmptyResult": "true",
        }
        assert [child.tag for child in element] == ["Say", "Play", "Pause"]
        assert element[0].attrib["language"] == "fr-BE"

    def test_keys_only_gather_omits_language_and_hints(self) -> None:
        gather = ins.Gather(
            action="/duty?try=0",
            prompts=(say(),),
            num_digits=None,
            finish_on_key="",
            action_on_empty_result=False,
        )

        element = only_child(render(gather))

        assert element.attrib["input"] == "dtmf"
        assert "language" not in element.attrib
        assert "hints" not in element.attrib
        assert "numDigits" not in element.attrib
        assert element.attrib["finishOnKey"] == ""
        assert element.attrib["actionOnEmptyResult"] == "false"

    def test_postcode_gather_collects_four_digits(self) -> None:
        gather = ins.Gather(
            action="/twilio/ivr/postcode?lang=nl&try=0",
            prompts=(say(),),
            num_digits=4,
            timeout_s=10,
            speech_locale="nl-NL",
        )

        element = only_child(render(gather))

        assert element.attrib["numDigits"] == "4"
        assert element.attrib["timeout"] == "10"
        assert element.attrib["finishOnKey"] == "#"


class TestRenderOtherVerbs:
    def test_record(self) -> None:
        element = only_child(
            render(ins.Record(action="/twilio/ivr/voicemail?lang=en", max_length_s=180))
        )

        assert element.tag == "Record"
        assert element.attrib == {
            "action": f"{BASE}/twilio/ivr/voicemail?lang=en",
            "method": "POST",
            "maxLength": "180",
            "timeout": "5",
            "finishOnKey": "#",
            "playBeep": "true",
        }

    def test_redirect_posts_to_absolute_url(self) -> None:
        element = only_child(render(ins.Redirect("/twilio/queue/enter?lang=nl")))

        assert element.tag == "Redirect"
        assert element.text == f"{BASE}/twilio/queue/enter?lang=nl"
        assert element.attrib == {"method": "POST"}

    def test_hangup_and_leave(self) -> None:
        root = render(ins.Hangup(), ins.Leave())

        assert [(e.tag, e.attrib, e.text) for e in root] == [
            ("Hangup", {}, None),
            ("Leave", {}, None),
        ]

    def test_enqueue(self) -> None:
        element = only_child(
            render(ins.Enqueue("hotline-fr", wait_url="/hold", action="/left"))
        )

        assert element.tag == "Enqueue"
        assert element.text == "hotline-fr"
        assert element.attrib == {
            "action": f"{BASE}/left",
            "method": "POST",
            "waitUrl": f"{BASE}/hold",
            "waitUrlMethod": "POST",
        }

    def test_join_conference_with_action_and_hold_music(self) -> None:
        element = only_child(
            render(
                ins.JoinConference(
                    "room-1",
                    action="/after",
                    end_on_exit=False,
                    start_on_enter=True,
                    beep=True,
                    wait_url="/music",
                    time_limit_s=600,
                )
            )
        )

        assert element.tag == "Dial"
        assert element.attrib == {
            "action": f"{BASE}/after",
            "method": "POST",
            "timeLimit": "600",
        }
        conference = only_child(element)
        assert conference.tag == "Conference"
        assert conference.text == "room-1"
        assert conference.attrib == {
            "beep": "true",
            "startConferenceOnEnter": "true",
            "endConferenceOnExit": "false",
            "waitUrl": f"{BASE}/music",
        }

    def test_join_conference_without_action_or_hold_music(self) -> None:
        element = only_child(render(ins.JoinConference("room-2")))

        assert element.attrib == {"timeLimit": str(4 * 3600)}
        conference = only_child(element)
        # An empty waitUrl means silence instead of Twilio's default hold music.
        assert conference.attrib["waitUrl"] == ""
        assert conference.attrib["beep"] == "false"
        assert conference.attrib["endConferenceOnExit"] == "true"

    def test_instructions_keep_their_order(self) -> None:
        root = render(say(), ins.Pause(), ins.Redirect("/next"), ins.Hangup())

        assert [e.tag for e in root] == ["Say", "Pause", "Redirect", "Hangup"]


class TestUrls:
    @pytest.mark.parametrize("base", [BASE, BASE + "/"])
    def test_app_paths_become_absolute_under_the_public_base(self, base: str) -> None:
        assert TwimlRenderer(base).url("/twilio/x?a=1") == f"{BASE}/twilio/x?a=1"

    def test_absolute_urls_are_kept(self) -> None:
        url = "https://other.example.org/hold.xml"

        assert TwimlRenderer(BASE).url(url) == url

    def test_public_base_with_a_path_prefix(self) -> None:
        element = only_child(
            render(ins.Redirect("/twilio/x"), base="https://ex.org/hotline/")
        )

        assert element.text == "https://ex.org/hotline/twilio/x"


def test_render_returns_xml_response() -> None:
    script = ins.Script((ins.Hangup(),))
    renderer = TwimlRenderer(BASE)

    response = renderer.render(script)

    assert response.media_type == "application/xml"
    assert bytes(response.body).decode() == renderer.to_xml(script)


def test_empty_twiml_is_an_empty_response() -> None:
    response = empty_twiml()

    root = ET.fromstring(bytes(response.body))
    assert root.tag == "Response"
    assert list(root) == []


def test_sms_reply_has_one_message_per_body() -> None:
    response = render_sms_reply(["Merci", "Tot ziens"])

    root = ET.fromstring(bytes(response.body))
    assert [(m.tag, m.text) for m in root] == [
        ("Message", "Merci"),
        ("Message", "Tot ziens"),
    ]


# ------------------------------------------------------------------------- signature

VECTOR_URL = "https://example.com/myapp.php?foo=1&bar=2"
VECTOR_PARAMS = {
    "CallSid": "CA1234567890ABCDE",
    "Caller": "+14158675310",
    "Digits": "1234",
    "From": "+14158675310",
    "To": "+18005551212",
}
VECTOR_SIGNATURE = "L/OH5YylLD5NRKLltdqwSvS0BnU="


class TestSignRequest:
    def test_matches_twilios_documented_test_vector(self) -> None:
        assert sign_request("12345", VECTOR_URL, VECTOR_PARAMS) == VECTOR_SIGNATURE

    def test_is_accepted_by_twilios_validator(self) -> None:
        signature = sign_request("12345", VECTOR_URL, VECTOR_PARAMS)

        assert RequestValidator("12345").validate(VECTOR_URL, VECTOR_PARAMS, signature)

    @pytest.mark.parametrize(
        ("token", "url", "params"),
        [
            ("54321", VECTOR_URL, VECTOR_PARAMS),
            ("12345", VECTOR_URL.replace("foo=1", "foo=2"), VECTOR_PARAMS),
            ("12345", VECTOR_URL, {**VECTOR_PARAMS, "Digits": "1235"}),
            ("12345", VECTOR_URL, {**VECTOR_PARAMS, "Extra": ""}),
        ],
        ids=["other-token", "other-query", "tampered-digits", "added-param"],
    )
    def test_any_change_breaks_the_signature(
        self, token: str, url: str, params: dict[str, str]
    ) -> None:
        assert sign_request(token, url, params) != VECTOR_SIGNATURE
        assert not RequestValidator(token).validate(url, params, VECTOR_SIGNATURE)


def _settings(token: str = "12345") -> Settings:
    return Settings(
        public_base_url=BASE,
        twilio=TwilioSettings(auth_token=SecretStr(token)),
    )


def _request(
    *,
    path: str,
    query: str,
    body: dict[str, str],
    signature: str | None,
    settings: Settings,
    content_length: str | None = None,
) -> Request:
    encoded = urlencode(body).encode()
    headers = [(b"content-type", b"application/x-www-form-urlencoded")]
    headers.append((b"content-length", (content_length or str(len(encoded))).encode()))
    if signature is not None:
        headers.append((b"x-twilio-signature", signature.encode()))
    app = SimpleNamespace(
        state=SimpleNamespace(hotline=SimpleNamespace(settings=settings))
    )
    # Behind the proxy the app sees plain HTTP on an internal host.
    scope: dict[str, Any] = {
        "type": "http",
        "method": "POST",
        "scheme": "http",
        "server": ("10.0.0.5", 8080),
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query.encode(),
        "headers": headers,
        "app": app,
    }

    async def receive() -> Message:
        return {"type": "http.request", "body": encoded, "more_body": False}

    return Request(scope, receive)


class TestVerifyTwilioSignature:
    @pytest.fixture(autouse=True)
    def _no_hotline_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Settings read HOTLINE_* variables; the developer's shell must not leak in."""
        for name in list(os.environ):
            if name.startswith("HOTLINE_"):
                monkeypatch.delenv(name)

    PATH = "/twilio/ivr/need"
    QUERY = "lang=fr&try=1"
    BODY: ClassVar[dict[str, str]] = {
        "CallSid": CALL_SID,
        "Digits": "1",
        "From": "+32470123456",
    }

    def _signed(self, token: str = "12345", **changes: Any) -> Request:
        signature = sign_request(token, f"{BASE}{self.PATH}?{self.QUERY}", self.BODY)
        options: dict[str, Any] = {
            "path": self.PATH,
            "query": self.QUERY,
            "body": self.BODY,
            "signature": signature,
            "settings": _settings(),
        }
        options.update(changes)
        return _request(**options)

    async def test_signed_against_the_public_url_is_accepted(self) -> None:
        form = await verify_twilio_signature(self._signed())

        assert dict(form) == self.BODY

    async def test_wrong_token_is_forbidden(self) -> None:
        with pytest.raises(Forbidden, match="invalid"):
            await verify_twilio_signature(self._signed(token="other"))

    async def test_missing_signature_is_forbidden(self) -> None:
        with pytest.raises(Forbidden, match="missing"):
            await verify_twilio_signature(self._signed(signature=None))

    async def test_tampered_body_is_forbidden(self) -> None:
        with pytest.raises(Forbidden):
            await verify_twilio_signature(
                self._signed(body={**self.BODY, "Digits": "0"})
            )

    async def test_query_string_is_part_of_the_signature(self) -> None:
        with pytest.raises(Forbidden):
            await verify_twilio_signature(self._signed(query="lang=fr&try=2"))

    @pytest.mark.parametrize("length", [str(MAX_BODY_BYTES + 1), "abc", "-1"])
    async def test_oversized_or_bogus_length_is_a_bad_request(
        self, length: str
    ) -> None:
        with pytest.raises(BadRequest):
            await verify_twilio_signature(self._signed(content_length=length))


# ------------------------------------------------------------------------- parsing


def form(**fields: str) -> FormData:
    return FormData(list(fields.items()))


_VOICE_FIELDS = frozenset(
    {
        "CallSid",
        "From",
        "To",
        "CallStatus",
        "Direction",
        "ParentCallSid",
        "Digits",
        "SpeechResult",
        "Confidence",
        "RecordingUrl",
        "RecordingDuration",
        "QueueResult",
        "QueueTime",
        "QueuePosition",
        "DialCallStatus",
        "AnsweredBy",
    }
)


def _is_unknown_field(name: str) -> bool:
    return name not in _VOICE_FIELDS


class TestParseVoiceEvent:
    def test_gather_callback_maps_to_event(self) -> None:
        event = parse_voice_event(
            form(
                CallSid=CALL_SID,
                AccountSid="AC" + "0" * 32,
                From="+32470123456",
                To="+3228089654",
                CallStatus="in-progress",
                Direction="inbound",
                Digits="1030",
                SpeechResult="dix trente",
                Confidence="0.87",
                FinishedOnKey="",
                ApiVersion="2010-04-01",
            )
        )

        assert event.call_sid == CALL_SID
        assert event.from_number == "+32470123456"
        assert event.to_number == "+3228089654"
        assert event.call_status == "in-progress"
        assert event.direction == "inbound"
        assert event.digits == "1030"
        assert event.speech == "dix trente"
        assert event.speech_confidence == pytest.approx(0.87)

    def test_minimal_form_gets_defaults(self) -> None:
        event = parse_voice_event(form(CallSid=CALL_SID))

        assert event.from_number == ""
        assert event.call_status == "in-progress"
        assert event.direction == "inbound"
        assert event.digits is None
        assert event.speech is None

    def test_recording_queue_and_dial_fields(self) -> None:
        event = parse_voice_event(
            form(
                CallSid=CALL_SID,
                ParentCallSid="CA" + "1" * 32,
                RecordingUrl="https://api.twilio.com/rec/RE1",
                RecordingDuration="42",
                QueueResult="hangup",
                QueueTime="95",
                QueuePosition="3",
                DialCallStatus="completed",
                AnsweredBy="human",
            )
        )

        assert event.parent_call_sid == "CA" + "1" * 32
        assert event.recording_url == "https://api.twilio.com/rec/RE1"
        assert event.recording_duration_s == 42
        assert event.queue_result == "hangup"
        assert event.queue_time_s == 95
        assert event.queue_position == 3
        assert event.dial_status == "completed"
        assert event.answered_by == "human"

    def test_values_are_stripped(self) -> None:
        event = parse_voice_event(form(CallSid=CALL_SID, Digits=" 2 "))

        assert event.digits == "2"

    def test_hash_alone_reaches_the_menu_as_empty_digits(self) -> None:
        # The postcode menu says "if you do not know it, press the hash key" and
        # menu._on_postcode skips the postcode when Digits is present but empty.
        # Twilio posts Digits="" with FinishedOnKey="#" for a lone '#'.
        event = parse_voice_event(form(CallSid=CALL_SID, Digits="", FinishedOnKey="#"))

        assert event.digits == ""

    def test_empty_confidence_is_treated_as_missing(self) -> None:
        event = parse_voice_event(
            form(CallSid=CALL_SID, SpeechResult="oui", Confidence="")
        )

        assert event.speech_confidence is None

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("CallSid", "CA123"),
            ("CallSid", "XX" + "0" * 32),
            ("CallSid", "CA" + "g" * 32),
            ("Digits", "1" * 65),
            ("Confidence", "1.5"),
            ("Confidence", "-0.1"),
            ("Confidence", "high"),
            ("RecordingDuration", "-1"),
            ("QueueTime", "soon"),
            ("From", "+" + "1" * 40),
            ("QueuePosition", str(2**31)),
            ("SpeechResult", "a" * 2001),
        ],
    )
    def test_malformed_values_are_a_bad_request_naming_the_field(
        self, field: str, value: str
    ) -> None:
        fields = {"CallSid": CALL_SID, field: value}

        with pytest.raises(BadRequest, match=field):
            parse_voice_event(form(**fields))

    @pytest.mark.parametrize("field", ["From", "SpeechResult", "Unknown"])
    def test_nul_character_in_any_value_is_a_bad_request(self, field: str) -> None:
        with pytest.raises(BadRequest, match="NUL"):
            parse_voice_event(form(**{"CallSid": CALL_SID, field: "a\x00b"}))

    def test_missing_call_sid_is_a_bad_request(self) -> None:
        with pytest.raises(BadRequest, match="CallSid"):
            parse_voice_event(form(Digits="1"))

    @given(
        extra=st.dictionaries(
            st.text(min_size=1, max_size=20).filter(_is_unknown_field),
            st.text(st.characters(exclude_characters="\x00"), max_size=30),
            max_size=5,
        )
    )
    def test_unknown_extra_keys_are_ignored(self, extra: dict[str, str]) -> None:
        event = parse_voice_event(
            FormData([("CallSid", CALL_SID), ("Digits", "4"), *extra.items()])
        )

        assert event.call_sid == CALL_SID
        assert event.digits == "4"


class TestParseStatusEvent:
    def test_status_callback_maps_to_event(self) -> None:
        event = parse_status_event(
            form(
                CallSid=CALL_SID,
                CallStatus="completed",
                From="+3228089654",
                To="+32470123456",
                Direction="outbound-api",
                SequenceNumber="3",
                Timestamp="Fri, 20 Aug 2010 01:13:42 +0000",
                CallDuration="61",
                AnsweredBy="machine_start",
                CallbackSource="call-progress-events",
            )
        )

        assert event.call_sid == CALL_SID
        assert event.call_status == "completed"
        assert event.direction == "outbound-api"
        assert event.sequence_number == 3
        assert event.occurred_at == datetime(2010, 8, 20, 1, 13, 42, tzinfo=UTC)
        assert event.duration_s == 61
        assert event.answered_by == "machine_start"
        assert event.is_final

    def test_timestamp_offset_is_kept(self) -> None:
        event = parse_status_event(
            form(CallSid=CALL_SID, Timestamp="Mon, 03 Jun 2024 10:00:00 +0200")
        )

        assert event.occurred_at == datetime(2024, 6, 3, 8, 0, tzinfo=UTC)

    @pytest.mark.parametrize("timestamp", ["yesterday", "2024-06-03T10:00:00Z"])
    def test_unparseable_timestamp_is_unknown_not_an_error(
        self, timestamp: str
    ) -> None:
        event = parse_status_event(form(CallSid=CALL_SID, Timestamp=timestamp))

        assert event.occurred_at is None

    def test_missing_optional_fields(self) -> None:
        event = parse_status_event(form(CallSid=CALL_SID, CallStatus="ringing"))

        assert event.sequence_number is None
        assert event.occurred_at is None
        assert event.duration_s is None
        assert not event.is_final

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("SequenceNumber", "three"),
            ("SequenceNumber", "-1"),
            ("SequenceNumber", "1.5"),
            ("CallDuration", "-5"),
            ("SequenceNumber", str(2**31)),
            ("CallSid", "CA0"),
        ],
    )
    def test_malformed_values_are_a_bad_request(self, field: str, value: str) -> None:
        with pytest.raises(BadRequest, match=field):
            parse_status_event(form(**{"CallSid": CALL_SID, field: value}))


class TestParseSms:
    def test_inbound_sms_maps_to_event(self) -> None:
        event = parse_sms(
            form(
                MessageSid=SMS_SID,
                SmsSid=SMS_SID,
                From="+32470123456",
                To="+3228089654",
                Body="STOP",
                NumMedia="0",
            )
        )

        assert event.message_sid == SMS_SID
        assert event.from_number == "+32470123456"
        assert event.to_number == "+3228089654"
        assert event.body == "STOP"

    def test_mms_sid_is_accepted_and_body_defaults_to_empty(self) -> None:
        event = parse_sms(form(MessageSid="MM" + "a" * 32, From="+32470123456"))

        assert event.body == ""

    @pytest.mark.parametrize(
        "fields",
        [
            {"MessageSid": "SM1", "From": "+32470123456"},
            {"MessageSid": CALL_SID, "From": "+32470123456"},
            {"MessageSid": SMS_SID},
            {"MessageSid": SMS_SID, "From": ""},
            {"MessageSid": SMS_SID, "From": "+32470123456", "Body": "x" * 1601},
        ],
        ids=["short-sid", "call-sid", "no-from", "empty-from", "body-too-long"],
    )
    def test_malformed_sms_is_a_bad_request(self, fields: dict[str, str]) -> None:
        with pytest.raises(BadRequest):
            parse_sms(form(**fields))


def _raw_request(body: bytes, content_type: str) -> Request:
    scope: dict[str, Any] = {
        "type": "http",
        "method": "POST",
        "path": "/twilio/voice",
        "query_string": b"",
        "headers": [(b"content-type", content_type.encode())],
    }

    async def receive() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    return Request(scope, receive)


# Bodies as Twilio writes them and as a fuzzer would: separators, escapes (valid and
# broken), '+', UTF-8 and stray high bytes.
_FORM_PIECES = (b"&", b"=", b"+", b"%", b"%2", b"%41", b"%C3%A9", b"%ZZ", b";", b" ")
_FORM_BYTES = st.binary(max_size=200) | st.lists(
    st.sampled_from((*_FORM_PIECES, b"a", b"Digits", b"1", b"\xe9", b"\xc3\xa9")),
    max_size=40,
).map(b"".join)


def _decodes(raw: bytes) -> bool:
    try:
        raw.decode()
    except UnicodeDecodeError:
        return False
    return True


class TestSignedUrl:
    """The URL checked against the signature is the request's own URL (its path
    and query) on the public base, read from the scope without building it."""

    @given(
        path=st.text(alphabet="/abc?#\\%é 0\t\r\n", max_size=20).map(lambda p: "/" + p),
        query=st.binary(max_size=20).filter(_decodes),
    )
    def test_same_as_the_request_url(self, path: str, query: bytes) -> None:
        settings = _settings()
        request = Request(
            {
                "type": "http",
                "method": "POST",
                "scheme": "http",
                "server": ("127.0.0.1", 8000),
                "path": path,
                "query_string": query,
                "headers": [(b"host", b"127.0.0.1:8000")],
            }
        )
        url = settings.public_url(request.url.path)
        expected = f"{url}?{request.url.query}" if request.url.query else url

        assert signed_url(settings, request) == expected


class TestReadForm:
    """The one-pass reader of Twilio's urlencoded bodies reads what Starlette reads."""

    @given(body=_FORM_BYTES)
    async def test_same_fields_as_starlettes_form_parser(self, body: bytes) -> None:
        content_type = "application/x-www-form-urlencoded"
        ours = await read_form(_raw_request(body, content_type))
        theirs = await _raw_request(body, content_type).form()
        assert list(ours.multi_items()) == list(theirs.multi_items())

    @pytest.mark.parametrize(
        "content_type", ["multipart/form-data; boundary=x", "application/json", ""]
    )
    async def test_other_content_types_are_refused(self, content_type: str) -> None:
        with pytest.raises(BadRequest, match="x-www-form-urlencoded"):
            await read_form(_raw_request(b"CallSid=CA00", content_type))

    async def test_more_fields_than_any_twilio_request_are_refused(self) -> None:
        body = b"&".join([b"a=1"] * (MAX_FIELDS + 1))
        assert len(body) <= MAX_BODY_BYTES
        with pytest.raises(BadRequest, match="too many form fields"):
            await read_form(_raw_request(body, "application/x-www-form-urlencoded"))
        fields = await read_form(
            _raw_request(body[: body.rindex(b"&")], "application/x-www-form-urlencoded")
        )
        assert len(fields.getlist("a")) == MAX_FIELDS

    async def test_a_long_body_without_content_length_is_refused(self) -> None:
        body = b"a=" + b"x" * MAX_BODY_BYTES
        with pytest.raises(BadRequest, match="too large"):
            await read_form(_raw_request(body, "application/x-www-form-urlencoded"))


class TestSlowerClearerSpeech:
    def test_a_say_at_the_normal_rate_is_plain_text(self) -> None:
        (say,) = render(ins.Say("Hello.", locale="en-GB", voice="Polly.Amy-Neural"))

        assert say.text == "Hello."
        assert list(say) == []

    def test_the_rate_is_an_ssml_prosody_and_the_break_follows_the_text(self) -> None:
        (gather,) = render(
            ins.Gather(
                action="/twilio/ivr/need",
                prompts=(
                    ins.Say(
                        "Groceries: 1.",
                        locale="en-GB",
                        voice="Polly.Amy-Neural",
                        rate=90,
                        break_after_ms=300,
                    ),
                ),
            )
        )

        (say,) = gather
        assert say.tag == "Say"
        assert say.attrib["voice"] == "Polly.Amy-Neural"
        prosody, pause = list(say)
        assert (prosody.tag, prosody.attrib, prosody.text) == (
            "prosody",
            {"rate": "90%"},
            "Groceries: 1.",
        )
        assert (pause.tag, pause.attrib) == ("break", {"time": "300ms"})

    def test_a_break_without_a_rate_keeps_the_text_plain(self) -> None:
        (say,) = render(
            ins.Say("Pharmacy: 2.", locale="en-GB", voice="v", break_after_ms=250)
        )

        assert say.text == "Pharmacy: 2."
        assert [(c.tag, c.attrib) for c in say] == [("break", {"time": "250ms"})]
