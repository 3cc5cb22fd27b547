"""Coordinator API: bearer tokens only; calls, requests and the live queue."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from app import cli
from app.auth import service as auth_service
from app.config import get_settings
from app.db import create_engine, create_sessionmaker
from app.errors import BadRequest, Conflict
from tests.e2e.ivr.probe import BASE_URL, post_webhook
from tests.support.harness import HOTLINE_NUMBER, Hotline
from twilio_simulator.parties import OperatorPhone, Press, ScriptedCaller

pytestmark = pytest.mark.integration

API_URLS = [
    "/api/calls",
    "/api/calls/1",
    "/api/requests",
    "/api/requests/1",
    "/api/queue",
]


async def anonymous_get(hotline: Hotline, path: str, **headers: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=hotline.app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        return await client.get(path, headers=headers)


async def ring(hotline: Hotline, n: int, *, from_: str = "+32470123456") -> str:
    """A call reaching the hotline (just the first webhook); returns its CallSid."""
    sid = f"CA{n:032x}"
    params = {"CallSid": sid, "From": from_, "To": HOTLINE_NUMBER}
    response = await post_webhook(hotline.app, f"{BASE_URL}/twilio/voice", params)
    assert response.status_code == 200
    return sid


@pytest.mark.parametrize("path", API_URLS)
@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer hlt_not-a-real-token", "Bearer nope", "Basic YWxpY2U6cHc=", "hlt_x"],
)
async def test_coordinator_endpoints_refuse_anonymous_access(
    hotline: Hotline, path: str, authorization: str | None
) -> None:
    await hotline.token()  # a coordinator exists; the request just is not theirs
    headers = {"Authorization": authorization} if authorization else {}

    response = await anonymous_get(hotline, path, **headers)

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"] == "Unauthorized"


async def test_issued_token_opens_every_endpoint(hotline: Hotline) -> None:
    await ring(hotline, 1)
    for path in API_URLS:
        response = await hotline.api("GET", path)
        assert response.status_code == 200, path


async def test_call_list_is_newest_first_and_paginated(hotline: Hotline) -> None:
    sids = [await ring(hotline, n) for n in range(1, 6)]

    first = (await hotline.api("GET", "/api/calls", params={"limit": 2})).json()
    second = (
        await hotline.api("GET", "/api/calls", params={"limit": 2, "offset": 2})
    ).json()
    last = (
        await hotline.api("GET", "/api/calls", params={"limit": 2, "offset": 4})
    ).json()

    assert first["total"] == second["total"] == last["total"] == 5
    listed = [
        c["twilio_call_sid"] for page in (first, second, last) for c in page["items"]
    ]
    assert listed == list(reversed(sids))
    # Masked in every answer (app/auth/masking.py).
    assert first["items"][0]["caller_e164"] == "+32*******56"


async def test_call_list_filters_by_purpose_and_start(hotline: Hotline) -> None:
    early = await ring(hotline, 1)
    await hotline.sim.advance(600)
    late = await ring(hotline, 2)
    await hotline.add_operator("Marie", "+32470000001", ["nl"], None, on_duty=False)
    duty = await ring(hotline, 3, from_="+32470000001")  # the operator's duty line
    since = (hotline.clock.now() - timedelta(seconds=60)).isoformat()

    callers = (
        await hotline.api("GET", "/api/calls", params={"purpose": "caller"})
    ).json()
    recent = (await hotline.api("GET", "/api/calls", params={"since": since})).json()
    duties = (
        await hotline.api("GET", "/api/calls", params={"purpose": "operator_duty"})
    ).json()

    assert [c["twilio_call_sid"] for c in callers["items"]] == [late, early]
    assert {c["twilio_call_sid"] for c in recent["items"]} == {late, duty}
    assert [c["twilio_call_sid"] for c in duties["items"]] == [duty]


@pytest.mark.parametrize(
    "params", [{"limit": 0}, {"limit": 501}, {"offset": -1}, {"since": "yesterday"}]
)
async def test_call_list_rejects_bad_paging(
    hotline: Hotline, params: dict[str, object]
) -> None:
    response = await hotline.api("GET", "/api/calls", params=params)

    assert response.status_code == 422


async def test_call_detail_shows_the_timeline_in_order(hotline: Hotline) -> None:
    await hotline.add_operator("Marie", "+32470000001", ["fr"], OperatorPhone())
    call = await hotline.call(
        ScriptedCaller([Press("2"), Press("1"), Press("1000")], talk_s=10)
    )
    await hotline.run()
    listed = (
        await hotline.api("GET", "/api/calls", params={"purpose": "caller"})
    ).json()
    call_id = listed["items"][0]["id"]

    detail = (await hotline.api("GET", f"/api/calls/{call_id}")).json()

    assert detail["twilio_call_sid"] == call.sid
    kinds = [e["kind"] for e in detail["events"]]
    assert kinds[:4] == ["incoming", "menu_entered", "input", "language_chosen"]
    assert kinds[-2:] == ["status", "hung_up"]
    times = [datetime.fromisoformat(e["occurred_at"]) for e in detail["events"]]
    assert times == sorted(times)
    assert (detail["outcome"], detail["language"], detail["from_number"]) == (
        "bridged",
        "fr",
        "+32******34",
    )


async def test_unknown_call_and_request_are_not_found(hotline: Hotline) -> None:
    for path in ("/api/calls/999", "/api/requests/999"):
        response = await hotline.api("GET", path)
        assert response.status_code == 404
        assert response.json()["detail"].endswith("999 not found")


async def test_requests_list_filters_by_status_and_detail_has_history(
    hotline: Hotline,
) -> None:
    await hotline.add_operator("Marie", "+32470000001", ["en"], OperatorPhone())
    call = await hotline.call(
        ScriptedCaller([Press("3"), Press("2"), Press("1050")], talk_s=10),
        from_="0470 12 34 56",
    )
    await hotline.run()

    new = (await hotline.api("GET", "/api/requests", params={"status": "new"})).json()
    done = (await hotline.api("GET", "/api/requests", params={"status": "done"})).json()
    bad = await hotline.api("GET", "/api/requests", params={"status": "lost"})

    assert new["total"] == 1
    assert done == {"total": 0, "items": []}
    assert bad.status_code == 422
    item = new["items"][0]
    assert (item["need"], item["language"], item["postcode"]) == (
        "pharmacy",
        "en",
        "1050",
    )
    assert item["caller_number"] == "+32*******56"
    detail = (await hotline.api("GET", f"/api/requests/{item['id']}")).json()
    assert [h["kind"] for h in detail["history"]] == [
        "created",
        "need_set",
        "postcode_set",
    ]
    assert detail["history"][1]["detail"] == {"need": "pharmacy"}
    assert call.sid  # the request belongs to the simulated call
    assert detail["call_id"] is not None


async def test_queue_view_shows_a_waiting_caller_masked(hotline: Hotline) -> None:
    await hotline.add_operator("Jan", "+32470000002", ["nl"], OperatorPhone.no_answer())
    call = await hotline.call(ScriptedCaller([Press("1"), Press("1"), Press("1000")]))
    await hotline.sim.advance(70)

    view = (await hotline.api("GET", "/api/queue")).json()

    assert [w["entry_id"] for w in view["waiting"]] == [call.sid]
    waiting = view["waiting"][0]
    assert (waiting["language"], waiting["need"], waiting["postcode"]) == (
        "nl",
        "groceries",
        "1000",
    )
    assert "5551234" not in waiting["caller"]
    assert [o["volunteer_id"] for o in view["operators"]] != []
    call.hang_up("test")
    await hotline.run()


async def test_create_coordinator_refuses_duplicates_and_bad_names(
    hotline: Hotline,
) -> None:
    async with hotline.session() as session:
        token = await auth_service.create_coordinator(
            session, "alice", now=hotline.clock.now()
        )
        with pytest.raises(Conflict):
            await auth_service.create_coordinator(
                session, " alice ", now=hotline.clock.now()
            )
        for name in ("", "a b", "x" * 61, "bob;drop"):
            with pytest.raises(BadRequest):
                await auth_service.create_coordinator(
                    session, name, now=hotline.clock.now()
                )
    assert token.startswith(auth_service.TOKEN_PREFIX)
    response = await anonymous_get(
        hotline, "/api/calls", Authorization=f"Bearer {token}"
    )
    assert response.status_code == 200


def test_cli_creates_a_coordinator_whose_token_works(
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("HOTLINE_DATABASE__URL", database_url)
    monkeypatch.setattr("sys.stdin", io.StringIO("a long passphrase\n" * 2))
    get_settings.cache_clear()
    name = "cli-alice"
    try:
        created = cli.main(["coordinator", "create", name, "--password-stdin"])
        out = capsys.readouterr().out
        duplicate = cli.main(["coordinator", "create", name, "--password-stdin"])
        err = capsys.readouterr().err
    finally:
        get_settings.cache_clear()

    assert created == 0
    token = out.strip().splitlines()[-1]
    assert token.startswith(auth_service.TOKEN_PREFIX)
    assert duplicate == 1
    assert "already exists" in err

    async def who() -> str:
        engine = create_engine(database_url)
        try:
            async with create_sessionmaker(engine)() as session:
                now = datetime.now(UTC)
                coordinator = await auth_service.authenticate(session, token, now=now)
                return coordinator.username
        finally:
            await engine.dispose()

    assert asyncio.run(who()) == name
