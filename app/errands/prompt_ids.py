"""The prompt and SMS ids of the errands flow, with the placeholders each fills in
(merged into app.ivr.prompts.PROMPT_PLACEHOLDERS; texts in prompts/<lang>/errands.ftl).
No imports: the prompt catalogue reads this at start-up."""

from __future__ import annotations

ERRAND_PROMPTS: dict[str, frozenset[str]] = {
    # The neighbour's call to the hotline (masked calls), in their language.
    "errand_hello": frozenset({"name"}),
    "errand_menu_call": frozenset({"code", "need", "place"}),
    "errand_menu_note": frozenset(),
    "errand_menu_code": frozenset(),
    "errand_menu_duty": frozenset(),
    "errand_note_intro": frozenset(),
    "errand_code_ask": frozenset(),
    "errand_code_refused": frozenset(),
    "errand_connecting": frozenset({"code"}),
    "errand_no_answer": frozenset(),
    "errand_call_ended": frozenset(),
    "errand_none": frozenset(),
    "errand_no_number": frozenset({"code"}),
    # The requester's call while their request is open, in their language.
    "status_matched": frozenset({"volunteer", "need"}),
    "status_searching": frozenset({"need"}),
    "status_coordinator": frozenset({"need"}),
    "status_menu": frozenset(),
    "status_menu_closed": frozenset(),
    "status_cancelled": frozenset(),
    # The follow-up call after DONE.
    "followup_question": frozenset({"volunteer", "need"}),
    "followup_thanks": frozenset(),
    "followup_sorry": frozenset(),
    # SMS to the neighbour: the details once they won, and a cancellation.
    "sms_errand_intro": frozenset({"code", "need", "place", "postcode"}),
    "sms_errand_name": frozenset({"name"}),
    "sms_errand_address": frozenset({"address"}),
    "errand_address_box": frozenset({"street", "number", "box"}),
    "errand_address": frozenset({"street", "number"}),
    "sms_errand_needs": frozenset({"needs"}),
    "sms_errand_urgency": frozenset({"urgency"}),
    "sms_errand_needed_by": frozenset({"date"}),
    "sms_errand_access": frozenset({"notes"}),
    "sms_errand_phone": frozenset({"phone", "language"}),
    "sms_errand_language": frozenset({"language"}),
    "sms_errand_no_details": frozenset(),
    "sms_errand_call": frozenset({"hotline"}),
    "sms_errand_note": frozenset({"hotline"}),
    "sms_errand_done": frozenset({"code"}),
    "sms_errand_cancelled": frozenset({"code"}),
}
