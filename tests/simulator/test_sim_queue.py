"""Queues: Enqueue with the waitUrl loop, Leave, hang-up, REST redirect and dequeue,
and an agent's <Dial><Queue> bridge with whisper (TWILIO.md 3.8, 3.10, 4.3, 4.4)."""

import time

from twilio.twiml.voice_response import Dial, Gather, VoiceResponse

from tests.simulator.sim_support import (
    BASE,
    HOTLINE,
    HotlineStub,
    in_thread,
    rest_client,
    twiml,
)
from twilio_simulator import (
    CallStatus,
    EntryKind,
    HangUpWhenQueued,
    OperatorPhone,
    Press,
    ScriptedCaller,
    SimOptions,
    TwilioSimulator,
)

CALLER = "+3225551234"
OPERATOR = "+32470123456"
ENQUEUE = (
    '<Response><Enqueue action="/after" waitUrl="/hold">hotline-fr</Enqueue>'
    "<Say>after queue</Say></Response>"
)
HOLD = "<Response><Play>https://cdn.test/music.mp3</Play></Response>"


def enqueue_flow(stub: HotlineStub, *, hold: str = HOLD) -> None:
    stub.route("/voice", twiml(ENQUEUE))
    stub.route("/hold", twiml(hold))
    stub.route("/after", twiml("<Response><Say>after action</Say></Response>"))


