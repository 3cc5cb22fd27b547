"""What a coordinator sees in a real browser: sign-in, the live board, languages,
and CSRF refusals. Every check waits at most a few seconds, as a person would."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.async_api import Page, expect

from app.volunteers import service as volunteer_service
from app.volunteers.schemas import VolunteerCreate
from tests.browser.conftest import sign_in
from tests.support.console import PASSWORD, create_coordinator
from tests.support.harness import HOTLINE_NUMBER, Hotline
from twilio_simulator import OperatorPhone, Press, ScriptedCaller

pytestmark = pytest.mark.browser

LIVE_WITHIN_MS = 2_000


async def test_sign_in_wrong_password_and_log_out(page: Page, hotline: Hotline) -> None:
    await create_coordinator(hotline, "carla")
    await page.goto("/console")
    await expect(
        page.get_by_role("heading", name="Sign in to the console")
    ).to_be_visible()

    await page.get_by_label("User name").fill("carla")
    await page.get_by_label("Password").fill("not the password")
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("alert")).to_have_text("Wrong user name or password.")

    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("heading", name="Live board")).to_be_visible()
    await expect(page.get_by_text("carla")).to_be_visible()

    await page.get_by_role("button", name="Log out").click()
    await expect(
        page.get_by_role("heading", name="Sign in to the console")
    ).to_be_visible()
    await page.goto("/console")
    await expect(
        page.get_by_role("heading", name="Sign in to the console")
    ).to_be_visible()


async def advance_until(hotline: Hotline, predicate: object, what: str) -> None:
    for _ in range(600):
        if await predicate():  # type: ignore[operator]
            return
        await hotline.sim.advance(1)
    raise AssertionError(f"never happened: {what}")


async def test_a_caller_appears_live_and_leaves_when_bridged(
    page: Page, hotline: Hotline
) -> None:
    await hotline.add_operator(
        "Marie", "+32470990001", ["fr"], OperatorPhone(answer_after_s=15, talk_s=60)
    )
    await sign_in(page, hotline)
    await expect(page.get_by_text("Nobody is waiting right now.")).to_be_visible()

    await hotline.call(
        ScriptedCaller([Press("2"), Press("1"), Press("1030")], talk_s=60),
        from_="+3225551234",
    )
    queue = hotline.state.queue

    async def queued() -> bool:
        return await queue.waiting_count() == 1

    await advance_until(hotline, queued, "the caller is queued")
    row = page.get_by_role("row").filter(has_text="+32******34")
    await expect(row).to_be_visible(timeout=LIVE_WITHIN_MS)
    await expect(row).to_contain_text("1030 Schaerbeek")
    await expect(row).to_contain_text("Groceries")

    async def bridged() -> bool:
        return await queue.waiting_count() == 0

    await advance_until(hotline, bridged, "the caller is bridged")
    await expect(row).to_have_count(0, timeout=LIVE_WITHIN_MS)
    await expect(page.get_by_text("On a call")).to_be_visible(timeout=LIVE_WITHIN_MS)


async def test_the_language_switch(page: Page, hotline: Hotline) -> None:
    await sign_in(page, hotline)

    await page.get_by_role("link", name="Français").click()
    await expect(page.get_by_role("heading", name="Tableau en direct")).to_be_visible()
    await page.get_by_role("link", name="Nederlands").click()
    await expect(page.get_by_role("heading", name="Live overzicht")).to_be_visible()
    await page.reload()
    await expect(page.get_by_role("heading", name="Live overzicht")).to_be_visible()


async def test_a_forged_post_without_the_csrf_token_is_refused(
    page: Page, hotline: Hotline
) -> None:
    marie = await hotline.add_operator("Marie", "+32470990001", ["fr"], None)
    await sign_in(page, hotline)

    forged = await page.request.post(
        f"/console/operators/{marie}/away", form={"csrf_token": "forged"}
    )
    missing = await page.request.post(f"/console/operators/{marie}/away")

    assert forged.status == 403
    assert missing.status == 403
    await page.reload()
    row = page.get_by_role("row").filter(has_text="Marie")
    await expect(row).to_contain_text("Available")

    await row.get_by_role("button", name="Set away").click()
    await expect(page.get_by_role("status")).to_contain_text("set away")
    await expect(page.get_by_role("row").filter(has_text="Marie")).to_contain_text(
        "Away"
    )


async def test_a_request_on_someones_behalf_is_matched_live_by_a_yes_sms(
    page: Page, hotline: Hotline
) -> None:
    async with hotline.session() as session:
        await volunteer_service.create(
            session,
            VolunteerCreate(
                name="Anna Peeters",
                phone_number="+32470100001",
                languages=["fr", "nl"],
                is_field=True,
                home_postcode="1210",
                needs=["groceries"],
            ),
            now=hotline.clock.now(),
        )
    hotline.sim.phone("+3225550000", ScriptedCaller([], talk_s=20))
    await sign_in(page, hotline)

    await page.get_by_role("link", name="Requests").first.click()
    await page.get_by_role("link", name="New request on someone's behalf").click()
    form = page.get_by_role("main")
    await form.get_by_label("Phone number").fill("02 555 00 00")
    await form.get_by_label("Name", exact=True).fill("Jeanne Dubois")
    await form.get_by_label("Language").select_option("fr")
    await form.get_by_label("Need", exact=True).select_option("groceries")
    await form.get_by_label("Postcode").fill("1030")
    await form.get_by_label("Street").fill("Rue Royale Sainte-Marie")
    await form.get_by_label("House number").fill("12")
    await form.get_by_role("button", name="Enter the request").click()
    await expect(page.get_by_role("status")).to_contain_text("matching has started")
    # The name is masked on the page until shown in full: initials.
    await expect(page.get_by_text("J. D.").first).to_be_visible()

    offer = hotline.sim.messages[0]
    assert offer.to == "+32470100001"
    code = next(
        word for word in offer.body.split() if word.isupper() and len(word) >= 4
    )
    await hotline.sim.send_sms(
        from_="+32470100001", to=HOTLINE_NUMBER, body=f"YES {code}"
    )

    await expect(page.get_by_text("with Anna Peeters").first).to_be_visible(
        timeout=LIVE_WITHIN_MS * 2
    )


async def test_a_csv_export_downloads_and_parses(page: Page, hotline: Hotline) -> None:
    await hotline.add_operator(
        "Marie", "+32470990001", ["fr"], OperatorPhone(answer_after_s=3, talk_s=30)
    )
    await hotline.call(
        ScriptedCaller([Press("2"), Press("1"), Press("1030")], talk_s=30),
        from_="+3225551234",
    )
    await hotline.run()
    await sign_in(page, hotline)
    await page.get_by_role("link", name="Calls").first.click()

    async with page.expect_download() as download_info:
        await page.get_by_role("link", name="Download these calls (CSV)").click()
    download = await download_info.value
    path = await download.path()
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))

    assert download.suggested_filename.startswith("calls-")
    assert len(rows) == 1
    assert "+3225551234" not in path.read_text(encoding="utf-8-sig")
    assert any("+32******34" in value for value in rows[0].values())
