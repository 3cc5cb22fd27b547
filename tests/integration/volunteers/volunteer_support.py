"""Types shared by the volunteer API tests."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

CreateVolunteer = Callable[..., Awaitable[dict[str, Any]]]
"""The `create_volunteer` fixture: POST /api/volunteers, returns the 201 body."""
