"""TelephonyClient: the outbound operations the app needs from its provider."""

from __future__ import annotations

from typing import Literal, Protocol


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
