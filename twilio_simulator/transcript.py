"""Per-call transcript: what a party heard, pressed and said, and what happened.

Data and formatting only. Entries carry the virtual time they happened at.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class EntryKind(StrEnum):
    CALL = "call"
    RINGING = "ringing"
    ANSWERED = "answered"
    HEARD = "heard"
    PLAYED = "played"
    PAUSED = "paused"
    BEEP = "beep"
    PRESSED = "pressed"
    SAID = "said"
    SILENT = "silent"
    RECORDED = "recorded"
    ENQUEUED = "enqueued"
    LEFT_QUEUE = "left queue"
    DIALING = "dialing"
    BRIDGED = "bridged"
    UNBRIDGED = "unbridged"
    CONFERENCE_JOINED = "joined conference"
    CONFERENCE_LEFT = "left conference"
    REDIRECTED = "redirected"
    REJECTED = "rejected"
    APPLICATION_ERROR = "application error"
    HUNG_UP = "hung up"
    ENDED = "ended"


# What a party perceives; everything else is a call event.
PERCEIVED = frozenset(
    {
        EntryKind.HEARD,
        EntryKind.PLAYED,
        EntryKind.PAUSED,
        EntryKind.BEEP,
        EntryKind.PRESSED,
        EntryKind.SAID,
        EntryKind.SILENT,
    }
)


@dataclass(frozen=True)
class TranscriptEntry:
    at: datetime
    kind: EntryKind
    text: str = ""
    detail: Mapping[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        if self.kind is EntryKind.HEARD:
            language = self.detail.get("language", "")
            voice = self.detail.get("voice", "")
            return f'heard ({language}, {voice}): "{self.text}"'
        if self.kind is EntryKind.SAID:
            return f'said "{self.text}"'
        return f"{self.kind.value} {self.text}".rstrip()


class Transcript:
    def __init__(self, started_at: datetime) -> None:
        self.started_at = started_at
        self.entries: list[TranscriptEntry] = []

    def add(self, entry: TranscriptEntry) -> None:
        self.entries.append(entry)

    def of_kind(self, *kinds: EntryKind) -> list[TranscriptEntry]:
        return [entry for entry in self.entries if entry.kind in kinds]

    def heard(self) -> list[str]:
        """Texts spoken to this party, in order."""
        return [entry.text for entry in self.of_kind(EntryKind.HEARD)]

    def events(self) -> list[TranscriptEntry]:
        return [entry for entry in self.entries if entry.kind not in PERCEIVED]

    def format(self) -> str:
        lines = []
        for entry in self.entries:
            elapsed = int((entry.at - self.started_at).total_seconds())
            minutes, seconds = divmod(max(elapsed, 0), 60)
            lines.append(f"[{minutes:02d}:{seconds:02d}] {entry.describe()}")
        return "\n".join(lines)
