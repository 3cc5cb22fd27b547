"""API tokens: named, listed, given an expiry and revoked, through the API and the CLI.
A coordinator manages only their own tokens."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from app import cli
from app.auth import service as auth_service
from app.config import get_settings
from app.db import create_engine, create_sessionmaker
from app.errors import BadRequest, Unauthorized
from tests.support.harness import Hotline

pytestmark = pytest.mark.integration


async def bearer(
    hotline: Hotline, token: str, method: str, path: str
) -> httpx.Response:
    transport = httpx.ASGITransport(app=hotline.app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://hotline.test"
    ) as client:
        return await client.request(
            method, path, headers={"Authorization": f"Bearer {token}"}
        )


async def new_token(
    hotline: Hotline, name: str = "export", expires_in_days: int | None = None
) -> dict[str, object]:
    body: dict[str, object] = {"name": name}
    if expires_in_days is not None:
        body["expires_in_days"] = expires_in_days
    response = await hotline.api("POST", "/api/tokens", json=body)
    assert response.status_code == 201, response.text
    assert response.headers["cache-control"] == "no-store"
    issued: dict[str, object] = response.json()
    return issued


async def test_created_token_is_named_listed_without_secret_and_works(
    hotline: Hotline,
) -> None:
    issued = await new_token(hotline, "accounting export", expires_in_days=30)
    secret = str(issued["token"])

    works = await bearer(hotline, secret, "GET", "/api/calls")
    listed = (await hotline.api("GET", "/api/tokens")).json()

    assert works.status_code == 200
    assert secret.startswith(auth_service.TOKEN_PREFIX)
    assert issued["name"] == "accounting export"
    expires_at = datetime.fromisoformat(str(issued["expires_at"]))
    assert expires_at == hotline.clock.now() + timedelta(days=30)
    assert [t["name"] for t in listed] == ["accounting export", None]
    assert all("token" not in t and "token_sha256" not in t for t in listed)
    assert secret not in str(listed)
    mine = listed[0]
    assert mine["last_used_at"] is not None
    assert mine["revoked_at"] is None


async def test_last_use_is_recorded_at_most_once_a_minute(hotline: Hotline) -> None:
    secret = str((await new_token(hotline))["token"])

    async def last_used() -> str:
        tokens = (await hotline.api("GET", "/api/tokens")).json()
        return str(next(t for t in tokens if t["name"] == "export")["last_used_at"])

    await bearer(hotline, secret, "GET", "/api/calls")
    first = await last_used()
    await hotline.sim.advance(30)
    await bearer(hotline, secret, "GET", "/api/calls")
    unchanged = await last_used()
    await hotline.sim.advance(31)
    await bearer(hotline, secret, "GET", "/api/calls")
    moved = await last_used()

    assert first == unchanged
    assert datetime.fromisoformat(moved) - datetime.fromisoformat(first) == timedelta(
        seconds=61
    )


async def test_expired_token_is_refused_saying_so(hotline: Hotline) -> None:
    secret = str((await new_token(hotline, expires_in_days=1))["token"])

    await hotline.sim.advance(24 * 3600 - 1)
    before = await bearer(hotline, secret, "GET", "/api/calls")
    await hotline.sim.advance(1)
    after = await bearer(hotline, secret, "GET", "/api/calls")
    listed = (await hotline.api("GET", "/api/tokens")).json()

    assert before.status_code == 200
    assert after.status_code == 401
    assert after.json()["detail"] == "API token expired"
    assert listed[0]["name"] == "export"


async def test_revoked_token_stops_working_and_revoking_again_changes_nothing(
    hotline: Hotline,
) -> None:
    issued = await new_token(hotline)
    secret = str(issued["token"])

    revoked = await hotline.api("DELETE", f"/api/tokens/{issued['id']}")
    await hotline.sim.advance(60)
    again = await hotline.api("DELETE", f"/api/tokens/{issued['id']}")
    refused = await bearer(hotline, secret, "GET", "/api/calls")

    assert revoked.status_code == again.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    assert again.json()["revoked_at"] == revoked.json()["revoked_at"]
    assert refused.status_code == 401
    assert refused.json()["detail"] == "invalid API token"
    assert (await hotline.api("GET", "/api/calls")).status_code == 200


async def test_a_coordinator_cannot_see_or_revoke_another_coordinators_token(
    hotline: Hotline,
) -> None:
    issued = await new_token(hotline)
    async with hotline.session() as session:
        bob = await auth_service.create_coordinator(
            session, "bob", now=hotline.clock.now()
        )

    bobs_list = await bearer(hotline, bob, "GET", "/api/tokens")
    revoke = await bearer(hotline, bob, "DELETE", f"/api/tokens/{issued['id']}")
    still = await bearer(hotline, str(issued["token"]), "GET", "/api/calls")

    assert [t["id"] for t in bobs_list.json()] != []
    assert issued["id"] not in [t["id"] for t in bobs_list.json()]
    assert revoke.status_code == 404
    assert still.status_code == 200


@pytest.mark.parametrize(
    "body",
    [{}, {"name": ""}, {"name": "x" * 61}, {"name": "a", "expires_in_days": 0}],
)
async def test_bad_token_requests_are_refused(
    hotline: Hotline, body: dict[str, object]
) -> None:
    response = await hotline.api("POST", "/api/tokens", json=body)

    assert response.status_code == 422


async def test_token_endpoints_need_a_token(hotline: Hotline) -> None:
    response = await bearer(hotline, "hlt_nope", "GET", "/api/tokens")

    assert response.status_code == 401


async def test_service_takes_an_expiry_date_but_not_a_past_one(
    hotline: Hotline,
) -> None:
    now = hotline.clock.now()
    async with hotline.session() as session:
        await auth_service.create_coordinator(session, "alice", now=now)
        alice = await auth_service.coordinator_named(session, "alice")
        dated = await auth_service.create_token(
            session, alice, name="dated", now=now, expires_at=now + timedelta(hours=2)
        )
        with pytest.raises(BadRequest):
            await auth_service.create_token(
                session, alice, name="past", now=now, expires_at=now
            )
        with pytest.raises(BadRequest):
            await auth_service.create_token(session, alice, name="  ", now=now)
        with pytest.raises(Unauthorized):
            await auth_service.authenticate(
                session, dated.token, now=now + timedelta(hours=2)
            )
        assert await auth_service.authenticate(session, dated.token, now=now) == alice


def test_cli_creates_lists_and_revokes_tokens(
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("HOTLINE_DATABASE__URL", database_url)
    get_settings.cache_clear()
    name = "cli-tokens"
    try:
        assert cli.main(["coordinator", "create", name, "--no-password"]) == 0
        capsys.readouterr()
        created = cli.main(
            [
                "coordinator",
                "token",
                "create",
                name,
                "--name",
                "nightly backup",
                "--expires-in-days",
                "7",
            ]
        )
        out = capsys.readouterr().out
        secret = out.strip().splitlines()[-1]
        token_id = int(out.split()[2])
        listed_code = cli.main(["coordinator", "token", "list", name])
        listed = capsys.readouterr().out
        revoked_code = cli.main(["coordinator", "token", "revoke", name, str(token_id)])
        revoked = capsys.readouterr().out
        after = cli.main(["coordinator", "token", "list", name])
        listed_after = capsys.readouterr().out
        unknown = cli.main(["coordinator", "token", "list", "nobody-here"])
        err = capsys.readouterr().err
    finally:
        get_settings.cache_clear()

    assert created == listed_code == revoked_code == after == 0
    assert secret.startswith(auth_service.TOKEN_PREFIX)
    assert "nightly backup" in listed
    assert "active" in listed
    assert secret not in listed
    assert "revoked" in revoked
    row = next(line for line in listed_after.splitlines() if "nightly" in line)
    assert "revoked" in row
    assert unknown == 1
    assert "no coordinator" in err

    async def who() -> str:
        engine = create_engine(database_url)
        try:
            async with create_sessionmaker(engine)() as session:
                now = datetime.now(UTC)
                return (
                    await auth_service.authenticate(session, secret, now=now)
                ).username
        finally:
            await engine.dispose()

    with pytest.raises(Unauthorized, match="invalid API token"):
        asyncio.run(who())
