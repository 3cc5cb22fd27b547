"""Call lifecycle: a pure status transition table plus persistence of the timeline;
and the read side of the call log (pages, a single call, CSV export, voicemails).

Twilio retries webhooks and delivers status callbacks out of order, so every write
here is idempotent: one row per CallSid, status only moves forward, and events that a
retry could repeat carry a dedupe key.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.calls import repository
from app.calls.errors import CallNotFound
from app.calls.models import Call, CallEvent
from app.calls.schemas import (
    CallCursor,
    CallDetail,
    CallFilter,
    CallLeg,
    CallLogEntry,
    CallOperator,
    CallPage,
    CallRead,
    CallRequestRef,
    CallSummary,
)
from app.calls.status import known_status, status_change
from app.errors import BadRequest, NotFound
from app.help_requests import repository as request_repository
from app.logging import mask_phone
from app.phone_numbers import to_e164
from app.telephony.client import RecordingAudio, TelephonyClient
from app.telephony.events import CallStatusChanged, VoiceEvent


def new_call(
    *,
    twilio_call_sid: str,
    purpose: str,
    direction: str,
    from_number: str,
    to_number: str,
    status: str,
    now: datetime,
) -> Call:
    """A call row not yet in the session (the caller checked it does not exist)."""
    caller = from_number if direction == "inbound" else to_number
    return Call(
        twilio_call_sid=twilio_call_sid,
        purpose=purpose,
        direction=direction,
        from_number=from_number,
        to_number=to_number,
        caller_e164=to_e164(caller),
        status=known_status(status),
        started_at=now,
    )


async def get_or_create_call(
    session: AsyncSession,
    *,
    twilio_call_sid: str,
    purpose: str,
    direction: str,
    from_number: str,
    to_number: str,
    status: str,
    now: datetime,
) -> tuple[Call, bool]:
    """The call row for this CallSid, created on first sight (race-safe).

    An outbound leg's own webhooks can arrive before the code that placed the call
    records it, so the insert runs in a savepoint: losing that race keeps the rest
    of the transaction and returns the row the other request wrote.
    """
    call = await repository.get_by_sid(session, twilio_call_sid)
    if call is not None:
        return call, False
    call = new_call(
        twilio_call_sid=twilio_call_sid,
        purpose=purpose,
        direction=direction,
        from_number=from_number,
        to_number=to_number,
        status=status,
        now=now,
    )
    try:
        async with session.begin_nested():
            session.add(call)
    except IntegrityError:
        existing = await repository.get_by_sid(session, twilio_call_sid)
        assert existing is not None
        return existing, False
    return call, True


async def call_for_event(
    session: AsyncSession,
    event: VoiceEvent | CallStatusChanged,
    *,
    purpose: str,
    now: datetime,
) -> Call:
    """The call row a webhook is about, created on first sight."""
    call, _ = await get_or_create_call(
        session,
        twilio_call_sid=event.call_sid,
        purpose=purpose,
        direction=event.direction,
        from_number=event.from_number,
        to_number=event.to_number,
        status=event.call_status,
        now=now,
    )
    return call


async def add_event(
    session: AsyncSession,
    call: Call,
    kind: str,
    *,
    now: datetime,
    detail: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
) -> bool:
    """Append to the call's timeline; False if `dedupe_key` was already recorded.

    An event without a key is written with the transaction's next flush; one with
    a key at once, by one statement that does nothing if the key is there (a
    retried webhook, or a concurrent attempt at the same event)."""
    if dedupe_key is not None:
        if call.id is None:
            await session.flush()  # the call's id, for the event's row
        return await repository.add_event_once(
            session,
            call_id=call.id,
            occurred_at=now,
            kind=kind,
            detail=detail or {},
            dedupe_key=dedupe_key,
        )
    event = CallEvent(occurred_at=now, kind=kind, detail=detail or {})
    if call.id is None:
        event.call = call  # not inserted yet: one flush writes both
    else:
        event.call_id = call.id
    session.add(event)
    return True


async def apply_status(
    session: AsyncSession, call: Call, event: CallStatusChanged, *, now: datetime
) -> bool:
    """Record a status callback; False when it is a duplicate. Never commits."""
    change = status_change(
        sid=call.twilio_call_sid,
        status=call.status,
        status_sequence=call.status_sequence,
        answered_at=call.answered_at,
        ended_at=call.ended_at,
        event=event,
        now=now,
    )
    if not await add_event(
        session,
        call,
        "status",
        now=change.occurred_at,
        detail=change.detail,
        dedupe_key=change.dedupe_key,
    ):
        return False
    for name, value in change.fields.items():
        setattr(call, name, value)
    return True


def mark_ended(call: Call, *, now: datetime, outcome: str | None = None) -> None:
    if call.ended_at is None:
        call.ended_at = now
    if outcome and call.outcome is None:
        call.outcome = outcome


# ----------------------------------------------------------------- reading the log

# How long after the last offer an operator's leg or a call back may still start
# (the leg is placed right after the offer is logged; this allows a slow REST call).
LEG_WINDOW = timedelta(minutes=5)
EXPORT_BATCH = 1000
EXPORT_COLUMNS = (
    "id",
    "started_at",
    "answered_at",
    "ended_at",
    "purpose",
    "caller",
    "language",
    "need",
    "outcome",
    "operator",
    "wait_s",
    "duration_s",
)


class InvalidCursor(BadRequest):
    """A paging link that was not made by the call log (edited or cut short)."""


def criteria_for(filters: CallFilter, *, timezone: str) -> repository.LogCriteria:
    """The filter with its local dates turned into UTC bounds (DST-safe)."""
    zone = ZoneInfo(timezone)
    start = end = None
    if filters.date_from is not None:
        start = datetime.combine(filters.date_from, time(0), zone).astimezone(UTC)
    if filters.date_to is not None:
        next_day = filters.date_to + timedelta(days=1)
        end = datetime.combine(next_day, time(0), zone).astimezone(UTC)
    if filters.since is not None:
        start = filters.since if start is None else max(start, filters.since)
    return repository.LogCriteria(
        purpose=filters.purpose,
        start=start,
        end=end,
        language=filters.language,
        need=filters.need,
        outcome=filters.outcome,
        volunteer_id=filters.operator,
        digits=filters.digits,
    )


def _position(token: str | None) -> repository.Position | None:
    if token is None or not token.strip():
        return None
    cursor = CallCursor.decode(token)
    if cursor is None:
        raise InvalidCursor(f"not a call log position: {token[:40]!r}")
    return repository.Position(cursor.started_at, cursor.id)


def _token(call: Call) -> str:
    return CallCursor(started_at=call.started_at, id=call.id).encode()


def _entry(row: repository.LogRow) -> CallLogEntry:
    call, need, operator_name = row
    summary = CallSummary.model_validate(call)
    return CallLogEntry(
        **summary.model_dump(),
        caller_masked=mask_phone(call.caller_e164 or call.from_number),
        need=need,
        operator_name=operator_name,
    )


async def call_log(
    session: AsyncSession,
    filters: CallFilter,
    *,
    timezone: str,
    limit: int,
    before: str | None = None,
    after: str | None = None,
    offset: int = 0,
    with_total: bool = False,
) -> CallPage:
    """One page of the log, newest first, by keyset (`before` / `after` cursors)
    or, for the API's first clients, by `offset`. Counting is optional: it scans."""
    criteria = criteria_for(filters, timezone=timezone)
    older_than = _position(before)
    newer_than = None if older_than is not None else _position(after)
    keyset = older_than is not None or newer_than is not None
    rows = await repository.log_rows(
        session,
        criteria,
        limit=limit + 1,
        before=older_than,
        after=newer_than,
        offset=0 if keyset else offset,
    )
    if newer_than is not None:
        # Fetched oldest-first from the cursor: the extra row is the newest one.
        has_newer = len(rows) > limit
        rows = rows[1:] if has_newer else rows
        has_older = bool(rows) and await repository.log_has_row(
            session, criteria, before=_place(rows[-1][0])
        )
    else:
        has_older = len(rows) > limit
        rows = rows[:limit]
        if older_than is not None:
            has_newer = bool(rows) and await repository.log_has_row(
                session, criteria, after=_place(rows[0][0])
            )
        else:
            has_newer = offset > 0 and bool(rows)
    total = await repository.log_count(session, criteria) if with_total else None
    return CallPage(
        total=total,
        items=[_entry(row) for row in rows],
        older=_token(rows[-1][0]) if has_older else None,
        newer=_token(rows[0][0]) if has_newer else None,
    )


