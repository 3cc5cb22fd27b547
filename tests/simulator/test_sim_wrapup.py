"""A conference ended by the caller: the operator's <Dial action> runs on their
still-live call (TWILIO.md 3.1, 3.9), where OperatorPhone answers a wrap-up menu and
speaks a note at a <Record> (TWILIO.md 1.4)."""

from tests.simulator.sim_support import (
    BASE,
    HOTLINE,
    HotlineStub,
    Received,
    in_thread,
    rest_client,
    twiml,
)
from twilio_simulator import EntryKind, OperatorPhone, ScriptedCaller, TwilioSimulator

CALLER = "+3225551234"
OPERATOR = "+32470123456"
MENU = (
    '<Response><Gather numDigits="1" action="/choice"><Say>1, 2 or 3</Say></Gather>'
    "</Response>"
)
RECORD = (
    '<Response><Say>After the tone</Say><Record action="/note" finishOnKey="#"/>'
    "<Say>nothing recorded</Say></Response>"
)


def conference(stub: HotlineStub, sim: TwilioSimulator) -> None:
    client = rest_client(sim.rest_app)

    async def voice(request: Received) -> str:
        room = f"room-{request.params['CallSid']}"
        operator_twiml = (
            f'<Response><Dial action="{BASE}/op-done"><Conference '
            'endConferenceOnExit="true">'
            f"{room}</Conference></Dial></Response>"
        )
        await in_thread(
            lambda: client.calls.create(
                to=OPERATOR, from_=HOTLINE, twiml=operator_twiml
            )
        )
        return (
            '<Response><Dial><Conference endConferenceOnExit="true">'
            f"{room}</Conference></Dial></Response>"
        )

    stub.route("/voice", voice)
    stub.route("/op-done", twiml(MENU))
    stub.route("/choice", twiml(RECORD))
    stub.route("/note", twiml("<Response><Say>Thanks</Say><Hangup/></Response>"))


async def test_the_operator_wraps_up_after_the_caller_hung_up(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    conference(stub, sim)
    sim.phone(OPERATOR, OperatorPhone(talk_s=120, wrapup="1", note_s=7))
    await sim.place_call(from_=CALLER, to=HOTLINE, party=ScriptedCaller(talk_s=20))
    assert await sim.run_until_idle()

    (done,) = stub.on("/op-done")
    assert done.params["DialCallStatus"] == "answered"
    assert done.params["CallStatus"] == "in-progress"
    (choice,) = stub.on("/choice")
    assert choice.params["Digits"] == "1"
    (note,) = stub.on("/note")
    assert note.params["RecordingDuration"] == "7"
    assert note.params["Digits"] == "#"
    assert note.params["RecordingSid"].startswith("RE")
    leg = next(c for c in sim.calls.values() if c.to == OPERATOR)
    assert leg.transcript.heard() == ["1, 2 or 3", "After the tone", "Thanks"]
    assert leg.transcript.of_kind(EntryKind.RECORDED)


async def test_an_operator_without_a_wrapup_key_hangs_up_at_the_menu(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    conference(stub, sim)
    sim.phone(OPERATOR, OperatorPhone(talk_s=120))
    await sim.place_call(from_=CALLER, to=HOTLINE, party=ScriptedCaller(talk_s=20))
    assert await sim.run_until_idle()

    assert len(stub.on("/op-done")) == 1
    assert stub.on("/choice") == []
    leg = next(c for c in sim.calls.values() if c.to == OPERATOR)
    assert leg.hangup_by == "operator"


async def test_the_operator_saying_nothing_falls_through_the_record(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    conference(stub, sim)
    sim.phone(OPERATOR, OperatorPhone(talk_s=120, wrapup="3"))
    await sim.place_call(from_=CALLER, to=HOTLINE, party=ScriptedCaller(talk_s=20))
    assert await sim.run_until_idle()

    assert stub.on("/note") == []
    leg = next(c for c in sim.calls.values() if c.to == OPERATOR)
    assert leg.transcript.heard()[-1] == "nothing recorded"
