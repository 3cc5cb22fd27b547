"""OperatorDep: an operator, by their personal duty token or by an API token of an
operator account (app/auth/roles.py), which names its volunteer record."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.auth import service as auth_service
from app.auth.roles import Role, ensure_role
from app.db import SessionDep
from app.errors import Unauthorized
from app.state import StateDep
from app.volunteers import service
from app.volunteers.models import Volunteer

_bearer = HTTPBearer(auto_error=False)


async def current_operator(
    session: SessionDep,
    state: StateDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Volunteer:
    if credentials is None:
        raise Unauthorized("missing bearer token")
    token = credentials.credentials
    if token.startswith(auth_service.TOKEN_PREFIX):
        account = await auth_service.authenticate(session, token, now=state.clock.now())
        ensure_role(account.role, {Role.OPERATOR})
        if account.volunteer_id is None:
            raise Unauthorized("this operator account has no volunteer record")
        return await service.get(session, account.volunteer_id)
    volunteer = await service.by_duty_token(session, token)
    if volunteer is None:
        raise Unauthorized("invalid duty token")
    return volunteer


OperatorDep = Annotated[Volunteer, Depends(current_operator)]
