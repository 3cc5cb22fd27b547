"""The work list page: what a coordinator must do next, claimed by one at a time."""

from __future__ import annotations

import re
from typing import get_args

import pytest

from app.console.i18n import LANGUAGES, load_localiser
from app.worklist.schemas import EscalationReason, WorkKind
from tests.integration.worklist.work_support import (
    escalated,
    unreached_callback,
    voicemail,
)
from tests.support.console import signed_in
from tests.support.harness import Hotline

pytestmark = pytest.mark.integration

CALLBACK_CALLER = "+32470123456"
VOICEMAIL_CALLER = "+32471987654"
OPERATOR = "+32470000001"
_ROW_RE = re.compile(r'<tr id="work-(callback|voicemail|escalation)-(\d+)"')


def _row(html: str, kind: str, request_id: int) -> str:
    """The table row of one item (up to the end of its row)."""
    start = html.index(f'<tr id="work-{kind}-{request_id}"')
    return html[start : html.index("</tr>", start)]


async def _all_three(hotline: Hotline) -> tuple[int, int, int]:
    # The voicemail first: it needs nobody on duty.
    voicemail_id = await voicemail(hotline, VOICEMAIL_CALLER, talk_s=25)
    callback_id = await unreached_callback(hotline, CALLBACK_CALLER, OPERATOR)
    escalation_id = await escalated(hotline)
    return callback_id, voicemail_id, escalation_id


async def test_the_page_lists_callbacks_voicemails_and_escalations(
    hotline: Hotline,
) -> None:
    callback_id, voicemail_id, escalation_id = await _all_three(hotline)

    async with signed_in(hotline, "alice") as alice:
        page = await alice.get("/console/work")

    assert page.status_code == 200
    html = page.text
    assert "One person to call back" in html
    assert "One voicemail to handle" in html
    assert "One request needs a coordinator" in html
    callback = _row(html, "callback", callback_id)
    assert "+32*******56" in callback
    assert CALLBACK_CALLER not in html  # nobody has claimed it: masked everywhere
    assert "1000 Bruxelles" in callback
    assert "Un brin de causette" not in callback  # read in English
    assert "A chat" in callback
    assert "French" in callback
    assert "Nobody yet" in callback
    vm = _row(html, "voicemail", voicemail_id)
    assert f'src="/console/voicemails/{voicemail_id}/audio"' in vm
    assert "25 s" in vm
    assert "+32*******54" in vm
    esc = _row(html, "escalation", escalation_id)
    assert f'href="/console/requests/{escalation_id}"' in esc
    assert "No volunteer nearby" in esc
    assert "I\u2019ll call back" in callback
    assert "Mark handled" in vm


async def test_empty_sections_say_so(hotline: Hotline) -> None:
    async with signed_in(hotline, "alice", language="nl") as alice:
        html = (await alice.get("/console/work")).text

    assert "Niemand om terug te bellen" in html
    assert "Geen voicemail te behandelen" in html
    assert "Geen aanvraag wacht op een coördinator" in html


async def test_a_claim_shows_the_holder_and_the_full_number_to_them_only(
    hotline: Hotline,
) -> None:
    callback_id = await unreached_callback(hotline, CALLBACK_CALLER, OPERATOR)

    async with (
        signed_in(hotline, "alice") as alice,
        signed_in(hotline, "bob") as bob,
    ):
        await alice.get("/console/work")
        claimed = await alice.post(f"/console/work/callback/{callback_id}/claim")
        alices = await alice.get(claimed.headers["location"])
        await bob.get("/console/work")
        refused = await bob.post(f"/console/work/callback/{callback_id}/claim")
        bobs = await bob.get(refused.headers["location"])

    assert claimed.status_code == 303
    assert "notice=notice-work-claimed" in claimed.headers["location"]
    assert "The item is yours" in alices.text
    mine = _row(alices.text, "callback", callback_id)
    assert f'href="tel:{CALLBACK_CALLER}"' in mine
    assert "You, since" in mine
    assert "Release" in mine

    assert refused.status_code == 303
    assert "Someone else claimed this item first" in bobs.text
    theirs = _row(bobs.text, "callback", callback_id)
    assert "alice since" in theirs
    assert CALLBACK_CALLER not in bobs.text
    assert "I\u2019ll call back" not in theirs  # no buttons on someone else's item


async def test_release_frees_the_item_and_done_removes_it(hotline: Hotline) -> None:
    voicemail_id = await voicemail(hotline, VOICEMAIL_CALLER)
    board = (await hotline.api("GET", "/api/board")).json()
    assert board["today"]["voicemails_open"] == 1

    async with signed_in(hotline, "alice") as alice:
        await alice.get("/console/work")
        await alice.post(f"/console/work/voicemail/{voicemail_id}/claim")
        released = await alice.post(f"/console/work/voicemail/{voicemail_id}/release")
        after_release = await alice.get(released.headers["location"])
        done = await alice.post(f"/console/work/voicemail/{voicemail_id}/done")
        after_done = await alice.get(done.headers["location"])

    assert "The item is free again" in after_release.text
    assert "Nobody yet" in _row(after_release.text, "voicemail", voicemail_id)
    assert done.status_code == 303
    assert "the item has left the work list" in after_done.text
    assert f"work-voicemail-{voicemail_id}" not in after_done.text
    assert "No voicemail to handle" in after_done.text
    board = (await hotline.api("GET", "/api/board")).json()
    assert board["today"]["voicemails_open"] == 0


async def test_forms_without_the_csrf_token_are_refused(hotline: Hotline) -> None:
    voicemail_id = await voicemail(hotline, VOICEMAIL_CALLER)

    async with signed_in(hotline, "alice") as alice:
        forged = await alice.http.post(f"/console/work/voicemail/{voicemail_id}/claim")
        listed = await alice.get("/console/work")

    assert forged.status_code == 403
    assert "Nobody yet" in _row(listed.text, "voicemail", voicemail_id)


async def test_the_page_and_the_api_show_the_same_items(hotline: Hotline) -> None:
    await _all_three(hotline)
    await escalated(hotline, postcode=None)
    await voicemail(hotline, "+32472000003")

    async with signed_in(hotline, "alice") as alice:
        html = (await alice.get("/console/work")).text
    api = (await hotline.api("GET", "/api/work")).json()

    on_page = [(kind, int(request_id)) for kind, request_id in _ROW_RE.findall(html)]
    in_api = [
        (item["kind"], item["request_id"])
        for section in ("callbacks", "voicemails", "escalations")
        for item in api[section]
    ]
    assert on_page == in_api
    assert len(in_api) == 5
    assert "2 voicemails to handle" in html
    assert "Details missing: postcode" in html


def test_messages_built_from_data_exist_in_every_language() -> None:
    kinds = get_args(WorkKind)
    built = (
        {f"work-claim-{kind}" for kind in kinds}
        | {f"work-done-{kind}" for kind in kinds}
        | {f"work-reason-{reason}" for reason in get_args(EscalationReason)}
        | {f"work-field-{field}" for field in ("need", "language", "postcode")}
    )
    for language in LANGUAGES:
        bundle = load_localiser().translator(language).bundle
        assert sorted(m for m in built if not bundle.has_message(m)) == [], language
