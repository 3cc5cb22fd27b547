"""The overflow choice by keys and by speech: call back, message, keep waiting,
repeat; a hidden number is never offered or promised a callback.

Every test runs over the memory and the Redis queue backend (conftest.py).
"""

from __future__ import annotations

import pytest

from tests.e2e.queue.queue_support import (
    OpenHotline,
    call_row,
    heard,
    kinds,
    prompt,
    queue_caller,
)
from tests.support.harness import Hotline
from twilio_simulator import (
    OperatorPhone,
    Press,
    ScriptedCaller,
    Silence,
    Speak,
    Talk,
)
from twilio_simulator.parties import (
    CallHandle,
    GatherInput,
    GatherPrompt,
    Step,
)

pytestmark = pytest.mark.e2e

ANN = "+32470000001"


class AtTheOverflow(ScriptedCaller):
    """Reaches the queue (language, 0), stays silent while holding, and answers each
    overflow menu with the next of `answers`."""

    def __init__(self, menu_text: str, answers: tuple[Step, ...]) -> None:
        super().__init__([Press("1", after_s=0.5), Press("0", after_s=0.5)])
        self._menu_text = menu_text
        self._answers = list(answers)
        self.menus = 0

    async def gather(self, call: CallHandle, prompt: GatherPrompt) -> GatherInput:
        if self.remaining_steps:
            return await super().gather(call, prompt)
        if self._menu_text not in prompt.prompts:
            return Silence()  # holding
        self.menus += 1
        answer = self._answers.pop(0) if self._answers else Silence()
        assert isinstance(answer, Press | Speak | Silence)
        return answer


async def test_with_nobody_on_duty_saying_call_me_back_is_a_callback(
    hotline: Hotline,
) -> None:
    call = await hotline.call(queue_caller("nl", then=(Speak("bel me terug"),)))
    await hotline.run()

    assert prompt(hotline, "nl", "callback_confirmed") in heard(call)
    assert (await call_row(hotline, call.sid)).outcome == "callback"


async def test_star_repeats_the_choice_and_saying_message_records_one(
    hotline: Hotline,
) -> None:
    call = await hotline.call(
        queue_caller("nl", then=(Press("*"), Speak("een bericht"), Talk(5, "#")))
    )
    await hotline.run()

    said = call.transcript.heard()
    option = prompt(hotline, "nl", "overflow_message_option")
    assert said.count(option) == 2
    assert prompt(hotline, "nl", "invalid_choice") not in said
    assert prompt(hotline, "nl", "voicemail_thanks") in said
    assert (await call_row(hotline, call.sid)).outcome == "voicemail"


async def test_a_hidden_number_is_offered_a_message_not_a_callback(
    hotline: Hotline,
) -> None:
    call = await hotline.call(
        queue_caller("nl", then=(Press("1"), Silence(), Silence(), Silence())),
        from_="anonymous",
    )
    await hotline.run()

    said = heard(call)
    assert prompt(hotline, "nl", "overflow_callback_option") not in said
    assert prompt(hotline, "nl", "callback_unavailable") in said
    assert prompt(hotline, "nl", "callback_confirmed") not in said
    # Silence after the last retry: the message, never a promised callback.
    assert prompt(hotline, "nl", "voicemail_prompt") in said
    assert prompt(hotline, "nl", "voicemail_empty_hidden") in said
    assert prompt(hotline, "nl", "voicemail_empty") not in said
    assert (await call_row(hotline, call.sid)).outcome != "callback"


async def test_after_the_maximum_wait_0_keeps_the_caller_waiting_in_their_place(
    open_hotline: OpenHotline,
) -> None:
    async with open_hotline(max_wait_s=40) as hotline:
        # Only a French speaker on duty: the Dutch caller is never offered.
        await hotline.add_operator("Ann", ANN, ["fr"], OperatorPhone())
        menu_text = prompt(hotline, "nl", "overflow_wait_option")
        caller = AtTheOverflow(menu_text, (Press("0"), Speak("ik wil wachten")))
        call = await hotline.call(caller)
        await hotline.run()

        flow = await kinds(hotline, call.sid)
        assert flow.count("wait_extended") == 2
        assert flow.count("queued") == 1  # the same place in the queue
        # After two extensions only a callback or a message is offered; silence
        # then means the callback.
        said = call.transcript.heard()
        last_menu = max(
            i
            for i, text in enumerate(said)
            if text == prompt(hotline, "nl", "overflow_message_option")
        )
        assert said[last_menu + 1] != menu_text
        assert caller.menus == 2
        assert (await call_row(hotline, call.sid)).outcome == "callback"
