"""Fixtures of the volunteer API tests: the app (memory queue), a way to add people."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.volunteers.volunteer_support import CreateVolunteer
from tests.support.harness import Hotline


@pytest.fixture
def create_volunteer(hotline: Hotline) -> CreateVolunteer:
    """POST /api/volunteers as a coordinator; returns the 201 body (with duty_token)."""

    async def create(
        name: str = "Ann", phone: str = "0470 12 34 56", **fields: Any
    ) -> dict[str, Any]:
        payload = {
            "name": name,
            "phone_number": phone,
            "languages": ["nl"],
            "is_operator": True,
            **fields,
        }
        response = await hotline.api("POST", "/api/volunteers", json=payload)
        assert response.status_code == 201, response.text
        body: dict[str, Any] = response.json()
        return body

    return create
