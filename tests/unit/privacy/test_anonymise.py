"""What anonymising a call or a request keeps and removes, column by column."""

from __future__ import annotations

from datetime import UTC, datetime

from app.calls.models import Call
from app.help_requests.models import HelpRequest
from app.logging import mask_phone
from app.privacy import anonymise
from app.privacy.anonymise import ERASED

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
URL = (
    "https://api.twilio.com/2010-04-01/Accounts/AC"
    + "1" * 32
    + "/Recordings/RE"
    + "a" * 32
)


def a_request() -> HelpRequest:
    return HelpRequest(
        caller_number="+32470123456",
        language="fr",
        need="groceries",
        postcode="1030",
        status="done",
        source="api",
        requester_name="Maria Peeters",
        address_street="Rue Royale",
        address_number="12",
        organisation="CPAS Schaerbeek",
        created_by="carla",
        notes="ring twice",
        voicemail_url=URL,
        voicemail_duration_s=20,
        short_code="K7Q2",
        created_at=NOW,
        updated_at=NOW,
    )


def test_a_request_keeps_its_categories_and_loses_the_person() -> None:
    request = a_request()

    anonymise.anonymise_request(request)

    assert request.caller_number == ERASED
    assert (request.requester_name, request.address_street, request.notes) == (
        None,
        None,
        None,
    )
    assert (request.voicemail_url, request.short_code) == (None, None)
    assert (request.language, request.need, request.postcode, request.status) == (
        "fr",
        "groceries",
        "1030",
        "done",
    )
    assert (request.organisation, request.created_by) == ("CPAS Schaerbeek", "carla")
    assert request.voicemail_duration_s is None


def test_every_text_column_not_listed_as_kept_is_removed() -> None:
    """A column another feature adds is removed by default, never kept by
    accident: each text column is either kept by name or emptied."""
    request = a_request()
    texts = [
        c.key
        for c in HelpRequest.__table__.columns
        if c.key not in anonymise.REQUEST_KEPT and c.type.python_type is str
    ]
    for key in texts:
        setattr(request, key, "something personal")

    anonymise.anonymise_request(request)

    assert {getattr(request, key) for key in texts} <= {None, ERASED}


def test_an_inbound_call_keeps_the_hotline_number_an_outbound_one_too() -> None:
    inbound = Call(
        twilio_call_sid="CA" + "1" * 32,
        purpose="caller",
        direction="inbound",
        from_number="0470 12 34 56",
        to_number="+3228089654",
        caller_e164="+32470123456",
        status="completed",
        outcome="voicemail",
        language="fr",
        started_at=NOW,
    )
    outbound = Call(
        twilio_call_sid="CA" + "2" * 32,
        purpose="callback",
        direction="outbound-api",
        from_number="+3228089654",
        to_number="+32470123456",
        caller_e164="+32470123456",
        status="completed",
        started_at=NOW,
    )

    for call in (inbound, outbound):
        assert not anonymise.is_call_anonymised(call)
        anonymise.anonymise_call(call)
        assert anonymise.is_call_anonymised(call)
        assert call.caller_e164 is None

    assert (inbound.from_number, inbound.to_number) == (ERASED, "+3228089654")
    assert (outbound.from_number, outbound.to_number) == ("+3228089654", ERASED)
    assert (inbound.outcome, inbound.language) == ("voicemail", "fr")


def test_a_recording_is_found_by_its_id_and_forgotten_where_it_is_named() -> None:
    request = a_request()
    key = anonymise.recording_key(URL + ".wav")

    assert key == "RE" + "a" * 32
    assert anonymise.recording_urls(request) == [URL]
    assert anonymise.forget_recordings(request, {key})
    assert (request.voicemail_url, request.voicemail_duration_s) == (None, None)
    assert request.caller_number == "+32470123456"
    assert anonymise.detail_without({"url": URL, "status": "ok"}, {key}) == {
        "status": "ok"
    }


def test_an_erased_number_reads_as_such_in_masked_lists() -> None:
    assert mask_phone(ERASED) == "erased"
    assert mask_phone("+32470123456") == "+32*******56"


def test_every_recording_of_a_request_is_found_the_operators_note_too() -> None:
    request = a_request()
    note_sid = "RE" + "c" * 32
    note = URL.replace("RE" + "a" * 32, note_sid)
    request.wrapup_recording_url = note
    request.wrapup_recording_sid = note_sid
    request.wrapup_recording_duration_s = 35

    assert sorted(anonymise.recording_urls(request)) == sorted([URL, note])
    assert anonymise.forget_recordings(request, {note_sid})
    left = [
        getattr(request, name)
        for name in (
            "wrapup_recording_url",
            "wrapup_recording_sid",
            "wrapup_recording_duration_s",
        )
    ]
    assert left == [None, None, None]
    assert request.voicemail_url == URL
