"""Fixtures of the abuse suite: `open_hotline(**abuse_settings)`."""

from __future__ import annotations

import pytest

from app.config import Settings
from tests.integration.abuse.abuse_support import OpenHotline, opener


@pytest.fixture
def open_hotline(settings: Settings) -> OpenHotline:
    return opener(settings)
