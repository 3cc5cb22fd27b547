"""Correctly signed but malformed, missing and oversized parameters at every webhook.

Properties: never a 5xx; a 2xx is TwiML (root <Response>, or <Response> of messages
for SMS); a 4xx writes nothing; no handler fails behind a fallback; no orphan rows.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.e2e.ivr.probe import BASE_URL, orphan_counts, post_webhook, row_counts
from tests.support.harness import HOTLINE_NUMBER, Hotline

pytestmark = pytest.mark.integration

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
VALID_SID = "CA" + "0f" * 16
ENDPOINT_GROUPS: dict[str, list[str]] = {
    "ivr": [
        "/twilio/voice",
        "/twilio/status",
        "/twilio/ivr/language?lang=&try=0",
        "/twilio/ivr/need?lang=fr&try=2",
        "/twilio/ivr/postcode?lang=de&try=1",
        "/twilio/ivr/voicemail?lang=en",
        "/twilio/ivr/nowhere?lang=xx&try=99",
    ],
    "queue": [
        "/twilio/queue/enter?lang=nl",
        "/twilio/queue/wait?lang=fr",
        "/twilio/queue/hold-key?lang=en",
        "/twilio/queue/left?lang=de",
        "/twilio/queue/overflow?lang=nl&try=1",
        "/twilio/queue/connect/abc",
        "/twilio/queue/after-bridge?lang=zz",
    ],
    "offer": [
        "/twilio/offer/abc/answer",
        "/twilio/offer/abc/decision",
        "/twilio/offer/abc/status",
        "/twilio/callback/abc/answer",
        "/twilio/callback/abc/status",
    ],
    "duty_sms_confirm": [
        "/twilio/duty?try=0",
        "/twilio/sms",
        "/twilio/confirm/1",
        "/twilio/confirm/1/status",
    ],
}

weird_text = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=30, max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "nan",
            "-1",
            "1e309",
            "99999999999999999999999",
            "0",
            "#",
            "*",
            "completed",
            "ringing",
            "in-progress",
            "no-answer",
            "inbound",
            "outbound-api",
            "machine_start",
            "hangup",
            "bridged",
            "redirected",
            "anonymous",
            "+32470123456",
            "0470 12 34 56",
            "Tue, 10 Aug 2010 23:39:02 +0000",
            "https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE1",
            "x" * 500,
            "\x00",
            "\ud800",
        ]
    ),
)
values = st.one_of(
    weird_text,
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
digits = st.text(alphabet="0123456789*#", max_size=6)
small_ints = st.integers(min_value=0, max_value=600).map(str)
# What Twilio plausibly sends per field; each field is sometimes replaced by junk.
PLAUSIBLE: dict[str, st.SearchStrategy[str]] = {
    "From": st.sampled_from(
        ["+32470123456", "0470 12 34 56", "anonymous", "+3225551234", "", "+1"]
    ),
    "To": st.just(HOTLINE_NUMBER),
    "CallStatus": st.sampled_from(
        ["queued", "ringing", "in-progress", "completed", "busy", "no-answer"]
    ),
    "Direction": st.sampled_from(["inbound", "outbound-api", "outbound-dial"]),
    "ParentCallSid": st.from_regex(r"\ACA[0-9a-f]{32}\Z"),
    "Digits": digits,
    "SpeechResult": st.text(max_size=200),
    "Confidence": st.floats(min_value=0, max_value=1).map(str),
    "RecordingUrl": st.just(
        "https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE1"
    ),
    "RecordingDuration": small_ints,
    "QueueResult": st.sampled_from(
        ["hangup", "bridged", "redirected", "leave", "queue-full", "error"]
    ),
    "QueueTime": small_ints,
    "QueuePosition": small_ints,
    "DialCallStatus": st.sampled_from(["completed", "busy", "no-answer"]),
    "AnsweredBy": st.sampled_from(["human", "machine_start", "fax", "unknown"]),
    "SequenceNumber": small_ints,
    "Timestamp": st.just("Tue, 10 Aug 2010 23:39:02 +0000"),
    "CallDuration": small_ints,
    "MessageSid": st.from_regex(r"\ASM[0-9a-f]{32}\Z"),
    "Body": st.sampled_from(["YES 1234", "NO", "DONE 1234", "STOP", "", "hello"]),
}
call_sids = st.one_of(
    st.just(VALID_SID),
    st.just(VALID_SID),
    st.from_regex(r"\ACA[0-9a-f]{32}\Z"),
    weird_text,
)
params_strategy = st.builds(
    lambda sid, known, junk, extra: {"CallSid": sid, **known, **junk, **extra},
    call_sids,
    st.fixed_dictionaries({}, optional=PLAUSIBLE),
    # Half the examples break one field: the rest reach the handlers.
    st.one_of(
        st.just({}),
        st.dictionaries(st.sampled_from(sorted(PLAUSIBLE)), values, max_size=1),
    ),
    st.dictionaries(st.text(min_size=1, max_size=20), values, max_size=2),
)


class _Failures(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.name}: {record.getMessage()} {record.exc_info}")


@pytest.fixture
def handler_failures() -> Iterator[_Failures]:
    handler = _Failures()
    root = logging.getLogger()
    root.addHandler(handler)
    yield handler
    root.removeHandler(handler)


def _is_twiml(body: str) -> bool:
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return False
    return root.tag == "Response"


async def _check(
    hotline: Hotline, failures: _Failures, path: str, params: dict[str, str]
) -> None:
    sessionmaker = hotline.state.sessionmaker
    before = await row_counts(sessionmaker)
    failures.messages.clear()
    safe = {k: v.encode("utf-8", "replace").decode() for k, v in params.items()}

    response = await post_webhook(hotline.app, BASE_URL + path, safe)

    assert response.status_code < 500, (path, safe, response.text)
    if response.status_code < 300:
        assert _is_twiml(response.text), (path, safe, response.text)
    else:
        assert 400 <= response.status_code < 500
        assert await row_counts(sessionmaker) == before, (path, safe)
    assert not failures.messages, (path, safe, failures.messages)
    assert set((await orphan_counts(sessionmaker)).values()) == {0}


def _fuzz_group(group: str):  # type: ignore[no-untyped-def]
    @FUZZ
    @given(path=st.sampled_from(ENDPOINT_GROUPS[group]), params=params_strategy)
    async def test(
        hotline: Hotline,
        handler_failures: _Failures,
        path: str,
        params: dict[str, str],
    ) -> None:
        await _check(hotline, handler_failures, path, params)

    test.__name__ = f"test_{group}_webhooks_survive_malformed_parameters"
    return test


test_ivr_webhooks_survive_malformed_parameters = _fuzz_group("ivr")
test_queue_webhooks_survive_malformed_parameters = _fuzz_group("queue")
test_offer_webhooks_survive_malformed_parameters = _fuzz_group("offer")
test_duty_sms_confirm_webhooks_survive_malformed_parameters = _fuzz_group(
    "duty_sms_confirm"
)


@pytest.mark.parametrize(
    "path", [p for paths in ENDPOINT_GROUPS.values() for p in paths]
)
async def test_oversized_body_is_refused_without_writing(
    hotline: Hotline, path: str
) -> None:
    params = {
        "CallSid": VALID_SID,
        "From": "+32470123456",
        "To": HOTLINE_NUMBER,
        "SpeechResult": "x" * 40_000,
    }
    before = await row_counts(hotline.state.sessionmaker)

    response = await post_webhook(hotline.app, BASE_URL + path, params)

    assert response.status_code == 400
    assert await row_counts(hotline.state.sessionmaker) == before


@pytest.mark.parametrize(
    "path", [p for paths in ENDPOINT_GROUPS.values() for p in paths]
)
async def test_missing_call_sid_is_a_bad_request(hotline: Hotline, path: str) -> None:
    before = await row_counts(hotline.state.sessionmaker)

    response = await post_webhook(hotline.app, BASE_URL + path, {"From": "+3247"})

    assert 400 <= response.status_code < 500
    assert await row_counts(hotline.state.sessionmaker) == before


@pytest.mark.parametrize(
    ("path", "field", "value"),
    [
        ("/twilio/status", "SequenceNumber", "99999999999999999999"),
        ("/twilio/status", "SequenceNumber", "2147483648"),
        ("/twilio/status", "CallDuration", "99999999999999999999"),
        ("/twilio/queue/left?lang=nl", "QueueTime", "99999999999999999999"),
        ("/twilio/status", "From", "+32\x00470"),
        ("/twilio/voice", "SpeechResult", "hello\x00"),
        ("/twilio/status", "From", "+" + "3" * 41),
        ("/twilio/status", "Direction", "outbound-with-a-long-name"),
    ],
)
async def test_values_no_database_column_can_hold_are_bad_requests(
    hotline: Hotline, path: str, field: str, value: str
) -> None:
    # Found by the fuzz suite: these reached the handlers and failed in the database
    # (a 500 on status callbacks) on SQLite or PostgreSQL.
    params = {"CallSid": VALID_SID, "From": "+32470123456", "To": HOTLINE_NUMBER}
    before = await row_counts(hotline.state.sessionmaker)

    response = await post_webhook(
        hotline.app, BASE_URL + path, {**params, field: value}
    )

    assert response.status_code == 400
    assert await row_counts(hotline.state.sessionmaker) == before
