"""Help request use cases: created with each caller's call (filled in by the IVR) or on
someone's behalf; the requests board, a request's page and the CSV export.

Starting and driving matching is app.matching.service's job, not this module's.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import unicodedata
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from app.audit import service as audit
from app.auth.masking import mask_name
from app.auth.roles import ensure_in_scope
from app.calls.models import Call
from app.errors import NotFound
from app.geo.postcodes import PostcodeDirectory, normalize_postcode
from app.help_requests import repository
from app.help_requests.errors import InvalidRequestField
from app.help_requests.models import HelpRequest, HelpRequestEvent
from app.help_requests.repository import RequestFilters
from app.help_requests.schemas import (
    AGE_FILTERS,
    REQUEST_GROUPS,
    HelpRequestCreate,
    HelpRequestDetail,
    HelpRequestView,
    OfferRead,
    RequestBoard,
    RequestCard,
    RequestColumn,
    RequestQuery,
    request_group,
)
from app.logging import mask_phone
from app.state import HotlineState

# The board shows the first few requests of every group; one group, a page at a time.
BOARD_COLUMN_SIZE = 10
EXPORT_BATCH = 500
EXPORT_COLUMNS = (
    "id",
    "status",
    "group",
    "created_at",
    "updated_at",
    "source",
    "organisation",
    "created_by",
    "phone",
    "requester_name",
    "language",
    "need",
    "postcode",
    "municipality",
    "volunteer",
    "wave",
    "matched_at",
    "done_at",
    "close_reason",
)


def record(
    session: AsyncSession,
    request: HelpRequest,
    kind: str,
    *,
    now: datetime,
    actor: str = "system",
    detail: dict[str, Any] | None = None,
) -> None:
    """Timestamp a change on the request's history (and its updated_at); a change
    by a person with an account is written to the audit log too (the names of the
    changed fields, never their values)."""
    request.updated_at = now
    if audit.is_account(actor):
        audit.note(
            session,
            actor=actor,
            action=f"request.{kind}",
            subject=f"request:{request.id}" if request.id is not None else "request",
            detail={"fields": ",".join(sorted(detail))} if detail else None,
            now=now,
        )
    event = HelpRequestEvent(
        occurred_at=now, kind=kind, actor=actor, detail=detail or {}
    )
    if request.id is None:
        event.request = request  # not inserted yet: one flush writes both
    else:
        event.request_id = request.id
    session.add(event)


async def ensure_for_call(
    session: AsyncSession, call: Call, *, now: datetime
) -> HelpRequest:
    """The call's help request, created (status new) on first need. Never commits."""
    existing = await repository.get_for_call(session, call.id)
    if existing is not None:
        return existing
    request = HelpRequest(
        call_id=call.id,
        caller_number=call.caller_e164 or call.from_number,
        language=call.language,
        line=call.line,
        status="new",
        source="call",
        created_at=now,
        updated_at=now,
    )
    session.add(request)
    await session.flush()
    record(session, request, "created", now=now, detail={"source": "call"})
    return request


# ------------------------------------------------------------------ on behalf


def check_postcode(directory: PostcodeDirectory, postcode: str) -> None:
    if not directory.is_valid(postcode):
        raise InvalidRequestField(
            "postcode", f"{postcode} is not a Belgian postcode in use"
        )


async def new_on_behalf(
    session: AsyncSession,
    directory: PostcodeDirectory,
    data: HelpRequestCreate,
    *,
    source: Literal["api", "console"],
    created_by: str,
    now: datetime,
) -> HelpRequest:
    """A new request (status new) entered on someone's behalf. Never commits."""
    check_postcode(directory, data.postcode)
    request = HelpRequest(
        caller_number=data.phone_number,
        requester_name=data.requester_name,
        language=data.language,
        need=data.need,
        postcode=data.postcode,
        address_street=data.address_street,
        address_number=data.address_number,
        address_box=data.address_box,
        notes=data.notes,
        needs_text=data.needs_text,
        urgency=data.urgency,
        needed_by=data.needed_by,
        access_notes=data.access_notes,
        details_consent=data.details_consent,
        organisation=data.organisation,
        created_by=created_by,
        status="new",
        source=source,
        created_at=now,
        updated_at=now,
    )
    session.add(request)
    await session.flush()
    record(
        session,
        request,
        "created",
        now=now,
        actor=created_by,
        detail={"source": source, "organisation": data.organisation},
    )
    return request