def _place(call: Call) -> repository.Position:
    return repository.Position(call.started_at, call.id)


async def export_csv(
    sessionmaker: async_sessionmaker[AsyncSession],
    filters: CallFilter,
    *,
    timezone: str,
    batch: int = EXPORT_BATCH,
) -> AsyncIterator[str]:
    """The calls the filter selects as CSV text, header first, newest first.

    Rows are read in keyset batches, each in its own short session: a long export
    never holds one transaction (nor the whole table in memory).
    """
    criteria = criteria_for(filters, timezone=timezone)
    zone = ZoneInfo(timezone)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    def local(moment: datetime | None) -> str:
        return moment.astimezone(zone).isoformat(timespec="seconds") if moment else ""

    writer.writerow(EXPORT_COLUMNS)
    yield flush()
    position: repository.Position | None = None
    while True:
        async with sessionmaker() as session:
            rows = await repository.log_rows(
                session, criteria, limit=batch, before=position
            )
        for call, need, operator_name in rows:
            writer.writerow(
                (
                    call.id,
                    local(call.started_at),
                    local(call.answered_at),
                    local(call.ended_at),
                    call.purpose,
                    mask_phone(call.caller_e164 or call.from_number),
                    call.language or "",
                    need or "",
                    call.outcome or "",
                    _spreadsheet_safe(operator_name or ""),
                    "" if call.wait_s is None else call.wait_s,
                    "" if call.duration_s is None else call.duration_s,
                )
            )
        if rows:
            yield flush()
        if len(rows) < batch:
            return
        position = _place(rows[-1][0])


