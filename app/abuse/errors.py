"""Errors of the abuse domain (ban list, rate limits)."""

from __future__ import annotations

from app.errors import Conflict, NotFound


class BanNotFound(NotFound):
    pass


class AlreadyBanned(Conflict):
    pass
