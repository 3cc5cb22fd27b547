"""Use cases: the retention purge, erasure and export of one phone number.

Recordings are deleted at the provider before the database forgets where they are,
and never inside a database transaction (a slow provider must not hold the writer
lock the webhooks need): what is due is read, the transaction ended, the provider
called, and then everything is written in one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase

from app.audit import service as audit
from app.calls.models import Call
from app.calls.schemas import PRIVATE_DETAIL_KEYS
from app.config import RetentionSettings
from app.errors import Conflict
from app.help_requests.models import HelpRequest
from app.logging import mask_phone
from app.privacy import anonymise
from app.privacy import repository as repo
from app.privacy.schemas import (
    ErasureReceipt,
    PersonExport,
    PurgeCounts,
    PurgeReport,
)
from app.telephony.client import (
    RecordingRefused,
    RecordingUnavailable,
    TelephonyClient,
)

logger = logging.getLogger(__name__)

# Rows written per transaction by the purge.
BATCH = 200
# Never exported: where a recording is (it is listed, not linked) and secrets.
_UNEXPORTED_SUFFIXES = ("_url", "_sha256", "_hash")


@dataclass(frozen=True)
class Cutoffs:
    """Data older than these instants is past its retention."""

    recordings: datetime
    call_timelines: datetime
    closed_requests: datetime
    audit_entries: datetime
    login_records: datetime
    expired_bans: datetime

    @classmethod
    def of(cls, retention: RetentionSettings, now: datetime) -> Cutoffs:
        def days(n: int) -> datetime:
            return now - timedelta(days=n)

        return cls(
            recordings=days(retention.recording_days),
            call_timelines=days(retention.call_timeline_days),
            closed_requests=days(retention.closed_request_days),
            audit_entries=days(retention.audit_log_days),
            login_records=days(retention.login_record_days),
            expired_bans=days(retention.expired_ban_days),
        )


@dataclass
class _Deleted:
    """Recordings the provider no longer has, and those it could not delete."""

    keys: set[str]
    failed_urls: set[str]


async def _delete_at_provider(
    telephony: TelephonyClient, urls: Sequence[str]
) -> _Deleted:
    done = _Deleted(keys=set(), failed_urls=set())
    for url in dict.fromkeys(urls):
        try:
            await telephony.delete_recording(url)
        except RecordingRefused:
            # Not one of this account's recordings (an old URL of another account,
            # a value typed by hand): nothing to delete there, forget the URL.
            logger.warning("recording URL refused, forgotten without a delete")
        except RecordingUnavailable as exc:
            logger.warning("recording not deleted at the provider: %s", exc.message)
            done.failed_urls.add(url)
            continue
        done.keys.add(anonymise.recording_key(url))
    return done


def _urls_of(requests: Sequence[HelpRequest]) -> dict[int, list[str]]:
    return {r.id: anonymise.recording_urls(r) for r in requests}


async def _forget_recordings(session: AsyncSession, keys: set[str]) -> None:
    """Clear deleted recordings from call and request timelines (not committed)."""
    if not keys:
        return
    for event in await repo.events_naming_recordings(session):
        if any(key in str(event.detail) for key in keys):
            event.detail = anonymise.detail_without(event.detail, keys)


def _batches(ids: Sequence[int]) -> list[Sequence[int]]:
    return [ids[i : i + BATCH] for i in range(0, len(ids), BATCH)]


# ------------------------------------------------------------------- purge


async def purge(
    session: AsyncSession,
    telephony: TelephonyClient,
    retention: RetentionSettings,
    *,
    now: datetime,
    is_dry_run: bool,
    actor: str,
) -> PurgeReport:
    """Delete or anonymise what is past its retention; a dry run only counts and
    changes nothing.

    A recording the provider could not delete stays listed (and its request is not
    anonymised yet): the next run tries again. Commits in batches of BATCH rows.
    """
    cut = Cutoffs.of(retention, now)
    with_recordings = await repo.requests_with_recordings_before(
        session, cut.recordings
    )
    closed = await repo.closed_requests_before(session, cut.closed_requests)
    closed_ids = {r.id for r in closed}
    urls = _urls_of([*with_recordings, *closed])
    all_urls = [u for listed in urls.values() for u in listed]
    if is_dry_run:
        due_calls, due_events = await repo.count_calls_before(
            session, cut.call_timelines, except_kinds=anonymise.REPORTED_EVENT_KINDS
        )
        counts = PurgeCounts(
            recordings=len(set(all_urls)),
            call_timelines=due_calls,
            call_events=due_events,
            requests_anonymised=len(closed),
            **{
                kind: await repo.count_older(session, kind, before)
                for kind, before in _bulk_kinds(cut).items()
            },
        )
        await session.rollback()
        return PurgeReport(is_dry_run=True, ran_at=now, removed=counts)

    await session.rollback()
    deleted = await _delete_at_provider(telephony, all_urls)
    counts = PurgeCounts(recordings=len(deleted.keys))
    # Written in batches, each its own short transaction: a first purge of a large
    # database must not hold the writer lock (SQLite's is database-wide) for long,
    # or the webhooks waiting on it would time out. Each step is idempotent: a purge
    # stopped halfway is finished by the next.
    for ids in _batches(sorted(urls)):
        for request in await repo.requests_by_ids(session, ids):
            anonymise.forget_recordings(request, deleted.keys)
        await session.commit()
    await _forget_recordings(session, deleted.keys)
    await session.commit()
    # A request whose recording is still at the provider waits for the next run;
    # one re-opened meanwhile is not anonymised (checked again in its batch).
    ready = sorted(i for i in closed_ids if not set(urls[i]) & deleted.failed_urls)
    for ids in _batches(ready):
        requests = [
            r
            for r in await repo.requests_by_ids(session, ids)
            if anonymise.is_past_retention(r, cut.closed_requests)
        ]
        for request in requests:
            anonymise.anonymise_request(request)
        await repo.clear_request_history(session, [r.id for r in requests])
        counts.requests_anonymised += len(requests)
        await session.commit()
    while calls := await repo.calls_before(session, cut.call_timelines, limit=BATCH):
        for call in calls:
            anonymise.anonymise_call(call)
        counts.call_timelines += len(calls)
        counts.call_events += await repo.delete_call_events(
            session, [c.id for c in calls], except_kinds=anonymise.REPORTED_EVENT_KINDS
        )
        await session.commit()
    for kind, before in _bulk_kinds(cut).items():
        if kind == "audit_entries":
            counts.audit_entries = await audit.purge_before(session, before=before)
        else:
            setattr(counts, kind, await repo.delete_older(session, kind, before))
    report = PurgeReport(
        is_dry_run=False,
        ran_at=now,
        removed=counts,
        recordings_failed=len(deleted.failed_urls),
    )
    await audit.record(
        session,
        actor=actor,
        action="privacy.purge",
        subject="retention",
        detail={k: str(v) for k, v in counts.model_dump().items()}
        | {"recordings_failed": str(report.recordings_failed)},
        now=now,
    )
    await session.commit()
    return report


def _bulk_kinds(cut: Cutoffs) -> dict[str, datetime]:
    return {
        "audit_entries": cut.audit_entries,
        "console_sessions": cut.login_records,
        "login_throttles": cut.login_records,
        "expired_bans": cut.expired_bans,
    }


# ----------------------------------------------------------------- erasure


async def erase(
    session: AsyncSession,
    telephony: TelephonyClient,
    number: str,
    *,
    now: datetime,
    actor: str,
) -> ErasureReceipt:
    """Remove or anonymise everything about one E.164 number; a receipt (counts,
    the number masked) goes to the audit log. Commits once.

    All or nothing: recordings are deleted at the provider first, and if the
    provider fails, nothing in the database changes (RecordingUnavailable, 502);
    trying again is safe. Refused (Conflict) while the number is in use: a
    volunteer on duty (take them off duty first), or a caller on the line or
    promised a callback (once that call is over), so that no call is placed to or
    offered for a number being forgotten.
    """
    volunteer = await repo.volunteer_of_number(session, number)
    if volunteer is not None and volunteer.duty_state != "offline":
        raise Conflict("this volunteer is on duty: take them off duty first")
    if await repo.is_queued(session, number):
        raise Conflict(
            "this number is waiting in the queue or was promised a callback:"
            " erase it once that call is over"
        )
    requests = await repo.requests_of_number(session, number)
    calls = await repo.calls_of_number(session, number)
    urls = [u for listed in _urls_of(requests).values() for u in listed]
    for event in await repo.events_of_calls(session, [c.id for c in calls]):
        urls.extend(
            str(v)
            for k, v in event.detail.items()
            if k in PRIVATE_DETAIL_KEYS and isinstance(v, str) and v
        )
    request_ids = [r.id for r in requests]
    volunteer_id = volunteer.id if volunteer is not None else None
    await session.rollback()

    deleted = await _delete_at_provider(telephony, urls)
    if deleted.failed_urls:
        raise RecordingUnavailable(
            f"the provider did not delete {len(deleted.failed_urls)} recording(s);"
            " nothing was erased, try again"
        )
    await _forget_recordings(session, deleted.keys)
    requests = await repo.requests_by_ids(session, request_ids)
    open_ids = [r.id for r in requests if r.status not in anonymise.CLOSED_STATUSES]
    for request in requests:
        if request.id in open_ids:
            request.status = "closed"
            request.close_reason = "no_longer_needed"
            request.next_wave_at = None
            request.updated_at = now
        anonymise.anonymise_request(request)
    await repo.withdraw_pending_offers(session, open_ids, now=now)
    await repo.clear_request_history(session, request_ids)
    calls = await repo.calls_of_number(session, number)
    for call in calls:
        anonymise.anonymise_call(call)
    events = await repo.delete_call_events(
        session, [c.id for c in calls], except_kinds=anonymise.REPORTED_EVENT_KINDS
    )
    if volunteer_id is not None:
        await repo.delete_volunteer(session, volunteer_id)
    bans_removed = bans_kept = 0
    for ban in await repo.bans_of_number(session, number):
        if ban.expires_at is not None and ban.expires_at <= now:
            await repo.delete_ban(session, ban.id)
            bans_removed += 1
        else:
            bans_kept += 1
    receipt = ErasureReceipt(
        number_masked=mask_phone(number),
        erased_at=now,
        calls_anonymised=len(calls),
        call_events_deleted=events,
        requests_anonymised=len(requests),
        requests_closed=len(open_ids),
        recordings_deleted=len(deleted.keys),
        volunteer_removed=volunteer_id is not None,
        bans_removed=bans_removed,
        bans_kept=bans_kept,
    )
    await audit.record(
        session,
        actor=actor,
        action="privacy.erase",
        subject=f"number:{receipt.number_masked}",
        detail={
            k: str(v)
            for k, v in receipt.model_dump(
                exclude={"number_masked", "erased_at"}
            ).items()
        },
        now=now,
    )
    await session.commit()
    return receipt


# ------------------------------------------------------------------ export


def _columns(row: DeclarativeBase) -> dict[str, Any]:
    """A row as stored, without recording URLs and secrets."""
    values: dict[str, Any] = {}
    for column in row.__table__.columns:
        if column.key.endswith(_UNEXPORTED_SUFFIXES):
            if column.key.endswith("_url"):
                has = getattr(row, column.key) is not None
                values["has_" + column.key.removesuffix("_url")] = has
            continue
        values[column.key] = getattr(row, column.key)
    return values


def _detail(detail: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in detail.items() if k not in PRIVATE_DETAIL_KEYS}


async def export(
    session: AsyncSession, number: str, *, now: datetime, actor: str
) -> PersonExport:
    """Everything held about one E.164 number, as data; the export itself is
    written to the audit log (the number masked). Commits once."""
    calls: list[Call] = await repo.calls_of_number(session, number)
    events = await repo.events_of_calls(session, [c.id for c in calls])
    requests = await repo.requests_of_number(session, number)
    request_ids = [r.id for r in requests]
    history = await repo.history_of_requests(session, request_ids)
    offers = await repo.offers_of_requests(session, request_ids)
    volunteer = await repo.volunteer_of_number(session, number)
    bans = await repo.bans_of_number(session, number)

    call_rows = []
    for call in calls:
        row = _columns(call)
        row["events"] = [
            {"occurred_at": e.occurred_at, "kind": e.kind, "detail": _detail(e.detail)}
            for e in events
            if e.call_id == call.id
        ]
        call_rows.append(row)
    request_rows = []
    for request in requests:
        row = _columns(request)
        row["history"] = [
            {
                "occurred_at": h.occurred_at,
                "kind": h.kind,
                "actor": h.actor,
                "detail": _detail(h.detail),
            }
            for h in history
            if h.request_id == request.id
        ]
        # Which neighbours were asked is about them, not the requester: the offers'
        # answers are given without who answered.
        row["offers"] = [
            {"wave": o.wave, "sent_at": o.sent_at, "response": o.response}
            for o in offers
            if o.request_id == request.id
        ]
        request_rows.append(row)
    volunteer_row: dict[str, Any] | None = None
    if volunteer is not None:
        volunteer_row = _columns(volunteer)
        volunteer_row["shifts"] = [
            {"weekday": s.weekday, "starts": s.starts, "ends": s.ends}
            for s in await repo.shifts_of(session, volunteer.id)
        ]
    result = PersonExport(
        phone_number=number,
        exported_at=now,
        calls=call_rows,
        requests=request_rows,
        volunteer=volunteer_row,
        bans=[_columns(b) for b in bans],
    )
    await audit.record(
        session,
        actor=actor,
        action="privacy.export",
        subject=f"number:{mask_phone(number)}",
        detail={
            "calls": str(len(call_rows)),
            "requests": str(len(request_rows)),
            "volunteer": "yes" if volunteer_row else "no",
        },
        now=now,
    )
    await session.commit()
    return result
