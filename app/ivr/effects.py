"""What a menu step changes in the records: a pure translation of its effects into
field updates and timeline events of the call and the help request. No I/O here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from app.ivr import menu
from app.telephony import instructions as ins


@dataclass
class Changes:
    call: dict[str, Any] = field(default_factory=dict)
    request: dict[str, Any] = field(default_factory=dict)
    call_events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    request_events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def _entered_node(script: ins.Script) -> str | None:
    for instruction in script.instructions:
        if isinstance(instruction, ins.Gather):
            return urlsplit(instruction.action).path.rsplit("/", 1)[-1]
    return None


def changes_of(step: menu.Step, *, node: str | None) -> Changes:
    """The records' changes for `step`, answered at `node` (None: the call's start)."""
    out = Changes()
    for effect in step.effects:
        match effect:
            case menu.LanguageChosen(language=language, how=how):
                out.call["language"] = out.request["language"] = language
                out.call_events.append(
                    ("language_chosen", {"language": language, "how": how})
                )
            case menu.NeedChosen(need=need, how=how):
                out.request["need"] = need
                out.request_events.append(("need_set", {"need": need}))
                out.call_events.append(("need_chosen", {"need": need, "how": how}))
            case menu.PostcodeGiven(postcode=postcode):
                out.request["postcode"] = postcode
                out.request_events.append(("postcode_set", {"postcode": postcode}))
                out.call_events.append(("postcode_given", {"postcode": postcode}))
            case menu.PostcodeSkipped(how=how):
                out.call_events.append(("postcode_skipped", {"how": how}))
            case menu.OperatorRequested(node=at):
                out.call_events.append(("operator_requested", {"node": at}))
            case menu.MenuRetried(node=at, reason=reason, value=value):
                detail = {"node": at, "reason": reason, "value": value}
                out.call_events.append(("menu_retry", detail))
            case menu.MenuRepeated(node=at):
                out.call_events.append(("menu_repeat", {"node": at}))
            case menu.HandedOff(language=language):
                out.call_events.append(("handed_off", {"language": language}))
            case menu.ClosedReached(language=language):
                out.call_events.append(("out_of_hours", {"language": language}))
            case menu.VoicemailLeft(recording_url=url, duration_s=duration):
                out.request.update(
                    voicemail_url=url, voicemail_duration_s=duration, source="voicemail"
                )
                out.request_events.append(
                    ("voicemail", {"url": url, "duration_s": duration})
                )
                out.call["outcome"] = "voicemail"
    entered = _entered_node(step.script)
    if entered is not None and entered != node:
        out.call_events.append(("menu_entered", {"node": entered}))
    return out
