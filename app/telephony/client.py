"""TelephonyClient: the outbound operations the app needs from its provider."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from app.errors import AppError, Forbidden, NotFound


@dataclass(frozen=True)
class RecordingAudio:
    """A recording's media as the provider served it (e.g. audio/x-wav)."""

    content: bytes
    media_type: str


class RecordingRefused(Forbidden):
    """The URL is not one of this account's recordings on the provider's API host:
    the client never sends its credentials (or a request) anywhere else."""


class RecordingNotFound(NotFound):
    """The provider has no such recording (deleted, or never made)."""


class RecordingUnavailable(AppError):
    """The provider did not serve the recording (down, too slow, not audio)."""

    status_code = 502


class TelephonyClient(Protocol):
    async def place_call(
        self,
        *,
        to: str,
        url: str,
        status_callback: str,
        timeout_s: int,
        detect_machine: bool = False,
    ) -> str:
        """Place an outbound call from the hotline number; returns its CallSid.

        `url` and `status_callback` are app paths; the provider requests `url` when
        the callee answers and reports every status change to `status_callback`.
        """
        ...

    async def redirect_call(self, call_sid: str, url: str) -> None:
        """Make a live call leave what it is doing and run the instructions at `url`."""
        ...

    async def end_call(
        self, call_sid: str, *, status: Literal["canceled", "completed"]
    ) -> None:
        """Stop a ringing call (canceled) or hang up a live one (completed).

        Tolerates calls that already ended.
        """
        ...

    async def send_sms(self, *, to: str, body: str) -> str:
        """Send an SMS from the hotline number; returns the message id."""
        ...

    async def fetch_recording(self, url: str) -> RecordingAudio:
        """The media of a recording the provider reported (a `RecordingUrl`).

        Fetched with the account's credentials. Raises RecordingRefused for a URL
        that is not a recording of this account on the provider's API host (so a
        stored URL can never make the server fetch anything else),
        RecordingNotFound, or RecordingUnavailable.
        """
        ...

    async def delete_recording(self, url: str) -> bool:
        """Delete a recording the provider reported (a `RecordingUrl`) at the provider.

        True when it was deleted, False when the provider had no such recording
        (already deleted). Raises RecordingRefused for a URL that is not a recording
        of this account, RecordingUnavailable when the provider did not answer.
        """
        ...
