"""Duty PINs: scrypt hashes that verify only the same PIN."""

from __future__ import annotations

import pytest

from app.abuse import pins


async def test_the_same_pin_verifies_and_another_does_not() -> None:
    pin_hash = await pins.hash_pin("4821")

    assert "4821" not in pin_hash
    assert await pins.verify_pin(pin_hash, "4821")
    assert not await pins.verify_pin(pin_hash, "4822")


async def test_each_hash_is_salted() -> None:
    assert await pins.hash_pin("123456") != await pins.hash_pin("123456")


@pytest.mark.parametrize("pin", ["123", "1234567", "12a4", "", "١٢٣٤"])
async def test_malformed_pins_never_verify(pin: str) -> None:
    pin_hash = await pins.hash_pin("1234")

    assert not await pins.verify_pin(pin_hash, pin)


@pytest.mark.parametrize("stored", ["", "argon2$x", "scrypt$1$8$1$AA$AA", "scrypt$a$b"])
async def test_a_malformed_hash_never_verifies(stored: str) -> None:
    assert not await pins.verify_pin(stored, "1234")


@pytest.mark.parametrize("pin", ["12", "١٢٣٤"])
async def test_hashing_a_malformed_pin_is_refused(pin: str) -> None:
    with pytest.raises(ValueError, match="4 to 6 digits"):
        await pins.hash_pin(pin)
