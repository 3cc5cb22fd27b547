"""The report's figures from calls, requests and volunteers at known local times:
local days and hours across DST, p90 wait, service level, languages, callbacks,
request timings and volunteer activity, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.reports import service
from app.reports.periods import Period
from app.reports.schemas import Report
from tests.integration.reports.report_seed import (
    add_call,
    add_match_offer,
    add_request,
    add_volunteer,
    utc,
)
from tests.support.harness import Hotline

pytestmark = pytest.mark.integration

BRUSSELS = ZoneInfo("Europe/Brussels")


def period(first: str, last: str) -> Period:
    return Period(date.fromisoformat(first), date.fromisoformat(last), BRUSSELS)


async def report_for(hotline: Hotline, first: str, last: str) -> Report:
    async with hotline.session() as session:
        return await service.report(
            session, period=period(first, last), service_level_s=60
        )


async def test_calls_fall_on_the_local_day_and_hour_across_the_autumn_dst_change(
    hotline: Hotline,
) -> None:
    # 2026-10-25: Brussels goes from CEST (+2) back to CET (+1) at 03:00 local.
    async with hotline.session() as session:
        for at in (
            "2026-10-23 21:59:59.700",  # 23:59:59 on the 23rd: before the period
            "2026-10-23 22:00",  # 00:00 on the 24th
            "2026-10-24 21:59:59",  # 23:59:59 on the 24th
            "2026-10-24 22:30",  # 00:30 on the 25th (CEST)
            "2026-10-25 00:30",  # 02:30 CEST
            "2026-10-25 01:30",  # 02:30 CET, the same hour once more
            "2026-10-25 02:30",  # 03:30 CET
            "2026-10-25 22:59:59.900",  # 23:59:59 on the 25th (CET)
            "2026-10-25 23:00",  # 00:00 on the 26th
            "2026-10-26 22:59",  # 23:59 on the 26th
            "2026-10-26 23:00",  # 00:00 on the 27th: after the period
        ):
            add_call(session, utc(at), "bridged", wait_s=10)
        await session.commit()

    report = await report_for(hotline, "2026-10-24", "2026-10-26")

    assert [(d.day.isoformat(), d.calls) for d in report.days] == [
        ("2026-10-24", 2),
        ("2026-10-25", 5),
        ("2026-10-26", 2),
    ]
    by_hour = {h.hour: h.calls for h in report.hours if h.calls}
    assert by_hour == {0: 3, 2: 2, 3: 1, 23: 3}
    assert len(report.hours) == 24
    assert report.totals.calls == 9


async def test_the_spring_dst_day_has_no_two_oclock(hotline: Hotline) -> None:
    async with hotline.session() as session:
        for at in (
            "2026-03-29 00:30",  # 01:30 CET
            "2026-03-29 01:30",  # 03:30 CEST
            "2026-03-29 21:59",  # 23:59 CEST
            "2026-03-29 22:00",  # 00:00 on the 30th
        ):
            add_call(session, utc(at), "abandoned", wait_s=3)
        await session.commit()

    report = await report_for(hotline, "2026-03-29", "2026-03-29")

    assert {h.hour: h.calls for h in report.hours if h.calls} == {1: 1, 3: 1, 23: 1}
    assert report.days[0].calls == 3


async def _seed_waits(hotline: Hotline) -> None:
    """2026-11-20. Dutch at 10:xx: answered after 5, 30, 60, 61, 120 s, abandoned
    after 10 and 200 s, and three other endings. French at 15:xx: answered after
    1..10 s. One caller without a language at 00:30, abandoned at once."""
    async with hotline.session() as session:
        for minute, wait in enumerate((5, 30, 60, 61, 120)):
            add_call(
                session, utc(f"2026-11-20 09:{minute:02d}"), "bridged", wait_s=wait
            )
        for minute, wait in ((10, 10), (11, 200)):
            add_call(
                session, utc(f"2026-11-20 09:{minute:02d}"), "abandoned", wait_s=wait
            )
        for minute, outcome in ((20, "callback"), (21, "voicemail"), (22, None)):
            add_call(session, utc(f"2026-11-20 09:{minute:02d}"), outcome)
        for wait in range(1, 11):
            add_call(
                session,
                utc(f"2026-11-20 14:{wait:02d}"),
                "bridged",
                wait_s=wait,
                language="fr",
            )
        add_call(session, utc("2026-11-19 23:30"), "abandoned", wait_s=0, language=None)
        # Not a caller: an operator's leg does not count as a call.
        add_call(session, utc("2026-11-20 09:00"), "accepted", purpose="operator_offer")
        await session.commit()


async def test_answer_times_p90_and_service_level_per_language_and_hour(
    hotline: Hotline,
) -> None:
    await _seed_waits(hotline)

    report = await report_for(hotline, "2026-11-20", "2026-11-20")

    languages = {row.language: row for row in report.languages}
    assert list(languages) == ["nl", "fr", "unknown"]
    nl = languages["nl"]
    assert (nl.calls, nl.answered, nl.abandoned, nl.other) == (10, 5, 2, 3)
    assert nl.average_answer_s == pytest.approx(276 / 5)
    assert nl.average_wait_s == pytest.approx(486 / 7)
    assert nl.p90_wait_s == 200  # the 7th of 7 sorted waits (ceil 6.3)
    assert nl.answered_within_target == 3  # 5, 30 and 60 s: 60 s still counts
    assert nl.service_level == pytest.approx(3 / 7)
    fr = languages["fr"]
    assert fr.p90_wait_s == 9  # the 9th of 1..10
    assert fr.service_level == 1
    assert fr.average_answer_s == pytest.approx(5.5)
    assert languages["unknown"].abandoned == 1

    totals = report.totals
    assert (totals.calls, totals.answered, totals.abandoned, totals.other) == (
        21,
        15,
        3,
        3,
    )
    assert totals.p90_wait_s == 120  # the 17th of 18 sorted waits
    assert totals.service_level == pytest.approx(13 / 18)
    assert totals.average_answer_s == pytest.approx(331 / 15)
    assert report.days[0].model_dump(exclude={"day"}) == totals.model_dump()

    hours = {h.hour: h for h in report.hours}
    assert (hours[0].calls, hours[10].calls, hours[15].calls) == (1, 10, 10)
    assert hours[10].p90_wait_s == 200
    assert hours[15].p90_wait_s == 9
    assert hours[12].p90_wait_s is None
    assert hours[12].service_level is None


async def test_the_live_boards_day_figures_agree_with_the_report(
    hotline: Hotline,
) -> None:
    await _seed_waits(hotline)
    start, end = service.day_bounds(utc("2026-11-20 12:00"), "Europe/Brussels")
    async with hotline.session() as session:
        board = await service.call_figures(
            session, start=start, end=end, service_level_s=60
        )

    report = await report_for(hotline, "2026-11-20", "2026-11-20")

    day = report.days[0]
    assert (board.calls, board.answered, board.abandoned) == (
        day.calls,
        day.answered,
        day.abandoned,
    )
    assert board.average_answer_s == pytest.approx(day.average_answer_s)
    assert board.service_level == pytest.approx(day.service_level)


async def test_callbacks_asked_reached_and_unanswered_per_day(hotline: Hotline) -> None:
    async with hotline.session() as session:
        add_call(session, utc("2026-11-20 09:00"), "callback")
        # Asked for a callback, then the history is what tells it.
        add_call(
            session,
            utc("2026-11-21 09:00"),
            "bridged",
            wait_s=4,
            events=["callback_requested"],
        )
        add_call(session, utc("2026-11-21 09:05"), "bridged", wait_s=4)
        add_call(session, utc("2026-11-20 10:00"), "bridged", purpose="callback")
        for minute in (1, 2):
            add_call(
                session,
                utc(f"2026-11-21 10:0{minute}"),
                "callback_unanswered",
                purpose="callback",
            )
        await session.commit()

    report = await report_for(hotline, "2026-11-20", "2026-11-21")

    assert [
        (d.day.isoformat(), d.requested, d.reached, d.unanswered)
        for d in report.callback_days
    ] == [("2026-11-20", 1, 1, 0), ("2026-11-21", 1, 0, 2)]
    assert report.callbacks.model_dump() == {
        "requested": 2,
        "reached": 1,
        "unanswered": 2,
    }
    assert report.totals.calls == 3  # callback calls are not callers' calls


async def test_requests_by_need_and_outcome_with_times_to_match_and_done(
    hotline: Hotline,
) -> None:
    created = utc("2026-11-20 10:00")

    def after(seconds: int) -> datetime:
        return created + timedelta(seconds=seconds)

    async with hotline.session() as session:
        add_request(session, created)
        add_request(session, created, status="matched", matched_at=after(600))
        add_request(
            session,
            created,
            status="done",
            matched_at=after(300),
            done_at=after(3600),
        )
        add_request(
            session, created, status="closed", close_reason="no_volunteer_found"
        )
        add_request(
            session,
            created,
            need="pharmacy",
            status="done",
            matched_at=after(100),
            done_at=after(1000),
        )
        add_request(session, created, need="pharmacy", status="closed")
        add_request(session, created, need=None)
        add_request(session, utc("2026-11-18 10:00"))  # before the period
        await session.commit()

    report = await report_for(hotline, "2026-11-20", "2026-11-20")

    assert report.outcome_keys[-1] == "closed_other"  # unexpected keys come last
    outcomes = {row.need: row for row in report.requests_by_need}
    assert list(outcomes) == ["groceries", "pharmacy", "unknown"]
    groceries = outcomes["groceries"].outcomes
    assert (groceries["new"], groceries["matched"], groceries["done"]) == (1, 1, 1)
    assert groceries["closed_no_volunteer_found"] == 1
    assert outcomes["groceries"].total == 4
    assert outcomes["pharmacy"].outcomes["closed_other"] == 1
    assert report.request_totals.total == 7

    timings = {row.need: row for row in report.request_timings}
    assert (timings["groceries"].matched, timings["groceries"].done) == (2, 1)
    assert timings["groceries"].median_to_match_s == 450  # mean of 300 and 600
    assert timings["groceries"].average_to_done_s == 3600
    assert timings["unknown"].median_to_match_s is None
    everything = report.request_timing_totals
    assert (everything.requests, everything.matched, everything.done) == (7, 3, 2)
    assert everything.median_to_match_s == 300  # 100, 300, 600
    assert everything.average_to_match_s == pytest.approx(1000 / 3)
    assert everything.median_to_done_s == 2300  # mean of 1000 and 3600


async def test_volunteer_activity_of_operators_and_field_volunteers(
    hotline: Hotline,
) -> None:
    async with hotline.session() as session:
        ann = await add_volunteer(session, "Ann", operator=True)
        bob = await add_volunteer(session, "Bob", operator=True)
        carl = await add_volunteer(session, "Carl", field=True)
        dina = await add_volunteer(session, "Dina", field=True)
        for minute, outcome, duration in (
            (1, "accepted", 100),
            (2, "accepted", 200),
            (3, None, 20),
        ):
            add_call(
                session,
                utc(f"2026-11-20 09:0{minute}"),
                outcome,
                purpose="operator_offer",
                volunteer_id=ann,
                duration_s=duration,
            )
        add_call(
            session,
            utc("2026-11-20 09:05"),
            "accepted",
            purpose="operator_offer",
            volunteer_id=bob,
            duration_s=50,
        )
        done = add_request(
            session,
            utc("2026-11-19 10:00"),
            status="done",
            matched_at=utc("2026-11-20 10:00"),
            done_at=utc("2026-11-20 12:00"),
            volunteer_id=carl,
        )
        await add_match_offer(session, done, carl, utc("2026-11-20 09:59"))
        await add_match_offer(session, done, dina, utc("2026-11-18 09:59"))
        add_request(
            session,
            utc("2026-11-20 10:00"),
            status="matched",
            matched_at=utc("2026-11-20 11:00"),
            volunteer_id=dina,
        )
        await session.commit()

    report = await report_for(hotline, "2026-11-20", "2026-11-20")

    assert [
        (o.name, o.offers, o.answered, o.talk_s, o.average_talk_s)
        for o in report.operators
    ] == [("Ann", 3, 2, 300, 150), ("Bob", 1, 1, 50, 50)]
    assert [(f.name, f.offers, f.matched, f.done) for f in report.field_volunteers] == [
        ("Carl", 1, 1, 1),
        ("Dina", 0, 1, 0),
    ]


async def test_an_empty_period_has_zero_filled_days_and_no_rates(
    hotline: Hotline,
) -> None:
    report = await report_for(hotline, "2026-11-01", "2026-11-30")

    assert len(report.days) == 30
    assert all(d.calls == 0 and d.service_level is None for d in report.days)
    assert report.totals.p90_wait_s is None
    assert report.languages == []
    assert report.request_timing_totals.requests == 0
