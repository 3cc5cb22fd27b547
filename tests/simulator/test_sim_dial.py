"""<Dial>: numbers with whisper, no-answer, decline, voicemail; conferences; and the
status callbacks of REST-created calls (TWILIO.md 1.4, 3.9, 4.2)."""

from datetime import datetime
from email.utils import parsedate_to_datetime

from twilio.twiml.voice_response import Dial, Gather, VoiceResponse

from tests.simulator.conftest import START
from tests.simulator.sim_support import (
    BASE,
    HOTLINE,
    HotlineStub,
    Received,
    in_thread,
    rest_client,
    twiml,
)
from twilio_simulator import (
    CallStatus,
    EntryKind,
    OperatorPhone,
    ScriptedCaller,
    TwilioSimulator,
)

CALLER = "+3225551234"
OPERATOR = "+32470123456"


def dial_operator(stub: HotlineStub) -> None:
    response = VoiceResponse()
    dial = Dial(action="/dial-done", timeout=20, caller_id=HOTLINE)
    dial.number(
        OPERATOR,
        url="/whisper",
        status_callback="/leg-status",
        status_callback_event="initiated ringing answered completed",
    )
    response.append(dial)
    response.say("not reached")
    whisper = VoiceResponse()
    gather = Gather(num_digits=1, action="/accept")
    gather.say("Press 1 to accept")
    whisper.append(gather)
    whisper.hangup()
    stub.route("/voice", twiml(response))
    stub.route("/whisper", twiml(whisper))
    stub.route(
        "/accept",
        lambda r: (
            "<Response/>"
            if r.params["Digits"] == "1"
            else "<Response><Hangup/></Response>"
        ),
    )
    stub.route("/leg-status", twiml("<Response/>"))
    stub.route("/dial-done", twiml("<Response><Say>bye</Say></Response>"))


