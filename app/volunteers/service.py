"""Volunteer use cases: manage operators and field volunteers, put operators on duty.

Duty has three doors (coordinator API, the operator's own JSON endpoint, and the phone:
an operator calling the hotline from their registered number) and one implementation,
set_duty(), which keeps the database (who is on duty) and the queue backend (who can
be rung right now) in step.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.abuse import pins
from app.audit import service as audit
from app.calls import repository as call_repository
from app.calls import service as call_service
from app.errors import Conflict
from app.ivr.prompts import LanguagePack
from app.logging import mask_phone
from app.matching import repository as matching_repository
from app.operator_page import service as operator_page
from app.phone_numbers import to_e164
from app.queue import dispatcher as queue_dispatcher
from app.state import HotlineState
from app.telephony import instructions as ins
from app.telephony.events import VoiceEvent
from app.volunteers import coverage, repository, shifts
from app.volunteers.csv_import import LineError, parse_rows
from app.volunteers.errors import (
    DuplicatePhoneNumber,
    ImportRejected,
    ShiftNotFound,
    VolunteerNotFound,
)
from app.volunteers.models import Volunteer, VolunteerShift
from app.volunteers.schemas import (
    RosterFilter,
    RosterPage,
    RosterRow,
    ShiftIn,
    VolunteerCreate,
    VolunteerUpdate,
    WeekCoverage,
)

DUTY_TOKEN_PREFIX = "vol_"
logger = logging.getLogger(__name__)
DUTY_LINE_PATH = "/twilio/duty"
DUTY_PIN_PATH = "/twilio/duty/pin"
# The call event that says this duty call's PIN was entered right.
PIN_ACCEPTED = "duty_pin_accepted"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_volunteer(data: VolunteerCreate, *, now: datetime) -> tuple[Volunteer, str]:
    token = DUTY_TOKEN_PREFIX + secrets.token_urlsafe(24)
    volunteer = Volunteer(
        name=data.name.strip(),
        phone_number=data.phone_number,
        languages=list(data.languages),
        is_operator=data.is_operator,
        is_field=data.is_field,
        home_postcode=data.home_postcode,
        needs=list(data.needs),
        radius_km=data.radius_km,
        weekly_cap=data.weekly_cap,
        duty_token_sha256=_digest(token),
        created_at=now,
        shifts=[],
    )
    return volunteer, token


async def create(
    session: AsyncSession,
    data: VolunteerCreate,
    *,
    now: datetime,
    actor: str = audit.SYSTEM,
) -> tuple[Volunteer, str]:
    """Create a volunteer; returns it with its personal duty token (shown once)."""
    if await repository.get_by_phone(session, data.phone_number):
        raise DuplicatePhoneNumber(f"a volunteer with phone {data.phone_number} exists")
    volunteer, token = _new_volunteer(data, now=now)
    if data.duty_pin is not None:
        volunteer.duty_pin_hash = await pins.hash_pin(data.duty_pin)
    session.add(volunteer)
    try:
        await session.flush()
        await audit.record(
            session,
            actor=actor,
            action="volunteer.create",
            subject=f"volunteer:{volunteer.id}",
            now=now,
        )
        await session.commit()
    except IntegrityError as exc:
        await session.rollback()
        raise DuplicatePhoneNumber(
            f"a volunteer with phone {data.phone_number} exists"
        ) from exc
    return volunteer, token


async def import_csv(
    session: AsyncSession, text: str, *, now: datetime, actor: str = audit.SYSTEM
) -> list[Volunteer]:
    """All rows or none: any bad row rejects the whole file with line-by-line errors."""
    rows, errors = parse_rows(text)
    taken = await repository.existing_phones(
        session, (row.volunteer.phone_number for row in rows)
    )
    errors += [
        LineError(row.line, "phone_taken", (row.volunteer.phone_number,))
        for row in rows
        if row.volunteer.phone_number in taken
    ]
    if errors:
        raise ImportRejected(sorted(errors, key=lambda error: error.line))
    volunteers = [_new_volunteer(row.volunteer, now=now)[0] for row in rows]
    session.add_all(volunteers)
    try:
        await session.flush()
        await audit.record(
            session,
            actor=actor,
            action="volunteer.import",
            subject="volunteers",
            detail={"count": str(len(volunteers))},
            now=now,
        )
        await session.commit()
    except IntegrityError as exc:
        await session.rollback()
        raise DuplicatePhoneNumber(
            "a phone number of the file was added meanwhile; nothing imported"
        ) from exc
    return volunteers


async def get(session: AsyncSession, volunteer_id: int) -> Volunteer:
    volunteer = await repository.get(session, volunteer_id)
    if volunteer is None:
        raise VolunteerNotFound(f"volunteer {volunteer_id} not found")
    return volunteer


async def update(
    session: AsyncSession,
    state: HotlineState,
    volunteer_id: int,
    data: VolunteerUpdate,
    *,
    actor: str = audit.SYSTEM,
) -> Volunteer:
    volunteer = await get(session, volunteer_id)
    changes = data.model_dump(exclude_unset=True)
    if changes:
        await audit.record(
            session,
            actor=actor,
            action="volunteer.update",
            subject=f"volunteer:{volunteer_id}",
            detail={"fields": ",".join(sorted(changes))},
            now=state.clock.now(),
        )
    if "duty_pin" in changes:
        pin = changes.pop("duty_pin")
        volunteer.duty_pin_hash = None if pin is None else await pins.hash_pin(pin)
    new_phone = changes.get("phone_number")
    if (
        new_phone
        and new_phone != volunteer.phone_number
        and await repository.get_by_phone(session, new_phone)
    ):
        raise DuplicatePhoneNumber(f"a volunteer with phone {new_phone} exists")
    for field, value in changes.items():
        setattr(volunteer, field, list(value) if isinstance(value, list) else value)
    goes_offline = volunteer.duty_state != "offline" and (
        not volunteer.is_active or not volunteer.is_operator
    )
    await session.commit()
    if goes_offline:
        return await set_duty(
            session, state, volunteer, on_duty=False, source="coordinator"
        )
    if volunteer.duty_state == "available" and "languages" in changes:
        await state.queue.set_available(
            queue_dispatcher.presence_for(volunteer, state.clock.now())
        )
    return volunteer


async def replace_shifts(
    session: AsyncSession,
    volunteer_id: int,
    new_shifts: list[ShiftIn],
    *,
    actor: str = audit.SYSTEM,
    now: datetime | None = None,
) -> Volunteer:
    """Replace the weekly shifts; audited at `now` when given (a person's edit)."""
    volunteer = await get(session, volunteer_id)
    volunteer.shifts = [
        VolunteerShift(weekday=s.weekday, starts=s.starts, ends=s.ends)
        for s in new_shifts
    ]
    if now is not None:
        await audit.record(
            session,
            actor=actor,
            action="volunteer.shifts",
            subject=f"volunteer:{volunteer_id}",
            detail={"count": str(len(new_shifts))},
            now=now,
        )
    await session.commit()
    return await get(session, volunteer_id)


async def add_shift(
    session: AsyncSession,
    volunteer_id: int,
    shift: ShiftIn,
    *,
    actor: str = audit.SYSTEM,
    now: datetime | None = None,
) -> Volunteer:
    volunteer = await get(session, volunteer_id)
    kept = [ShiftIn.model_validate(s, from_attributes=True) for s in volunteer.shifts]
    return await replace_shifts(
        session, volunteer_id, [*kept, shift], actor=actor, now=now
    )


async def remove_shift(
    session: AsyncSession,
    volunteer_id: int,
    shift_id: int,
    *,
    actor: str = audit.SYSTEM,
    now: datetime | None = None,
) -> Volunteer:
    volunteer = await get(session, volunteer_id)
    if shift_id not in {s.id for s in volunteer.shifts}:
        raise ShiftNotFound(f"shift {shift_id} of volunteer {volunteer_id} not found")
    kept = [
        ShiftIn.model_validate(s, from_attributes=True)
        for s in volunteer.shifts
        if s.id != shift_id
    ]
    return await replace_shifts(session, volunteer_id, kept, actor=actor, now=now)


async def set_active(
    session: AsyncSession,
    state: HotlineState,
    volunteer_id: int,
    *,
    is_active: bool,
    actor: str = audit.SYSTEM,
) -> Volunteer:
    """Deactivate (an operator on duty or away goes off duty first) or reactivate."""
    return await update(
        session, state, volunteer_id, VolunteerUpdate(is_active=is_active), actor=actor
    )


def month_start(now: datetime, timezone: str) -> datetime:
    """Local midnight on the first of `now`'s month (aware)."""
    zone = ZoneInfo(timezone)
    return datetime.combine(now.astimezone(zone).date().replace(day=1), time(0), zone)


async def roster(
    session: AsyncSession,
    state: HotlineState,
    filters: RosterFilter,
    *,
    limit: int,
    offset: int,
    place_language: str,
) -> RosterPage:
    """The roster page: volunteers by name with their runs this calendar month
    (help requests matched to them since the 1st, local time); phones masked."""
    volunteers, total = await repository.roster(
        session, filters, limit=limit, offset=offset
    )
    since = month_start(state.clock.now(), state.settings.console.timezone)
    runs = await matching_repository.run_counts(
        session, week_start=since, window_start=since
    )
    items = []
    for volunteer in volunteers:
        postcode = volunteer.home_postcode
        place = state.postcodes.lookup(postcode) if postcode else None
        items.append(
            RosterRow(
                id=volunteer.id,
                name=volunteer.name,
                phone_masked=mask_phone(volunteer.phone_number),
                is_operator=volunteer.is_operator,
                is_field=volunteer.is_field,
                languages=list(volunteer.languages),
                home_postcode=postcode,
                municipality=place.display_name(place_language) if place else None,
                duty_state=volunteer.duty_state,
                is_active=volunteer.is_active,
                runs_this_month=runs.get(volunteer.id, (0, 0))[0],
                is_sms_opted_out=volunteer.is_sms_opted_out,
            )
        )
    return RosterPage(
        total=total, limit=limit, offset=offset, month_start=since, items=items
    )


async def week_coverage(session: AsyncSession, state: HotlineState) -> WeekCoverage:
    """Next week's operators per open hour and language, from the weekly shifts."""
    operators = [
        coverage.OperatorShifts(
            languages=tuple(volunteer.languages),
            shifts=tuple(
                shifts.Shift(s.weekday, s.starts, s.ends) for s in volunteer.shifts
            ),
        )
        for volunteer in await repository.operators_with_shifts(session)
    ]
    ivr = state.settings.ivr
    return coverage.week_coverage(
        operators, now=state.clock.now(), hours=ivr, languages=ivr.languages
    )


async def by_duty_token(session: AsyncSession, token: str) -> Volunteer | None:
    if not token.startswith(DUTY_TOKEN_PREFIX) or len(token) > 200:
        return None
    return await repository.get_by_duty_token(session, _digest(token))


async def set_duty(
    session: AsyncSession,
    state: HotlineState,
    volunteer: Volunteer,
    *,
    on_duty: bool,
    source: str,
) -> Volunteer:
    """Put an operator on or off duty (any door). Commits, then dispatches."""
    now = state.clock.now()
    if on_duty and (not volunteer.is_operator or not volunteer.is_active):
        raise Conflict("only an active phone operator can go on duty")
    starts_duty = on_duty and volunteer.duty_state == "offline"
    volunteer.duty_state = "available" if on_duty else "offline"
    volunteer.duty_changed_at = now
    volunteer.missed_offers = 0
    await session.commit()
    if on_duty:
        await state.queue.set_available(queue_dispatcher.presence_for(volunteer, now))
        await queue_dispatcher.dispatch(state)
        if starts_duty and source in operator_page.LINK_SOURCES:
            await operator_page.send_link(state, volunteer)
    else:
        withdrawn = await state.queue.set_unavailable(str(volunteer.id))
        if withdrawn is not None:
            await queue_dispatcher.release_withdrawn_offer(
                state, withdrawn, reason=f"off_duty:{source}"
            )
    return volunteer


async def set_away(
    session: AsyncSession, state: HotlineState, volunteer: Volunteer, *, source: str
) -> Volunteer:
    """Keep an operator on the roster but offer them no calls (a coordinator's
    "away"; they return with set_duty(on_duty=True)). Commits."""
    if not volunteer.is_operator:
        raise Conflict("only a phone operator can be set away")
    volunteer.duty_state = "away"
    volunteer.duty_changed_at = state.clock.now()
    await session.commit()
    withdrawn = await state.queue.set_unavailable(str(volunteer.id))
    if withdrawn is not None:
        await queue_dispatcher.release_withdrawn_offer(
            state, withdrawn, reason=f"away:{source}"
        )
    return volunteer


async def live_state(state: HotlineState, volunteer: Volunteer) -> str | None:
    operator = await state.queue.operator_state(
        str(volunteer.id), state.clock.now().timestamp()
    )
    return operator.status if operator else None


async def apply_shifts(state: HotlineState) -> None:
    """Put operators on/off duty at their weekly shift edges (called by the ticker)."""
    now = state.clock.now()
    local_now = now.astimezone(ZoneInfo(state.settings.ivr.timezone))
    async with state.sessionmaker() as session:
        for volunteer in await repository.operators_with_shifts(session):
            changed_at = (
                volunteer.duty_changed_at.astimezone(local_now.tzinfo)
                if volunteer.duty_changed_at
                else None
            )
            edge = shifts.transition(
                [shifts.Shift(s.weekday, s.starts, s.ends) for s in volunteer.shifts],
                duty_state=volunteer.duty_state,
                duty_changed_at=changed_at,
                now=local_now,
            )
            if edge is not None:
                await set_duty(
                    session, state, volunteer, on_duty=edge == "on", source="shift"
                )


async def restore_presence(state: HotlineState) -> None:
    """At start-up: every operator on duty in the database is in the queue's pool.

    set_available leaves ringing / on-call operators as they are, so restarting one
    instance never disturbs calls another instance is handling.
    """
    now = state.clock.now()
    async with state.sessionmaker() as session:
        volunteers, _ = await repository.list_volunteers(
            session, role="operator", duty_state="available", limit=100_000, offset=0
        )
    for volunteer in volunteers:
        if await state.queue.operator_state(str(volunteer.id), now.timestamp()) is None:
            await state.queue.set_available(
                queue_dispatcher.presence_for(volunteer, now)
            )


# --------------------------------------------------------------------------- duty line


async def operator_for_number(
    session: AsyncSession, raw_number: str
) -> Volunteer | None:
    number = to_e164(raw_number)
    if number is None:
        return None
    return await repository.active_operator_by_phone(session, number)


def _pack_for(state: HotlineState, volunteer: Volunteer) -> LanguagePack:
    known = [lang for lang in volunteer.languages if lang in state.catalogue.languages]
    return state.catalogue[known[0] if known else state.settings.ivr.default_language]


def _duty_menu(
    state: HotlineState,
    volunteer: Volunteer,
    retries: int,
    lead: tuple[ins.Say, ...] = (),
) -> ins.Script:
    pack = _pack_for(state, volunteer)
    duty = pack.text(
        "duty_state_on" if volunteer.duty_state == "available" else "duty_state_off"
    )
    return ins.Script(
        (
            ins.Gather(
                action=f"{DUTY_LINE_PATH}?try={retries}",
                prompts=(*lead, pack.say("duty_menu", name=volunteer.name, state=duty)),
                num_digits=1,
                timeout_s=state.settings.ivr.gather_timeout_s,
            ),
        )
    )


async def duty_line_incoming(
    session: AsyncSession, state: HotlineState, volunteer: Volunteer, event: VoiceEvent
) -> ins.Script:
    """An operator called the hotline from their own phone: press 1 on duty, 2 off."""
    now = state.clock.now()
    call, created = await call_service.get_or_create_call(
        session,
        twilio_call_sid=event.call_sid,
        purpose="operator_duty",
        direction=event.direction,
        from_number=event.from_number,
        to_number=event.to_number,
        status=event.call_status,
        now=now,
    )
    call.volunteer_id = volunteer.id
    call.language = volunteer.languages[0]
    if created:
        await call_service.add_event(
            session, call, "duty_line", now=now, detail={"volunteer_id": volunteer.id}
        )
    await session.commit()
    if not _needs_pin(state, volunteer):
        return _duty_menu(state, volunteer, 0)
    pack = _pack_for(state, volunteer)
    if volunteer.duty_pin_hash is None:
        return ins.Script((pack.say("duty_pin_needed"), ins.Hangup()))
    return _pin_prompt(state, volunteer, 0)


def _needs_pin(state: HotlineState, volunteer: Volunteer) -> bool:
    """Caller ID can be spoofed: an operator with a PIN always enters it; one
    without is let in on caller ID alone unless the settings require a PIN."""
    return (
        volunteer.duty_pin_hash is not None or state.settings.abuse.is_duty_pin_required
    )


def _pin_prompt(
    state: HotlineState,
    volunteer: Volunteer,
    retries: int,
    lead: tuple[ins.Say, ...] = (),
) -> ins.Script:
    pack = _pack_for(state, volunteer)
    return ins.Script(
        (
            ins.Gather(
                action=f"{DUTY_PIN_PATH}?try={retries}",
                prompts=(*lead, pack.say("duty_pin_ask")),
                num_digits=None,
                timeout_s=state.settings.ivr.gather_timeout_s,
            ),
        )
    )


async def duty_line_pin(
    session: AsyncSession, state: HotlineState, event: VoiceEvent, retries: int
) -> ins.Script:
    """The operator keyed their PIN: right, the duty menu; wrong, try again a few
    times; too many wrong PINs lately (any call), the line hangs up."""
    volunteer = await operator_for_number(session, event.from_number)
    if volunteer is None or volunteer.duty_pin_hash is None:
        pack = state.catalogue[state.settings.ivr.default_language]
        return ins.Script((pack.say("goodbye"), ins.Hangup()))
    pack = _pack_for(state, volunteer)
    check = await pins.check_keyed(
        state.limits,
        volunteer.duty_pin_hash,
        volunteer.phone_number,
        event.digits,
        line="duty line",
    )
    if check == "right":
        now = state.clock.now()
        call = await call_service.call_for_event(
            session, event, purpose="operator_duty", now=now
        )
        await call_service.add_event(
            session, call, PIN_ACCEPTED, now=now, detail={"volunteer_id": volunteer.id}
        )
        await session.commit()
        return _duty_menu(state, volunteer, 0)
    if check != "blocked" and retries < state.settings.ivr.max_retries:
        sorry = pack.say("duty_pin_wrong" if check == "wrong" else "no_input")
        return _pin_prompt(state, volunteer, retries + 1, (sorry,))
    return ins.Script((pack.say("goodbye"), ins.Hangup()))


async def _pin_accepted(
    session: AsyncSession, state: HotlineState, event: VoiceEvent
) -> bool:
    call = await call_service.call_for_event(
        session, event, purpose="operator_duty", now=state.clock.now()
    )
    return bool(await call_repository.events_of_kind(session, call.id, PIN_ACCEPTED))


async def duty_line_choice(
    session: AsyncSession, state: HotlineState, event: VoiceEvent, retries: int
) -> ins.Script:
    volunteer = await operator_for_number(session, event.from_number)
    if volunteer is None:
        pack = state.catalogue[state.settings.ivr.default_language]
        return ins.Script((pack.say("goodbye"), ins.Hangup()))
    pack = _pack_for(state, volunteer)
    if _needs_pin(state, volunteer) and not await _pin_accepted(session, state, event):
        # Only the PIN step leads here; anything else is not this operator's call.
        return ins.Script((pack.say("goodbye"), ins.Hangup()))
    digits = (event.digits or "").strip()
    if digits not in ("1", "2"):
        if retries < state.settings.ivr.max_retries:
            sorry = pack.say("no_input" if not digits else "invalid_choice")
            return _duty_menu(state, volunteer, retries + 1, (sorry,))
        return ins.Script((pack.say("goodbye"), ins.Hangup()))
    now = state.clock.now()
    call = await call_service.call_for_event(
        session, event, purpose="operator_duty", now=now
    )
    on_duty = digits == "1"
    call.outcome = "duty_on" if on_duty else "duty_off"
    await call_service.add_event(
        session, call, call.outcome, now=now, detail={"volunteer_id": volunteer.id}
    )
    await set_duty(session, state, volunteer, on_duty=on_duty, source="phone")
    return ins.Script((pack.say("duty_on" if on_duty else "duty_off"), ins.Hangup()))
