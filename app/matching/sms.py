"""Field volunteers' SMS replies, parsed; and request short codes. No I/O here.

Replies are forgiving: any case, extra spaces, the code with or without a '#', and
the words in Dutch, French, English or German ("JA K7Q2", "oui k7q2", "done #K7Q2").
STOP opts out of SMS requests; START (BEGIN, COMMENCER, DÉBUT, ANFANG) opts back in.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Literal

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L lookalikes
CODE_LENGTH = 4

Verb = Literal["yes", "no", "done", "stop", "start", "help"]

_VERBS: dict[str, Verb] = {
    **dict.fromkeys(("yes", "ja", "oui", "y", "ok"), "yes"),
    **dict.fromkeys(("no", "nee", "non", "nein", "n"), "no"),
    **dict.fromkeys(("done", "klaar", "fini", "fait", "fertig", "gedaan"), "done"),
    **dict.fromkeys(("stop", "stopall", "unsubscribe", "arret", "arrêt"), "stop"),
    # START undoes STOP: Dutch and German say START too, French COMMENCER or DÉBUT.
    **dict.fromkeys(
        ("start", "unstop", "begin", "commencer", "debut", "début", "anfang"), "start"
    ),
    **dict.fromkeys(("help", "info", "hulp", "aide", "hilfe", "?"), "help"),
}
_CODE_RE = re.compile(rf"^#?([{CODE_ALPHABET}]{{{CODE_LENGTH}}})$")


@dataclass(frozen=True, slots=True)
class Reply:
    verb: Verb
    code: str | None = None


@dataclass(frozen=True, slots=True)
class Unreadable:
    """Anything else: the sender gets the help text."""

    text: str


def parse_reply(body: str) -> Reply | Unreadable:
    words = body.strip().split()
    if not words or len(words) > 2:
        return Unreadable(body[:160])
    verb = _VERBS.get(words[0].casefold().strip(".!,"))
    if verb is None:
        return Unreadable(body[:160])
    if verb in ("stop", "start", "help"):
        return Reply(verb) if len(words) == 1 else Unreadable(body[:160])
    if len(words) != 2:
        return Unreadable(body[:160])
    match = _CODE_RE.match(words[1].upper().strip(".!,"))
    if match is None:
        return Unreadable(body[:160])
    return Reply(verb, match.group(1))


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
