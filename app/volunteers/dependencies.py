"""OperatorDep: an operator authenticated by their personal duty token."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.db import SessionDep
from app.errors import Unauthorized
from app.volunteers import service
from app.volunteers.models import Volunteer

_bearer = HTTPBearer(auto_error=False)


async def current_operator(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Volunteer:
    if credentials is None:
        raise Unauthorized("missing bearer token")
    volunteer = await service.by_duty_token(session, credentials.credentials)
    if volunteer is None:
        raise Unauthorized("invalid duty token")
    return volunteer


OperatorDep = Annotated[Volunteer, Depends(current_operator)]
