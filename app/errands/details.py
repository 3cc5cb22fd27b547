"""The details SMS to the neighbour who took a request. No I/O here.

The SMS offer names only the need, the neighbourhood and the code. The winner gets
more, in their own language: with the requester's consent their first name, address,
what is needed, how urgent and how to get in (floor, bell, dog); without it only
what the offer said. The requester's number is in it unless the hotline is set to
leave it out; either way the neighbour can reach the requester through the hotline
(masked call), and hear the operator's recorded note there when there is one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from babel.dates import format_date

from app.help_requests.models import HelpRequest
from app.ivr.prompts import LanguagePack


@dataclass(frozen=True, slots=True)
class Place:
    """Where the request is, already in the neighbour's language."""

    name: str
    postcode: str


def first_name(full_name: str | None) -> str | None:
    words = (full_name or "").split()
    return words[0] if words else None


def address(pack: LanguagePack, request: HelpRequest) -> str | None:
    """Street, number and box, in the reader's language; None without a street."""
    if not request.address_street:
        return None
    street, number = request.address_street, request.address_number or ""
    if request.address_box:
        return pack.text(
            "errand_address_box", street=street, number=number, box=request.address_box
        )
    return pack.text("errand_address", street=street, number=number).strip()


def _day(pack: LanguagePack, day: date) -> str:
    return format_date(day, "full", locale=pack.locale.replace("-", "_"))


def details_sms(
    *,
    pack: LanguagePack,
    requester_pack: LanguagePack,
    request: HelpRequest,
    place: Place,
    hotline_number: str,
    is_number_shown: bool,
) -> str:
    """The whole SMS, one line per item (a phone shows it as a short list)."""
    code = request.short_code or ""
    lines = [
        pack.text(
            "sms_errand_intro",
            code=code,
            need=pack.text(f"need_{request.need or 'other'}"),
            place=place.name,
            postcode=place.postcode,
        )
    ]
    if request.details_consent:
        if name := first_name(request.requester_name):
            lines.append(pack.text("sms_errand_name", name=name))
        if street := address(pack, request):
            full = f"{street}, {place.postcode} {place.name}"
            lines.append(pack.text("sms_errand_address", address=full))
        if request.needs_text:
            lines.append(pack.text("sms_errand_needs", needs=request.needs_text))
        if request.needed_by is not None:
            day = _day(pack, request.needed_by)
            lines.append(pack.text("sms_errand_needed_by", date=day))
        elif request.urgency:
            lines.append(pack.text("sms_errand_urgency", urgency=request.urgency))
        if request.access_notes:
            lines.append(pack.text("sms_errand_access", notes=request.access_notes))
    if is_number_shown:
        lines.append(
            pack.text(
                "sms_errand_phone",
                phone=request.caller_number,
                language=requester_pack.name,
            )
        )
    else:
        lines.append(pack.text("sms_errand_language", language=requester_pack.name))
    if not request.details_consent:
        lines.append(pack.text("sms_errand_no_details"))
    lines.append(pack.text("sms_errand_call", hotline=hotline_number))
    if request.wrapup_recording_url:
        lines.append(pack.text("sms_errand_note", hotline=hotline_number))
    lines.append(pack.text("sms_errand_done", code=code))
    return "\n".join(lines)
