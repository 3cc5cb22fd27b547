"""Inbound calls through the TwiML interpreter (TWILIO.md 1, 3, 6).

Webhooks, Say/Play/Pause, Gather, Record, Redirect, Reject, relative URLs, errors.
"""

import asyncio

import httpx
from fastapi.responses import Response
from twilio.twiml.voice_response import Gather, VoiceResponse

from tests.simulator.conftest import START
from tests.simulator.sim_support import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    BASE,
    HOTLINE,
    HotlineStub,
    Received,
    twiml,
)
from twilio_simulator import (
    CallStatus,
    EntryKind,
    HangUp,
    HangUpAfterPrompts,
    Press,
    ScriptedCaller,
    Silence,
    Speak,
    Talk,
    TwilioSimulator,
    VirtualClock,
)

CALLER = "+3225551234"


def menu(**gather_options: object) -> str:
    response = VoiceResponse()
    gather = Gather(action="/choice", **gather_options)
    gather.say("Bienvenue.", voice="Polly.Isabelle-Neural", language="fr-BE")
    gather.say("Tapez un.", voice="Polly.Isabelle-Neural", language="fr-BE")
    response.append(gather)
    response.say("Nous n'avons rien reçu.", language="fr-BE")
    return str(response)


def echo_choice(request: Received) -> str:
    response = VoiceResponse()
    response.say(f"choice {request.params.get('Digits', 'none')}")
    response.hangup()
    return str(response)


async def call_and_wait(
    sim: TwilioSimulator, caller: ScriptedCaller, *, from_: str = CALLER
) -> str:
    call = await sim.place_call(from_=from_, to=HOTLINE, party=caller)
    assert await sim.run_until_idle(max_virtual_seconds=3600)
    return call.sid


