"""Every route of the app, tried as nobody and as an account of every role: the
roles the table allows get past authorization, the others are refused (401 or 403
on the API, the login page or 403 in the console). A route the table does not
declare fails the test, so no new route escapes the rules."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from fastapi.routing import iter_route_contexts

from tests.integration.roles.accounts import (
    Answer,
    Identity,
    asgi_request,
    identities,
)
from tests.integration.roles.route_table import (
    OPS_TOKEN,
    PATH_VALUES,
    PUBLIC,
    ROUTES,
    SIGNED_LINK,
    TWILIO,
    Access,
)
from tests.support.harness import Hotline

pytestmark = pytest.mark.integration

_PARAM = re.compile(r"\{([a-z_]+)(?::[a-z]+)?\}")


def app_routes(hotline: Hotline) -> Iterator[tuple[str, str]]:
    """(method, path) of every route and mount, HEAD left out (GET's twin)."""
    for route in iter_route_contexts(hotline.app.routes):
        path = route.path
        assert path is not None
        methods = route.methods
        if methods is None:
            yield "MOUNT", path
            continue
        for method in sorted(methods - {"HEAD"}):
            yield method, path


def concrete(path: str) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        assert name in PATH_VALUES, f"add a value for {{{name}}} to PATH_VALUES"
        return PATH_VALUES[name]

    return _PARAM.sub(value, path)


def _error_name(answer: Answer) -> str | None:
    if not answer.headers.get("content-type", "").startswith("application/json"):
        return None
    try:
        body = json.loads(answer.body)
    except ValueError:
        return None
    return body.get("error") if isinstance(body, dict) else None


def is_login_redirect(answer: Answer) -> bool:
    """Sent to sign in first (a page that needs a session); logging out also ends
    on the login page, but without a page to come back to."""
    return answer.status in (302, 303, 307) and answer.headers.get(
        "location", ""
    ).startswith("/console/login?next=")


def is_role_refused(answer: Answer) -> bool:
    """403 because of the role (not a CSRF token or a webhook signature)."""
    if answer.status != 403:
        return False
    return _error_name(answer) == "RoleRefused" or "needs the role" in answer.text


def is_refused(answer: Answer, *, is_anonymous: bool, is_console: bool) -> bool:
    if is_anonymous:
        return is_login_redirect(answer) if is_console else answer.status == 401
    return is_role_refused(answer)


def is_let_through(answer: Answer) -> bool:
    return (
        answer.status != 401
        and not is_login_redirect(answer)
        and not is_role_refused(answer)
        and answer.status < 500
    )


async def call(hotline: Hotline, method: str, path: str, who: Identity) -> Answer:
    url = concrete(path)
    if path.startswith("/console") and method == "POST":
        form = f"csrf_token={who.csrf_token}" if who.csrf_token else ""
        return await asgi_request(
            hotline,
            method,
            url,
            identity=who,
            body=form.encode(),
            content_type="application/x-www-form-urlencoded",
        )
    if method in ("POST", "PUT", "PATCH"):
        return await asgi_request(
            hotline,
            method,
            url,
            identity=who,
            body=b"{}",
            content_type="application/json",
        )
    return await asgi_request(hotline, method, url, identity=who)


def expectation(access: Access, who: Identity) -> str:
    """ "through" or "refused" for an identity, by the table."""
    if access == PUBLIC:
        return "through"
    if access in (TWILIO, OPS_TOKEN, SIGNED_LINK):
        return "refused"
    assert isinstance(access, frozenset)
    return "through" if who.role is not None and who.role.value in access else "refused"


async def test_every_route_is_declared_in_the_table(hotline: Hotline) -> None:
    found = set(app_routes(hotline))
    undeclared = sorted(found - set(ROUTES))
    stale = sorted(set(ROUTES) - found)
    assert not undeclared, (
        f"routes missing from tests/integration/roles/route_table.py: {undeclared}"
    )
    assert not stale, f"routes in the table that the app no longer has: {stale}"


async def test_every_route_with_every_role(hotline: Hotline) -> None:
    people = await identities(hotline)
    wrong: list[str] = []
    for method, path in sorted(set(app_routes(hotline)) & set(ROUTES)):
        access = ROUTES[(method, path)]
        if method == "MOUNT":
            continue
        for who in people:
            answer = await call(hotline, method, path, who)
            expected = expectation(access, who)
            is_console = path.startswith("/console")
            if access == TWILIO:
                # Unsigned: refused whoever asks, and no account changes that.
                ok = answer.status == 403
            elif access == OPS_TOKEN:
                ok = answer.status in (401, 403)
            elif access == SIGNED_LINK:
                # A forged link: refused (or gone) whoever follows it.
                ok = 400 <= answer.status < 500
            elif expected == "through":
                ok = is_let_through(answer)
            else:
                ok = is_refused(
                    answer, is_anonymous=who.role is None, is_console=is_console
                )
            if not ok:
                wrong.append(
                    f"{method} {path} as {who.name}: expected {expected}, "
                    f"got {answer.status} {answer.text[:120]!r}"
                )
            if path == "/console/logout" and who.role is not None:
                # Logging out ended the session; the next routes need one.
                people = await identities_again(hotline, people, who)
    assert not wrong, "\n".join(wrong)


async def identities_again(
    hotline: Hotline, people: list[Identity], who: Identity
) -> list[Identity]:
    from tests.integration.roles.accounts import open_console_session

    session_token, csrf = await open_console_session(hotline, who.name)
    fresh = Identity(who.name, who.role, who.api_token, session_token, csrf)
    return [fresh if p.name == who.name else p for p in people]
