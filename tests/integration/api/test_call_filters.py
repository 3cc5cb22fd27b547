"""GET /api/calls: the console's filters and keyset pages, over the same query."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from app.calls.models import Call
from tests.support.harness import START, Hotline
from twilio_simulator import OperatorPhone, Press, ScriptedCaller

pytestmark = pytest.mark.integration


async def add_calls(hotline: Hotline, count: int, *, same_start_every: int = 1) -> None:
    """`count` callers' calls, one a minute; `same_start_every` > 1 makes ties."""
    async with hotline.session() as session:
        for n in range(count):
            session.add(
                Call(
                    twilio_call_sid=f"CA{n:032x}",
                    purpose="caller" if n % 5 else "callback",
                    direction="inbound",
                    from_number=f"+3247000{n:04d}",
                    to_number="+3228089654",
                    caller_e164=f"+3247000{n:04d}",
                    language=("nl", "fr")[n % 2],
                    outcome=None if n % 3 else "abandoned",
                    status="completed",
                    started_at=START + timedelta(minutes=n // same_start_every),
                )
            )
        await session.commit()


async def all_ids(hotline: Hotline, **params: object) -> list[int]:
    page = (await hotline.api("GET", "/api/calls", params={**params})).json()
    return [item["id"] for item in page["items"]]


async def test_before_cursors_walk_every_call_once_and_after_walks_back(
    hotline: Hotline,
) -> None:
    await add_calls(hotline, 23, same_start_every=4)
    everything = await all_ids(hotline, limit=500)

    pages: list[dict[str, Any]] = []
    params: dict[str, object] = {"limit": 5}
    while True:
        page = (await hotline.api("GET", "/api/calls", params=params)).json()
        pages.append(page)
        if page["older"] is None:
            break
        params = {"limit": 5, "before": page["older"]}
    newer = (
        await hotline.api(
            "GET", "/api/calls", params={"limit": 5, "after": pages[-1]["newer"]}
        )
    ).json()

    walked = [item["id"] for page in pages for item in page["items"]]
    assert len(everything) == 23
    assert walked == everything
    assert [len(page["items"]) for page in pages] == [5, 5, 5, 5, 3]
    assert pages[0]["total"] == 23  # the first page counts, as before
    assert all(page["total"] is None for page in pages[1:])  # cursor pages do not
    assert pages[0]["newer"] is None
    assert newer["items"] == pages[-2]["items"]
    assert newer["older"] == pages[-2]["older"]


async def test_filters_narrow_the_list(hotline: Hotline) -> None:
    await add_calls(hotline, 20)

    french = await all_ids(hotline, language="fr", limit=500)
    callers = await all_ids(hotline, purpose="caller", limit=500)
    abandoned = await all_ids(hotline, outcome="abandoned", limit=500)
    live = await all_ids(hotline, outcome="live", limit=500)
    digits = await all_ids(hotline, digits="0013", limit=500)
    first_day = await all_ids(hotline, date_to="2026-11-23", limit=500)
    next_day = await all_ids(hotline, date_from="2026-11-24", limit=500)
    combined = (
        await hotline.api(
            "GET",
            "/api/calls",
            params={"language": "fr", "outcome": "abandoned", "purpose": "caller"},
        )
    ).json()

    assert len(french) == 10
    assert len(callers) == 16
    assert len(abandoned) == 7  # n = 0, 3, 6, ..., 18
    assert len(live) == 13
    assert len(digits) == 1
    assert len(first_day) == 20
    assert next_day == []
    # fr (odd n), abandoned (n % 3 == 0), caller (n % 5 != 0): 3 and 9
    assert combined["total"] == 2
    # Numbers are masked in every answer (app/auth/masking.py).
    assert [item["caller_e164"] for item in combined["items"]] == [
        "+32*******09",
        "+32*******03",
    ]
    assert combined["items"][0]["caller_masked"] == "+32*******09"


async def test_need_and_operator_come_from_the_request_and_the_call(
    hotline: Hotline,
) -> None:
    marie = await hotline.add_operator("Marie", "+32470990001", ["fr"], OperatorPhone())
    await hotline.call(
        ScriptedCaller([Press("2"), Press("1"), Press("1030")], talk_s=10),
        from_="+3225551234",
    )
    await hotline.run()
    await hotline.call(
        ScriptedCaller([Press("2"), Press("2"), Press("1000")], talk_s=10),
        from_="+3225559876",
    )
    await hotline.run()

    groceries = (
        await hotline.api("GET", "/api/calls", params={"need": "groceries"})
    ).json()
    pharmacy = (
        await hotline.api("GET", "/api/calls", params={"need": "pharmacy"})
    ).json()
    by_marie = (
        await hotline.api(
            "GET", "/api/calls", params={"operator": marie, "purpose": "caller"}
        )
    ).json()
    legs = (
        await hotline.api("GET", "/api/calls", params={"purpose": "operator_offer"})
    ).json()

    assert [c["caller_e164"] for c in groceries["items"]] == ["+32******34"]
    assert groceries["items"][0]["need"] == "groceries"
    assert groceries["items"][0]["operator_name"] == "Marie"
    assert [c["caller_e164"] for c in pharmacy["items"]] == ["+32******76"]
    assert [c["caller_e164"] for c in by_marie["items"]] == [
        "+32******76",
        "+32******34",
    ]
    assert len(legs["items"]) == 2
    assert {c["volunteer_id"] for c in legs["items"]} == {marie}


async def test_a_single_call_lists_its_operators_and_hides_recording_urls(
    hotline: Hotline,
) -> None:
    marie = await hotline.add_operator("Marie", "+32470990001", ["fr"], OperatorPhone())
    await hotline.call(
        ScriptedCaller([Press("2"), Press("1"), Press("1030")], talk_s=10)
    )
    await hotline.run()
    listed = (
        await hotline.api("GET", "/api/calls", params={"purpose": "caller"})
    ).json()

    detail = (await hotline.api("GET", f"/api/calls/{listed['items'][0]['id']}")).json()

    (operator,) = detail["operators"]
    assert (operator["volunteer_id"], operator["name"], operator["result"]) == (
        marie,
        "Marie",
        "accepted",
    )
    assert operator["leg_call_id"] is not None
    assert [leg["purpose"] for leg in detail["legs"]] == ["operator_offer"]
    assert detail["help_request"]["need"] == "groceries"
    assert detail["talk_s"] is not None
    assert detail["caller_masked"] == "+32******34"


@pytest.mark.parametrize(
    "params",
    [
        {"digits": "1"},
        {"digits": "12345678901"},
        {"digits": "12a4"},
        {"outcome": "exploded"},
        {"language": "xx"},
        {"need": "money"},
        {"purpose": "anything"},
        {"operator": "marie"},
        {"date_from": "2026-11-24", "date_to": "2026-11-23"},
        {"date_from": "24/11/2026"},
        {"before": "yesterday"},
        {"after": "12-34"},
    ],
)
async def test_bad_filters_are_rejected(
    hotline: Hotline, params: dict[str, object]
) -> None:
    response = await hotline.api("GET", "/api/calls", params=params)

    assert response.status_code == 422


async def test_a_forged_cursor_that_looks_right_is_a_bad_request(
    hotline: Hotline,
) -> None:
    response = await hotline.api(
        "GET", "/api/calls", params={"before": "99999999999999999999_1"}
    )

    assert response.status_code == 400
    assert response.json()["error"] == "InvalidCursor"
