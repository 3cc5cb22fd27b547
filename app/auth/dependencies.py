"""Who is calling the API: `Authorization: Bearer <token>` of an account, within the
per-token rate limit (app/abuse/dependencies.py), and whether its role may.

`AccountDep` is any signed-in account; `CoordinatorDep` admin or coordinator (the
operational API); `AdminDep` admin only; `PartnerDep` partner, coordinator or admin
(a partner's answers are then limited to its organisation by the service);
`api_account(Role.X, ...)` builds another. No token: 401; a role not allowed: 403.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.abuse.dependencies import ApiRateLimitDep
from app.auth import service
from app.auth.models import Coordinator
from app.auth.roles import STAFF, Role, ensure_role
from app.db import SessionDep
from app.errors import Unauthorized
from app.state import StateDep

_bearer = HTTPBearer(auto_error=False)


async def current_account(
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


AccountDep = Annotated[Coordinator, Depends(current_account)]


def api_account(*roles: Role) -> Any:
    """A dependency (`Depends(...)`) for the signed-in account, refused (403) when
    its role is not one of `roles`."""
    allowed = frozenset(roles)

    async def account_with_role(account: AccountDep) -> Coordinator:
        ensure_role(account.role, allowed)
        return account

    return Depends(account_with_role)


CoordinatorDep = Annotated[Coordinator, api_account(*STAFF)]
AdminDep = Annotated[Coordinator, api_account(Role.ADMIN)]
PartnerDep = Annotated[Coordinator, api_account(Role.PARTNER, *STAFF)]
OperatorAccountDep = Annotated[Coordinator, api_account(Role.OPERATOR)]
