"""Access to the operations endpoints."""

from __future__ import annotations

import hmac

from fastapi import HTTPException, Request, status

from app.state import StateDep


async def require_metrics_access(request: Request, state: StateDep) -> None:
    """A bearer token when HOTLINE_OPS__METRICS_TOKEN is set; without one, dev only."""
    token = state.settings.ops.metrics_token
    if token is None:
        if state.settings.env == "dev":
            return
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "metrics are off: set HOTLINE_OPS__METRICS_TOKEN to serve them",
        )
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), token.get_secret_value().encode()
    ):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "a bearer token is required",
            headers={"WWW-Authenticate": "Bearer"},
        )
