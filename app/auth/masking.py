"""Personal data masked in every list and API answer: phone numbers, the names of
the people helped, and addresses. Pure: no I/O.

Showing one in full is an explicit action (a reveal endpoint or console button)
of a role in app.auth.roles.MAY_REVEAL, written to the audit log by its service;
these functions only decide what a masked answer shows. They keep each shape and
its field types, so a client reads the masked answer and the revealed one alike.

Volunteers' names stay readable: they are the organisation's own people, named to
coordinators and, in the confirmation call, to the person they help.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel

from app.logging import mask_phone

# What stands for a masked address part or free text that may hold one.
HIDDEN = "•••"
# Keys of a JSON detail (call and request timelines) whose values are personal.
PERSONAL_DETAIL_KEYS = frozenset(
    {
        "from",
        "to",
        "caller",
        "caller_number",
        "number",
        "phone",
        "phone_number",
        "name",
        "requester_name",
        "address",
        "address_street",
        "address_number",
        "address_box",
    }
)
# Keys of a detail that may hold a provider's recording URL: never served.
PROVIDER_URL_KEYS = frozenset({"url", "recording_url"})
_PHONE_IN_TEXT = re.compile(r"\+?\d[\d ./-]{6,}\d")

Model = TypeVar("Model", bound=BaseModel)


def mask_name(name: str | None) -> str | None:
    """'Maria Van den Bossche' -> 'M. V. d. B.': enough to tell two apart on a
    board, not to find the person."""
    if not name or not name.strip():
        return name
    initials = [
        next(ch for ch in part if ch.isalpha()) + "."
        for part in name.split()
        if any(ch.isalpha() for ch in part)
    ]
    return " ".join(initials) or HIDDEN


def mask_part(value: str | None) -> str | None:
    """An address part (street, number, box): hidden whole when present."""
    if not value:
        return value
    return HIDDEN


def mask_text(text: str | None) -> str | None:
    """Free text (notes): phone numbers in it masked, the rest kept."""
    if not text:
        return text
    return _PHONE_IN_TEXT.sub(lambda match: mask_phone(match.group(0)), text)


def mask_detail(detail: dict[str, Any]) -> dict[str, Any]:
    """A timeline entry's detail: personal values masked, provider URLs dropped."""
    masked: dict[str, Any] = {}
    for key, value in detail.items():
        if key in PROVIDER_URL_KEYS:
            continue
        if key in PERSONAL_DETAIL_KEYS and isinstance(value, str) and value:
            masked[key] = mask_phone(value) if _looks_like_phone(value) else HIDDEN
        elif isinstance(value, str):
            masked[key] = mask_text(value)
        else:
            masked[key] = value
    return masked


def _looks_like_phone(value: str) -> bool:
    return bool(_PHONE_IN_TEXT.fullmatch(value.strip()))


# Field name -> how a masked answer shows it, for every shape that carries one.
_PHONE_FIELDS = (
    "caller_number",
    "caller_e164",
    "from_number",
    "to_number",
    "phone_number",
)
_NAME_FIELDS = ("requester_name",)
_ADDRESS_FIELDS = ("address_street", "address_number", "address_box")
_TEXT_FIELDS = ("notes", "access_notes")
_URL_FIELDS = ("voicemail_url", "recording_url")


def _masked_value(field: str, value: Any) -> Any:
    if field in _PHONE_FIELDS:
        return mask_phone(value) if value else value
    if field in _NAME_FIELDS:
        return mask_name(value)
    if field in _ADDRESS_FIELDS:
        return mask_part(value)
    if field in _TEXT_FIELDS:
        return mask_text(value)
    if field in _URL_FIELDS:
        return None
    return value


def masked(model: Model) -> Model:
    """A copy of an answer with its personal fields masked, recursively (nested
    answers, lists of them, timelines' details). Unknown fields are kept."""
    return model.model_copy(update=_masked_fields(model))


def _masked_fields(model: BaseModel) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for field in type(model).model_fields:
        value = getattr(model, field)
        new = _mask_any(field, value)
        if new is not value:
            changes[field] = new
    return changes


def _mask_any(field: str, value: Any) -> Any:
    if isinstance(value, BaseModel):
        return masked(value)
    if isinstance(value, list):
        return [_mask_any(field, item) for item in value]
    if field == "detail" and isinstance(value, dict):
        return mask_detail(value)
    if isinstance(value, str) or value is None:
        new = _masked_value(field, value)
        return value if new == value else new
    return value


def without_provider_urls(model: Model) -> Model:
    """A revealed answer: everything in full except provider recording URLs,
    which never leave the server (recordings play through the console's proxy)."""
    changes = {
        field: None
        for field in _URL_FIELDS
        if field in type(model).model_fields and getattr(model, field) is not None
    }
    return model.model_copy(update=changes) if changes else model
