"""JSON API of accounts: everyone's own API tokens (list, create with the secret
shown once, revoke; nobody sees or touches another account's tokens), and the
admins' management of accounts and their roles."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from app.auth import service
from app.auth.dependencies import AccountDep, AdminDep
from app.auth.schemas import (
    AccountCreate,
    AccountCreated,
    AccountRead,
    AccountRoleUpdate,
    ApiTokenCreate,
    ApiTokenIssued,
    ApiTokenRead,
)
from app.db import SessionDep
from app.state import StateDep

router = APIRouter(prefix="/api/tokens", tags=["auth"])
accounts_router = APIRouter(prefix="/api/accounts", tags=["auth"])


@router.get("")
async def list_tokens(
    session: SessionDep, coordinator: AccountDep
) -> list[ApiTokenRead]:
    """Your API tokens, newest first, revoked and expired ones included; never a
    secret."""
    return await service.list_tokens(session, coordinator)


@router.post("", status_code=201)
async def create_token(
    data: ApiTokenCreate,
    session: SessionDep,
    state: StateDep,
    coordinator: AccountDep,
    response: Response,
) -> ApiTokenIssued:
    """A new named API token, optionally expiring after some days. The answer is the
    only time its secret is shown."""
    response.headers["Cache-Control"] = "no-store"
    return await service.create_token(
        session,
        coordinator,
        name=data.name,
        expires_in_days=data.expires_in_days,
        now=state.clock.now(),
    )


@router.delete("/{token_id}")
async def revoke_token(
    token_id: int, session: SessionDep, state: StateDep, coordinator: AccountDep
) -> ApiTokenRead:
    """Revoke one of your tokens (again: no change). It stops working at once."""
    return await service.revoke_token(
        session, coordinator, token_id, now=state.clock.now()
    )


@accounts_router.get("")
async def list_accounts(session: SessionDep, _: AdminDep) -> list[AccountRead]:
    """Every account with its role, by user name."""
    return [AccountRead.model_validate(a) for a in await service.list_accounts(session)]


@accounts_router.post("", status_code=201)
async def create_account(
    data: AccountCreate,
    session: SessionDep,
    state: StateDep,
    admin: AdminDep,
    response: Response,
) -> AccountCreated:
    """A new account with a role (a partner names its organisation, an operator
    their volunteer) and a first API token, shown this once. Audited."""
    response.headers["Cache-Control"] = "no-store"
    token = await service.create_coordinator(
        session,
        data.username,
        now=state.clock.now(),
        role=data.role,
        organisation=data.organisation,
        volunteer_id=data.volunteer_id,
        actor=admin.username,
    )
    account = await service.coordinator_named(session, data.username)
    return AccountCreated(
        **AccountRead.model_validate(account).model_dump(), token=token
    )


@accounts_router.put("/{username}/role")
async def change_role(
    username: Annotated[str, Path(max_length=60)],
    data: AccountRoleUpdate,
    session: SessionDep,
    state: StateDep,
    admin: AdminDep,
) -> AccountRead:
    """Give an account another role; its console sessions end. Audited."""
    account = await service.change_role(
        session,
        username=username,
        role=data.role,
        organisation=data.organisation,
        volunteer_id=data.volunteer_id,
        actor=admin.username,
        now=state.clock.now(),
    )
    return AccountRead.model_validate(account)
