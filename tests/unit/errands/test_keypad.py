"""Request codes typed on a keypad: every code can be typed, and its keys find it."""

from __future__ import annotations

import pytest

from app.errands import keypad
from app.matching.sms import CODE_ALPHABET, new_code


def test_every_code_character_is_on_a_key() -> None:
    for char in CODE_ALPHABET:
        assert len(keypad.keys_for(char)) == 1


@pytest.mark.parametrize(("code", "keys"), [("K7Q2", "5772"), ("ABCD", "2223")])
def test_keys_of_a_code(code: str, keys: str) -> None:
    assert keypad.keys_for(code) == keys
    assert code in keypad.candidates(keys)


def test_the_keys_of_any_code_find_it_among_few_candidates() -> None:
    for _ in range(200):
        code = new_code()
        found = keypad.candidates(keypad.keys_for(code))
        assert code in found
        assert len(found) <= 5**4
        assert all(keypad.keys_for(c) == keypad.keys_for(code) for c in found)


@pytest.mark.parametrize("typed", ["", "577", "57722", "1234", "0772", "57*2", "abcd"])
def test_what_cannot_be_a_code_names_none(typed: str) -> None:
    assert keypad.candidates(typed) == []


def test_a_trailing_hash_is_ignored() -> None:
    assert keypad.candidates("5772#") == keypad.candidates("5772")


def test_spelled_reads_one_character_at_a_time() -> None:
    assert keypad.spelled("K7Q2") == "K 7 Q 2"
