"""The call's CallSid bound to log records, phone numbers masked (the handlers and
formats are set up in app/ops/logs.py)."""

from __future__ import annotations

import contextvars
import logging
import re

from app.phone_numbers import ERASED_NUMBER

call_sid_var: contextvars.ContextVar[str] = contextvars.ContextVar(
    "call_sid", default="-"
)

_PHONE_RE = re.compile(r"\+?\d[\d ]{6,}\d")


def mask_phone(number: str | None) -> str:
    """'+32470123456' -> '+32*******56': enough to tell calls apart, not to dial."""
    if not number:
        return "-"
    if number == ERASED_NUMBER:
        return number
    digits = number.strip()
    if len(digits) <= 4:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 5) + digits[-2:]


class CallContextFilter(logging.Filter):
    """Binds the CallSid (record.call_sid) and masks phone numbers in the message."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.call_sid = call_sid_var.get()
        if isinstance(record.msg, str):
            record.msg = _PHONE_RE.sub(lambda m: mask_phone(m.group(0)), record.msg)
        if record.args:
            record.args = tuple(
                _PHONE_RE.sub(lambda m: mask_phone(m.group(0)), a)
                if isinstance(a, str)
                else a
                for a in (record.args if isinstance(record.args, tuple) else ())
            )
        return True
