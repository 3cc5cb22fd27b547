"""The API tokens page: the viewer's own tokens, one made (its secret shown once, on
the answer to the form) and one revoked."""

from __future__ import annotations

import httpx
import pytest

from app.auth import service as auth_service
from tests.support.console import signed_in
from tests.support.harness import Hotline

pytestmark = pytest.mark.integration


async def api_get(hotline: Hotline, token: str) -> int:
    transport = httpx.ASGITransport(app=hotline.app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://hotline.test"
    ) as client:
        response = await client.get(
            "/api/calls", headers={"Authorization": f"Bearer {token}"}
        )
        return response.status_code


async def test_make_a_token_see_it_once_then_revoke_it(hotline: Hotline) -> None:
    async with signed_in(hotline, "carla") as console:
        board = await console.get("/console")
        page = await console.get("/console/tokens")
        made = await console.post(
            "/console/tokens", {"name": "Accounting export", "expires_in_days": "30"}
        )
        secret = made.text.split('id="tok-secret" readonly value="')[1].split('"')[0]
        works = await api_get(hotline, secret)
        again = await console.get("/console/tokens")
        async with hotline.session() as session:
            carla = await auth_service.coordinator_named(session, "carla")
            tokens = await auth_service.list_tokens(session, carla)
        mine = next(t for t in tokens if t.name == "Accounting export")
        revoked = await console.post(f"/console/tokens/{mine.id}/revoke")
        after = await console.get(revoked.headers["location"])

    assert 'href="/console/tokens"' in board.text
    assert "API tokens" in board.text
    assert page.status_code == 200
    assert "Make a token" in page.text
    assert made.status_code == 201
    assert made.headers["cache-control"] == "no-store"
    assert "shown this once" in made.text
    assert secret.startswith(auth_service.TOKEN_PREFIX)
    assert works == 200
    assert "Accounting export" in again.text
    assert secret not in again.text
    assert "Active" in again.text
    assert revoked.status_code == 303
    assert secret not in revoked.headers["location"]
    assert "The token was revoked" in after.text
    assert "Revoked" in after.text
    assert await api_get(hotline, secret) == 401


async def test_a_token_without_a_name_is_refused_keeping_the_choice(
    hotline: Hotline,
) -> None:
    async with signed_in(hotline, "carla") as console:
        response = await console.post(
            "/console/tokens", {"name": "  ", "expires_in_days": "365"}
        )

    assert response.status_code == 422
    assert "Give the token a name" in response.text
    assert '<option value="365" selected>' in response.text
    assert "tok-secret" not in response.text


async def test_another_coordinators_token_is_neither_shown_nor_revoked(
    hotline: Hotline,
) -> None:
    async with hotline.session() as session:
        secret = await auth_service.create_coordinator(
            session, "bob", now=hotline.clock.now()
        )
        bob = await auth_service.coordinator_named(session, "bob")
        bobs = await auth_service.list_tokens(session, bob)
    async with signed_in(hotline, "carla", language="nl") as console:
        page = await console.get("/console/tokens")
        refused = await console.post(f"/console/tokens/{bobs[0].id}/revoke")

    assert "API-sleutels" in page.text
    assert f'action="/console/tokens/{bobs[0].id}/revoke"' not in page.text
    assert refused.status_code == 404
    assert await api_get(hotline, secret) == 200


async def test_revoking_needs_the_forms_csrf_token(hotline: Hotline) -> None:
    async with signed_in(hotline, "carla") as console:
        await console.get("/console/tokens")
        response = await console.http.post("/console/tokens/1/revoke", data={})

    assert response.status_code == 403
