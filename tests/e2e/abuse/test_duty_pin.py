"""Operators switch duty by phone with their personal PIN after caller ID."""

from __future__ import annotations

import pytest

from app.volunteers.models import Volunteer
from tests.integration.abuse.abuse_support import OpenHotline
from tests.support.harness import Hotline
from twilio_simulator import OperatorPhone, Press, ScriptedCaller

pytestmark = pytest.mark.e2e

ANN = "+32470000001"


@pytest.fixture
def limits_kind() -> str:
    return "memory"


async def operator(hotline: Hotline, *, pin: str | None) -> int:
    ann = await hotline.add_operator("Ann", ANN, ["nl"], OperatorPhone(), on_duty=False)
    if pin is not None:
        response = await hotline.api(
            "PATCH", f"/api/volunteers/{ann}", json={"duty_pin": pin}
        )
        assert response.status_code == 200, response.text
        assert response.json()["has_duty_pin"] is True
        assert pin not in response.text
    return ann


async def duty_state(hotline: Hotline, volunteer_id: int) -> str:
    async with hotline.session() as session:
        volunteer = await session.get(Volunteer, volunteer_id)
        assert volunteer is not None
        return volunteer.duty_state


async def dial_duty_line(hotline: Hotline, *keys: str) -> list[str]:
    call = await hotline.call(
        ScriptedCaller([Press(k) for k in keys], then="hang-up"), from_=ANN
    )
    await hotline.run()
    return call.transcript.heard()


def text(hotline: Hotline, prompt_id: str) -> str:
    return hotline.state.catalogue["nl"].text(prompt_id)


async def test_the_right_pin_opens_the_duty_menu(open_hotline: OpenHotline) -> None:
    async with open_hotline(instances=1) as hotline:
        ann = await operator(hotline, pin="4821")
        heard = await dial_duty_line(hotline, "4821#", "1")
        state = await duty_state(hotline, ann)

    assert heard[0] == text(hotline, "duty_pin_ask")
    assert text(hotline, "duty_on") in heard
    assert state == "available"


async def test_a_wrong_pin_never_reaches_the_menu(open_hotline: OpenHotline) -> None:
    async with open_hotline(instances=1) as hotline:
        ann = await operator(hotline, pin="4821")
        heard = await dial_duty_line(hotline, "1111#", "2222#", "3333#", "1")
        state = await duty_state(hotline, ann)

    assert heard.count(text(hotline, "duty_pin_wrong")) == 2
    assert not any("press 1" in h.lower() or "toets 1" in h.lower() for h in heard)
    assert heard[-1] == text(hotline, "goodbye")
    assert state == "offline"


async def test_too_many_wrong_pins_lock_the_duty_line_for_a_while(
    open_hotline: OpenHotline,
) -> None:
    async with open_hotline(instances=1, duty_pin_attempts=2) as hotline:
        ann = await operator(hotline, pin="4821")
        await dial_duty_line(hotline, "1111#", "2222#")
        heard = await dial_duty_line(hotline, "4821#", "1")
        state = await duty_state(hotline, ann)

    assert heard[-1] == text(hotline, "goodbye")
    assert text(hotline, "duty_on") not in heard
    assert state == "offline"


async def test_without_a_pin_caller_id_is_enough_by_default(
    open_hotline: OpenHotline,
) -> None:
    async with open_hotline(instances=1) as hotline:
        ann = await operator(hotline, pin=None)
        heard = await dial_duty_line(hotline, "1")
        state = await duty_state(hotline, ann)

    assert text(hotline, "duty_pin_ask") not in heard
    assert state == "available"


async def test_when_required_an_operator_without_a_pin_is_sent_to_a_coordinator(
    open_hotline: OpenHotline,
) -> None:
    async with open_hotline(instances=1, is_duty_pin_required=True) as hotline:
        ann = await operator(hotline, pin=None)
        heard = await dial_duty_line(hotline, "1")
        state = await duty_state(hotline, ann)

    assert heard == [text(hotline, "duty_pin_needed")]
    assert state == "offline"


async def test_a_removed_pin_restores_caller_id_duty(open_hotline: OpenHotline) -> None:
    async with open_hotline(instances=1) as hotline:
        ann = await operator(hotline, pin="123456")
        cleared = await hotline.api(
            "PATCH", f"/api/volunteers/{ann}", json={"duty_pin": None}
        )
        heard = await dial_duty_line(hotline, "1")

    assert cleared.json()["has_duty_pin"] is False
    assert text(hotline, "duty_on") in heard


@pytest.mark.parametrize("pin", ["123", "1234567", "12a4", ""])
async def test_pins_other_than_4_to_6_digits_are_refused(
    open_hotline: OpenHotline, pin: str
) -> None:
    async with open_hotline(instances=1) as hotline:
        ann = await hotline.add_operator("Ann", ANN, ["nl"], None, on_duty=False)
        response = await hotline.api(
            "PATCH", f"/api/volunteers/{ann}", json={"duty_pin": pin}
        )

    assert response.status_code == 422


async def test_a_pin_can_be_set_when_creating_the_operator(hotline: Hotline) -> None:
    response = await hotline.api(
        "POST",
        "/api/volunteers",
        json={
            "name": "Bo",
            "phone_number": "+32470000002",
            "languages": ["nl"],
            "is_operator": True,
            "duty_pin": "9090",
        },
    )

    assert response.status_code == 201, response.text
    assert response.json()["has_duty_pin"] is True
    assert "duty_pin" not in response.json()
