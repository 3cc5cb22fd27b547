"""From help request to grocery run: SMS waves to neighbours, the first YES wins.

A request is ready once its call is over. Each wave texts the best few candidates of
the pure policy (app.matching.policy); the next wave, after `wave_delay_s` or as soon
as everyone declined, widens the radius. When the waves are used up the request is
escalated for a coordinator. A YES claims the request with one conditional UPDATE
(exactly one winner), the winner gets the details, later YESes are told it is taken,
and the requester gets a confirmation call in their language.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from app.errands import winner as errand_winner
from app.errors import BadRequest, Conflict, NotFound
from app.help_requests import csv_import
from app.help_requests import repository as request_repository
from app.help_requests import service as request_service
from app.help_requests.errors import RequestImportRejected
from app.help_requests.models import HelpRequest, MatchOffer
from app.help_requests.schemas import (
    CandidateRead,
    HelpRequestCreate,
    HelpRequestUpdate,
)
from app.ivr.prompts import LanguagePack
from app.logging import mask_phone
from app.matching import confirmation, repository
from app.matching.policy import RequestToMatch, VolunteerCandidate, VolunteerIndex
from app.matching.sms import Reply, new_code, parse_reply
from app.ops import metrics as ops_metrics
from app.phone_numbers import to_e164
from app.resilience import redial, retry
from app.state import HotlineState
from app.telephony.events import SmsReceived
from app.triage import service as triage
from app.volunteers import repository as volunteer_repository
from app.volunteers.models import Volunteer

logger = logging.getLogger(__name__)

OPEN_STATUSES = ("new", "offered")
TICK_BATCH = 500
# Requests matched per transaction within a tick.
TICK_CHUNK = 20


@dataclass(frozen=True, slots=True)
class Sms:
    to: str
    body: str
    # The request it is about: an SMS that cannot be sent escalates it.
    request_id: int | None = None


@dataclass
class _Outbox:
    """Messages and calls to send once the transaction that decided them committed."""

    sms: list[Sms]
    confirm_request_ids: list[int]


def _pack(state: HotlineState, languages: list[str] | str | None) -> LanguagePack:
    wanted = [languages] if isinstance(languages, str) else list(languages or [])
    for language in wanted:
        if language in state.catalogue.languages:
            return state.catalogue[language]
    return state.catalogue[state.settings.ivr.default_language]


def _place(state: HotlineState, postcode: str | None, language: str) -> str:
    place = state.postcodes.lookup(postcode) if postcode else None
    return place.display_name(language) if place else (postcode or "?")


async def _send(state: HotlineState, outbox: _Outbox) -> None:
    for sms in outbox.sms:
        try:
            await retry.retrying(
                state.settings.resilience,
                "sms",
                functools.partial(state.telephony.send_sms, to=sms.to, body=sms.body),
            )
            ops_metrics.sms("sent")
        except Exception:
            logger.exception("SMS to a volunteer could not be sent")
            ops_metrics.sms("failed")
            if sms.request_id is not None:
                await redial.sms_failed(state, sms.request_id)
    for request_id in outbox.confirm_request_ids:
        await confirmation.place_call(state, request_id)


# --------------------------------------------------------------------------- waves


@dataclass(frozen=True)
class _Candidates:
    index: VolunteerIndex
    volunteers: dict[int, Volunteer]
    runs: dict[int, tuple[int, int]]
    """volunteer_id -> (runs this week, runs in the fairness window)."""


async def _candidates(
    session: AsyncSession, state: HotlineState, now: datetime
) -> _Candidates:
    """Every field volunteer with their run counts, indexed once per batch."""
    local = now.astimezone(ZoneInfo(state.settings.ivr.timezone))
    week_start = (local - timedelta(days=local.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    window_start = now - timedelta(days=state.settings.matching.fairness_window_days)
    counts = await repository.run_counts(
        session, week_start=week_start, window_start=window_start
    )
    volunteers = {v.id: v for v in await repository.field_volunteers(session)}
    pool = [
        VolunteerCandidate(
            volunteer_id=v.id,
            postcode=v.home_postcode or "",
            languages=tuple(v.languages),
            needs=frozenset(v.needs),
            radius_km=v.radius_km,
            weekly_cap=v.weekly_cap,
            runs_this_week=counts.get(v.id, (0, 0))[0],
            runs_recent=counts.get(v.id, (0, 0))[1],
        )
        for v in volunteers.values()
    ]
    return _Candidates(
        VolunteerIndex(pool, directory=state.postcodes), volunteers, counts
    )


async def _unique_code(session: AsyncSession) -> str:
    while True:
        code = new_code()
        if not await repository.code_taken(session, code):
            return code


def _escalate(
    session: AsyncSession, request: HelpRequest, reason: str, *, now: datetime
) -> None:
    request.escalated_at = now
    request.next_wave_at = None
    request_service.record(
        session, request, "escalated", now=now, detail={"reason": reason}
    )


async def _run_wave(
    session: AsyncSession,
    state: HotlineState,
    request: HelpRequest,
    candidates: _Candidates,
    outbox: _Outbox,
    *,
    now: datetime,
    offered: set[int] | None = None,
) -> None:
    """`offered`: the volunteers already offered the request, when the caller read
    them for many requests at once."""
    matching = state.settings.matching
    if not (request.need and request.language and request.postcode):
        missing = [
            f for f in ("need", "language", "postcode") if not getattr(request, f)
        ]
        _escalate(session, request, "missing_" + "_".join(missing), now=now)
        return
    exclude = frozenset(
        offered
        if offered is not None
        else await repository.offered_volunteer_ids(session, request.id)
    )
    query = RequestToMatch(request.id, request.need, request.language, request.postcode)
    while True:
        if request.wave >= matching.max_waves:
            _escalate(
                session,
                request,
                "no_volunteer_accepted" if exclude else "no_volunteer_in_range",
                now=now,
            )
            return
        request.wave += 1
        boost = (request.wave - 1) * matching.radius_boost_per_wave_km
        ranked = candidates.index.rank(
            query,
            default_radius_km=matching.default_radius_km,
            radius_boost_km=boost,
            exclude=exclude,
            limit=matching.wave_size,
        )
        if ranked:
            break
        request_service.record(
            session,
            request,
            "wave_empty",
            now=now,
            detail={"wave": request.wave, "radius_boost_km": boost},
        )
        ops_metrics.wave("empty")
    request.short_code = request.short_code or await _unique_code(session)
    request.status = "offered"
    request.next_wave_at = now + timedelta(seconds=matching.wave_delay_s)
    for candidate in ranked:
        volunteer = candidates.volunteers.get(candidate.volunteer_id)
        if volunteer is None:
            continue
        session.add(
            MatchOffer(
                request_id=request.id,
                volunteer_id=volunteer.id,
                wave=request.wave,
                distance_km=candidate.distance_km,
                sent_at=now,
            )
        )
        pack = _pack(state, volunteer.languages)
        body = pack.text(
            "sms_offer",
            need=pack.text(f"need_{request.need}"),
            place=_place(state, request.postcode, pack.language),
            code=request.short_code,
        )
        outbox.sms.append(Sms(volunteer.phone_number, body, request.id))
    request_service.record(
        session,
        request,
        "wave_sent",
        now=now,
        detail={
            "wave": request.wave,
            "radius_boost_km": boost,
            "volunteer_ids": [c.volunteer_id for c in ranked],
            "distances_km": [round(c.distance_km, 2) for c in ranked],
        },
    )
    ops_metrics.wave("sent")


async def tick(state: HotlineState) -> int:
    """Run every due wave (new requests and expired waves); returns how many ran."""
    now = state.clock.now()
    outbox = _Outbox([], [])
    async with state.sessionmaker() as session:
        due = await repository.requests_due(session, now=now, limit=TICK_BATCH)
        if not due:
            return 0
        candidates = await _candidates(session, state, now)
        # Read for the whole batch at once: a request's attachment and its offers
        # change only in its own turn below.
        links = await triage.links_of(session, due)
        offered = await repository.offered_volunteer_ids_of(
            session, [r.id for r in due]
        )
        for index, request in enumerate(due, start=1):
            if index % TICK_CHUNK == 0:
                # Short transactions: on SQLite a transaction holds the file's write
                # lock, and the webhooks wait for it (app/db.py).
                await session.commit()
            if request.status == "new" and request.wave == 0:
                errand = await triage.errand_of(session, request, now=now, links=links)
                if errand is not request or not triage.may_match(
                    session, state.settings, request, now=now
                ):
                    continue
            await _run_wave(
                session,
                state,
                request,
                candidates,
                outbox,
                now=now,
                offered=offered[request.id],
            )
        await session.commit()
    await _send(state, outbox)
    return len(due)


async def _wave_now(
    session: AsyncSession, state: HotlineState, request: HelpRequest, *, now: datetime
) -> None:
    """One wave for `request` now (a coordinator's action): commit, then the SMS."""
    outbox = _Outbox([], [])
    candidates = await _candidates(session, state, now)
    await _run_wave(session, state, request, candidates, outbox, now=now)
    await session.commit()
    await _send(state, outbox)


async def match_now(
    session: AsyncSession, state: HotlineState, request_id: int, *, actor: str
) -> HelpRequest:
    """A coordinator starts (or pushes) matching for one request now."""
    now = state.clock.now()
    request = await _open_request(session, request_id)
    request.escalated_at = None
    if request.wave >= state.settings.matching.max_waves:
        request.wave = 0
    request_service.record(session, request, "match_requested", now=now, actor=actor)
    await _wave_now(session, state, request, now=now)
    return request


async def create_on_behalf(
    session: AsyncSession,
    state: HotlineState,
    data: HelpRequestCreate,
    *,
    source: Literal["api", "console"],
    actor: str,
) -> HelpRequest:
    """A request entered on someone's behalf enters matching as a call's does.

    A call's request waits (status new) for its call to end, then the tick runs its
    first wave. This one has no call: its first wave runs here, in the transaction
    that creates it, so no tick can run a second first wave beside it, and an error
    leaves nothing behind.
    """
    now = state.clock.now()
    request = await request_service.new_on_behalf(
        session, state.postcodes, data, source=source, created_by=actor, now=now
    )
    outbox = _Outbox([], [])
    if triage.may_match(session, state.settings, request, now=now):
        await _run_wave(
            session,
            state,
            request,
            await _candidates(session, state, now),
            outbox,
            now=now,
        )
    await session.commit()
    await _send(state, outbox)
    return request


async def create_many_on_behalf(
    session: AsyncSession,
    state: HotlineState,
    rows: Sequence[HelpRequestCreate],
    *,
    source: Literal["api", "console"],
    actor: str,
) -> list[HelpRequest]:
    """A batch of requests entered on someone's behalf (a CSV import), all or none:
    one transaction creates them and runs their first waves."""
    now = state.clock.now()
    outbox = _Outbox([], [])
    candidates = await _candidates(session, state, now)
    created = []
    for data in rows:
        request = await request_service.new_on_behalf(
            session, state.postcodes, data, source=source, created_by=actor, now=now
        )
        if triage.may_match(session, state.settings, request, now=now):
            await _run_wave(session, state, request, candidates, outbox, now=now)
        created.append(request)
    await session.commit()
    await _send(state, outbox)
    return created


async def import_on_behalf(
    session: AsyncSession,
    state: HotlineState,
    text: str,
    *,
    source: Literal["api", "console"],
    actor: str,
    organisation: str | None,
) -> list[HelpRequest]:
    """A CSV file of requests on someone's behalf: every line or none (the bad lines
    are reported with their numbers). `organisation`: a partner's own, for every
    line."""
    rows, problems = csv_import.parse(text, state.postcodes, organisation=organisation)
    if problems:
        raise RequestImportRejected([str(p) for p in problems])
    return await create_many_on_behalf(
        session, state, [row.request for row in rows], source=source, actor=actor
    )


async def approve(
    session: AsyncSession, state: HotlineState, request_id: int, *, actor: str
) -> HelpRequest:
    """A coordinator approves a request set aside in triage: its first wave now."""
    now = state.clock.now()
    request = await triage.mark_approved(session, request_id, actor=actor, now=now)
    await _wave_now(session, state, request, now=now)
    return request


async def update_details(
    session: AsyncSession,
    state: HotlineState,
    request_id: int,
    data: HelpRequestUpdate,
    *,
    actor: str,
) -> HelpRequest:
    """A coordinator corrects a request's details. Waves already sent stay as they
    are; "match now" texts the next wave with the new details."""
    request = await request_repository.get(session, request_id)
    if request is None:
        raise NotFound(f"help request {request_id} not found")
    request_service.apply_details(
        session,
        state.postcodes,
        request,
        data.changes(),
        now=state.clock.now(),
        actor=actor,
    )
    await session.commit()
    return request


CANDIDATE_LIMIT = 20


async def ranked_candidates(
    session: AsyncSession, state: HotlineState, request_id: int
) -> list[CandidateRead]:
    """The field volunteers the policy ranks for the request's next wave, best first,
    with what made them eligible. Volunteers offered it before are included (with
    their answer): a coordinator may still assign them by hand."""
    request = await request_repository.get(session, request_id)
    if request is None:
        raise NotFound(f"help request {request_id} not found")
    if not (request.need and request.language and request.postcode):
        return []
    matching = state.settings.matching
    now = state.clock.now()
    candidates = await _candidates(session, state, now)
    boost = (
        min(request.wave, matching.max_waves - 1) * matching.radius_boost_per_wave_km
    )
    ranked = candidates.index.rank(
        RequestToMatch(request.id, request.need, request.language, request.postcode),
        default_radius_km=matching.default_radius_km,
        radius_boost_km=boost,
        limit=CANDIDATE_LIMIT,
    )
    answers = {
        offer.volunteer_id: offer.response
        for offer in await repository.offers_of(session, request.id)
    }
    found = []
    for candidate in ranked:
        volunteer = candidates.volunteers[candidate.volunteer_id]
        runs_this_week, runs_recent = candidates.runs.get(volunteer.id, (0, 0))
        found.append(
            CandidateRead(
                volunteer_id=volunteer.id,
                name=volunteer.name,
                distance_km=round(candidate.distance_km, 1),
                languages=list(volunteer.languages),
                needs=list(volunteer.needs),
                home_postcode=volunteer.home_postcode,
                radius_km=(
                    matching.default_radius_km
                    if volunteer.radius_km is None
                    else volunteer.radius_km
                ),
                radius_boost_km=boost,
                runs_this_week=runs_this_week,
                weekly_cap=volunteer.weekly_cap,
                runs_recent=runs_recent,
                offer_response=answers.get(volunteer.id),
            )
        )
    return found


# --------------------------------------------------------------------------- replies


async def handle_sms(
    session: AsyncSession, state: HotlineState, message: SmsReceived
) -> list[str]:
    """A field volunteer texted: YES/NO/DONE <code>, STOP, or anything else."""
    now = state.clock.now()
    number = to_e164(message.from_number)
    sender = number or message.from_number
    if await state.limits.is_sms_blocked(sender):
        # Code guessing: no answer at all until the window frees up.
        logger.warning(
            "SMS from %s ignored: too many unknown codes", mask_phone(sender)
        )
        return []
    volunteer = (
        await volunteer_repository.get_by_phone(session, number) if number else None
    )
    if volunteer is None or not volunteer.is_field:
        await state.limits.count_bad_sms(sender)
        return [_pack(state, None).text("sms_help")]
    pack = _pack(state, volunteer.languages)
    reply = parse_reply(message.body)
    if not isinstance(reply, Reply) or reply.verb == "help":
        return [pack.text("sms_help")]
    if reply.verb == "stop":
        return await _opt_out(session, volunteer, pack, now=now)
    if reply.verb == "start":
        return await _opt_in(session, volunteer, pack)
    request = await repository.by_code(session, reply.code or "")
    offer = (
        await repository.offer_for(session, request.id, volunteer.id)
        if request
        else None
    )
    if request is None or (offer is None and request.volunteer_id != volunteer.id):
        await state.limits.count_bad_sms(sender)  # a code not theirs: guessing?
        return [pack.text("sms_help")]
    outbox = _Outbox([], [])
    match reply.verb:
        case "yes":
            answer = await _accept(
                session, state, request, volunteer, offer, outbox, now=now
            )
        case "no":
            answer = await _decline(session, request, offer, pack, now=now)
        case _:
            answer = await _done(session, request, volunteer, pack, now=now)
    await session.commit()
    await _send(state, outbox)
    return answer


async def _opt_out(
    session: AsyncSession, volunteer: Volunteer, pack: LanguagePack, *, now: datetime
) -> list[str]:
    volunteer.is_sms_opted_out = True
    for offer in await repository.pending_offers_of_volunteer(session, volunteer.id):
        offer.response = "withdrawn"
        offer.responded_at = now
    await session.commit()
    return [pack.text("sms_stop")]


async def _opt_in(
    session: AsyncSession, volunteer: Volunteer, pack: LanguagePack
) -> list[str]:
    volunteer.is_sms_opted_out = False
    await session.commit()
    return [pack.text("sms_start")]


async def _details(
    session: AsyncSession,
    state: HotlineState,
    request: HelpRequest,
    pack: LanguagePack,
) -> str:
    """The winner's details SMS (app/errands/winner.py): with the requester's
    consent their first name, address, needs, urgency and access notes."""
    return await errand_winner.details_sms(session, state, request, pack)


async def _accept(
    session: AsyncSession,
    state: HotlineState,
    request: HelpRequest,
    volunteer: Volunteer,
    offer: MatchOffer | None,
    outbox: _Outbox,
    *,
    now: datetime,
) -> list[str]:
    pack = _pack(state, volunteer.languages)
    # Each volunteer hears once per code: "it's yours" (by their YES or a
    # coordinator's assignment) or "taken" (recorded as too_late). A repeated YES,
    # or a provider retry of the first, gets no second SMS.
    if request.volunteer_id == volunteer.id:
        return []
    if offer is None or offer.response == "too_late":
        return []
    if offer.response != "pending" or request.status != "offered":
        offer.response, offer.responded_at = "too_late", now
        return [pack.text("sms_taken", code=request.short_code or "")]
    if not await repository.claim(
        session,
        request.id,
        volunteer_id=volunteer.id,
        now=now,
        from_statuses=("offered",),
    ):
        await session.refresh(request)
        if request.volunteer_id == volunteer.id:
            return []  # their own YES, twice at once: the other reply answers it
        offer.response, offer.responded_at = "too_late", now
        return [pack.text("sms_taken", code=request.short_code or "")]
    await session.refresh(request)
    offer.response, offer.responded_at = "accepted", now
    for other in await repository.offers_of(session, request.id):
        if other.id != offer.id and other.response == "pending":
            other.response, other.responded_at = "withdrawn", now
    request_service.record(
        session,
        request,
        "matched",
        now=now,
        actor=f"volunteer:{volunteer.id}",
        detail={"volunteer_id": volunteer.id, "wave": offer.wave},
    )
    outbox.confirm_request_ids.append(request.id)
    return [await _details(session, state, request, pack)]


async def _decline(
    session: AsyncSession,
    request: HelpRequest,
    offer: MatchOffer | None,
    pack: LanguagePack,
    *,
    now: datetime,
) -> list[str]:
    if offer is not None and offer.response == "pending":
        offer.response, offer.responded_at = "declined", now
        request_service.record(
            session,
            request,
            "declined",
            now=now,
            detail={"volunteer_id": offer.volunteer_id},
        )
        offers = await repository.offers_of(session, request.id)
        wave = [o for o in offers if o.wave == request.wave]
        if request.status == "offered" and all(o.response != "pending" for o in wave):
            request.next_wave_at = now  # everybody said no: widen at the next tick
    return [pack.text("sms_declined", code=request.short_code or "")]


async def _done(
    session: AsyncSession,
    request: HelpRequest,
    volunteer: Volunteer,
    pack: LanguagePack,
    *,
    now: datetime,
) -> list[str]:
    if request.volunteer_id != volunteer.id or request.status not in (
        "matched",
        "done",
    ):
        return [pack.text("sms_help")]
    if request.status == "matched":
        request.status = "done"
        request.done_at = now
        request_service.record(
            session, request, "done", now=now, actor=f"volunteer:{volunteer.id}"
        )
    return [pack.text("sms_done", code=request.short_code or "")]


# ---------------------------------------------------------------------- coordinators


async def _open_request(session: AsyncSession, request_id: int) -> HelpRequest:
    request = await request_repository.get(session, request_id)
    if request is None:
        raise NotFound(f"help request {request_id} not found")
    if request.status not in OPEN_STATUSES:
        raise Conflict(f"help request {request_id} is {request.status}")
    return request


async def _withdraw_pending(
    session: AsyncSession, request_id: int, *, now: datetime
) -> None:
    for offer in await repository.offers_of(session, request_id):
        if offer.response == "pending":
            offer.response, offer.responded_at = "withdrawn", now


async def assign(
    session: AsyncSession,
    state: HotlineState,
    request_id: int,
    volunteer_id: int,
    *,
    actor: str,
) -> HelpRequest:
    """A coordinator gives the request to a field volunteer by hand."""
    now = state.clock.now()
    volunteer = await volunteer_repository.get(session, volunteer_id)
    if volunteer is None or not volunteer.is_field or not volunteer.is_active:
        raise BadRequest(f"volunteer {volunteer_id} is not an active field volunteer")
    request = await _open_request(session, request_id)
    if not await repository.claim(
        session,
        request.id,
        volunteer_id=volunteer.id,
        now=now,
        from_statuses=OPEN_STATUSES,
    ):
        raise Conflict(f"help request {request_id} was just taken")
    await session.refresh(request)
    request.short_code = request.short_code or await _unique_code(session)
    await _withdraw_pending(session, request.id, now=now)
    request_service.record(
        session,
        request,
        "assigned",
        now=now,
        actor=actor,
        detail={"volunteer_id": volunteer.id},
    )
    await session.commit()
    outbox = _Outbox(
        [
            Sms(
                volunteer.phone_number,
                await _details(
                    session, state, request, _pack(state, volunteer.languages)
                ),
                request.id,
            )
        ],
        [request.id],
    )
    await _send(state, outbox)
    return request


async def close(
    session: AsyncSession,
    state: HotlineState,
    request_id: int,
    *,
    reason: str,
    note: str | None,
    actor: str,
) -> HelpRequest:
    now = state.clock.now()
    request = await request_repository.get(session, request_id)
    if request is None:
        raise NotFound(f"help request {request_id} not found")
    if request.status == "closed":
        raise Conflict(f"help request {request_id} is already closed")
    request.status = "closed"
    request.close_reason = reason
    request.next_wave_at = None
    if note:
        request.notes = note
    await _withdraw_pending(session, request.id, now=now)
    request_service.record(
        session,
        request,
        "closed",
        now=now,
        actor=actor,
        detail={"reason": reason, "note": note},
    )
    await session.commit()
    return request


async def reopen(
    session: AsyncSession, state: HotlineState, request_id: int, *, actor: str
) -> HelpRequest:
    now = state.clock.now()
    request = await request_repository.get(session, request_id)
    if request is None:
        raise NotFound(f"help request {request_id} not found")
    if request.status in OPEN_STATUSES and request.escalated_at is None:
        raise Conflict(f"help request {request_id} is already open")
    await _withdraw_pending(session, request.id, now=now)
    request.status = "new"
    request.close_reason = None
    request.volunteer_id = None
    request.matched_at = request.done_at = request.escalated_at = (
        request.next_wave_at
    ) = None
    request.wave = 0
    request_service.record(session, request, "reopened", now=now, actor=actor)
    await session.commit()
    return request
