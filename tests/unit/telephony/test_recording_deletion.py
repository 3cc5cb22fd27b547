"""Deleting a recording at the provider: which URLs may be deleted (only this
account's recordings), and what each provider answer means."""

from __future__ import annotations

import httpx
import pytest
from pydantic import SecretStr

from app.config import Settings, TwilioSettings
from app.telephony.client import RecordingRefused, RecordingUnavailable
from app.telephony.twilio_adapter import TwilioTelephonyClient

ACCOUNT = "AC" + "1" * 32
SID = "RE" + "ab" * 16
URL = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Recordings/{SID}"


def client_answering(status: int, seen: list[httpx.Request]) -> TwilioTelephonyClient:
    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if status == 204:
            return httpx.Response(204)
        return httpx.Response(
            status, json={"code": 20404, "message": "nope", "status": status}
        )

    settings = Settings(
        env="test",
        twilio=TwilioSettings(account_sid=ACCOUNT, auth_token=SecretStr("token")),
    )
    return TwilioTelephonyClient(settings, transport=httpx.MockTransport(answer))


@pytest.mark.parametrize("url", [URL, URL + ".wav", URL + ".json"])
def test_the_recording_sid_is_read_from_this_accounts_recording_url(url: str) -> None:
    assert client_answering(204, []).recording_sid(url) == SID


@pytest.mark.parametrize(
    "url",
    [
        URL.replace("api.twilio.com", "evil.example"),
        URL.replace(ACCOUNT, "AC" + "2" * 32),
        URL.replace(SID, "CA" + "ab" * 16),
        URL.replace("/Recordings/", "/Calls/"),
        "http://api.twilio.com" + URL.removeprefix("https://api.twilio.com"),
    ],
)
async def test_other_urls_are_refused_without_a_request(url: str) -> None:
    seen: list[httpx.Request] = []
    with pytest.raises(RecordingRefused):
        await client_answering(204, seen).delete_recording(url)
    assert seen == []


async def test_a_deleted_recording_is_deleted_with_the_accounts_credentials() -> None:
    seen: list[httpx.Request] = []

    assert await client_answering(204, seen).delete_recording(URL) is True

    (request,) = seen
    assert request.method == "DELETE"
    assert request.url.path == f"/2010-04-01/Accounts/{ACCOUNT}/Recordings/{SID}.json"
    assert request.headers["authorization"].startswith("Basic ")


async def test_a_recording_the_provider_does_not_have_is_already_gone() -> None:
    assert await client_answering(404, []).delete_recording(URL) is False


async def test_a_provider_error_is_unavailable_not_deleted() -> None:
    with pytest.raises(RecordingUnavailable):
        await client_answering(500, []).delete_recording(URL)
