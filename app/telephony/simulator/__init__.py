"""A faithful local Twilio simulator: webhooks, TwiML, queues, conferences, SMS, REST.

Used by tests, the demo, benchmarks and the interactive CLI. Never imports `twilio`.
"""

from app.telephony.simulator.clock import Signal, Timekeeper, VirtualClock
from app.telephony.simulator.engine import TwilioSimulator
from app.telephony.simulator.errors import RestError, SimulatorError
from app.telephony.simulator.parties import (
    Answer,
    Busy,
    HangUp,
    HangUpAfter,
    HangUpAfterPrompts,
    HangUpWhenQueued,
    InteractiveCaller,
    NoAnswer,
    OperatorPhone,
    Party,
    Press,
    ScriptedCaller,
    Silence,
    Speak,
    Talk,
)
from app.telephony.simulator.state import CallStatus, SimCall, SimMessage, SimOptions
from app.telephony.simulator.transcript import EntryKind, Transcript, TranscriptEntry
from app.telephony.simulator.webhooks import WebhookRecord

__all__ = [
    "Answer",
    "Busy",
    "CallStatus",
    "EntryKind",
    "HangUp",
    "HangUpAfter",
    "HangUpAfterPrompts",
    "HangUpWhenQueued",
    "InteractiveCaller",
    "NoAnswer",
    "OperatorPhone",
    "Party",
    "Press",
    "RestError",
    "ScriptedCaller",
    "Signal",
    "Silence",
    "SimCall",
    "SimMessage",
    "SimOptions",
    "SimulatorError",
    "Speak",
    "Talk",
    "Timekeeper",
    "Transcript",
    "TranscriptEntry",
    "TwilioSimulator",
    "VirtualClock",
    "WebhookRecord",
]
