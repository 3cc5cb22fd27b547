"""The app paths Twilio is sent to in the errands flow (one place for both sides)."""

from __future__ import annotations

from urllib.parse import urlencode

PREFIX = "/twilio/errands"


def neighbour_choice(code: str, retries: int = 0) -> str:
    return f"{PREFIX}/neighbour?{urlencode({'code': code, 'try': retries})}"


def neighbour_pin(retries: int = 0) -> str:
    return f"{PREFIX}/neighbour/pin?{urlencode({'try': retries})}"


def neighbour_code(retries: int = 0) -> str:
    return f"{PREFIX}/neighbour/code?{urlencode({'try': retries})}"


def neighbour_dialled(request_id: int) -> str:
    return f"{PREFIX}/neighbour/dialled/{request_id}"


def requester_choice(request_id: int, retries: int = 0) -> str:
    return f"{PREFIX}/requester/{request_id}?{urlencode({'try': retries})}"


def followup(request_id: int) -> str:
    return f"{PREFIX}/followup/{request_id}"


def followup_answer(request_id: int, retries: int = 0) -> str:
    return f"{PREFIX}/followup/{request_id}/answer?{urlencode({'try': retries})}"


def followup_status(request_id: int) -> str:
    return f"{PREFIX}/followup/{request_id}/status"
