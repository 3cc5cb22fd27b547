"""A faithful local Twilio simulator: webhooks, TwiML, queues, conferences, SMS, REST.

Used by tests, the demo, benchmarks and the interactive CLI. Never imports `twilio`.
"""

from twilio_simulator.clock import Signal, Timekeeper, VirtualClock
from twilio_simulator.engine import TwilioSimulator
from twilio_simulator.errors import RestError, SimulatorError
from twilio_simulator.parties import (
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
from twilio_simulator.state import CallStatus, SimCall, SimMessage, SimOptions
from twilio_simulator.transcript import EntryKind, Transcript, TranscriptEntry
from twilio_simulator.webhooks import WebhookRecord

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
