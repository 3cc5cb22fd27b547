"""CoordinatorDep: coordinator endpoints require `Authorization: Bearer <token>`,
within the per-token rate limit (app/abuse/dependencies.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.abuse.dependencies import ApiRateLimitDep
from app.auth import service
from app.auth.models import Coordinator
from app.db import SessionDep
from app.errors import Unauthorized
from app.state import StateDep

_bearer = HTTPBearer(auto_error=False)


async def current_coordinator(
    _limited: ApiRateLimitDep,
    session: SessionDep,
    state: StateDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Coordinator:
    if credentials is None:
        raise Unauthorized("missing bearer token")
    return await service.authenticate(
        session, credentials.credentials, now=state.clock.now()
    )


CoordinatorDep = Annotated[Coordinator, Depends(current_coordinator)]
