"""Request codes typed on a phone keypad. No I/O here.

A code like "K7Q2" is typed as the keys that carry its characters (K on 5, Q on 7:
"5772"). Several codes share the same keys, so a typed code names a small set of
candidate codes; the one that belongs to the caller is the one meant.
"""

from __future__ import annotations

import itertools

from app.matching.sms import CODE_ALPHABET, CODE_LENGTH

_KEY_LETTERS = {
    "2": "ABC",
    "3": "DEF",
    "4": "GHI",
    "5": "JKL",
    "6": "MNO",
    "7": "PQRS",
    "8": "TUV",
    "9": "WXYZ",
}
# Each key and the code characters it can stand for (the digit itself included).
_CHOICES: dict[str, tuple[str, ...]] = {
    key: tuple(c for c in key + letters if c in CODE_ALPHABET)
    for key, letters in _KEY_LETTERS.items()
}
_KEY_OF = {c: key for key, chars in _CHOICES.items() for c in chars}


def keys_for(code: str) -> str:
    """The keys to type for `code` ("K7Q2" -> "5772")."""
    return "".join(_KEY_OF[c] for c in code.upper())


def candidates(typed: str) -> list[str]:
    """Every code that `typed` can stand for; empty when it cannot be a code."""
    typed = typed.strip().rstrip("#")
    if len(typed) != CODE_LENGTH or any(k not in _CHOICES for k in typed):
        return []
    return ["".join(p) for p in itertools.product(*(_CHOICES[k] for k in typed))]


def spelled(code: str) -> str:
    """A code read out one character at a time ("K 7 Q 2")."""
    return " ".join(code)
