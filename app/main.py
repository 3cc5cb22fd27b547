"""The FastAPI app: create_app() wires settings, database, queue, telephony, routers."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager

import anyio.to_thread
import httpx
from fastapi import FastAPI
from redis.asyncio import Redis

from app.abuse.banlist import BanList
from app.abuse.limits import create_rate_limits
from app.abuse.router import router as bans_router
from app.audit.router import router as audit_router
from app.auth.router import accounts_router
from app.auth.router import router as tokens_router
from app.calls.router import router as calls_router
from app.clock import Clock, SystemClock
from app.config import Settings, get_settings
from app.console.router import install_console
from app.dashboard.router import router as dashboard_router
from app.db import create_engine, create_sessionmaker
from app.errands import followup as errands_followup
from app.errands.router import router as errands_router
from app.errors import register_exception_handlers
from app.geo.postcodes import load_postcode_directory
from app.help_requests.router import router as requests_router
from app.ivr.prompts import load_catalogue
from app.ivr.router import router as ivr_router
from app.matching.router import router as matching_router
from app.matching.router import twilio_router as sms_router
from app.migrate import upgrade_head
from app.ops import logs as ops_logs
from app.ops.metrics import MetricsMiddleware
from app.ops.router import router as ops_router
from app.periodic import ticker as ticker_module
from app.periodic.lease import Lease, LocalLease, RedisLease
from app.privacy.router import router as privacy_router
from app.privacy.schedule import DailyPurge
from app.queue.backend import QueueBackend
from app.queue.memory_backend import InMemoryQueueBackend
from app.queue.redis_backend import RedisQueueBackend
from app.queue.router import router as queue_router
from app.reports.router import router as reports_router
from app.resilience import service as resilience_service
from app.resilience.router import router as resilience_router
from app.resilience.store import (
    MemoryResilienceStore,
    RedisResilienceStore,
    ResilienceStore,
)
from app.state import HotlineState
from app.telephony.client import TelephonyClient
from app.telephony.lane import TwilioLane
from app.telephony.twilio_adapter import TwilioTelephonyClient, TwimlRenderer
from app.triage.router import router as triage_router
from app.volunteers import service as volunteer_service
from app.volunteers.router import duty_router, phone_router
from app.volunteers.router import router as volunteers_router
from app.worklist.router import router as worklist_router
from app.wrapup.router import router as wrapup_router
from app.writer import Writer

logger = logging.getLogger(__name__)


# How long shutdown waits for the webhooks' units already handed in.
SHUTDOWN_WAIT_S = 30.0


async def _within(seconds: float, closing: Awaitable[None], what: str) -> None:
    """Shutdown waits for `closing`, but never forever: one stuck part is logged
    and left, so the rest still closes (connections, the engine)."""
    try:
        await asyncio.wait_for(closing, seconds)
    except TimeoutError:
        logging.getLogger(__name__).error("%s did not close in %.0f s", what, seconds)


def _periodic_jobs() -> tuple[ticker_module.Job, ...]:
    """Heartbeat independent of calls: shift edges, expired offers, dispatch, waves,
    and once a day the retention purge (its own schedule, app/privacy/schedule.py)."""
    return (
        *ticker_module.JOBS,
        ticker_module.Job("retention_purge", DailyPurge().tick),
        ticker_module.Job("resilience", resilience_service.tick),
        # "Did your neighbour come?" calls: due an hour after DONE, so once a minute.
        ticker_module.Job("errand_followups", errands_followup.tick, every_s=60),
    )


def _resilience_store(queue: QueueBackend | None) -> ResilienceStore:
    """The outage journal and redials live beside the queue: in Redis, shared by the
    instances (so any of them replays), or in this process."""
    if isinstance(queue, RedisQueueBackend):
        return RedisResilienceStore(queue.client, prefix=queue.prefix)
    return MemoryResilienceStore()


def _lease_for(queue: QueueBackend) -> Lease:
    """One runner of the periodic work across the instances sharing this queue."""
    if isinstance(queue, RedisQueueBackend):
        return RedisLease(queue.client, prefix=queue.prefix)
    return LocalLease()


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    telephony: TelephonyClient | None = None,
    telephony_transport: httpx.AsyncBaseTransport | None = None,
    queue: QueueBackend | None = None,
    run_ticker: bool = True,
) -> FastAPI:
    """Build the app. Tests and the simulator inject a clock, an in-process transport to
    the simulator's REST API, or a queue backend; production uses settings only."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        config = settings or get_settings()
        ops_logs.configure_logging(config)
        if config.database.migrate_on_start:
            await anyio.to_thread.run_sync(upgrade_head, config.database.url)
        engine = create_engine(config.database.url, echo=config.database.echo)
        redis: Redis | None = None
        backend = queue
        if backend is None and config.queue.backend == "redis":
            redis = Redis.from_url(config.redis.url, decode_responses=True)
            redis_backend = RedisQueueBackend(redis, prefix=config.redis.key_prefix)
            await redis_backend.initialize()
            backend = redis_backend
        sessionmaker = create_sessionmaker(engine)
        the_clock = clock or SystemClock()
        state = HotlineState(
            settings=config,
            engine=engine,
            sessionmaker=sessionmaker,
            clock=the_clock,
            telephony=telephony
            or TwilioTelephonyClient(config, transport=telephony_transport),
            queue=backend or InMemoryQueueBackend(),
            redis=redis,
            renderer=TwimlRenderer(str(config.public_base_url)),
            catalogue=load_catalogue(
                config.spoken_languages,
                rate=config.ivr.speech_rate,
                option_break_ms=config.ivr.option_break_ms,
            ),
            postcodes=load_postcode_directory(),
            writer=Writer(engine),
            bans=BanList(
                sessionmaker,
                clock=the_clock,
                refresh_s=config.abuse.ban_refresh_s,
            ),
            limits=create_rate_limits(config),
            resilience=_resilience_store(backend),
        )
        app.state.hotline = state
        # What startup built (routes, prompts, postcodes, the ORM's registry) lives
        # as long as the process: out of the garbage collector's scans, which
        # otherwise walk it again on every full collection under load.
        gc.freeze()
        await volunteer_service.restore_presence(state)
        ticker = (
            asyncio.create_task(
                ticker_module.run(state, _lease_for(state.queue), _periodic_jobs())
            )
            if run_ticker
            else None
        )
        try:
            yield
        finally:
            if ticker is not None:
                ticker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await ticker
            await _within(SHUTDOWN_WAIT_S, state.writer.aclose(), "the writer")
            await state.limits.aclose()
            await engine.dispose()
            if redis is not None:
                await redis.aclose()

    app = FastAPI(
        title="Solidarity Hotline",
        summary="Telephone backend of a neighbourhood-help hotline.",
        lifespan=lifespan,
        # The hotline's metrics are Prometheus' (app/ops/metrics.py); FastAPI's own
        # OpenTelemetry would look up its providers on every request.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    register_exception_handlers(app)
    # The last added is outermost: the request id is bound before anything logs,
    # and the Twilio lane, innermost, still has its webhooks counted and logged.
    app.add_middleware(TwilioLane, hotline=app)
    app.add_middleware(MetricsMiddleware)
    app.add_middleware(ops_logs.RequestIdMiddleware)
    for router in (
        ivr_router,
        queue_router,
        phone_router,
        calls_router,
        requests_router,
        matching_router,
        sms_router,
        volunteers_router,
        duty_router,
        dashboard_router,
        worklist_router,
        resilience_router,
        reports_router,
        ops_router,
        bans_router,
        tokens_router,
        accounts_router,
        audit_router,
        privacy_router,
        wrapup_router,
        triage_router,
        errands_router,
    ):
        app.include_router(router)
    install_console(app)

    @app.get("/healthz", tags=["ops"])
    async def healthz() -> dict[str, str]:
        """Liveness probe."""
        return {"status": "ok"}

    return app


def app_factory() -> FastAPI:
    """Entry point for `uvicorn --factory app.main:app_factory`."""
    return create_app()
