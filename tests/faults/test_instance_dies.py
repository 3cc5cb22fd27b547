"""An app instance dies (kill -9) in the middle of a dispatch: it had reserved a
waiting caller for an operator but never rang them. The surviving instance withdraws
that stale offer at its expiry without holding it against the operator, and the
caller is offered again; nobody stays "ringing" for ever."""

from __future__ import annotations

import pytest

from app.periodic.lease import LocalLease
from app.periodic.ticker import tick
from app.queue import dispatcher
from app.volunteers.models import Volunteer
from tests.e2e.queue.queue_support import (
    call_row,
    legs_to,
    of_kind,
    queue_caller,
    timeline,
)
from tests.e2e.queue.queue_support import volunteer as volunteer_row
from tests.faults.conftest import OpenFaultHotline
from twilio_simulator import OperatorPhone

pytestmark = pytest.mark.e2e

ANN = "+32470000001"
BOB = "+32470000002"


async def test_a_dead_instances_reservation_is_withdrawn_and_the_caller_offered(
    open_hotline: OpenFaultHotline,
) -> None:
    async with open_hotline(instances=2) as hotline:
        await hotline.add_operator("Bob", BOB, ["fr"], OperatorPhone())
        caller = await hotline.call(queue_caller("nl", talk_s=20))
        await hotline.sim.advance(30)
        ann = await hotline.add_operator(
            "Ann", ANN, ["nl"], OperatorPhone(talk_s=20), on_duty=False
        )
        dead, survivor = (app.state.hotline for app in hotline.apps)
        # The instance that dies puts Ann on duty, reserves the caller for her, and
        # is killed before placing her call.
        now = dead.clock.now()
        async with hotline.session() as session:
            row = await session.get(Volunteer, ann)
            assert row is not None
            row.duty_state = "available"
            row.duty_changed_at = now
            await session.commit()
            await dead.queue.set_available(dispatcher.presence_for(row, now))
        offer = await dead.queue.reserve(
            entry_id=caller.sid,
            operator_id=str(ann),
            offer_id="offer-of-a-dead-instance",
            now=now.timestamp(),
            expires_at=now.timestamp() + 48,
        )
        assert offer is not None
        state = await survivor.queue.operator_state(str(ann), now.timestamp())
        assert state is not None
        assert state.status == "ringing"
        assert legs_to(hotline, ANN) == []

        # The survivor's periodic work withdraws the stale offer at its expiry.
        lease = LocalLease()
        for _ in range(30):
            await tick(survivor, lease)
            await hotline.sim.advance(2)
        await hotline.run()

        assert len(legs_to(hotline, ANN)) == 1  # rung once, after the withdrawal
        logged = await call_row(hotline, caller.sid)
        assert logged.outcome == "bridged"
        assert logged.volunteer_id == ann
        (ended,) = of_kind(await timeline(hotline, caller.sid), "offer_ended")
        # Not held against Ann: she was never rung.
        assert ended.detail["offer_id"] == "offer-of-a-dead-instance"
        assert ended.detail["reason"] == "never_rung"
        assert ended.detail["operator_away"] is False
        assert (await volunteer_row(hotline, ann)).duty_state == "available"