def apply_details(
    session: AsyncSession,
    directory: PostcodeDirectory,
    request: HelpRequest,
    changes: dict[str, Any],
    *,
    now: datetime,
    actor: str,
) -> list[str]:
    """Change a request's details; returns the fields that changed. Never commits.

    The history keeps which fields changed, and the new need, language and postcode
    (what matching reads), not the personal details themselves.
    """
    if "postcode" in changes:
        check_postcode(directory, changes["postcode"])
    changed = sorted(
        name for name, value in changes.items() if getattr(request, name) != value
    )
    if not changed:
        return []
    for name in changed:
        setattr(request, name, changes[name])
    detail: dict[str, Any] = {"fields": changed}
    detail.update(
        {n: changes[n] for n in ("need", "language", "postcode") if n in changed}
    )
    record(session, request, "details_edited", now=now, actor=actor, detail=detail)
    return changed


# ----------------------------------------------------------------- the board


def _plain(text: str) -> str:
    """Case- and accent-blind form of a name: "Liège" and "liege" are the same."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def postcodes_for_place(directory: PostcodeDirectory, place: str) -> tuple[str, ...]:
    """The postcodes a "place" filter means: the postcode itself, or every postcode
    of the municipalities whose Dutch or French name is the text (or, when none is,
    starts with it)."""
    code = normalize_postcode(place)
    if code is not None:
        return (code,)
    wanted = _plain(place)
    exact: list[str] = []
    starting: list[str] = []
    for found in directory.places():
        names = [_plain(n) for n in (found.name_nl, found.name_fr) if n]
        if wanted in names:
            exact.append(found.postcode)
        elif any(name.startswith(wanted) for name in names):
            starting.append(found.postcode)
    return tuple(exact or starting)


def resolve_filters(
    directory: PostcodeDirectory,
    query: RequestQuery,
    *,
    now: datetime,
    status: str | None = None,
    organisation: str | None = None,
) -> RequestFilters:
    """`organisation`: only that organisation's requests (a partner's scope)."""
    return RequestFilters(
        need=query.need,
        language=query.language,
        postcodes=postcodes_for_place(directory, query.place) if query.place else None,
        created_before=now - AGE_FILTERS[query.age] if query.age else None,
        status=status,
        group=query.group,
        organisation=organisation,
    )


def _municipality(directory: PostcodeDirectory, request: HelpRequest) -> str | None:
    place = directory.lookup(request.postcode) if request.postcode else None
    return place.display_name(request.language or "nl") if place else None


def _card(
    directory: PostcodeDirectory, request: HelpRequest, volunteer: str | None
) -> RequestCard:
    return RequestCard(
        id=request.id,
        group=request_group(request.status, request.escalated_at),
        caller_masked=mask_phone(request.caller_number),
        requester_name=request.requester_name,
        need=request.need,
        language=request.language,
        postcode=request.postcode,
        municipality=_municipality(directory, request),
        organisation=request.organisation,
        source=request.source,
        volunteer_name=volunteer,
        wave=request.wave,
        created_at=request.created_at,
        updated_at=request.updated_at,
        is_awaiting_approval=request.is_awaiting_approval,
    )


async def board(
    session: AsyncSession,
    state: HotlineState,
    query: RequestQuery,
    *,
    offset: int = 0,
    limit: int = BOARD_COLUMN_SIZE,
    organisation: str | None = None,
) -> RequestBoard:
    """How many requests per group the filters select, and the first `limit` of
    each group (of the one group, from `offset`, when the query names a group);
    only `organisation`'s requests when given (a partner's scope)."""
    now = state.clock.now()
    everywhere = resolve_filters(
        state.postcodes,
        query.model_copy(update={"group": None}),
        now=now,
        organisation=organisation,
    )
    counts = await repository.count_by_group(session, everywhere)
    groups = [query.group] if query.group else list(REQUEST_GROUPS)
    columns = []
    for group in groups:
        items: list[RequestCard] = []
        if counts.get(group, 0) > offset:
            rows, _ = await repository.list_requests(
                session,
                filters=dataclasses.replace(everywhere, group=group),
                limit=limit,
                offset=offset,
            )
            items = [_card(state.postcodes, r, name) for r, name in rows]
        columns.append(
            RequestColumn(group=group, count=counts.get(group, 0), items=items)
        )
    if query.group:
        # The other groups' counts still show, to switch between them.
        others = [
            RequestColumn(group=g, count=counts.get(g, 0), items=[])
            for g in REQUEST_GROUPS
            if g != query.group
        ]
        columns = sorted(
            [*columns, *others], key=lambda c: REQUEST_GROUPS.index(c.group)
        )
    return RequestBoard(
        taken_at=now, query=query, columns=columns, offset=offset, limit=limit
    )


# ------------------------------------------------------------- one request


async def request_view(
    session: AsyncSession,
    state: HotlineState,
    request_id: int,
    *,
    organisation: str | None = None,
) -> HelpRequestView:
    """A request's page: the record, its history, its SMS offers, its volunteer.
    `organisation`: a partner's scope; another organisation's request is not found."""
    request = await repository.get(session, request_id, with_history=True)
    if request is None:
        raise NotFound(f"help request {request_id} not found")
    ensure_in_scope(organisation, request.organisation)
    offers = await repository.offers_with_names(session, request_id)
    volunteer = (
        await repository.volunteer_name(session, request.volunteer_id)
        if request.volunteer_id is not None
        else None
    )
    detail = HelpRequestDetail.model_validate(request)
    return HelpRequestView.model_validate(
        {
            **detail.model_dump(exclude={"group", "caller_masked"}),
            "volunteer_name": volunteer,
            "municipality": _municipality(state.postcodes, request),
            "call_ids": [
                *([request.call_id] if request.call_id is not None else []),
                *await repository.attached_call_ids(session, request_id),
            ],
            "offers": [
                OfferRead(
                    volunteer_id=offer.volunteer_id,
                    volunteer_name=name,
                    wave=offer.wave,
                    distance_km=offer.distance_km,
                    sent_at=offer.sent_at,
                    response=offer.response,
                    responded_at=offer.responded_at,
                )
                for offer, name in offers
            ],
        }
    )


# ------------------------------------------------------------------ export


async def export_csv(
    state: HotlineState, query: RequestQuery, *, timezone: str
) -> AsyncIterator[str]:
    """The requests the filters select as CSV (numbers and names masked), in chunks
    of rows.

    Reads in short sessions of its own, a batch at a time: the stream outlives the
    request's session and must not hold one transaction open while a slow client
    downloads.
    """
    zone = ZoneInfo(timezone)
    filters = resolve_filters(state.postcodes, query, now=state.clock.now())

    def local(moment: datetime | None) -> str:
        return moment.astimezone(zone).isoformat(timespec="seconds") if moment else ""

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    after_id = 0
    while True:
        async with state.sessionmaker() as session:
            rows = await repository.export_batch(
                session, filters, after_id=after_id, limit=EXPORT_BATCH
            )
        for request, volunteer in rows:
            writer.writerow(
                [
                    request.id,
                    request.status,
                    request_group(request.status, request.escalated_at),
                    local(request.created_at),
                    local(request.updated_at),
                    request.source,
                    request.organisation or "",
                    request.created_by or "",
                    mask_phone(request.caller_number),
                    mask_name(request.requester_name) or "",
                    request.language or "",
                    request.need or "",
                    request.postcode or "",
                    _municipality(state.postcodes, request) or "",
                    volunteer or "",
                    request.wave,
                    local(request.matched_at),
                    local(request.done_at),
                    request.close_reason or "",
                ]
            )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        if len(rows) < EXPORT_BATCH:
            return
        after_id = rows[-1][0].id
