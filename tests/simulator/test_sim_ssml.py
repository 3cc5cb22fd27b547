"""The simulator times a <Say> by its SSML: <prosody rate> slows it, <break> adds to
it; with the app's duration model (SimOptions.say_seconds) a menu lasts in the
simulator exactly what app/ivr/timing.py computes."""

from __future__ import annotations

import httpx
import pytest

from app.ivr.prompts import load_catalogue
from app.ivr.timing import SpeechTiming
from app.telephony import instructions as ins
from app.telephony.twilio_adapter import TwimlRenderer
from tests.simulator.sim_support import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    BASE,
    HOTLINE,
    HotlineStub,
    twiml,
)
from tests.simulator.test_sim_voice import CALLER
from twilio_simulator import ScriptedCaller, TwilioSimulator, VirtualClock
from twilio_simulator import twiml as sim_twiml
from twilio_simulator.state import SimOptions
from twilio_simulator.transcript import EntryKind

RENDERER = TwimlRenderer(BASE)


def parsed_say(xml: str) -> sim_twiml.Say:
    (say,) = sim_twiml.parse_voice(xml)
    assert isinstance(say, sim_twiml.Say)
    return say


@pytest.mark.parametrize(
    ("ssml", "rate", "breaks_s"),
    [
        ("Hello.", 1.0, 0.0),
        ('<prosody rate="90%">Hello.</prosody>', 0.9, 0.0),
        ('Hello.<break time="300ms"/>', 1.0, 0.3),
        ('<prosody rate="85%">Hello.</prosody><break time="1.5s"/>', 0.85, 1.5),
        ("Hello.<break/>", 1.0, 0.5),
        ('Hello.<break strength="strong"/>', 1.0, 0.75),
        ('<prosody rate="slow">Hello.</prosody>', 1.0, 0.0),
    ],
)
def test_prosody_rate_and_breaks_are_read_from_the_say(
    ssml: str, rate: float, breaks_s: float
) -> None:
    say = parsed_say(f"<Response><Say>{ssml}</Say></Response>")

    assert say.text == "Hello."
    assert say.rate == pytest.approx(rate)
    assert say.breaks_s == pytest.approx(breaks_s)


@pytest.mark.parametrize("rate", ["0%", "fast%", "-5%"])
def test_an_impossible_rate_is_invalid_twiml(rate: str) -> None:
    with pytest.raises(sim_twiml.TwimlError):
        parsed_say(
            f'<Response><Say><prosody rate="{rate}">x</prosody></Say></Response>'
        )


async def test_a_slow_menu_lasts_in_the_simulator_what_the_model_says(
    clock: VirtualClock,
) -> None:
    catalogue = load_catalogue(("nl", "fr"), rate=90, option_break_ms=300)
    nl = catalogue["nl"]
    prompts: tuple[ins.Say, ...] = (
        nl.say("need_intro"),
        *(nl.option(f"need_option_{n}") for n in ("groceries", "pharmacy")),
        catalogue["fr"].say("volunteer_coming"),
    )
    script = ins.Script((*prompts, ins.Hangup()))
    stub = HotlineStub({"/voice": twiml(RENDERER.to_xml(script))})
    timing = SpeechTiming()
    options = SimOptions(say_seconds=timing.locale_seconds, min_say_s=0.0)
    async with TwilioSimulator(
        account_sid=ACCOUNT_SID,
        auth_token=AUTH_TOKEN,
        clock=clock,
        webhook_transports=[httpx.ASGITransport(app=stub.app)],
        options=options,
    ) as sim:
        sim.add_number(HOTLINE, voice_url=f"{BASE}/voice")
        call = await sim.place_call(from_=CALLER, to=HOTLINE, party=ScriptedCaller())
        assert await sim.run_until_idle(max_virtual_seconds=600)

    heard = call.transcript.of_kind(EntryKind.HEARD)
    assert [e.text for e in heard] == [p.text for p in prompts]
    assert call.end_time is not None
    simulated = (call.end_time - heard[0].at).total_seconds()
    assert simulated == pytest.approx(timing.prompts_seconds(prompts), abs=0.01)
    # Slower than at the voice's normal rate: 1/0.9, plus two breaks of 0.3 s.
    plain = sum(timing.locale_seconds(p.text, p.locale) for p in prompts)
    assert simulated == pytest.approx(plain / 0.9 + 0.6, abs=0.01)