async def test_gather_digits_reach_the_action_with_standard_params(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    stub.route("/voice", twiml(menu(num_digits=1)))
    stub.route("/choice", echo_choice)

    sid = await call_and_wait(sim, ScriptedCaller([Press("2")]))

    voice, choice = stub.on("/voice")[0], stub.on("/choice")[0]
    assert voice.params["CallStatus"] == "ringing"
    assert voice.params["Direction"] == "inbound"
    assert voice.params["Caller"] == CALLER == voice.params["From"]
    assert voice.params["Called"] == HOTLINE == voice.params["To"]
    assert voice.params["AccountSid"] == ACCOUNT_SID
    assert voice.params["ApiVersion"] == "2010-04-01"
    assert voice.params["FromCountry"] == "BE"
    assert choice.params["CallStatus"] == "in-progress"
    assert choice.params["Digits"] == "2"
    assert choice.params["CallSid"] == sid
    assert all(r.signature_ok for r in stub.received)
    assert all(r.headers["user-agent"] == "TwilioProxy/1.1" for r in stub.received)
    tokens = {r.headers["i-twilio-idempotency-token"] for r in stub.received}
    assert len(tokens) == len(stub.received)
    call = sim.calls[sid]
    assert call.status is CallStatus.COMPLETED
    assert call.transcript.heard() == ["Bienvenue.", "Tapez un.", "choice 2"]
    text = call.transcript.format()
    assert '[00:00] heard (fr-BE, Polly.Isabelle-Neural): "Bienvenue."' in text
    assert "pressed 2" in text
    assert "hung up (hotline)" in text


async def test_finish_on_key_is_not_part_of_digits(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    stub.route("/voice", twiml(menu()))
    stub.route("/choice", echo_choice)

    await call_and_wait(sim, ScriptedCaller([Press("1030#")]))

    (choice,) = stub.on("/choice")
    assert choice.params["Digits"] == "1030"
    assert choice.params["FinishedOnKey"] == "#"


async def test_digits_without_finish_key_are_sent_after_the_timeout(
    sim: TwilioSimulator, stub: HotlineStub, clock: VirtualClock
) -> None:
    stub.route("/voice", twiml(menu(timeout=7)))
    stub.route("/choice", echo_choice)

    sid = await call_and_wait(sim, ScriptedCaller([Press("12")]))

    (choice,) = stub.on("/choice")
    assert choice.params["Digits"] == "12"
    assert choice.params["FinishedOnKey"] == ""
    pressed_at = sim.calls[sid].transcript.of_kind(EntryKind.PRESSED)[0].at
    gap = (sim.requests[1].at - pressed_at).total_seconds()
    assert gap == 0.3 + 7


async def test_speech_input_sends_speech_result(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    stub.route("/voice", twiml(menu(input="speech", hints="courses, pharmacie")))
    stub.route("/choice", echo_choice)

    await call_and_wait(sim, ScriptedCaller([Speak("courses", confidence=0.8)]))

    (choice,) = stub.on("/choice")
    assert choice.params["SpeechResult"] == "courses"
    assert choice.params["Confidence"] == "0.8"
    assert "Digits" not in choice.params


async def test_keys_are_ignored_when_only_speech_is_gathered(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    stub.route("/voice", twiml(menu(input="speech")))

    sid = await call_and_wait(sim, ScriptedCaller([Press("1")]))

    assert stub.on("/choice") == []
    assert sim.calls[sid].transcript.heard()[-1] == "Nous n'avons rien reçu."


async def test_silence_falls_through_to_the_next_verb(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    stub.route("/voice", twiml(menu(timeout=5)))

    sid = await call_and_wait(sim, ScriptedCaller([Silence()]))

    assert stub.on("/choice") == []
    call = sim.calls[sid]
    assert call.transcript.heard()[-1] == "Nous n'avons rien reçu."
    silent = call.transcript.of_kind(EntryKind.SILENT)[0]
    heard_after = call.transcript.of_kind(EntryKind.HEARD)[-1]
    assert (heard_after.at - silent.at).total_seconds() == 5


async def test_action_on_empty_result_requests_the_action_without_digits(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    stub.route("/voice", twiml(menu(action_on_empty_result=True)))
    stub.route("/choice", echo_choice)

    sid = await call_and_wait(sim, ScriptedCaller([Silence()]))

    (choice,) = stub.on("/choice")
    assert "Digits" not in choice.params
    assert sim.calls[sid].transcript.heard()[-1] == "choice none"


async def test_a_key_press_barges_in_on_the_prompt(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    stub.route("/voice", twiml(menu(num_digits=1)))
    stub.route("/choice", echo_choice)

    sid = await call_and_wait(sim, ScriptedCaller([Press("3", after_s=0.5)]))

    heard = sim.calls[sid].transcript.heard()
    assert heard == ["Bienvenue. …", "choice 3"]


async def test_relative_urls_resolve_against_the_current_document(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    sim.numbers[HOTLINE].voice_url = f"{BASE}/ivr/voice?lang=fr"
    stub.route(
        "/ivr/voice",
        twiml('<Response><Gather numDigits="1" action="step/2"/></Response>'),
    )
    stub.route(
        "/ivr/step/2", twiml("<Response><Redirect>../../menu</Redirect></Response>")
    )
    stub.route("/menu", twiml("<Response><Gather/></Response>"))

    await call_and_wait(sim, ScriptedCaller([Press("1"), Press("5#")]))

    assert [r.url for r in stub.received if r.path != "/status"] == [
        f"{BASE}/ivr/voice?lang=fr",
        f"{BASE}/ivr/step/2",
        f"{BASE}/menu",
        f"{BASE}/menu",
    ]
    assert stub.on("/menu")[1].params["Digits"] == "5"


async def test_say_play_pause_loop_and_durations(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    stub.route(
        "/voice",
        twiml(
            "<Response><Say loop='2'>one two three four five</Say>"
            "<Play loop='2'>https://cdn.test/a.mp3</Play><Pause length='3'/>"
            "<Play digits='12w'/></Response>"
        ),
    )

    sid = await call_and_wait(sim, ScriptedCaller())

    call = sim.calls[sid]
    kinds = [e.kind for e in call.transcript.entries]
    assert kinds.count(EntryKind.HEARD) == 2
    assert kinds.count(EntryKind.PLAYED) == 3
    assert call.duration_s == int(2 * 2 + 2 * 5 + 3 + 1.5)


async def test_record_posts_the_recording_and_its_status_callback(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    stub.route(
        "/voice",
        twiml(
            '<Response><Record action="/recorded" maxLength="30" '
            'recordingStatusCallback="/recording-status"/></Response>'
        ),
    )
    stub.route("/recorded", twiml("<Response><Hangup/></Response>"))
    stub.route("/recording-status", twiml("<Response/>"))

    sid = await call_and_wait(sim, ScriptedCaller([Talk(10, finish_key="#")]))

    (recorded,) = stub.on("/recorded")
    assert recorded.params["RecordingDuration"] == "10"
    assert recorded.params["Digits"] == "#"
    assert recorded.params["RecordingSid"].startswith("RE")
    assert recorded.params["RecordingUrl"].endswith(recorded.params["RecordingSid"])
    (status,) = stub.on("/recording-status")
    assert status.params["RecordingStatus"] == "completed"
    assert status.params["RecordingSource"] == "RecordVerb"
    assert sim.calls[sid].transcript.of_kind(EntryKind.BEEP)


async def test_record_capped_by_max_length_and_hang_up_ends_it(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    stub.route(
        "/voice", twiml('<Response><Record action="/r" maxLength="5"/></Response>')
    )
    stub.route("/r", twiml("<Response/>"))

    await call_and_wait(sim, ScriptedCaller([Talk(60)]))
    await call_and_wait(sim, ScriptedCaller([HangUp(after_s=4)]))

    first, second = stub.on("/r")
    assert first.params["RecordingDuration"] == "5"
    assert second.params["Digits"] == "hangup"
    assert second.params["CallStatus"] == "completed"


async def test_reject_never_answers(sim: TwilioSimulator, stub: HotlineStub) -> None:
    stub.route("/voice", twiml('<Response><Reject reason="busy"/></Response>'))

    sid = await call_and_wait(sim, ScriptedCaller())

    call = sim.calls[sid]
    assert call.status is CallStatus.BUSY
    assert call.start_time is None
    (status,) = stub.on("/status")
    assert status.params["CallStatus"] == "busy"


async def test_caller_hangs_up_after_the_second_prompt(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    stub.route("/voice", twiml(menu()))

    sid = await call_and_wait(sim, ScriptedCaller([HangUpAfterPrompts(2)]))

    call = sim.calls[sid]
    assert call.transcript.heard() == ["Bienvenue.", "Tapez un."]
    assert call.hangup_by == "caller"
    assert "hung up (caller)" in call.transcript.format()


async def test_http_500_is_an_application_error(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    stub.route("/voice", lambda _: Response(status_code=500))

    sid = await call_and_wait(sim, ScriptedCaller())

    call = sim.calls[sid]
    (error,) = call.transcript.of_kind(EntryKind.APPLICATION_ERROR)
    assert error.detail["code"] == "11200"
    assert error.detail["url"] == f"{BASE}/voice"
    assert call.transcript.heard() == [sim.options.error_announcement]
    assert call.status is CallStatus.COMPLETED
    assert stub.on("/status")[0].params["CallStatus"] == "completed"


async def test_fallback_url_receives_error_code_and_continues_the_call(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    sim.numbers[HOTLINE].voice_fallback_url = f"{BASE}/fallback"
    stub.route("/voice", twiml("<Response><Say>oops</Say>"))
    stub.route("/fallback", twiml("<Response><Say>Sorry</Say></Response>"))

    sid = await call_and_wait(sim, ScriptedCaller())

    (fallback,) = stub.on("/fallback")
    assert fallback.params["ErrorCode"] == "12100"
    assert fallback.params["ErrorUrl"] == f"{BASE}/voice"
    assert sim.calls[sid].transcript.heard() == ["Sorry"]


async def test_invalid_twiml_and_content_type_are_application_errors(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    stub.route("/voice", twiml("<Response><Dance/></Response>"))
    first = await call_and_wait(sim, ScriptedCaller())
    stub.route(
        "/voice", lambda _: Response(content="{}", media_type="application/json")
    )
    second = await call_and_wait(sim, ScriptedCaller())
    stub.route(
        "/voice", lambda _: Response(content="Closed today", media_type="text/plain")
    )
    third = await call_and_wait(sim, ScriptedCaller())

    codes = [
        sim.calls[sid].transcript.of_kind(EntryKind.APPLICATION_ERROR)[0].detail["code"]
        for sid in (first, second)
    ]
    assert codes == ["12200", "12300"]
    assert sim.calls[third].transcript.heard() == ["Closed today"]


async def test_slow_app_times_out(clock: VirtualClock, stub: HotlineStub) -> None:
    async def slow(_: Received) -> str:
        await asyncio.sleep(1)
        return "<Response/>"

    stub.route("/voice", slow)
    async with TwilioSimulator(
        account_sid=ACCOUNT_SID,
        auth_token=AUTH_TOKEN,
        clock=clock,
        webhook_transports=[httpx.ASGITransport(app=stub.app)],
        webhook_timeout_s=0.1,
    ) as sim:
        sim.add_number(HOTLINE, voice_url=f"{BASE}/voice#rc=0")
        sid = await call_and_wait(sim, ScriptedCaller())

        (error,) = sim.calls[sid].transcript.of_kind(EntryKind.APPLICATION_ERROR)
        assert error.detail["code"] == "11200"
        assert "timed out" in error.detail["message"]
        assert len(sim.requests) == 1


async def test_connection_override_retries_5xx_with_new_tokens(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    attempts: list[int] = []

    def flaky(_: Received) -> Response | str:
        attempts.append(1)
        if len(attempts) < 3:
            return Response(status_code=503)
        return "<Response><Say>ok</Say></Response>"

    sim.numbers[HOTLINE].voice_url = f"{BASE}/voice#rc=2&rp=5xx"
    stub.route("/voice", flaky)

    sid = await call_and_wait(sim, ScriptedCaller())

    assert [r.attempt for r in sim.requests if r.kind == "voice"] == [1, 2, 3]
    assert sim.calls[sid].transcript.heard() == ["ok"]


async def test_requests_are_spread_over_app_instances(clock: VirtualClock) -> None:
    first, second = HotlineStub(), HotlineStub()
    for stub in (first, second):
        stub.route("/voice", twiml('<Response><Gather numDigits="1"/></Response>'))
    async with TwilioSimulator(
        account_sid=ACCOUNT_SID,
        auth_token=AUTH_TOKEN,
        clock=clock,
        webhook_transports=[
            httpx.ASGITransport(app=first.app),
            httpx.ASGITransport(app=second.app),
        ],
    ) as sim:
        sim.add_number(HOTLINE, voice_url=f"{BASE}/voice")
        await call_and_wait(sim, ScriptedCaller([Press("1"), Press("2")]))

    assert len(first.received) == 2
    assert len(second.received) == 1


async def test_get_webhooks_carry_params_in_the_signed_query(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    sim.numbers[HOTLINE].voice_method = "GET"
    stub.route("/voice", twiml("<Response><Say>hi</Say></Response>"))

    await call_and_wait(sim, ScriptedCaller())

    (voice,) = stub.on("/voice")
    assert voice.method == "GET"
    assert voice.signature_ok
    assert voice.params["CallStatus"] == "ringing"


async def test_call_start_is_on_the_virtual_clock(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    stub.route("/voice", twiml("<Response><Pause length='90'/></Response>"))

    sid = await call_and_wait(sim, ScriptedCaller())

    call = sim.calls[sid]
    assert call.start_time == START
    assert call.duration_s == 90
