"""The app paths Twilio is sent to in the queue flow (one place for both sides)."""

from __future__ import annotations

from urllib.parse import urlencode


def _q(path: str, **params: str | int) -> str:
    return f"{path}?{urlencode(params)}" if params else path


def enter(language: str, *, mixed: bool = False, more: int = 0) -> str:
    """`mixed`: the caller chose no language; `language` is the line's main one and
    operators speaking all the line's main languages are preferred. `more`: how many
    times the caller chose to keep waiting after the maximum wait (each grants one
    more maximum wait)."""
    params: dict[str, str | int] = {"lang": language}
    if mixed:
        params["mixed"] = 1
    if more:
        params["more"] = more
    return _q("/twilio/queue/enter", **params)


def wait(language: str, *, looked_again: bool = False, more: int = 0) -> str:
    params: dict[str, str | int] = {"lang": language}
    if looked_again:
        params["again"] = 1
    if more:
        params["more"] = more
    return _q("/twilio/queue/wait", **params)


def hold_key(language: str, *, more: int = 0) -> str:
    if more:
        return _q("/twilio/queue/hold-key", lang=language, more=more)
    return _q("/twilio/queue/hold-key", lang=language)


def left(language: str, *, more: int = 0) -> str:
    if more:
        return _q("/twilio/queue/left", lang=language, more=more)
    return _q("/twilio/queue/left", lang=language)


def overflow(language: str, retries: int = 0, *, more: int = 0) -> str:
    if more:
        return _q(
            "/twilio/queue/overflow", lang=language, more=more, **{"try": retries}
        )
    return _q("/twilio/queue/overflow", lang=language, **{"try": retries})


def hold_music() -> str:
    """The comfort sound played while waiting (a WAV the app generates)."""
    return "/twilio/queue/hold-music.wav"


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
