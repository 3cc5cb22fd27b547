"""The retention purge: each kind of data goes when it is older than its retention,
not a second before; recordings are deleted at the provider; a dry run only counts."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.abuse.models import Ban
from app.audit import service as audit
from app.audit.models import AuditEntry
from app.auth.models import LoginThrottle
from app.calls.models import Call, CallEvent
from app.config import RetentionSettings, Settings
from app.help_requests.models import HelpRequest
from app.privacy import service
from app.privacy.anonymise import ERASED
from app.privacy.schedule import DailyPurge
from app.privacy.schemas import PurgeCounts, PurgeReport
from tests.integration.privacy.privacy_support import (
    PERSON,
    Admin,
    closed_hotline,
    leave_voicemail,
    mentions,
    recording_sids,
    requests_of,
    seed_person,
    snapshot,
    traces,
)
from tests.support.harness import Hotline

pytestmark = pytest.mark.integration


async def purge_at(
    hotline: Hotline, now: datetime, *, is_dry_run: bool = False
) -> PurgeReport:
    async with hotline.session() as session:
        return await service.purge(
            session,
            hotline.state.telephony,
            hotline.state.settings.retention,
            now=now,
            is_dry_run=is_dry_run,
            actor=audit.SYSTEM,
        )


async def the_call(hotline: Hotline) -> tuple[Call, list[CallEvent]]:
    async with hotline.session() as session:
        call = (
            await session.scalars(select(Call).where(Call.purpose == "caller"))
        ).one()
        events = list(
            await session.scalars(select(CallEvent).where(CallEvent.call_id == call.id))
        )
        return call, events


async def test_recordings_go_at_the_provider_after_30_days_not_before(
    settings: Settings,
) -> None:
    async with closed_hotline(settings) as hotline:
        await leave_voicemail(hotline, PERSON)
        (request,) = await requests_of(hotline, PERSON)
        (recording,) = recording_sids(hotline, PERSON)
        limit = request.created_at + timedelta(days=30)

        on_the_day = await purge_at(hotline, limit)
        after = await purge_at(hotline, limit + timedelta(seconds=1))

        assert on_the_day.removed.recordings == 0
        assert after.removed.recordings == 1
        assert after.recordings_failed == 0
        assert hotline.sim.deleted_recordings == {recording}
        (request,) = await requests_of(hotline, PERSON)
        assert (request.voicemail_url, request.voicemail_duration_s) == (None, None)
        assert request.source == "voicemail"
        # The timeline stays (90 days), without the recording's URL.
        _, events = await the_call(hotline)
        assert "recording" in {e.kind for e in events}
        assert await mentions(hotline, recording) == []
        assert after.removed.call_timelines == 0
        # Nothing left to delete: the next run removes nothing.
        again = await purge_at(hotline, limit + timedelta(days=1))
        assert again.removed.recordings == 0


async def test_call_timelines_go_after_90_days_and_the_figures_stay(
    settings: Settings,
) -> None:
    async with closed_hotline(settings) as hotline:
        await leave_voicemail(hotline, PERSON)
        call, events = await the_call(hotline)
        assert len(events) > 3
        limit = call.started_at + timedelta(days=90)

        on_the_day = await purge_at(hotline, limit)
        after = await purge_at(hotline, limit + timedelta(seconds=1))

        assert on_the_day.removed.call_timelines == 0
        assert after.removed.call_timelines == 1
        assert after.removed.call_events == len(events)
        purged, left = await the_call(hotline)
        assert left == []
        assert (purged.from_number, purged.caller_e164) == (ERASED, None)
        assert purged.to_number == call.to_number  # the hotline's own number
        assert (purged.outcome, purged.language, purged.duration_s) == (
            call.outcome,
            call.language,
            call.duration_s,
        )
        # The open request still holds the number: it is kept while open.
        assert [h.split(".")[0] for h in await traces(hotline, PERSON)] == [
            "help_request"
        ]


async def test_closed_requests_are_anonymised_180_days_after_their_last_change(
    settings: Settings,
) -> None:
    async with closed_hotline(settings) as hotline:
        await leave_voicemail(hotline, PERSON)
        (request,) = await requests_of(hotline, PERSON)
        closed = await hotline.api(
            "POST",
            f"/api/requests/{request.id}/close",
            json={"reason": "unreachable", "note": f"no answer on {PERSON}"},
        )
        assert closed.status_code == 200, closed.text
        (request,) = await requests_of(hotline, PERSON)
        limit = request.updated_at + timedelta(days=180)

        on_the_day = await purge_at(hotline, limit)
        after = await purge_at(hotline, limit + timedelta(seconds=1))

        # On the day, the recording and the timeline were long gone already.
        assert on_the_day.removed.requests_anonymised == 0
        assert on_the_day.removed.recordings == 1
        assert on_the_day.removed.call_timelines == 1
        assert after.removed.requests_anonymised == 1
        assert await traces(hotline, PERSON) == []
        async with hotline.session() as session:
            kept = await session.get(HelpRequest, request.id)
            assert kept is not None
            assert (kept.caller_number, kept.status, kept.close_reason) == (
                ERASED,
                "closed",
                "unreachable",
            )
            assert (kept.language, kept.short_code) == ("fr", None)


async def test_audit_log_sessions_throttles_and_bans_go_after_theirs(
    hotline: Hotline,
) -> None:
    now = hotline.clock.now()
    async with hotline.session() as session:
        for days in (731, 729):
            await audit.record(
                session,
                actor="carla",
                action="request.reveal",
                subject=f"request:{days}",
                now=now - timedelta(days=days),
            )
        for days, name in ((31, "old"), (29, "recent")):
            session.add(
                LoginThrottle(
                    username=name,
                    attempts=2,
                    last_attempt_at=now - timedelta(days=days),
                )
            )
            session.add(
                Ban(
                    number_prefix=f"+3247{days}",
                    reason="test",
                    expires_at=now - timedelta(days=days),
                    created_by="carla",
                    created_at=now - timedelta(days=90),
                )
            )
        session.add(
            Ban(
                number_prefix="+3248",
                reason="for ever",
                expires_at=None,
                created_by="carla",
                created_at=now - timedelta(days=900),
            )
        )
        await session.commit()

    report = await purge_at(hotline, now)

    assert report.removed.audit_entries == 1
    assert report.removed.login_throttles == 1
    assert report.removed.expired_bans == 1
    async with hotline.session() as session:
        subjects = set(await session.scalars(select(AuditEntry.subject)))
        assert "request:729" in subjects
        assert "request:731" not in subjects
        assert set(await session.scalars(select(LoginThrottle.username))) == {"recent"}
        assert set(await session.scalars(select(Ban.number_prefix))) == {
            "+324729",
            "+3248",
        }
        (receipt,) = await session.scalars(
            select(AuditEntry).where(AuditEntry.action == "privacy.purge")
        )
        assert receipt.detail is not None
        assert receipt.detail["audit_entries"] == "1"


async def test_a_dry_run_changes_nothing_and_counts_what_the_purge_removes(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One row per transaction: every batch loop runs several times.
    monkeypatch.setattr(service, "BATCH", 1)
    async with closed_hotline(settings) as hotline:
        await seed_person(hotline)
        far = hotline.clock.now() + timedelta(days=400)
        before = await snapshot(hotline)

        made = {
            r.params["RecordingSid"]
            for r in hotline.sim.requests
            if r.params.get("RecordingSid")
        }
        assert made

        dry = await purge_at(hotline, far, is_dry_run=True)

        assert await snapshot(hotline) == before
        assert hotline.sim.deleted_recordings == set()
        assert dry.is_dry_run
        assert dry.removed.recordings == len(made)
        assert dry.removed.call_timelines >= 3
        real = await purge_at(hotline, far)
        assert real.removed == dry.removed
        assert hotline.sim.deleted_recordings == made
        assert await traces(hotline, PERSON) != []  # their requests are still open
        assert (await purge_at(hotline, far, is_dry_run=True)).removed == PurgeCounts()


async def test_the_admin_api_runs_a_dry_run(hotline: Hotline) -> None:
    response = await Admin(hotline).api("POST", "/api/privacy/purge?dry_run=true")

    assert response.status_code == 200
    assert response.json()["is_dry_run"] is True
    assert response.json()["removed"]["recordings"] == 0


class SetClock:
    def __init__(self, now: datetime) -> None:
        self.now_at = now

    def now(self) -> datetime:
        return self.now_at

    async def sleep(self, seconds: float) -> None:
        self.now_at += timedelta(seconds=seconds)


async def test_the_daily_purge_runs_once_a_day_at_its_local_time(
    hotline: Hotline,
) -> None:
    # 03:30 in Brussels is 02:30 UTC in winter.
    clock = SetClock(datetime(2026, 11, 24, 1, 0, tzinfo=UTC))
    state = dataclasses.replace(
        hotline.state,
        clock=clock,
        settings=hotline.settings.model_copy(
            update={"retention": RetentionSettings(expired_ban_days=1)}
        ),
    )
    daily = DailyPurge()
    runs: list[datetime] = []
    for hour in (1.0, 2.0, 2.5, 3.0, 12.0, 24 + 2.0, 24 + 2.5, 24 + 2.6):
        clock.now_at = datetime(2026, 11, 24, tzinfo=UTC) + timedelta(hours=hour)
        if await daily.tick(state) is not None:
            runs.append(clock.now_at)

    assert runs == [
        datetime(2026, 11, 24, 2, 30, tzinfo=UTC),
        datetime(2026, 11, 25, 2, 30, tzinfo=UTC),
    ]
    async with hotline.session() as session:
        receipts = list(
            await session.scalars(
                select(AuditEntry).where(AuditEntry.action == "privacy.purge")
            )
        )
    assert [r.actor for r in receipts] == ["system", "system"]
