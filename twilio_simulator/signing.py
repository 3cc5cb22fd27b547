"""X-Twilio-Signature as Twilio computes it (TWILIO.md section 2.1).

Pure functions, no I/O. Repeated parameter names are handled like twilio-python's
validator: names deduplicated and sorted, then each name's values deduplicated and
sorted, so a signature made here validates with `RequestValidator`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit, urlunsplit

Params = Mapping[str, str] | Iterable[tuple[str, str]]


def signed_url(url: str) -> str:
    """The URL as Twilio signs it: without fragment and without user credentials."""
    parts = urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


def _pairs(params: Params) -> list[tuple[str, str]]:
    if isinstance(params, Mapping):
        return [(str(name), str(value)) for name, value in params.items()]
    return [(name, value) for name, value in params]


def compute_signature(auth_token: str, url: str, params: Params = ()) -> str:
    """Base64 HMAC-SHA1 of the URL followed by every `name + value`, sorted."""
    values: dict[str, set[str]] = {}
    for name, value in _pairs(params):
        values.setdefault(name, set()).add(value)
    payload = signed_url(url) + "".join(
        name + value for name in sorted(values) for value in sorted(values[name])
    )
    digest = hmac.new(
        auth_token.encode("utf-8"), payload.encode("utf-8"), hashlib.sha1
    ).digest()
    return base64.b64encode(digest).decode("ascii")