async def test_wait_url_loops_with_queue_params_until_the_caller_hangs_up(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    enqueue_flow(stub)

    call = await sim.place_call(
        from_=CALLER, to=HOTLINE, party=ScriptedCaller([HangUpWhenQueued(45)])
    )
    assert await sim.run_until_idle()

    holds = stub.on("/hold")
    assert len(holds) == 9  # 45 s of 5 s hold-music documents
    first = holds[0].params
    assert first["QueuePosition"] == "1"
    assert first["QueueSid"].startswith("QU")
    assert first["CurrentQueueSize"] == "1"
    assert first["MaxQueueSize"] == "1000"
    assert holds[3].params["QueueTime"] == "15"
    (after,) = stub.on("/after")
    assert after.params["QueueResult"] == "hangup"
    assert after.params["QueueTime"] == "45"
    assert after.params["CallStatus"] == "completed"
    assert call.status is CallStatus.COMPLETED
    text = call.transcript.format()
    assert '[00:00] enqueued in "hotline-fr" (position 1)' in text
    assert "[00:45] hung up (caller)" in text


async def test_ten_minutes_on_hold_do_not_take_ten_minutes(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    enqueue_flow(stub)

    started = time.perf_counter()
    await sim.place_call(
        from_=CALLER, to=HOTLINE, party=ScriptedCaller([HangUpWhenQueued(600)])
    )
    assert await sim.run_until_idle()

    # Virtual time: ten minutes of holding would take 600 s if the simulator slept
    # in real time. The bound is far from both (a busy machine once took over 1 s).
    assert time.perf_counter() - started < 30.0
    assert stub.on("/after")[0].params["QueueTime"] == "600"


async def test_leave_from_a_wait_url_gather(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    hold = VoiceResponse()
    gather = Gather(num_digits=1, action="/hold-choice")
    gather.say("Press 1 to leave a message")
    hold.append(gather)
    enqueue_flow(stub, hold=str(hold))
    stub.route("/hold-choice", twiml("<Response><Leave/></Response>"))

    call = await sim.place_call(
        from_=CALLER, to=HOTLINE, party=ScriptedCaller([Press("1")])
    )
    assert await sim.run_until_idle()

    (choice,) = stub.on("/hold-choice")
    assert choice.params["QueuePosition"] == "1"
    (after,) = stub.on("/after")
    assert after.params["QueueResult"] == "leave"
    assert call.transcript.heard()[-1] == "after action"


async def test_enqueue_without_action_continues_with_the_next_verb(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    stub.route(
        "/voice",
        twiml(
            '<Response><Enqueue waitUrl="/hold">q</Enqueue><Say>next</Say></Response>'
        ),
    )
    stub.route("/hold", twiml("<Response><Leave/></Response>"))

    call = await sim.place_call(from_=CALLER, to=HOTLINE, party=ScriptedCaller())
    assert await sim.run_until_idle()

    assert call.transcript.heard() == ["next"]


async def test_full_queue_reports_queue_full(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    stub.route(
        "/voice",
        twiml(
            '<Response><Enqueue action="/after" maxQueueSize="1" waitUrl="/hold">'
            "q</Enqueue></Response>"
        ),
    )
    stub.route("/hold", twiml(HOLD))
    stub.route("/after", twiml("<Response><Hangup/></Response>"))

    first = await sim.place_call(
        from_=CALLER, to=HOTLINE, party=ScriptedCaller([HangUpWhenQueued(30)])
    )
    second = await sim.place_call(
        from_="+3225550000", to=HOTLINE, party=ScriptedCaller()
    )
    assert await sim.run_until_idle()

    results = {r.params["CallSid"]: r.params["QueueResult"] for r in stub.on("/after")}
    assert results == {first.sid: "hangup", second.sid: "queue-full"}


async def test_rest_redirect_moves_a_caller_out_of_the_queue(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    enqueue_flow(stub)
    stub.route("/moved", twiml("<Response><Say>moved</Say></Response>"))
    client = rest_client(sim.rest_app)

    call = await sim.place_call(from_=CALLER, to=HOTLINE, party=ScriptedCaller())
    await sim.advance(20)
    updated = await in_thread(
        lambda: client.calls(call.sid).update(url=f"{BASE}/moved", method="POST")
    )
    assert updated.status == "in-progress"
    assert await sim.run_until_idle()

    (after,) = stub.on("/after")
    assert after.params["QueueResult"] == "redirected"
    assert after.params["QueueTime"] == "20"
    assert call.transcript.heard() == ["moved"]
    assert call.transcript.of_kind(EntryKind.REDIRECTED)


async def test_rest_member_update_dequeues_the_front_caller(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    enqueue_flow(stub)
    stub.route("/moved", twiml("<Response><Say>moved</Say></Response>"))
    client = rest_client(sim.rest_app)

    first = await sim.place_call(from_=CALLER, to=HOTLINE, party=ScriptedCaller())
    second = await sim.place_call(
        from_="+3225550000", to=HOTLINE, party=ScriptedCaller([HangUpWhenQueued(60)])
    )
    await sim.advance(10)
    queue_sid = next(iter(sim.queues))
    members = await in_thread(lambda: client.queues(queue_sid).members.list())
    assert [(m.call_sid, m.position) for m in members] == [
        (first.sid, 1),
        (second.sid, 2),
    ]
    member = await in_thread(
        lambda: (
            client.queues(queue_sid)
            .members("Front")
            .update(url=f"{BASE}/moved", method="POST")
        )
    )
    assert member.call_sid == first.sid
    assert await sim.run_until_idle()

    assert first.transcript.heard() == ["moved"]
    assert second.status is CallStatus.COMPLETED
    queues = await in_thread(lambda: client.queues.list())
    assert [(q.friendly_name, q.current_size) for q in queues] == [("hotline-fr", 0)]


async def test_agent_dial_queue_whispers_then_bridges(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    enqueue_flow(stub)
    agent = VoiceResponse()
    dial = Dial(action="/agent-done")
    dial.queue("hotline-fr", url="/whisper")
    agent.append(dial)
    stub.route("/agent", twiml(agent))
    stub.route("/whisper", twiml("<Response><Say>Connecting you</Say></Response>"))
    stub.route("/agent-done", twiml("<Response><Hangup/></Response>"))
    sim.phone(OPERATOR, OperatorPhone(answer_after_s=3, talk_s=120))
    client = rest_client(sim.rest_app)

    caller = await sim.place_call(
        from_=CALLER, to=HOTLINE, party=ScriptedCaller(talk_s=None)
    )
    await sim.advance(30)
    await in_thread(
        lambda: client.calls.create(to=OPERATOR, from_=HOTLINE, url=f"{BASE}/agent")
    )
    assert await sim.run_until_idle()

    (whisper,) = stub.on("/whisper")
    assert whisper.params["CallSid"] == caller.sid
    assert whisper.params["QueueTime"] == "33"
    agent_sid = whisper.params["DequeingCallSid"]
    (after,) = stub.on("/after")
    assert after.params["QueueResult"] == "bridged"
    (done,) = stub.on("/agent-done")
    assert done.params["DialCallStatus"] == "completed"
    assert done.params["DialCallSid"] == caller.sid
    assert done.params["DialCallDuration"] == "120"
    assert done.params["CallSid"] == agent_sid
    assert caller.transcript.heard() == ["Connecting you", "after action"]
    assert "bridged with" in caller.transcript.format()


async def test_agent_dial_on_an_empty_queue_times_out(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    sim.create_queue("empty")
    stub.route(
        "/agent",
        twiml(
            '<Response><Dial action="/agent-done" timeout="20">'
            "<Queue>empty</Queue></Dial></Response>"
        ),
    )
    stub.route("/agent-done", twiml("<Response/>"))
    sim.phone(OPERATOR, OperatorPhone())
    client = rest_client(sim.rest_app)

    await in_thread(
        lambda: client.calls.create(to=OPERATOR, from_=HOTLINE, url=f"{BASE}/agent")
    )
    assert await sim.run_until_idle()

    (done,) = stub.on("/agent-done")
    assert done.params["DialCallStatus"] == SimOptions().empty_queue_dial_status
