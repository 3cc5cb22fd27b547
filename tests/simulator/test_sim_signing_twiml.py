"""Signatures (TWILIO.md 2) and TwiML parsing (section 3) of the simulator."""

import pytest
from twilio.request_validator import RequestValidator
from twilio.twiml.voice_response import Dial, Enqueue, Gather, VoiceResponse

from twilio_simulator import twiml
from twilio_simulator.signing import compute_signature, signed_url

VECTOR_PARAMS = {
    "CallSid": "CA1234567890ABCDE",
    "Caller": "+14158675310",
    "Digits": "1234",
    "From": "+14158675310",
    "To": "+18005551212",
}


def test_signature_matches_the_documented_test_vector() -> None:
    url = "https://example.com/myapp.php?foo=1&bar=2"
    assert (
        compute_signature("12345", url, VECTOR_PARAMS) == "L/OH5YylLD5NRKLltdqwSvS0BnU="
    )


def test_signature_matches_the_twilio_python_test_vector() -> None:
    params = {**VECTOR_PARAMS, "Caller": "+14158675309", "From": "+14158675309"}
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    assert compute_signature("12345", url, params) == "RSOYDt4T1cUTdK1PDd93/VVr8B8="


def test_signature_ignores_fragment_and_credentials() -> None:
    plain = compute_signature("t", "https://h.test/voice?x=1", VECTOR_PARAMS)
    decorated = "https://user:pw@h.test/voice?x=1#rc=2&rp=5xx"
    assert signed_url(decorated) == "https://h.test/voice?x=1"
    assert compute_signature("t", decorated, VECTOR_PARAMS) == plain


def test_repeated_keys_sign_like_twilio_python_validates() -> None:
    pairs = [
        ("Event", "ringing"),
        ("Event", "answered"),
        ("Event", "ringing"),
        ("A", "1"),
    ]
    signature = compute_signature("secret", "http://h.test/x", pairs)

    class MultiDict(dict[str, list[str]]):
        def getall(self, key: str) -> list[str]:
            return self[key]

    params = MultiDict({"Event": ["ringing", "answered", "ringing"], "A": ["1"]})
    assert RequestValidator("secret").validate("http://h.test/x", params, signature)
    assert compute_signature("other", "http://h.test/x", pairs) != signature


def test_builder_output_parses_with_twilio_defaults() -> None:
    response = VoiceResponse()
    gather = Gather(action="/menu", num_digits=1)
    gather.say("Welkom", voice="Polly.Laura-Neural", language="nl-NL")
    gather.pause(length=2)
    response.append(gather)
    response.enqueue("support", wait_url="/hold", action="/after", max_queue_size=10)
    dial = Dial(action="/done")
    dial.number("+32470000000", url="/whisper")
    response.append(dial)

    verbs = twiml.parse_voice(str(response))

    assert verbs[0] == twiml.Gather(
        prompts=(
            twiml.Say("Welkom", voice="Polly.Laura-Neural", language="nl-NL"),
            twiml.Pause(2),
        ),
        action="/menu",
        num_digits=1,
    )
    assert verbs[0].timeout == 5
    assert verbs[0].finish_on_key == "#"
    assert verbs[1] == twiml.Enqueue(
        "support", action="/after", wait_url="/hold", max_queue_size=10
    )
    assert verbs[2] == twiml.Dial(
        nouns=(twiml.DialNumber("+32470000000", url="/whisper"),), action="/done"
    )


def test_plain_dial_text_and_client_nouns() -> None:
    verbs = twiml.parse_voice(
        "<Response><Dial timeout='10'> +3247 </Dial>"
        "<Dial><Client>alice</Client></Dial></Response>"
    )
    assert verbs == (
        twiml.Dial(nouns=(twiml.DialNumber("+3247"),), timeout=10),
        twiml.Dial(nouns=(twiml.DialNumber("client:alice"),)),
    )


@pytest.mark.parametrize(
    ("document", "code"),
    [
        ("<Response><Say>hi</Response>", twiml.PARSE_FAILURE),
        ("<Reply><Say>hi</Say></Reply>", twiml.SCHEMA_VIOLATION),
        ("<Response><say>hi</say></Response>", twiml.SCHEMA_VIOLATION),
        ("<Response><Dance/></Response>", twiml.SCHEMA_VIOLATION),
        (
            "<Response><Gather><Dial>1</Dial></Gather></Response>",
            twiml.SCHEMA_VIOLATION,
        ),
        ("<Response><Gather timeout='soon'/></Response>", twiml.SCHEMA_VIOLATION),
        ("<Response><Redirect method='PUT'>/x</Redirect></Response>", 12200),
        ("<Response><Enqueue/></Response>", twiml.SCHEMA_VIOLATION),
        ("<Response>hello</Response>", twiml.SCHEMA_VIOLATION),
    ],
)
def test_invalid_documents_are_rejected_with_twilio_codes(
    document: str, code: int
) -> None:
    with pytest.raises(twiml.TwimlError) as error:
        twiml.parse_voice(document)
    assert error.value.code == code


def test_comments_and_unknown_attributes_are_ignored() -> None:
    verbs = twiml.parse_voice(
        "<Response><!-- note --><Say newAttribute='x' loop='2'>Hi</Say></Response>"
    )
    assert verbs == (twiml.Say("Hi", loop=2),)


def test_wait_url_documents_only_allow_hold_verbs() -> None:
    verbs = (*twiml.parse_voice("<Response><Enqueue>q</Enqueue></Response>"),)
    with pytest.raises(twiml.TwimlError):
        twiml.check_allowed(verbs, twiml.WAIT_URL_VERBS, "waitUrl")


def test_messaging_replies() -> None:
    document = (
        "<Response><Message>Thanks</Message>"
        "<Message><Body>Second</Body></Message></Response>"
    )
    assert twiml.parse_messaging(document) == ("Thanks", "Second")
    assert twiml.parse_messaging("<Response/>") == ()


def test_enqueue_builder_element_parses() -> None:
    response = VoiceResponse()
    response.append(Enqueue("hotline-fr", wait_url_method="GET"))
    (verb,) = twiml.parse_voice(response.to_xml())
    assert verb == twiml.Enqueue("hotline-fr", wait_url_method="GET")
