"""Errands at the hotline's door: which incoming calls are a neighbour's or a
requester's, handed over from the IVR's first webhook (app/ivr/service.py).

A neighbour with a request in progress gets the masked-call menu (app/errands/
neighbour.py); a caller with an open request hears where it stands (requester.py).
Both are known from the intake's one lookup (app/ivr/repository.py first_sights),
so the hot path spends no extra round trip on them.
"""

from __future__ import annotations

from app.errands import neighbour, requester
from app.ivr.repository import FirstSight
from app.state import HotlineState
from app.telephony import instructions as ins
from app.telephony.events import VoiceEvent
from app.volunteers import repository as volunteer_repository

VOICE_URL = "/twilio/voice"


def takes_call(seen: FirstSight) -> bool:
    """A neighbour's call, or a requester's (an operator's duty line comes first)."""
    if seen.neighbour_id is not None:
        return True
    return seen.open_request_id is not None and seen.operator_id is None


async def incoming(
    state: HotlineState, event: VoiceEvent, seen: FirstSight
) -> ins.Script:
    async with state.sessionmaker() as session:
        if seen.neighbour_id is not None:
            volunteer = await volunteer_repository.get(session, seen.neighbour_id)
            if volunteer is not None:
                return await neighbour.incoming(session, state, volunteer, event)
        if seen.open_request_id is not None:
            return await requester.incoming(session, state, seen.open_request_id, event)
    # The volunteer was removed a moment ago: the call starts again as any other.
    return ins.Script((ins.Redirect(VOICE_URL),))
