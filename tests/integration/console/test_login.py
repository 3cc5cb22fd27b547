"""Console sign-in: passwords, sessions, CSRF, throttling, language."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from pydantic import AnyHttpUrl

from app.auth import service as auth_service
from app.config import Settings
from tests.support.console import (
    PASSWORD,
    console_client,
    create_coordinator,
    csrf_token,
    signed_in,
)
from tests.support.harness import Hotline, hotline_harness

pytestmark = pytest.mark.integration


async def test_pages_redirect_to_login_until_signed_in(hotline: Hotline) -> None:
    async with console_client(hotline.app) as client:
        response = await client.get("/console/board/fragment?x=1")

    assert response.status_code == 303
    assert response.headers["location"] == (
        "/console/login?next=/console/board/fragment%3Fx%3D1"
    )


async def test_sign_in_sets_a_strict_cookie_and_opens_the_board(
    hotline: Hotline,
) -> None:
    await create_coordinator(hotline, "carla")
    async with console_client(hotline.app) as client:
        response = await client.log_in("carla", PASSWORD)
        board = await client.get("/console")

    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "hotline_session=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" not in cookie  # the test's public URL is http
    assert board.status_code == 200
    assert "Live board" in board.text
    assert "carla" in board.text


async def test_wrong_password_is_refused_without_telling_which_part(
    hotline: Hotline,
) -> None:
    await create_coordinator(hotline, "carla")
    async with console_client(hotline.app) as client:
        wrong_password = await client.log_in("carla", "not the password")
        unknown_user = await client.log_in("nobody", PASSWORD)
        board = await client.get("/console")

    assert wrong_password.status_code == 401
    assert unknown_user.status_code == 401
    assert "Wrong user name or password." in wrong_password.text
    assert "Wrong user name or password." in unknown_user.text
    assert board.status_code == 303


async def test_failed_logins_make_the_account_wait_longer_each_time(
    hotline: Hotline,
) -> None:
    await create_coordinator(hotline, "carla")
    async with console_client(hotline.app) as client:
        for _ in range(auth_service.FREE_ATTEMPTS):
            assert (await client.log_in("carla", "nope-nope-nope")).status_code == 401
        throttled = await client.log_in("carla", PASSWORD)  # even the right one
        assert throttled.status_code == 429
        assert "Try again in 2 seconds" in throttled.text

        await hotline.sim.advance(2)
        assert (await client.log_in("carla", "still wrong!!")).status_code == 401
        await hotline.sim.advance(2)
        assert (await client.log_in("carla", PASSWORD)).status_code == 429
        await hotline.sim.advance(2)
        signed = await client.log_in("carla", PASSWORD)

    assert signed.status_code == 303
    assert auth_service.login_delay_s(4) == 4
    assert auth_service.login_delay_s(40) == auth_service.MAX_DELAY_S


async def test_log_out_ends_the_session(hotline: Hotline) -> None:
    async with signed_in(hotline) as client:
        old_cookie = client.http.cookies.get("hotline_session")
        response = await client.post("/console/logout")
        assert response.status_code == 303
        client.http.cookies.set("hotline_session", old_cookie or "")
        again = await client.get("/console")

    assert again.status_code == 303  # the old cookie no longer opens anything


async def test_sessions_expire(hotline: Hotline) -> None:
    async with signed_in(hotline) as client:
        assert (await client.get("/console")).status_code == 200
        lifetime = hotline.settings.console.session_lifetime_s
        await hotline.sim.advance(lifetime + 1)
        response = await client.get("/console")

    assert response.status_code == 303


@pytest.mark.parametrize("token", [None, "", "forged-token"])
async def test_a_form_without_the_sessions_csrf_token_is_refused(
    hotline: Hotline, token: str | None
) -> None:
    operator = await hotline.add_operator("Op", "+32470000001", ["nl"], party=None)
    async with signed_in(hotline) as client:
        data = {} if token is None else {"csrf_token": token}
        response = await client.http.post(
            f"/console/operators/{operator}/away", data=data
        )
        board = await client.get("/console")

    assert response.status_code == 403
    assert "refused" in response.text
    assert "Available" in board.text  # nothing changed


async def test_login_form_needs_its_csrf_cookie(hotline: Hotline) -> None:
    await create_coordinator(hotline, "carla")
    async with console_client(hotline.app) as client:
        page = await client.get("/console/login")
        client.http.cookies.clear()
        response = await client.http.post(
            "/console/login",
            data={
                "csrf_token": csrf_token(page.text),
                "username": "carla",
                "password": PASSWORD,
            },
        )

    assert response.status_code == 403


async def test_next_never_leaves_the_console(hotline: Hotline) -> None:
    await create_coordinator(hotline, "carla")
    async with console_client(hotline.app) as client:
        page = await client.get("/console/login")
        response = await client.http.post(
            "/console/login",
            data={
                "csrf_token": csrf_token(page.text),
                "username": "carla",
                "password": PASSWORD,
                "next": "https://evil.example/console",
            },
        )

    assert response.headers["location"] == "/console"


@pytest.mark.parametrize(
    ("accept", "heading"),
    [
        ("fr-BE,fr;q=0.9", "Connexion à la console"),
        ("nl-BE", "Aanmelden bij de console"),
        ("de-DE", "Aanmelden bij de console"),  # no German console: Dutch
        ("en-GB,en", "Sign in to the console"),
    ],
)
async def test_language_defaults_from_the_browser(
    hotline: Hotline, accept: str, heading: str
) -> None:
    async with console_client(hotline.app) as client:
        page = await client.get("/console/login", headers={"Accept-Language": accept})

    assert heading in page.text


async def test_language_choice_is_remembered(hotline: Hotline) -> None:
    async with signed_in(hotline, language="en") as client:
        switch = await client.get("/console/language/fr?next=/console")
        board = await client.get("/console")

    assert switch.status_code == 303
    assert "Tableau en direct" in board.text
    assert '<html lang="fr">' in board.text


async def test_api_tokens_keep_working_beside_the_console(hotline: Hotline) -> None:
    response = await hotline.api("GET", "/api/board")

    assert response.status_code == 200
    assert response.json()["operators"] == []


def test_session_lifetime_is_configurable() -> None:
    from app.config import ConsoleSettings

    assert ConsoleSettings(session_lifetime_s=600).lifetime == timedelta(minutes=10)


async def test_the_session_cookie_is_secure_behind_https(settings: Settings) -> None:
    secure = settings.model_copy(
        update={"public_base_url": AnyHttpUrl("https://hotline.example.org")}
    )
    async with hotline_harness(secure) as hotline:
        await create_coordinator(hotline, "carla")
        async with console_client(
            hotline.app, base_url="https://hotline.example.org"
        ) as client:
            login_page = await client.get("/console/login")
            response = await client.log_in("carla", PASSWORD)

    assert "Secure" in login_page.headers["set-cookie"]
    assert "Secure" in response.headers["set-cookie"]
    assert "HttpOnly" in response.headers["set-cookie"]


async def test_concurrent_attempts_on_one_name_cannot_skip_the_count(
    hotline: Hotline,
) -> None:
    await create_coordinator(hotline, "carla")

    async def attempt() -> str:
        async with hotline.session() as session:
            try:
                await auth_service.log_in(
                    session,
                    username="carla",
                    password="wrong password!",
                    now=hotline.clock.now(),
                    lifetime=hotline.settings.console.lifetime,
                )
            except auth_service.LoginThrottled:
                return "throttled"
            except auth_service.InvalidLogin:
                return "checked"
        return "signed in"

    outcomes = await asyncio.gather(*(attempt() for _ in range(12)))

    assert "signed in" not in outcomes
    checked = outcomes.count("checked")
    assert checked <= auth_service.FREE_ATTEMPTS
    assert outcomes.count("throttled") == 12 - checked


async def test_unknown_names_are_throttled_like_real_ones(hotline: Hotline) -> None:
    await create_coordinator(hotline, "carla")
    async with console_client(hotline.app) as client:
        known = [
            (await client.log_in("carla", "wrong password!")).status_code
            for _ in range(5)
        ]
        unknown = [
            (await client.log_in("nobody", "wrong password!")).status_code
            for _ in range(5)
        ]
        throttled = await client.log_in("nobody", "wrong password!")

    assert known == unknown == [401, 401, 401, 429, 429]
    assert throttled.headers["retry-after"] == "2"


async def test_user_names_ignore_case(hotline: Hotline) -> None:
    await create_coordinator(hotline, "Carla")
    async with console_client(hotline.app) as client:
        response = await client.log_in("CARLA", PASSWORD)

    assert response.status_code == 303


async def test_console_pages_cannot_be_framed_or_cached(hotline: Hotline) -> None:
    async with signed_in(hotline) as client:
        board = await client.get("/console")
        api = await hotline.api("GET", "/api/board")

    assert board.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in board.headers["content-security-policy"]
    assert board.headers["cache-control"] == "no-store"
    assert "x-frame-options" not in api.headers  # the API and webhooks are untouched


async def test_a_post_without_session_returns_to_the_board_after_login(
    hotline: Hotline,
) -> None:
    async with console_client(hotline.app) as client:
        response = await client.http.post("/console/operators/1/away")
        long_get = await client.get("/console?x=" + "y" * 600)

    assert response.headers["location"] == "/console/login?next=/console"
    assert long_get.headers["location"] == "/console/login?next=/console"