def _spreadsheet_safe(text: str) -> str:
    """Names are typed by people: one starting like a formula is quoted as text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# ----------------------------------------------------------------- a single call


async def call_detail(session: AsyncSession, call_id: int) -> CallDetail:
    """A call with its timeline, the operators rung for it, the calls placed for it
    (operators' phones, a call back) and its help request."""
    call = await repository.get_with_events(session, call_id)
    if call is None:
        raise CallNotFound(f"call {call_id} not found")
    operators = _operators_of(call)
    legs = await _legs_of(session, call, operators)
    names = await repository.volunteer_names(
        session, [op.volunteer_id for op in operators if op.volunteer_id is not None]
    )
    for index, operator in enumerate(operators):
        if operator.volunteer_id is not None:
            operators[index] = operator.model_copy(
                update={"name": names.get(operator.volunteer_id)}
            )
    request = await request_repository.get_for_call(session, call.id)
    read = CallRead.model_validate(call)
    connected_at = next(
        (e.occurred_at for e in call.events if e.kind == "bridged"), None
    )
    return CallDetail(
        **read.model_dump(),
        caller_masked=mask_phone(call.caller_e164 or call.from_number),
        connected_at=connected_at,
        talk_s=_talk_s(call, connected_at),
        operators=operators,
        legs=legs,
        help_request=None
        if request is None
        else CallRequestRef(
            id=request.id,
            status=request.status,
            need=request.need,
            postcode=request.postcode,
            has_voicemail=bool(request.voicemail_url),
            voicemail_duration_s=request.voicemail_duration_s,
        ),
    )


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def _operators_of(call: Call) -> list[CallOperator]:
    """Who was rung, from the caller's timeline: offered, then accepted or ended."""
    offers: dict[str, CallOperator] = {}
    for event in call.events:
        offer_id = event.detail.get("offer_id")
        if not isinstance(offer_id, str):
            continue
        if event.kind == "offered":
            offers[offer_id] = CallOperator(
                volunteer_id=_int(event.detail.get("volunteer_id")),
                name=None,
                offer_id=offer_id,
                offered_at=event.occurred_at,
                result="ringing",
            )
        elif offer_id in offers and event.kind in (
            "accepted",
            "offer_ended",
            "offer_withdrawn",
        ):
            result = (
                "accepted"
                if event.kind == "accepted"
                else str(event.detail.get("reason") or event.kind)
            )
            offers[offer_id] = offers[offer_id].model_copy(update={"result": result})
    operators = list(offers.values())
    if call.volunteer_id is not None and all(
        op.volunteer_id != call.volunteer_id for op in operators
    ):
        # Legs and duty calls carry their operator on the row itself.
        operators.append(
            CallOperator(
                volunteer_id=call.volunteer_id,
                name=None,
                offer_id=None,
                offered_at=None,
                result="accepted" if call.outcome == "accepted" else "assigned",
            )
        )
    return operators


async def _legs_of(
    session: AsyncSession, call: Call, operators: list[CallOperator]
) -> list[CallLeg]:
    """Operators' legs and calls back placed for this call's offers; fills each
    operator's leg in `operators` on the way."""
    if not any(op.offer_id for op in operators):
        return []
    moments = [e.occurred_at for e in call.events if e.kind in ("offered", "accepted")]
    found = await repository.legs_in_window(
        session,
        purposes=("operator_offer", "callback"),
        kinds=("offer", "callback_dialled"),
        start=min(moments),
        end=max(moments) + LEG_WINDOW,
    )
    by_offer = {op.offer_id: index for index, op in enumerate(operators)}
    legs: list[CallLeg] = []
    for leg, event in found:
        index = by_offer.get(str(event.detail.get("offer_id")))
        if index is None:
            continue
        legs.append(
            CallLeg(
                id=leg.id,
                purpose=leg.purpose,
                started_at=leg.started_at,
                outcome=leg.outcome,
                duration_s=leg.duration_s,
            )
        )
        if leg.purpose == "operator_offer":
            operators[index] = operators[index].model_copy(
                update={"leg_call_id": leg.id, "leg_duration_s": leg.duration_s}
            )
    return legs


def _talk_s(call: Call, connected_at: datetime | None) -> int | None:
    if connected_at is None or call.ended_at is None:
        return None
    return max(0, round((call.ended_at - connected_at).total_seconds()))


async def voicemail_audio(
    session: AsyncSession, telephony: TelephonyClient, request_id: int
) -> RecordingAudio:
    """The recording of a help request's voicemail, fetched from the provider."""
    request = await request_repository.get(session, request_id)
    if request is None or not request.voicemail_url:
        raise NotFound(f"no voicemail for help request {request_id}")
    return await telephony.fetch_recording(request.voicemail_url)
