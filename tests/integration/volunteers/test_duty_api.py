"""The operator's own duty switch (personal token) and the coordinator's live queue."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.queue.queue_support import hanging_up_in_queue
from tests.integration.volunteers.volunteer_support import CreateVolunteer
from tests.support.harness import Hotline
from twilio_simulator import OperatorPhone

pytestmark = pytest.mark.integration


async def _as_operator(
    hotline: Hotline,
    method: str,
    token: str | None,
    *,
    json: dict[str, bool] | None = None,
) -> httpx.Response:
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=hotline.app), base_url="http://hotline.test"
    ) as client:
        return await client.request(method, "/api/duty", headers=headers, json=json)


async def test_operator_switches_duty_with_their_personal_token(
    hotline: Hotline, create_volunteer: CreateVolunteer
) -> None:
    ann = await create_volunteer()
    token = ann["duty_token"]
    before = await _as_operator(hotline, "GET", token)
    assert before.status_code == 200
    assert before.json() == {
        "volunteer_id": ann["id"],
        "duty_state": "offline",
        "live_state": None,
    }
    on = await _as_operator(hotline, "PUT", token, json={"on_duty": True})
    assert on.json()["duty_state"] == "available"
    assert on.json()["live_state"] == "available"
    listed = await hotline.api("GET", f"/api/volunteers/{ann['id']}")
    assert listed.json()["duty_state"] == "available"
    off = await _as_operator(hotline, "PUT", token, json={"on_duty": False})
    assert (off.json()["duty_state"], off.json()["live_state"]) == ("offline", None)


@pytest.mark.parametrize(
    "token", [None, "vol_not-a-real-token", "not-even-the-prefix", "vol_" + "x" * 300]
)
async def test_duty_endpoint_refuses_a_missing_or_bad_token(
    hotline: Hotline, create_volunteer: CreateVolunteer, token: str | None
) -> None:
    await create_volunteer()
    for method, body in (("GET", None), ("PUT", {"on_duty": True})):
        response = await _as_operator(hotline, method, token, json=body)
        assert response.status_code == 401, response.text
        assert response.headers["www-authenticate"] == "Bearer"


async def test_coordinator_token_is_not_a_duty_token(
    hotline: Hotline, create_volunteer: CreateVolunteer
) -> None:
    await create_volunteer()
    response = await _as_operator(hotline, "GET", await hotline.token())
    # A coordinator's own token is valid, but not an operator's: refused.
    assert response.status_code == 403


async def test_live_queue_shows_waiting_callers_in_order(hotline: Hotline) -> None:
    # Only a French speaker on duty: the Dutch callers wait unoffered.
    ann = await hotline.add_operator("Ann", "+32470000001", ["fr"], OperatorPhone())
    first = await hotline.call(hanging_up_in_queue("nl", 60), from_="+3225550001")
    await hotline.sim.advance(5)
    second = await hotline.call(hanging_up_in_queue("nl", 60), from_="+3225550002")
    await hotline.sim.advance(20)

    response = await hotline.api("GET", "/api/queue")
    assert response.status_code == 200
    body = response.json()
    waiting = body["waiting"]
    assert [(w["entry_id"], w["position"]) for w in waiting] == [
        (first.sid, 1),
        (second.sid, 2),
    ]
    assert all(w["language"] == "nl" and not w["is_offered"] for w in waiting)
    assert waiting[0]["waiting_s"] > waiting[1]["waiting_s"] >= 10
    assert "+3225550001" not in response.text  # numbers are masked
    assert body["operators"] == [
        {
            "volunteer_id": ann,
            "status": "available",
            "idle_since": body["operators"][0]["idle_since"],
        }
    ]
    assert body["pending_offers"] == 0
    unauthorised = await hotline.api(
        "GET", "/api/queue", headers={"Authorization": "Bearer nope"}
    )
    assert unauthorised.status_code == 401

    await hotline.run()
    after = (await hotline.api("GET", "/api/queue")).json()
    assert after["waiting"] == []
