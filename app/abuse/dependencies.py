"""ApiRateLimitDep: each bearer token may make so many API requests a minute."""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.errors import TooManyRequests
from app.state import StateDep

_bearer = HTTPBearer(auto_error=False)


async def limit_api_token(
    state: StateDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Counted before the token is checked, so a flood costs no database work."""
    if credentials is None:
        return
    key = hashlib.sha256(credentials.credentials.encode()).hexdigest()[:32]
    if not await state.limits.allow_api(key):
        raise TooManyRequests("too many requests with this token; slow down")


ApiRateLimitDep = Annotated[None, Depends(limit_api_token)]
