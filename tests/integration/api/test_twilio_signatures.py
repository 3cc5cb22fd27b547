"""Every Twilio-facing endpoint refuses unsigned or forged requests: 403, no writes."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import httpx
import pytest

from app.telephony.twilio_adapter import sign_request
from tests.e2e.ivr.probe import BASE_URL, post_webhook, row_counts
from tests.support.harness import HOTLINE_NUMBER, TEST_AUTH_TOKEN, Hotline

pytestmark = pytest.mark.integration

CALL_SID = "CA" + "cd" * 16
OFFER_ID = "0123456789abcdef"
# One concrete URL per Twilio-facing route (path parameters filled in).
TWILIO_URLS = [
    "/twilio/voice",
    "/twilio/status",
    "/twilio/ivr/language?lang=&try=0",
    "/twilio/ivr/need?lang=nl&try=0",
    "/twilio/ivr/postcode?lang=nl&try=1",
    "/twilio/ivr/voicemail?lang=nl",
    "/twilio/queue/enter?lang=nl",
    "/twilio/queue/wait?lang=nl",
    "/twilio/queue/hold-key?lang=nl",
    "/twilio/queue/left?lang=nl",
    "/twilio/queue/overflow?lang=nl&try=0",
    f"/twilio/queue/connect/{OFFER_ID}",
    "/twilio/queue/after-bridge?lang=nl",
    f"/twilio/offer/{OFFER_ID}/answer",
    f"/twilio/offer/{OFFER_ID}/decision",
    f"/twilio/offer/{OFFER_ID}/status",
    f"/twilio/callback/{OFFER_ID}/answer",
    f"/twilio/callback/{OFFER_ID}/status",
    "/twilio/duty?try=0",
    "/twilio/duty/pin?try=0",
    "/twilio/sms",
    "/twilio/confirm/1",
    "/twilio/confirm/1/status",
    "/twilio/outage/choice?lang=nl",
    f"/twilio/wrapup/{OFFER_ID}",
    f"/twilio/wrapup/{OFFER_ID}/choice",
    f"/twilio/wrapup/{OFFER_ID}/note",
    "/twilio/errands/neighbour",
    "/twilio/errands/neighbour/pin",
    "/twilio/errands/neighbour/code",
    "/twilio/errands/neighbour/dialled/1",
    "/twilio/errands/requester/1",
    "/twilio/errands/followup/1",
    "/twilio/errands/followup/1/answer",
    "/twilio/errands/followup/1/status",
]
# What a handler would act on if the signature were not checked.
PARAMS = {
    "CallSid": CALL_SID,
    "From": "+32470123456",
    "To": HOTLINE_NUMBER,
    "CallStatus": "completed",
    "Digits": "1",
    "QueueResult": "hangup",
    "RecordingUrl": "https://api.twilio.com/recording",
    "RecordingDuration": "5",
    "SequenceNumber": "1",
    "MessageSid": "SM" + "ef" * 16,
    "Body": "YES 1234",
}


def _route_template(url: str) -> str:
    path = url.split("?", 1)[0]
    path = re.sub(r"/1(?=/|$)", "/{request_id}", path.replace(OFFER_ID, "{offer_id}"))
    return (
        "/twilio/ivr/{node}"
        if path.startswith("/twilio/ivr/") and "voicemail" not in path
        else path
    )


# Media the provider fetches with a plain GET (<Play>): public, nothing to forge.
UNSIGNED_MEDIA = {"/twilio/queue/hold-music.wav"}


def test_every_twilio_route_is_listed_here(hotline: Hotline) -> None:
    paths = hotline.app.openapi()["paths"]
    routes = {path for path in paths if path.startswith("/twilio/")}
    assert routes - UNSIGNED_MEDIA == {_route_template(url) for url in TWILIO_URLS}
    for path in UNSIGNED_MEDIA:
        assert set(paths[path]) == {"get"}  # media only: nothing posts or writes here


@pytest.mark.parametrize("path", TWILIO_URLS)
@pytest.mark.parametrize(
    "forgery", ["missing", "garbage", "other_token", "other_url", "other_params"]
)
async def test_unsigned_or_forged_request_is_refused_without_writing(
    hotline: Hotline, path: str, forgery: str
) -> None:
    url = BASE_URL + path
    before = await row_counts(hotline.state.sessionmaker)
    queued_before = await hotline.state.queue.waiting_count()
    match forgery:
        case "missing":
            signature = None
        case "garbage":
            signature = "bm90IGEgc2lnbmF0dXJl"
        case "other_token":
            signature = sign_request("not-our-token", url, PARAMS)
        case "other_url":
            signature = sign_request(TEST_AUTH_TOKEN, url + "&x=1", PARAMS)
        case _:
            signature = sign_request(TEST_AUTH_TOKEN, url, {**PARAMS, "Digits": "2"})

    response = await post_webhook(
        hotline.app, url, PARAMS, signature=signature, sign=False
    )

    assert response.status_code == 403
    assert response.json()["error"] == "Forbidden"
    assert await row_counts(hotline.state.sessionmaker) == before
    assert await hotline.state.queue.waiting_count() == queued_before


async def test_correct_signature_is_accepted(hotline: Hotline) -> None:
    response = await post_webhook(
        hotline.app, f"{BASE_URL}/twilio/voice", {**PARAMS, "CallStatus": "ringing"}
    )

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    assert (await row_counts(hotline.state.sessionmaker))["call"] == 1


async def _post_raw(
    hotline: Hotline, path: str, body: bytes, content_type: str, signature: str
) -> httpx.Response:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=hotline.app), base_url=BASE_URL
    ) as client:
        return await client.post(
            path,
            content=body,
            headers={"Content-Type": content_type, "X-Twilio-Signature": signature},
        )


async def test_the_form_is_read_as_twilio_encodes_it(hotline: Hotline) -> None:
    # Spaces as '+', UTF-8 %-escapes, a blank value, a repeated key: the signature
    # is over the decoded values, so any misreading would be a 403.
    params = {
        "CallSid": CALL_SID,
        "From": "+32470123456",
        "To": HOTLINE_NUMBER,
        "CallStatus": "ringing",
        "CallerName": "Jean-François Dupré",
        "ForwardedFrom": "",
    }
    url = f"{BASE_URL}/twilio/voice"
    body = urlencode(params).encode()
    response = await _post_raw(
        hotline,
        "/twilio/voice",
        body,
        "application/x-www-form-urlencoded; charset=utf-8",
        sign_request(TEST_AUTH_TOKEN, url, params),
    )
    assert response.status_code == 200, response.text
    assert (await row_counts(hotline.state.sessionmaker))["call"] == 1

    repeated = body + b"&CallerName=Other"
    assert (
        await _post_raw(
            hotline,
            "/twilio/voice",
            repeated,
            "application/x-www-form-urlencoded",
            sign_request(TEST_AUTH_TOKEN, url, params),
        )
    ).status_code == 403  # the repeated value is signed too


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (
            "&".join(f"k{i}=v" for i in range(1001)),
            "application/x-www-form-urlencoded",
            400,
        ),
        ("a=" + "x" * 40_000, "application/x-www-form-urlencoded", 400),
        ('{"CallSid": "CA00"}', "application/json", 400),
        ("CallSid=CA00", "text/plain", 400),
        ("CallSid=CA00", "multipart/form-data; boundary=x", 400),
    ],
)
async def test_odd_bodies_are_refused_without_writing(
    hotline: Hotline, body: str, content_type: str, status: int
) -> None:
    before = await row_counts(hotline.state.sessionmaker)
    response = await _post_raw(
        hotline, "/twilio/voice", body.encode(), content_type, "bm90LWEtc2lnbmF0dXJl"
    )
    assert response.status_code == status, response.text
    assert await row_counts(hotline.state.sessionmaker) == before
