"""Read-only views over the queue backend, the volunteers and the call log for
coordinators: the live queue (JSON API) and the live board (console and JSON)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from app.dashboard.schemas import (
    Board,
    BoardCaller,
    BoardFigures,
    BoardLanguage,
    BoardOperator,
    BoardOperatorState,
    OperatorLive,
    QueueView,
    WaitingCaller,
)
from app.help_requests import repository as request_repository
from app.logging import mask_phone
from app.queue.backend import QueueSnapshot
from app.reports import service as report_service
from app.state import HotlineState
from app.volunteers import repository as volunteer_repository


async def queue_view(state: HotlineState) -> QueueView:
    now = state.clock.now().timestamp()
    snapshot = await state.queue.snapshot(now)
    waiting = [
        WaitingCaller(
            entry_id=item.entry.entry_id,
            kind=item.entry.kind,
            language=item.entry.language,
            need=item.entry.need,
            postcode=item.entry.postcode,
            caller=mask_phone(item.entry.caller_number),
            position=item.position,
            waiting_s=int(now - item.entry.enqueued_at),
            is_offered=item.offer_id is not None,
        )
        for entries in snapshot.waiting.values()
        for item in entries
    ]
    operators = [
        OperatorLive(
            volunteer_id=int(op.presence.operator_id),
            status=op.status,
            idle_since=datetime.fromtimestamp(op.presence.idle_since, UTC),
        )
        for op in snapshot.operators
    ]
    pending = sum(1 for offer in snapshot.offers if not offer.is_accepted)
    return QueueView(
        taken_at=datetime.fromtimestamp(snapshot.taken_at, UTC),
        waiting=sorted(waiting, key=lambda w: (w.language, w.position)),
        operators=operators,
        pending_offers=pending,
    )


def _at(epoch_s: float) -> datetime:
    return datetime.fromtimestamp(epoch_s, UTC)


def _waiting_by_language(
    state: HotlineState, snapshot: QueueSnapshot, now: float
) -> list[BoardLanguage]:
    languages = []
    for language in sorted(snapshot.waiting):
        callers = []
        for item in snapshot.waiting[language]:
            entry = item.entry
            place = state.postcodes.lookup(entry.postcode) if entry.postcode else None
            callers.append(
                BoardCaller(
                    entry_id=entry.entry_id,
                    caller=mask_phone(entry.caller_number),
                    need=entry.need,
                    postcode=entry.postcode,
                    municipality=place.display_name(language) if place else None,
                    enqueued_at=_at(entry.enqueued_at),
                    waiting_s=max(0, int(now - entry.enqueued_at)),
                    is_callback=entry.kind == "callback",
                    is_offered=item.offer_id is not None,
                )
            )
        if callers:
            languages.append(
                BoardLanguage(
                    language=language,
                    callers=callers,
                    longest_wait_s=max(c.waiting_s for c in callers),
                )
            )
    return languages


async def _operators(
    session: AsyncSession, state: HotlineState, snapshot: QueueSnapshot, now: float
) -> list[BoardOperator]:
    offers = {offer.offer_id: offer for offer in snapshot.offers}
    live = {op.presence.operator_id: op for op in snapshot.operators}
    wrapup_s = state.settings.queue.wrapup_s
    operators = []
    for volunteer in await volunteer_repository.operators_not_offline(session):
        op = live.get(str(volunteer.id))
        since: datetime | None
        board_state: BoardOperatorState
        if op is None:
            # On duty in the database but not in the pool: away (or about to return).
            board_state = "away"
            since = volunteer.duty_changed_at
        else:
            offer = offers.get(op.offer_id) if op.offer_id else None
            board_state = op.status
            if op.status == "ringing" and offer is not None:
                since = _at(offer.created_at)
            elif op.status == "on_call" and offer is not None:
                since = _at(offer.accepted_at or offer.created_at)
            elif op.status == "wrap_up":
                since = _at(op.presence.idle_since - wrapup_s)
            else:
                since = _at(min(op.presence.idle_since, now))
        operators.append(
            BoardOperator(
                volunteer_id=volunteer.id,
                name=volunteer.name,
                languages=list(volunteer.languages),
                state=board_state,
                since=since,
            )
        )
    order = {"ringing": 0, "on_call": 1, "available": 2, "wrap_up": 3, "away": 4}
    return sorted(operators, key=lambda o: (order[o.state], o.name.casefold()))


async def board(session: AsyncSession, state: HotlineState) -> Board:
    """The live board: who waits, who answers, and today's figures."""
    now_dt = state.clock.now()
    now = now_dt.timestamp()
    snapshot = await state.queue.snapshot(now)
    console = state.settings.console
    start, end = report_service.day_bounds(now_dt, console.timezone)
    figures = await report_service.call_figures(
        session, start=start, end=end, service_level_s=console.service_level_s
    )
    callbacks_pending = sum(
        1
        for entries in snapshot.waiting.values()
        for item in entries
        if item.entry.kind == "callback"
    )
    return Board(
        taken_at=now_dt,
        languages=_waiting_by_language(state, snapshot, now),
        operators=await _operators(session, state, snapshot, now),
        today=BoardFigures(
            calls=figures.calls,
            answered=figures.answered,
            abandoned=figures.abandoned,
            average_answer_s=figures.average_answer_s,
            service_level=figures.service_level,
            callbacks_pending=callbacks_pending,
            voicemails_open=await request_repository.count_unhandled_voicemails(
                session
            ),
        ),
    )
