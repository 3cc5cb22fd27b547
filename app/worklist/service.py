"""Work list use cases: the list itself, and claiming, releasing and finishing an item.

A claim is one row per (request, kind), inserted under a unique index: of two
coordinators pressing "I'll call back" at the same moment, on any app instance,
exactly one insert succeeds and the other is told who has the item.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit import service as audit
from app.help_requests import service as request_service
from app.help_requests.models import HelpRequest, WorkClaim
from app.logging import mask_phone
from app.state import HotlineState
from app.worklist import repository
from app.worklist.errors import AlreadyClaimed, ClaimNotFound, WorkItemNotFound
from app.worklist.schemas import (
    CallbackItem,
    EscalationItem,
    EscalationReason,
    VoicemailItem,
    WorkClaimRead,
    WorkKind,
    WorkList,
)

MISSING_PREFIX = "missing_"


def _common(
    state: HotlineState,
    request: HelpRequest,
    claim: WorkClaim | None,
    *,
    since: datetime,
    viewer: str,
) -> dict[str, Any]:
    """The fields of `WorkItem`, for whoever is reading (`viewer`)."""
    place = state.postcodes.lookup(request.postcode) if request.postcode else None
    mine = claim is not None and claim.claimed_by == viewer
    return {
        "request_id": request.id,
        "since": since,
        "caller": mask_phone(request.caller_number),
        "phone_number": request.caller_number if mine else None,
        "language": request.language,
        "need": request.need,
        "postcode": request.postcode,
        "municipality": place.display_name(request.language or "nl") if place else None,
        "claim": WorkClaimRead.model_validate(claim) if claim else None,
        "is_claimed_by_me": mine,
    }


def _reason(detail: dict[str, object] | None) -> tuple[EscalationReason, list[str]]:
    reason = str((detail or {}).get("reason", ""))
    if reason.startswith(MISSING_PREFIX):
        return "missing_details", reason.removeprefix(MISSING_PREFIX).split("_")
    if reason == "no_volunteer_in_range":
        return "no_volunteer_in_range", []
    if reason == "no_volunteer_accepted":
        return "no_volunteer_accepted", []
    if reason == "sms_failed":
        return "sms_failed", []
    if reason == "confirmation_failed":
        return "confirmation_failed", []
    if reason == "neighbour_did_not_come":
        return "neighbour_did_not_come", []
    return "other", []


async def callbacks(
    session: AsyncSession,
    state: HotlineState,
    *,
    viewer: str,
    request_id: int | None = None,
) -> list[CallbackItem]:
    return [
        CallbackItem(
            **_common(
                state,
                row.request,
                row.claim,
                since=row.first_attempt_at,
                viewer=viewer,
            ),
            attempts=row.attempts,
            last_attempt_at=row.last_attempt_at,
        )
        for row in await repository.callbacks(session, request_id=request_id)
    ]


async def voicemails(
    session: AsyncSession,
    state: HotlineState,
    *,
    viewer: str,
    request_id: int | None = None,
) -> list[VoicemailItem]:
    return [
        VoicemailItem(
            **_common(state, row.request, row.claim, since=row.left_at, viewer=viewer),
            duration_s=row.request.voicemail_duration_s,
            left_at=row.left_at,
        )
        for row in await repository.voicemails(session, request_id=request_id)
    ]


async def escalations(
    session: AsyncSession,
    state: HotlineState,
    *,
    viewer: str,
    request_id: int | None = None,
) -> list[EscalationItem]:
    rows = await repository.escalations(session, request_id=request_id)
    details = await repository.latest_event_details(
        session, [row.request.id for row in rows], "escalated"
    )
    items = []
    for row in rows:
        escalated_at = row.request.escalated_at
        assert escalated_at is not None  # the query's condition
        reason, missing = _reason(details.get(row.request.id))
        items.append(
            EscalationItem(
                **_common(
                    state, row.request, row.claim, since=escalated_at, viewer=viewer
                ),
                escalated_at=escalated_at,
                reason=reason,
                missing=missing,
                status=row.request.status,
            )
        )
    return items


async def work_list(
    session: AsyncSession, state: HotlineState, *, viewer: str
) -> WorkList:
    """Everything a coordinator must do next, as `viewer` (a username) sees it."""
    return WorkList(
        taken_at=state.clock.now(),
        callbacks=await callbacks(session, state, viewer=viewer),
        voicemails=await voicemails(session, state, viewer=viewer),
        escalations=await escalations(session, state, viewer=viewer),
    )


@dataclass(frozen=True)
class _OpenItem:
    request: HelpRequest
    claim: WorkClaim | None
    # A done claim older than this belongs to an earlier round of the item.
    reopened_at: datetime | None


async def _open_item(
    session: AsyncSession, kind: WorkKind, request_id: int
) -> _OpenItem | None:
    if kind == "callback":
        found = [
            _OpenItem(row.request, row.claim, row.last_attempt_at)
            for row in await repository.callbacks(session, request_id=request_id)
        ]
    elif kind == "voicemail":
        found = [
            _OpenItem(row.request, row.claim, None)
            for row in await repository.voicemails(session, request_id=request_id)
        ]
    else:
        found = [
            _OpenItem(row.request, row.claim, row.request.escalated_at)
            for row in await repository.escalations(session, request_id=request_id)
        ]
    return found[0] if found else None


async def _required_open_item(
    session: AsyncSession, kind: WorkKind, request_id: int
) -> _OpenItem:
    item = await _open_item(session, kind, request_id)
    if item is None:
        raise WorkItemNotFound(f"no open {kind} item for help request {request_id}")
    return item


def _taken(claim: WorkClaim) -> AlreadyClaimed:
    return AlreadyClaimed(claimed_by=claim.claimed_by, claimed_at=claim.claimed_at)


async def _insert(
    session: AsyncSession,
    item: _OpenItem,
    *,
    kind: WorkKind,
    username: str,
    now: datetime,
    done: bool,
) -> WorkClaim:
    """Claim the item with one INSERT; the loser of a race learns who won."""
    request_id = item.request.id
    if item.reopened_at is not None:
        await repository.delete_done_before(
            session, request_id=request_id, kind=kind, before=item.reopened_at
        )
    claim = WorkClaim(
        request_id=request_id,
        kind=kind,
        claimed_by=username,
        claimed_at=now,
        done_at=now if done else None,
    )
    try:
        await repository.insert_claim(session, claim)
    except IntegrityError:
        await session.rollback()
        winner = await repository.get_claim(session, request_id=request_id, kind=kind)
        if winner is None:  # the winner released it in the meantime
            raise WorkItemNotFound(
                f"the {kind} item of help request {request_id} just changed"
            ) from None
        raise _taken(winner) from None
    return claim


async def claim(
    session: AsyncSession,
    state: HotlineState,
    *,
    kind: WorkKind,
    request_id: int,
    username: str,
) -> WorkClaimRead:
    """Take an open item ("I'll call back"). Claiming one's own item again is a
    no-op; someone else's is refused with their name."""
    item = await _required_open_item(session, kind, request_id)
    if item.claim is not None:
        if item.claim.claimed_by == username:
            return WorkClaimRead.model_validate(item.claim)
        raise _taken(item.claim)
    row = await _insert(
        session,
        item,
        kind=kind,
        username=username,
        now=state.clock.now(),
        done=False,
    )
    # Whoever holds the claim is shown the number in full, to phone the person.
    await audit.record(
        session,
        actor=username,
        action="request.reveal",
        subject=f"request:{request_id}",
        detail={"fields": "caller_number", "via": f"work claim {kind}"},
        now=state.clock.now(),
    )
    await session.commit()
    return WorkClaimRead.model_validate(row)


