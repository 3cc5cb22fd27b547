"""Signed, expiring links to an operator's page. Pure: no I/O, no clock.

A token is `<volunteer id>.<expiry, epoch seconds>.<signature>`, the signature an
HMAC-SHA256 of the first two parts under the deployment's key (every instance
shares it), so a link cannot be made for someone else or made to last longer.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime

from app.operator_page.errors import OperatorLinkExpired, OperatorLinkInvalid

_PURPOSE = b"hotline operator page v1"


def derive_key(secret: str) -> bytes:
    """The signing key from a secret (a dedicated one, or the provider's token):
    never the secret itself, so a link reveals nothing usable elsewhere."""
    return hmac.new(secret.encode(), _PURPOSE, hashlib.sha256).digest()


def _signature(key: bytes, volunteer_id: int, expires: int) -> str:
    digest = hmac.new(key, f"{volunteer_id}.{expires}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()[:24]).decode().rstrip("=")


def sign(key: bytes, volunteer_id: int, *, expires_at: datetime) -> str:
    expires = int(expires_at.timestamp())
    return f"{volunteer_id}.{expires}.{_signature(key, volunteer_id, expires)}"


def verify(key: bytes, token: str, *, now: datetime) -> int:
    """The volunteer id of a genuine, unexpired token."""
    parts = token.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        raise OperatorLinkInvalid("this is not a link of the hotline")
    volunteer_id, expires = int(parts[0]), int(parts[1])
    if not hmac.compare_digest(parts[2], _signature(key, volunteer_id, expires)):
        raise OperatorLinkInvalid("this is not a link of the hotline")
    if datetime.fromtimestamp(expires, UTC) <= now:
        raise OperatorLinkExpired(
            "this link has expired; going on duty sends a new one",
            volunteer_id=volunteer_id,
        )
    return volunteer_id
