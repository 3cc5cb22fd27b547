"""Operations endpoints: /readyz (readiness probe) and /metrics (Prometheus)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response
from fastapi.responses import JSONResponse

from app.ops import readiness, scrape
from app.ops.dependencies import require_metrics_access
from app.state import StateDep

router = APIRouter(tags=["ops"])


@router.get("/readyz")
async def readyz(state: StateDep) -> JSONResponse:
    """Readiness probe: database reachable and migrated to head, Redis reachable."""
    checks = await readiness.readiness(state)
    failed = [check for check in checks if not check.is_ok]
    body: dict[str, object] = {
        "status": "unavailable" if failed else "ready",
        "checks": {check.name: check.reason or "ok" for check in checks},
    }
    if failed:
        body["reason"] = "; ".join(f"{c.name}: {c.reason}" for c in failed)
    return JSONResponse(body, status_code=503 if failed else 200)


@router.get(
    "/metrics", include_in_schema=False, dependencies=[Depends(require_metrics_access)]
)
async def prometheus_metrics(state: StateDep) -> Response:
    """Prometheus scrape."""
    body, content_type = await scrape.exposition(state)
    return Response(body, media_type=content_type)
