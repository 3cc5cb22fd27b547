"""Signed, expiring links to the operator's page: only the hotline makes them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.operator_page import links
from app.operator_page.errors import OperatorLinkExpired, OperatorLinkInvalid

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
KEY = links.derive_key("a secret")


def test_a_signed_link_names_its_operator_until_it_expires() -> None:
    token = links.sign(KEY, 42, expires_at=NOW + timedelta(hours=12))
    assert links.verify(KEY, token, now=NOW) == 42
    assert links.verify(KEY, token, now=NOW + timedelta(hours=11, minutes=59)) == 42
    with pytest.raises(OperatorLinkExpired) as expired:
        links.verify(KEY, token, now=NOW + timedelta(hours=12))
    assert expired.value.volunteer_id == 42


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t.replace("42.", "43.", 1),  # someone else's page
        lambda t: (
            t.split(".")[0]
            + "."
            + str(int(t.split(".")[1]) + 3600)
            + "."
            + t.split(".")[2]
        ),  # a longer life
        lambda t: t[:-2],  # cut short
        lambda t: "42",
        lambda t: "x.y.z",
    ],
)
def test_a_changed_link_is_refused(tamper: object) -> None:
    token = links.sign(KEY, 42, expires_at=NOW + timedelta(hours=1))
    assert callable(tamper)
    with pytest.raises(OperatorLinkInvalid):
        links.verify(KEY, tamper(token), now=NOW)


def test_another_deployments_key_does_not_open_it() -> None:
    token = links.sign(KEY, 42, expires_at=NOW + timedelta(hours=1))
    with pytest.raises(OperatorLinkInvalid):
        links.verify(links.derive_key("another secret"), token, now=NOW)
    assert "a secret" not in token
