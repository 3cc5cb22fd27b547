"""<Dial callerId> with one <Number>: the masked call of a neighbour (app/errands)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from app.telephony import instructions as ins
from app.telephony.twilio_adapter import TwimlRenderer

BASE = "https://hotline.example"


def test_dial_number_shows_the_hotline_number_and_reports_to_its_action() -> None:
    script = ins.Script(
        (
            ins.DialNumber(
                number="+3225551234",
                caller_id="+3228089654",
                action="/twilio/errands/neighbour/dialled/7",
                timeout_s=30,
                time_limit_s=3600,
            ),
        )
    )

    root = ET.fromstring(TwimlRenderer(BASE).to_xml(script))

    [dial] = list(root)
    assert dial.tag == "Dial"
    assert dial.attrib == {
        "action": f"{BASE}/twilio/errands/neighbour/dialled/7",
        "method": "POST",
        "callerId": "+3228089654",
        "timeout": "30",
        "timeLimit": "3600",
    }
    [number] = list(dial)
    assert (number.tag, number.text) == ("Number", "+3225551234")
