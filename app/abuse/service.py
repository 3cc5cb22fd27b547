"""Ban list use cases, and the screen a new call passes before anything is written."""

from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.abuse import repository
from app.abuse.errors import AlreadyBanned, BanNotFound
from app.abuse.models import Ban
from app.abuse.schemas import BanCreate, BanRead
from app.logging import mask_phone
from app.phone_numbers import to_e164
from app.state import HotlineState
from app.telephony import instructions as ins
from app.telephony.events import CallStatusChanged

logger = logging.getLogger(__name__)


def read(state: HotlineState, ban: Ban) -> BanRead:
    now = state.clock.now()
    return BanRead(
        id=ban.id,
        number_prefix=ban.number_prefix,
        reason=ban.reason,
        expires_at=ban.expires_at,
        created_by=ban.created_by,
        created_at=ban.created_at,
        is_active=ban.expires_at is None or ban.expires_at > now,
    )


async def list_bans(session: AsyncSession, state: HotlineState) -> list[BanRead]:
    """Every ban, in force or expired (shown as such), by prefix."""
    return [read(state, ban) for ban in await repository.list_bans(session)]


async def add_ban(
    session: AsyncSession, state: HotlineState, data: BanCreate, *, created_by: str
) -> BanRead:
    now = state.clock.now()
    existing = await repository.by_prefix(session, data.number_prefix)
    if existing is not None:
        if existing.expires_at is None or existing.expires_at > now:
            raise AlreadyBanned(f"{data.number_prefix} is banned already")
        await repository.delete_ban(session, existing.id)  # an expired ban: replace
    ban = Ban(
        number_prefix=data.number_prefix,
        reason=data.reason,
        expires_at=data.expires_at,
        created_by=created_by,
        created_at=now,
    )
    session.add(ban)
    try:
        await session.commit()
    except IntegrityError as exc:  # the same prefix added at the same moment
        await session.rollback()
        raise AlreadyBanned(f"{data.number_prefix} is banned already") from exc
    state.bans.invalidate()
    logger.info("ban added on %s by %s", mask_phone(ban.number_prefix), created_by)
    return read(state, ban)


async def remove_ban(session: AsyncSession, state: HotlineState, ban_id: int) -> None:
    if await repository.get(session, ban_id) is None:
        raise BanNotFound(f"ban {ban_id} not found")
    await repository.delete_ban(session, ban_id)
    await session.commit()
    state.bans.invalidate()


async def screen_call(
    state: HotlineState, caller_e164: str | None
) -> ins.Script | None:
    """A banned or too-frequent caller's whole answer (a polite message, then hang
    up), or None to go on. Nothing is written for a refused call."""
    if caller_e164 is None:
        return None  # hidden numbers cannot be told apart
    if await state.bans.is_banned(caller_e164):
        logger.info("banned caller %s refused", mask_phone(caller_e164))
        return _refusal(state, "caller_banned")
    # Counted before the number is known to be an operator's: the duty line counts
    # too (a few calls an hour), which keeps this check off the database.
    if not await state.limits.allow_call(caller_e164):
        logger.warning("caller %s over the hourly call limit", mask_phone(caller_e164))
        return _refusal(state, "caller_call_later")
    return None


async def is_screened_out(state: HotlineState, event: CallStatusChanged) -> bool:
    """Is the caller of this status callback banned or over the call limit now?

    Then, if `screen_call` refused their call (no call row was written), the
    callback must write nothing either; a call let in before the ban goes on. The
    caller of this function checks for the row in its own unit of work."""
    caller_e164 = to_e164(event.from_number) if event.direction == "inbound" else None
    if caller_e164 is None:
        return False
    return await state.bans.is_banned(
        caller_e164
    ) or await state.limits.is_call_limited(caller_e164)


def _refusal(state: HotlineState, prompt_id: str) -> ins.Script:
    pack = state.catalogue[state.settings.ivr.default_language]
    return ins.Script((pack.say(prompt_id), ins.Hangup()))
