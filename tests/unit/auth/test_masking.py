"""What a masked answer shows of a phone number, a name, an address and a timeline."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.auth.masking import (
    HIDDEN,
    mask_detail,
    mask_name,
    mask_text,
    masked,
    without_provider_urls,
)
from app.auth.roles import (
    STAFF,
    OutOfScope,
    Role,
    RoleRefused,
    ensure_in_scope,
    ensure_role,
    organisation_scope,
    parse_role,
)
from app.help_requests.schemas import HelpRequestEventRead, HelpRequestRead

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Maria Peeters", "M. P."),
        ("Maria Van den Bossche", "M. V. d. B."),
        ('Maria, "Mimi" Janssens', "M. M. J."),
        ("Élodie", "É."),
        ("  ", "  "),
        ("123", HIDDEN),
        (None, None),
    ],
)
def test_a_name_shows_its_initials(name: str | None, shown: str | None) -> None:
    assert mask_name(name) == shown


def test_numbers_in_free_text_are_masked_and_the_rest_kept() -> None:
    assert mask_text("call her son on 0470 12 34 56 first") == (
        "call her son on 047********56 first"
    )
    assert mask_text("ring twice") == "ring twice"


def test_a_timeline_detail_hides_personal_values_and_drops_provider_urls() -> None:
    detail = {
        "from": "+32470123456",
        "name": "Maria",
        "url": "https://api.twilio.com/Recordings/RE1",
        "digits": "2",
        "wave": 1,
    }
    assert mask_detail(detail) == {
        "from": "+32*******56",
        "name": HIDDEN,
        "digits": "2",
        "wave": 1,
    }


def request_read() -> HelpRequestRead:
    return HelpRequestRead(
        id=1,
        call_id=None,
        caller_number="+32470123456",
        language="fr",
        need="groceries",
        postcode="1030",
        status="new",
        close_reason=None,
        source="api",
        requester_name="Maria Peeters",
        address_street="Rue Royale",
        address_number="12",
        address_box=None,
        notes="son: 0470 99 88 77",
        short_code=None,
        voicemail_duration_s=None,
        volunteer_id=None,
        wave=0,
        created_at=NOW,
        updated_at=NOW,
        matched_at=None,
        done_at=None,
    )


def test_a_request_is_masked_field_by_field_and_keeps_its_shape() -> None:
    shown = masked(request_read())
    assert type(shown) is HelpRequestRead
    assert (shown.caller_number, shown.caller_masked) == (
        "+32*******56",
        "+32*******56",
    )
    assert (shown.requester_name, shown.address_street, shown.address_number) == (
        "M. P.",
        HIDDEN,
        HIDDEN,
    )
    assert shown.address_box is None
    assert shown.notes == "son: 047********77"
    assert (shown.need, shown.postcode, shown.status) == ("groceries", "1030", "new")


def test_nested_answers_are_masked_too() -> None:
    event = HelpRequestEventRead(
        occurred_at=NOW, kind="edited", actor="carla", detail={"phone": "+32470123456"}
    )

    class Page(HelpRequestRead):
        history: list[HelpRequestEventRead]

    page = Page(**request_read().model_dump(), history=[event])
    shown = masked(page)
    assert shown.history[0].detail == {"phone": "+32*******56"}
    assert page.history[0].detail == {"phone": "+32470123456"}  # a copy


def test_a_revealed_answer_keeps_everything_but_provider_urls() -> None:
    revealed = without_provider_urls(request_read())
    assert revealed.caller_number == "+32470123456"
    assert revealed.requester_name == "Maria Peeters"


def test_roles_refuse_what_they_do_not_allow() -> None:
    assert ensure_role("admin", STAFF) is Role.ADMIN
    with pytest.raises(RoleRefused):
        ensure_role(Role.PARTNER, STAFF)
    # A role this release does not know is the least privileged.
    assert parse_role("superuser") is Role.OPERATOR


def test_a_partner_is_limited_to_its_organisation() -> None:
    scope = organisation_scope(Role.PARTNER, "CPAS Evere")
    assert scope == "CPAS Evere"
    assert organisation_scope(Role.COORDINATOR, None) is None
    assert organisation_scope(Role.PARTNER, None) not in (None, "")
    ensure_in_scope(scope, "CPAS Evere")
    ensure_in_scope(None, "anything")
    with pytest.raises(OutOfScope):
        ensure_in_scope(scope, "Another")
