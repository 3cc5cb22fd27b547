"""The app paths Twilio is sent to in the queue flow (one place for both sides)."""

from __future__ import annotations

from urllib.parse import urlencode


def _q(path: str, **params: str | int) -> str:
    return f"{path}?{urlencode(params)}" if params else path


def enter(language: str) -> str:
    return _q("/twilio/queue/enter", lang=language)


def wait(language: str, *, looked_again: bool = False) -> str:
    if looked_again:
        return _q("/twilio/queue/wait", lang=language, again=1)
    return _q("/twilio/queue/wait", lang=language)


def hold_key(language: str) -> str:
    return _q("/twilio/queue/hold-key", lang=language)


def left(language: str) -> str:
    return _q("/twilio/queue/left", lang=language)


def overflow(language: str, retries: int = 0) -> str:
    return _q("/twilio/queue/overflow", lang=language, **{"try": retries})


def connect(offer_id: str) -> str:
    return f"/twilio/queue/connect/{offer_id}"


def after_bridge(language: str) -> str:
    return _q("/twilio/queue/after-bridge", lang=language)


def offer_answer(offer_id: str) -> str:
    return f"/twilio/offer/{offer_id}/answer"


def offer_decision(offer_id: str) -> str:
    return f"/twilio/offer/{offer_id}/decision"


def offer_status(offer_id: str) -> str:
    return f"/twilio/offer/{offer_id}/status"


def callback_answer(offer_id: str) -> str:
    return f"/twilio/callback/{offer_id}/answer"


def callback_status(offer_id: str) -> str:
    return f"/twilio/callback/{offer_id}/status"


def voicemail(language: str) -> str:
    return _q("/twilio/ivr/voicemail", lang=language)
