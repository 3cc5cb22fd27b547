"""What the neighbour who won a request is sent: the details SMS, with the hotline
number they call for a masked call (the line the request came in on)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.errands import details, repository
from app.help_requests.models import HelpRequest
from app.ivr.prompts import LanguagePack
from app.phone_numbers import to_e164
from app.queue.legs import pack_for
from app.state import HotlineState


async def line_number(
    session: AsyncSession, state: HotlineState, request: HelpRequest
) -> str:
    """The hotline number the requester knows: the one their request came in on."""
    called = await repository.number_called(session, request.call_id)
    known = to_e164(called) if called else None
    line = state.settings.line(request.line)
    return known or line.number or state.settings.twilio.hotline_number


async def details_sms(
    session: AsyncSession,
    state: HotlineState,
    request: HelpRequest,
    pack: LanguagePack,
) -> str:
    """The details SMS in the neighbour's language (`pack`)."""
    place = state.postcodes.lookup(request.postcode) if request.postcode else None
    return details.details_sms(
        pack=pack,
        requester_pack=pack_for(state, request.language),
        request=request,
        place=details.Place(
            name=place.display_name(pack.language) if place else "?",
            postcode=request.postcode or "?",
        ),
        hotline_number=await line_number(session, state, request),
        is_number_shown=state.settings.errands.is_requester_number_in_sms,
    )
