"""The app paths of the operator's wrap-up (Twilio is sent to these)."""

from __future__ import annotations

from urllib.parse import urlencode


def after_call(offer_id: str) -> str:
    """The operator's conference <Dial action>: the call with the caller is over."""
    return f"/twilio/wrapup/{offer_id}"


def choice(offer_id: str, *, attempt: int = 0) -> str:
    if attempt:
        return f"/twilio/wrapup/{offer_id}/choice?{urlencode({'try': attempt})}"
    return f"/twilio/wrapup/{offer_id}/choice"


def note(offer_id: str) -> str:
    return f"/twilio/wrapup/{offer_id}/note"
