"""Recordings are only ever played through the authenticated proxy: no API answer
(lists, details, revealed details, the work list, the timeline) and no schema
carries the provider's URL."""

from __future__ import annotations

import pytest

from app.config import Settings
from tests.integration.privacy.privacy_support import (
    PERSON,
    closed_hotline,
    leave_voicemail,
    recording_sids,
    requests_of,
)

pytestmark = pytest.mark.integration


async def test_no_api_answer_carries_a_recording_url(settings: Settings) -> None:
    async with closed_hotline(settings) as hotline:
        await leave_voicemail(hotline, PERSON)
        (request,) = await requests_of(hotline, PERSON)
        (recording,) = recording_sids(hotline, PERSON)
        assert request.voicemail_url is not None
        assert request.call_id is not None
        answers = [
            await hotline.api("GET", path)
            for path in (
                "/api/requests",
                f"/api/requests/{request.id}",
                "/api/requests/board",
                "/api/calls",
                f"/api/calls/{request.call_id}",
                "/api/work",
                "/api/board",
            )
        ]
        answers.append(await hotline.api("POST", f"/api/requests/{request.id}/reveal"))
        answers.append(
            await hotline.api("POST", f"/api/calls/{request.call_id}/reveal")
        )

        for answer in answers:
            assert answer.status_code == 200, (answer.request.url, answer.text)
            assert recording not in answer.text, answer.request.url
            assert "Recordings/" not in answer.text, answer.request.url
        detail = answers[1].json()
        assert detail["has_voicemail"] is True
        assert detail["voicemail_duration_s"] == 20
        assert "voicemail_url" not in detail


async def test_the_openapi_schema_has_no_recording_url(settings: Settings) -> None:
    async with closed_hotline(settings) as hotline:
        schema = (await hotline.api("GET", "/openapi.json")).json()

    def property_names(node: object) -> set[str]:
        names: set[str] = set()
        if isinstance(node, dict):
            properties = node.get("properties")
            if isinstance(properties, dict):
                names |= set(properties)
            for value in node.values():
                names |= property_names(value)
        elif isinstance(node, list):
            for value in node:
                names |= property_names(value)
        return names

    names = property_names(schema["components"]["schemas"])
    assert "has_voicemail" in names
    assert not {
        name
        for name in names
        if "recording_url" in name or name.endswith("voicemail_url")
    }
