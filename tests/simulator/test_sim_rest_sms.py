"""The REST subset through the real twilio client (auth, errors, paging, messages,
queues) and inbound/outbound SMS (TWILIO.md 1.5, 4)."""

import httpx
import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.twiml.messaging_response import MessagingResponse

from tests.simulator.sim_support import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    BASE,
    HOTLINE,
    HotlineStub,
    Received,
    in_thread,
    rest_client,
    twiml,
)
from twilio_simulator import OperatorPhone, TwilioSimulator

VOLUNTEER = "+32470123456"
CALLS_PATH = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Calls.json"


def api(
    sim: TwilioSimulator, *, auth: tuple[str, str] | None = (ACCOUNT_SID, AUTH_TOKEN)
) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=sim.rest_app),
        base_url="https://api.twilio.com",
        auth=auth,
    )


async def test_requests_without_valid_credentials_get_401(sim: TwilioSimulator) -> None:
    async with api(sim, auth=None) as client:
        anonymous = await client.get(CALLS_PATH)
    async with api(sim, auth=(ACCOUNT_SID, "wrong")) as client:
        wrong = await client.get(CALLS_PATH)

    for response in (anonymous, wrong):
        assert response.status_code == 401
        assert response.json() == {
            "code": 20003,
            "message": "Authenticate",
            "more_info": "https://www.twilio.com/docs/errors/20003",
            "status": 401,
        }
    with pytest.raises(TwilioRestException) as error:
        await in_thread(
            lambda: (
                rest_client(sim.rest_app, auth_token="nope")
                .calls("CA" + "0" * 32)
                .fetch()
            )
        )
    assert error.value.status == 401


async def test_unknown_call_is_a_20404(sim: TwilioSimulator) -> None:
    client = rest_client(sim.rest_app)
    with pytest.raises(TwilioRestException) as error:
        await in_thread(lambda: client.calls("CA" + "0" * 32).fetch())
    assert error.value.status == 404
    assert error.value.code == 20404
    async with api(sim) as raw:
        response = await raw.get(f"/2010-04-01/Accounts/{ACCOUNT_SID}/Nothing.json")
    assert response.json()["code"] == 20404


async def test_create_call_validates_required_fields(sim: TwilioSimulator) -> None:
    async with api(sim) as client:
        no_to = await client.post(
            CALLS_PATH, data={"From": HOTLINE, "Url": f"{BASE}/x"}
        )
        no_url = await client.post(CALLS_PATH, data={"From": HOTLINE, "To": VOLUNTEER})
        relative = await client.post(
            CALLS_PATH, data={"From": HOTLINE, "To": VOLUNTEER, "Url": "/x"}
        )

    assert (no_to.status_code, no_to.json()["code"]) == (400, 21201)
    assert (no_url.status_code, no_url.json()["code"]) == (400, 21205)
    assert relative.status_code == 400
    assert sim.calls == {}


async def test_call_json_is_twilio_shaped(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    stub.route("/op", twiml("<Response><Pause length='5'/></Response>"))
    sim.phone(VOLUNTEER, OperatorPhone(answer_after_s=2))
    async with api(sim) as client:
        created = await client.post(
            CALLS_PATH,
            data={"From": HOTLINE, "To": VOLUNTEER, "Url": f"{BASE}/op"},
        )
        assert created.status_code == 201
        sid = created.json()["sid"]
        assert await sim.run_until_idle()
        fetched = (
            await client.get(f"/2010-04-01/Accounts/{ACCOUNT_SID}/Calls/{sid}.json")
        ).json()
        redirect = await client.post(
            f"/2010-04-01/Accounts/{ACCOUNT_SID}/Calls/{sid}.json",
            data={"Url": f"{BASE}/op"},
        )

    body = created.json()
    assert body["status"] == "queued"
    assert body["direction"] == "outbound-api"
    assert body["uri"] == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Calls/{sid}.json"
    assert len(sid) == 34
    assert sid.startswith("CA")
    assert body["date_created"] == "Mon, 02 Mar 2026 09:00:00 +0000"
    assert fetched["status"] == "completed"
    assert fetched["duration"] == "5"
    assert fetched["start_time"] == "Mon, 02 Mar 2026 09:00:02 +0000"
    assert fetched["phone_number_sid"] == sim.numbers[HOTLINE].sid
    assert (redirect.status_code, redirect.json()["code"]) == (400, 21220)


async def test_list_calls_pages_through_the_real_client(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    client = rest_client(sim.rest_app)
    for _ in range(5):
        await in_thread(
            lambda: client.calls.create(to=VOLUNTEER, from_=HOTLINE, url=f"{BASE}/op")
        )

    calls = await in_thread(lambda: client.calls.list(page_size=2))
    page = await in_thread(lambda: client.calls.page(page_size=2))
    filtered = await in_thread(lambda: client.calls.list(to="+3200000000"))

    assert len(calls) == 5
    assert len({c.sid for c in calls}) == 5
    assert len(list(page)) == 2
    assert page.next_page_url is not None
    assert filtered == []


async def test_outbound_sms_from_an_sms_webhook(
    sim: TwilioSimulator, stub: HotlineStub
) -> None:
    client = rest_client(sim.rest_app)

    async def on_sms(request: Received) -> str:
        await in_thread(
            lambda: client.messages.create(
                to=VOLUNTEER,
                from_=HOTLINE,
                body=f"New request from {request.params['From']}",
                status_callback=f"{BASE}/sms-status",
            )
        )
        reply = MessagingResponse()
        reply.message(f"Got it: {request.params['Body']}")
        return str(reply)

    stub.route("/sms", on_sms)
    stub.route("/sms-status", twiml("<Response/>"))

    replies = await sim.send_sms(from_="+32470555666", to=HOTLINE, body="YES K7Q2")
    assert await sim.run_until_idle()

    assert replies == ["Got it: YES K7Q2"]
    (inbound,) = stub.on("/sms")
    assert inbound.signature_ok
    assert inbound.params["Body"] == "YES K7Q2"
    assert inbound.params["MessageSid"] == inbound.params["SmsSid"]
    assert inbound.params["MessageSid"].startswith("SM")
    assert inbound.params["NumMedia"] == "0"
    assert inbound.params["SmsStatus"] == "received"
    (message,) = sim.messages
    assert (message.to, message.from_) == (VOLUNTEER, HOTLINE)
    assert message.body == "New request from +32470555666"
    assert message.status == "delivered"
    statuses = [r.params["MessageStatus"] for r in stub.on("/sms-status")]
    assert statuses == ["sent", "delivered"]
    listed = await in_thread(lambda: client.messages.list())
    assert {m.direction for m in listed} == {
        "inbound",
        "outbound-api",
        "outbound-reply",
    }
    fetched = await in_thread(lambda: client.messages(message.sid).fetch())
    assert fetched.status == "delivered"


async def test_queue_resources(sim: TwilioSimulator) -> None:
    client = rest_client(sim.rest_app)

    created = await in_thread(
        lambda: client.queues.create(friendly_name="hotline-nl", max_size=50)
    )
    fetched = await in_thread(lambda: client.queues(created.sid).fetch())
    with pytest.raises(TwilioRestException) as missing:
        await in_thread(lambda: client.queues(created.sid).members("Front").fetch())
    deleted = await in_thread(lambda: client.queues(created.sid).delete())

    assert created.sid.startswith("QU")
    assert (fetched.friendly_name, fetched.max_size, fetched.current_size) == (
        "hotline-nl",
        50,
        0,
    )
    assert missing.value.code == 20404
    assert deleted is True
    assert sim.queues == {}