async def test_dial_number_whisper_accept_then_bridge(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    dial_operator(stub)
    sim.phone(OPERATOR, OperatorPhone(answer_after_s=4, talk_s=90))

    caller = await sim.place_call(
        from_=CALLER, to=HOTLINE, party=ScriptedCaller(talk_s=None)
    )
    assert await sim.run_until_idle()

    (done,) = stub.on("/dial-done")
    assert done.params["DialCallStatus"] == "completed"
    assert done.params["DialCallDuration"] == "90"
    assert done.params["DialBridged"] == "true"
    leg = sim.calls[done.params["DialCallSid"]]
    assert leg.parent_call_sid == caller.sid
    assert leg.direction == "outbound-dial"
    assert leg.from_ == HOTLINE
    (whisper,) = stub.on("/whisper")
    assert whisper.params["CallSid"] == leg.sid
    assert whisper.params["ParentCallSid"] == caller.sid
    assert whisper.params["Direction"] == "outbound-dial"
    statuses = [r.params["CallStatus"] for r in stub.on("/leg-status")]
    assert statuses == ["initiated", "ringing", "in-progress", "completed"]
    assert leg.transcript.heard() == ["Press 1 to accept"]
    assert caller.transcript.heard() == ["bye"]
    assert leg.hangup_by == "operator"


async def test_dial_number_no_answer_after_the_timeout(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    dial_operator(stub)
    sim.phone(OPERATOR, OperatorPhone.no_answer())

    caller = await sim.place_call(from_=CALLER, to=HOTLINE, party=ScriptedCaller())
    assert await sim.run_until_idle()

    (done,) = stub.on("/dial-done")
    assert done.params["DialCallStatus"] == "no-answer"
    assert sim.calls[done.params["DialCallSid"]].status is CallStatus.NO_ANSWER
    dialing = caller.transcript.of_kind(EntryKind.DIALING)[0]
    assert (done_at(sim, "/dial-done") - dialing.at).total_seconds() == 20


def done_at(sim: TwilioSimulator, path: str) -> datetime:
    return next(r.at for r in sim.requests if r.url.endswith(path))


async def test_unknown_numbers_do_not_answer(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    dial_operator(stub)

    await sim.place_call(from_=CALLER, to=HOTLINE, party=ScriptedCaller())
    assert await sim.run_until_idle()

    assert stub.on("/dial-done")[0].params["DialCallStatus"] == "no-answer"


async def test_declined_whisper_is_not_bridged(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    dial_operator(stub)
    sim.phone(OPERATOR, OperatorPhone.declining())

    await sim.place_call(from_=CALLER, to=HOTLINE, party=ScriptedCaller())
    assert await sim.run_until_idle()

    (done,) = stub.on("/dial-done")
    assert done.params["DialBridged"] == "false"
    assert stub.on("/accept")[0].params["Digits"] == "2"


async def test_operator_hanging_up_during_whisper(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    dial_operator(stub)
    sim.phone(OPERATOR, OperatorPhone.hanging_up_during_whisper())

    await sim.place_call(from_=CALLER, to=HOTLINE, party=ScriptedCaller())
    assert await sim.run_until_idle()

    assert stub.on("/accept") == []
    assert stub.on("/dial-done")[0].params["DialBridged"] == "false"


async def test_busy_operator_and_operator_already_on_a_call(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    dial_operator(stub)
    phone = OperatorPhone(talk_s=300)
    sim.phone(OPERATOR, phone)

    await sim.place_call(from_=CALLER, to=HOTLINE, party=ScriptedCaller(talk_s=None))
    await sim.advance(60)
    assert phone.is_on_call
    await sim.place_call(from_="+3225550000", to=HOTLINE, party=ScriptedCaller())
    assert await sim.run_until_idle()

    statuses = [r.params["DialCallStatus"] for r in stub.on("/dial-done")]
    assert statuses == ["busy", "completed"]


async def test_caller_hanging_up_during_the_bridge_ends_the_leg(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    dial_operator(stub)
    sim.phone(OPERATOR, OperatorPhone(talk_s=None))

    caller = await sim.place_call(
        from_=CALLER, to=HOTLINE, party=ScriptedCaller(talk_s=30)
    )
    assert await sim.run_until_idle()

    (done,) = stub.on("/dial-done")
    assert done.params["CallStatus"] == "completed"
    assert done.params["DialCallDuration"] == "30"
    assert caller.hangup_by == "caller"
    assert sim.calls[done.params["DialCallSid"]].hangup_by == "caller"


async def test_conference_between_caller_and_rest_created_operator_call(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    sim.phone(OPERATOR, OperatorPhone(answer_after_s=5, talk_s=60))
    client = rest_client(sim.rest_app)

    async def voice(request: Received) -> str:
        room = f"room-{request.params['CallSid']}"
        operator_twiml = (
            f'<Response><Dial action="{BASE}/op-done"><Conference '
            'startConferenceOnEnter="true" endConferenceOnExit="true">'
            f"{room}</Conference></Dial></Response>"
        )
        await in_thread(
            lambda: client.calls.create(
                to=OPERATOR, from_=HOTLINE, twiml=operator_twiml
            )
        )
        return (
            '<Response><Dial action="/caller-done"><Conference '
            'startConferenceOnEnter="false" waitUrl="/conf-wait">'
            f"{room}</Conference></Dial></Response>"
        )

    stub.route("/voice", voice)
    stub.route("/conf-wait", twiml("<Response><Say>Please wait</Say></Response>"))
    stub.route("/caller-done", twiml("<Response><Say>Thanks</Say></Response>"))
    stub.route("/op-done", twiml("<Response/>"))

    caller = await sim.place_call(
        from_=CALLER, to=HOTLINE, party=ScriptedCaller(talk_s=None)
    )
    assert await sim.run_until_idle()

    (done,) = stub.on("/caller-done")
    assert done.params["DialCallStatus"] == "answered"
    assert "DialCallSid" not in done.params
    assert caller.transcript.heard() == ["Please wait", "Thanks"]
    joined = caller.transcript.of_kind(EntryKind.CONFERENCE_JOINED)[0]
    left = caller.transcript.of_kind(EntryKind.CONFERENCE_LEFT)[0]
    assert (left.at - joined.at).total_seconds() == 65
    (op_done,) = stub.on("/op-done")
    assert op_done.params["DialCallStatus"] == "completed"
    assert sim.conferences == {}


async def test_rest_call_status_callbacks_in_order(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    sim.phone(OPERATOR, OperatorPhone(answer_after_s=3))
    stub.route("/op", twiml("<Response><Say>Hello volunteer</Say></Response>"))
    stub.route("/op-status", twiml("<Response><Say>ignored</Say></Response>"))
    client = rest_client(sim.rest_app)

    created = await in_thread(
        lambda: client.calls.create(
            to=OPERATOR,
            from_=HOTLINE,
            url=f"{BASE}/op",
            status_callback=f"{BASE}/op-status",
            status_callback_event=["initiated", "ringing", "answered", "completed"],
        )
    )
    assert created.status == "queued"
    assert created.direction == "outbound-api"
    assert await sim.run_until_idle()

    callbacks = stub.on("/op-status")
    assert [r.params["CallStatus"] for r in callbacks] == [
        "initiated",
        "ringing",
        "in-progress",
        "completed",
    ]
    assert [r.params["SequenceNumber"] for r in callbacks] == ["0", "1", "2", "3"]
    assert {r.params["CallbackSource"] for r in callbacks} == {"call-progress-events"}
    assert parsedate_to_datetime(callbacks[0].params["Timestamp"]) == START
    assert callbacks[-1].params["CallDuration"] == "1"
    assert "CallDuration" not in callbacks[2].params
    (op,) = stub.on("/op")
    assert op.params["CallStatus"] == "in-progress"
    assert op.params["Direction"] == "outbound-api"
    assert sim.calls[created.sid].transcript.heard() == ["Hello volunteer"]


async def test_inbound_calls_report_completed_to_the_number_status_callback(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    stub.route("/voice", twiml("<Response><Pause length='12'/></Response>"))

    call = await sim.place_call(from_=CALLER, to=HOTLINE, party=ScriptedCaller())
    assert await sim.run_until_idle()

    (status,) = stub.on("/status")
    assert status.params["CallSid"] == call.sid
    assert status.params["CallStatus"] == "completed"
    assert status.params["CallDuration"] == "12"
    assert status.params["SequenceNumber"] == "0"


async def test_machine_detection_reports_answered_by(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    sim.phone(OPERATOR, OperatorPhone.voicemail())
    stub.route("/op", twiml("<Response><Say>Message</Say></Response>"))
    client = rest_client(sim.rest_app)

    created = await in_thread(
        lambda: client.calls.create(
            to=OPERATOR, from_=HOTLINE, url=f"{BASE}/op", machine_detection="Enable"
        )
    )
    assert await sim.run_until_idle()

    assert stub.on("/op")[0].params["AnsweredBy"] == "machine_start"
    fetched = await in_thread(lambda: client.calls(created.sid).fetch())
    assert fetched.answered_by == "machine_start"
    assert fetched.status == "completed"


async def test_rest_cancel_stops_a_ringing_call_and_complete_hangs_up(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    sim.phone(OPERATOR, OperatorPhone(answer_after_s=30))
    sim.phone("+32470999999", OperatorPhone(answer_after_s=1))
    stub.route("/op", twiml("<Response><Pause length='600'/></Response>"))
    client = rest_client(sim.rest_app)

    ringing = await in_thread(
        lambda: client.calls.create(to=OPERATOR, from_=HOTLINE, url=f"{BASE}/op")
    )
    live = await in_thread(
        lambda: client.calls.create(to="+32470999999", from_=HOTLINE, url=f"{BASE}/op")
    )
    await sim.advance(10)
    await in_thread(lambda: client.calls(ringing.sid).update(status="canceled"))
    await in_thread(lambda: client.calls(live.sid).update(status="completed"))
    assert await sim.run_until_idle()

    assert sim.calls[ringing.sid].status is CallStatus.CANCELED
    assert sim.calls[live.sid].status is CallStatus.COMPLETED
    assert sim.calls[live.sid].duration_s == 9
    assert sim.calls[live.sid].hangup_by == "api"
