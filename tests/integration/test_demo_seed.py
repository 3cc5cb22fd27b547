"""`make demo`'s seeding: a day played through the simulator leaves every call outcome,
every request status, volunteers with shifts, and a coordinator who can sign in and
see it all in the console. Seeding twice adds nothing."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from app.auth.models import Coordinator
from app.calls.models import Call
from app.config import Settings
from app.geo.postcodes import load_postcode_directory
from app.help_requests.models import HelpRequest
from app.logging import mask_phone
from app.phone_numbers import to_e164
from app.volunteers.models import Volunteer
from demo import roster, seed_demo
from demo.day import day_window, plan_day
from demo.seed import SeededDemo
from tests.support.console import console_client
from tests.support.harness import hotline_harness

pytestmark = pytest.mark.integration

# A Tuesday, 11:45 in Brussels (the shortest day the demo plays: from 07:00); the
# test hotline is open around the clock.
NOW = datetime(2026, 11, 24, 10, 45, tzinfo=UTC)
OUTCOMES = {"bridged", "abandoned", "hung_up", "callback", "voicemail"}
STATUSES = {"new", "offered", "matched", "done", "closed"}


async def _seed(settings: Settings) -> SeededDemo:
    # The core scenes only: every outcome and status, in seconds of real time.
    return await seed_demo(settings, now=NOW, calls_per_day=0)


async def test_a_seeded_day_has_it_all_and_seeding_again_adds_nothing(
    settings: Settings,
) -> None:
    seeded = await _seed(settings)
    again = await _seed(settings)

    summary = seeded.summary
    assert seeded.plan is not None
    assert set(summary.calls_by_outcome) >= OUTCOMES
    assert "live" not in summary.calls_by_outcome
    assert set(summary.requests_by_status) >= STATUSES
    assert summary.escalated >= 1
    assert summary.on_behalf == 2
    assert summary.operators == len(roster.operators())
    assert summary.field_volunteers == len(roster.field_volunteers())
    assert summary.shifts == sum(
        len(roster.shifts_of(v.key)) for v in roster.VOLUNTEERS
    )
    # Nobody the real server would ring is left on duty; someone is away.
    assert "available" not in summary.operators_by_duty
    assert summary.operators_by_duty.get("away", 0) >= 1
    assert seeded.transcript is not None
    assert "joined conference" in seeded.transcript
    # The second run found the day played: nothing added, only a new password.
    assert again.plan is None
    assert again.summary == summary
    assert again.password != seeded.password
    await _the_coordinator_sees_the_day(settings, again, old_password=seeded.password)


async def _the_coordinator_sees_the_day(
    settings: Settings, seeded: SeededDemo, *, old_password: str
) -> None:
    async with hotline_harness(settings, start=seeded.end) as hotline:
        async with hotline.session() as session:
            away = list(
                await session.scalars(
                    select(Volunteer.name).where(Volunteer.duty_state == "away")
                )
            )
            callers = list(
                await session.scalars(
                    select(Call.caller_e164).where(Call.purpose == "caller")
                )
            )
            volunteers = await session.scalar(select(func.count(Volunteer.id)))
            coordinators = await session.scalar(select(func.count(Coordinator.id)))
            requests = await session.scalar(select(func.count(HelpRequest.id)))
        async with console_client(hotline.app) as client:
            refused = await client.log_in(roster.DEMO_COORDINATOR, old_password)
            signed_in = await client.log_in(roster.DEMO_COORDINATOR, seeded.password)
            assert signed_in.status_code == 303, signed_in.text
            board = await client.get("/console")
            calls = await client.get("/console/calls")
        figures = (await hotline.api("GET", "/api/board")).json()["today"]

    assert (volunteers, coordinators) == (len(roster.VOLUNTEERS), 1)
    assert requests == seeded.summary.requests
    assert refused.status_code != 303
    assert board.status_code == 200
    assert away
    for name in away:
        assert name in board.text
    assert figures["calls"] == seeded.summary.calls
    assert figures["answered"] == seeded.summary.calls_by_outcome["bridged"]
    assert calls.status_code == 200
    assert len(callers) == seeded.summary.calls
    for number in callers:
        assert mask_phone(number) in calls.text


def test_the_roster_lives_at_real_belgian_postcodes_and_numbers() -> None:
    directory = load_postcode_directory()
    for volunteer in roster.VOLUNTEERS:
        assert to_e164(volunteer.phone) == volunteer.phone
        if volunteer.postcode is not None:
            assert directory.lookup(volunteer.postcode) is not None
    assert len({v.phone for v in roster.VOLUNTEERS}) == len(roster.VOLUNTEERS)


def test_early_in_the_morning_the_demo_also_plays_yesterday() -> None:
    morning = datetime(2026, 11, 24, 7, 30, tzinfo=UTC)  # 08:30 in Brussels
    afternoon = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)

    start, end = day_window(morning, "Europe/Brussels")
    assert (start.isoformat(), end) == ("2026-11-23T07:00:00+01:00", morning)
    start, _ = day_window(afternoon, "Europe/Brussels")
    assert start.isoformat() == "2026-11-24T07:00:00+01:00"


def test_a_day_begun_yesterday_still_has_calls_today() -> None:
    now = datetime(2026, 11, 24, 6, 45, tzinfo=UTC)  # 07:45 in Brussels
    start, end = day_window(now, "Europe/Brussels")
    plan = plan_day(
        start=start,
        end=end,
        is_open=lambda moment: False,
        rng=random.Random(2),
        calls_per_day=0,
    )

    zone = ZoneInfo("Europe/Brussels")
    local_today = end.astimezone(zone).date()
    today = [c for c in plan.calls if c.at.astimezone(zone).date() == local_today]
    assert len(today) == 3
    assert all(c.at < end for c in today)


def test_a_planned_day_ends_its_calls_before_now_and_uses_new_numbers() -> None:
    start, end = day_window(NOW, "Europe/Brussels")
    taken = {"+3225551234"}
    plan = plan_day(
        start=start,
        end=end,
        is_open=lambda moment: True,
        rng=random.Random(1),
        taken_numbers=taken,
    )

    numbers = [call.from_ for call in plan.calls]
    duty_line = {roster.BY_KEY["thomas"].phone}
    callers = [n for n in numbers if n not in duty_line]
    assert len(callers) == len(set(callers))
    assert not taken & set(callers)
    assert all(to_e164(n) == n for n in callers)
    assert all(start < call.at < end for call in plan.calls)
    assert all(start < action.at < end for action in plan.actions)
    assert len(plan.calls) > 20
