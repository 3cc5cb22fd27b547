"""The Twilio lane (app/telephony/lane.py) answers every webhook as FastAPI would.

Each request is sent twice to the same running app: through its real middleware
stack, where the lane takes it, and through the same stack built without the lane,
where FastAPI's router and dependencies do. The answers must agree: the status,
and for a refusal (400, 403, 422) its JSON body too.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

import httpx
import pytest
from fastapi import APIRouter, FastAPI, Header
from fastapi.responses import Response
from fastapi.routing import APIRoute
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.types import ASGIApp, Receive, Scope, Send

from app.telephony.lane import TwilioLane, api_routes, serves
from app.telephony.twilio_adapter import sign_request
from app.telephony.webhooks import VoiceHook
from tests.e2e.ivr.probe import BASE_URL
from tests.support.harness import HOTLINE_NUMBER, TEST_AUTH_TOKEN, Hotline

pytestmark = pytest.mark.integration

SID = "CA" + "7e" * 16


def without_lane(app: FastAPI) -> ASGIApp:
    """The app's stack as FastAPI alone would serve it (same state, same routes)."""
    kept = app.user_middleware
    app.user_middleware = [m for m in kept if m.cls is not TwilioLane]  # type: ignore[comparison-overlap]
    try:
        stack = app.build_middleware_stack()
    finally:
        app.user_middleware = kept

    async def plain(scope: Scope, receive: Receive, send: Send) -> None:
        scope["app"] = app
        await stack(scope, receive, send)

    return plain


async def post(
    app: ASGIApp,
    path: str,
    form: Mapping[str, str],
    *,
    signature: str | None = None,
    content_type: str = "application/x-www-form-urlencoded",
) -> httpx.Response:
    url = BASE_URL + path
    headers = {
        "Content-Type": content_type,
        "X-Twilio-Signature": signature
        if signature is not None
        else sign_request(TEST_AUTH_TOKEN, url, form),
    }
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        return await client.post(url, content=urlencode(form), headers=headers)


async def both(
    hotline: Hotline, path: str, form: Mapping[str, str], **options: str
) -> tuple[httpx.Response, httpx.Response]:
    lane = await post(hotline.app, path, form, **options)
    plain = await post(without_lane(hotline.app), path, form, **options)
    return lane, plain


def assert_same(lane: httpx.Response, plain: httpx.Response) -> None:
    assert lane.status_code == plain.status_code
    if lane.status_code >= 400:
        assert lane.json() == plain.json()


def test_every_twilio_webhook_takes_the_lane() -> None:
    """A webhook route the lane cannot serve would silently cost several times the
    CPU: each POST under /twilio/ must have the shape the lane knows."""
    from app.main import create_app

    webhooks = [
        route
        for route in api_routes(create_app())
        if route.path.startswith("/twilio/") and "POST" in (route.methods or ())
    ]
    assert len(webhooks) > 30
    assert [route.path for route in webhooks if serves(route) is None] == []


def test_a_route_of_another_shape_is_left_to_fastapi() -> None:
    router = APIRouter(prefix="/twilio")

    @router.post("/plain")
    async def plain(hook: VoiceHook) -> Response:
        return Response()

    @router.post("/with-header")
    async def with_header(hook: VoiceHook, x_thing: str = Header()) -> Response:
        return Response()

    @router.post("/returns-data")
    async def returns_data(hook: VoiceHook) -> dict[str, str]:
        return {}

    @router.post("/sync")
    def sync(hook: VoiceHook) -> Response:
        return Response()

    @router.post("/unsigned")
    async def unsigned() -> Response:
        return Response()

    served = {
        route.path: serves(route) is not None
        for route in router.routes
        if isinstance(route, APIRoute)
    }
    assert served == {
        "/twilio/plain": True,
        "/twilio/with-header": False,
        "/twilio/returns-data": False,
        "/twilio/sync": False,
        "/twilio/unsigned": False,
    }


FORM = {"CallSid": SID, "From": "+32470123456", "To": HOTLINE_NUMBER}


@pytest.mark.parametrize(
    ("path", "form", "options"),
    [
        ("/twilio/voice", FORM, {"signature": "forged"}),
        ("/twilio/voice", FORM, {"signature": ""}),
        ("/twilio/ivr/language?try=99", FORM, {}),
        ("/twilio/ivr/language?try=x&lang=toolong", FORM, {}),
        ("/twilio/ivr/nowhere", FORM, {}),
        ("/twilio/ivr/need?pc=12345", FORM, {}),
        ("/twilio/queue/connect/1", {**FORM, "CallSid": "nope"}, {}),
        ("/twilio/voice", FORM, {"content_type": "application/json"}),
        ("/twilio/wrapup/7/choice?try=-1", FORM, {}),
        ("/twilio/sms", {"MessageSid": "SM1", "From": ""}, {}),
        ("/twilio/errands/neighbour", FORM, {}),
    ],
    ids=[
        "forged",
        "unsigned",
        "try-out-of-range",
        "two-bad-parameters",
        "unknown-node",
        "long-postcode",
        "bad-call-sid",
        "not-a-form",
        "negative-try",
        "bad-sms",
        "missing-parameter",
    ],
)
async def test_refusals_read_the_same(
    hotline: Hotline, path: str, form: dict[str, str], options: dict[str, str]
) -> None:
    lane, plain = await both(hotline, path, form, **options)

    assert lane.status_code in (400, 403, 422)
    assert_same(lane, plain)


async def test_a_signed_webhook_is_answered_with_twiml_on_both(
    hotline: Hotline,
) -> None:
    lane, plain = await both(hotline, "/twilio/voice", FORM)

    assert lane.status_code == plain.status_code == 200
    assert lane.text.startswith("<?xml")
    assert plain.text.startswith("<?xml")
    assert lane.headers["content-type"] == plain.headers["content-type"]


queries = st.dictionaries(
    st.sampled_from(["lang", "try", "pc", "more", "again", "mixed", "code", "x"]),
    st.one_of(
        st.sampled_from(["", "nl", "fr", "0", "1", "20", "21", "-1", "1030", "abc"]),
        st.text(max_size=8),
    ),
    max_size=4,
)
paths = st.sampled_from(
    [
        "/twilio/ivr/language",
        "/twilio/ivr/postcode",
        "/twilio/ivr/bogus",
        "/twilio/queue/overflow",
        "/twilio/duty",
        "/twilio/errands/neighbour",
        "/twilio/errands/requester/abc",
        "/twilio/offer/x/answer",
    ]
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(path=paths, query=queries)
async def test_any_query_gets_the_same_status_on_both(
    hotline: Hotline, path: str, query: dict[str, str]
) -> None:
    target = f"{path}?{httpx.QueryParams(query)}" if query else path
    lane, plain = await both(hotline, target, {**FORM, "Digits": "9"})

    assert_same(lane, plain)