async def release(
    session: AsyncSession,
    *,
    kind: WorkKind,
    request_id: int,
    username: str,
) -> None:
    """Give one's own claim back (not yet done): the item is free again."""
    held = await repository.get_claim(session, request_id=request_id, kind=kind)
    if held is None or held.done_at is not None:
        raise ClaimNotFound(
            f"nobody holds the {kind} item of help request {request_id}"
        )
    if held.claimed_by != username:
        raise _taken(held)
    if not await repository.delete_active(
        session, claim_id=held.id, claimed_by=username
    ):
        raise ClaimNotFound(f"the {kind} item of help request {request_id} changed")
    await session.commit()


async def done(
    session: AsyncSession,
    state: HotlineState,
    *,
    kind: WorkKind,
    request_id: int,
    username: str,
) -> WorkClaimRead:
    """The item is dealt with (person reached, voicemail handled, escalation
    resolved): it leaves the list, and the request's history says who did it.

    An unclaimed item is claimed and finished at once; someone else's is refused.
    """
    now = state.clock.now()
    item = await _open_item(session, kind, request_id)
    if item is None:
        finished = await repository.get_claim(session, request_id=request_id, kind=kind)
        if (
            finished is not None
            and finished.done_at
            and finished.claimed_by == username
        ):
            return WorkClaimRead.model_validate(finished)  # a repeated "done"
        raise WorkItemNotFound(f"no open {kind} item for help request {request_id}")
    if item.claim is None:
        row = await _insert(
            session, item, kind=kind, username=username, now=now, done=True
        )
    elif item.claim.claimed_by != username:
        raise _taken(item.claim)
    else:
        if not await repository.finish(
            session, claim_id=item.claim.id, claimed_by=username, now=now
        ):
            raise WorkItemNotFound(
                f"the {kind} item of help request {request_id} just changed"
            )
        row = item.claim
    request_service.record(
        session,
        item.request,
        "work_done",
        now=now,
        actor=username,
        detail={"kind": kind},
    )
    await session.commit()
    return WorkClaimRead.model_validate(row).model_copy(update={"done_at": now})
