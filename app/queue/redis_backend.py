"""RedisQueueBackend: the QueueBackend contract shared by every app instance via Redis.

Every operation that touches more than one key is one Lua script from `lua/`
(key layout in `lua/_common.lua`), so it is atomic across instances. Times come in as
arguments (the injected clock), never from the Redis server's TIME. Needs a client
created with `decode_responses=True` and a standalone Redis (or Sentinel), not Cluster.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from importlib import resources
from typing import Any, Final, cast

from redis.asyncio import Redis
from redis.commands.core import AsyncScript

from app.queue.backend import (
    DEPARTURES_KEPT,
    Departure,
    DispatchView,
    LanguageView,
    Offer,
    OperatorPresence,
    OperatorState,
    OperatorStatus,
    QueuedCall,
    QueueSnapshot,
    RemovedEntry,
    WaitingEntry,
)

DEFAULT_PREFIX: Final = "hotline:"

_SCRIPT_NAMES: Final = (
    "abandon_rebuild",
    "accept",
    "attach_operator_call",
    "claim_rebuild",
    "dispatch_view",
    "end_call",
    "enqueue",
    "expired_offers",
    "finish_rebuild",
    "offer_for_entry",
    "operator_state",
    "position",
    "remove",
    "reserve",
    "set_available",
    "set_unavailable",
    "snapshot",
    "waiting_count",
    "withdraw",
)


# Same order as OFFER_FIELDS in lua/_common.lua.
_OFFER_FIELDS: Final = (
    "offer_id",
    "entry",
    "operator_id",
    "created_at",
    "expires_at",
    "operator_call_sid",
    "operator_idle_since",
    "accepted_at",
)


def _json_list(value: Any) -> list[Any]:
    """A list from lua-cjson, which encodes an empty Lua table as {}."""
    return cast(list[Any], value) if value else []


def _load_scripts() -> dict[str, str]:
    """Script sources, each prefixed with the shared helpers of `_common.lua`."""
    folder = resources.files("app.queue").joinpath("lua")
    common = folder.joinpath("_common.lua").read_text(encoding="utf-8")
    return {
        name: common + "\n" + folder.joinpath(f"{name}.lua").read_text(encoding="utf-8")
        for name in _SCRIPT_NAMES
    }


def _time(value: float) -> str:
    # repr() is the shortest string that parses back to the very same float, so a
    # score or hash field written from it compares exactly like the Python value.
    # Lua never formats a time itself (its tostring keeps only 14 digits).
    return repr(float(value))


def _optional_time(value: float | None) -> str:
    return "" if value is None else _time(value)


def _entry_json(entry: QueuedCall) -> str:
    fields: dict[str, object] = {
        "entry_id": entry.entry_id,
        "language": entry.language,
        "enqueued_at": entry.enqueued_at,
        "kind": entry.kind,
        "need": entry.need,
        "postcode": entry.postcode,
        "caller_number": entry.caller_number,
        "call_log_id": entry.call_log_id,
    }
    if entry.also_speaks:
        fields["also_speaks"] = list(entry.also_speaks)
    return json.dumps(fields, separators=(",", ":"))


def _parse_entry(data: str) -> QueuedCall:
    fields = json.loads(data)
    return QueuedCall(
        entry_id=fields["entry_id"],
        language=fields["language"],
        enqueued_at=float(fields["enqueued_at"]),
        kind=fields["kind"],
        need=fields["need"],
        postcode=fields["postcode"],
        caller_number=fields["caller_number"],
        call_log_id=fields["call_log_id"],
        also_speaks=tuple(fields.get("also_speaks", ())),
    )


def _parse_offer(values: Sequence[str]) -> Offer:
    """Parse an `offer_reply` (lua/_common.lua: OFFER_FIELDS order)."""
    (
        offer_id,
        entry,
        operator_id,
        created_at,
        expires_at,
        operator_call_sid,
        operator_idle_since,
        accepted_at,
    ) = values
    return Offer(
        offer_id=offer_id,
        entry=_parse_entry(entry),
        operator_id=operator_id,
        created_at=float(created_at),
        expires_at=float(expires_at),
        operator_call_sid=operator_call_sid or None,
        operator_idle_since=float(operator_idle_since),
        accepted_at=float(accepted_at) if accepted_at else None,
    )


def _parse_offer_or_none(reply: Any) -> Offer | None:
    return _parse_offer(cast(list[str], reply)) if reply else None


def _parse_operators(flat: Sequence[str]) -> tuple[OperatorPresence, ...]:
    return tuple(
        OperatorPresence(
            operator_id=flat[i],
            languages=tuple(flat[i + 1].split(",")),
            idle_since=float(flat[i + 2]),
        )
        for i in range(0, len(flat), 3)
    )


def _operator_state(
    *,
    operator_id: str,
    languages: str,
    idle_since: str,
    state: str,
    offer_id: str,
    entry_id: str | None,
    now: float,
) -> OperatorState:
    presence = OperatorPresence(
        operator_id=operator_id,
        languages=tuple(languages.split(",")),
        idle_since=float(idle_since),
    )
    status: OperatorStatus
    if state == "pool":
        status = "available" if presence.idle_since <= now else "wrap_up"
        return OperatorState(presence=presence, status=status)
    status = "ringing" if state == "ringing" else "on_call"
    return OperatorState(
        presence=presence, status=status, offer_id=offer_id, entry_id=entry_id
    )


class RedisQueueBackend:
    """See `app.queue.backend.QueueBackend` for the contract.

    `redis` must decode responses (`decode_responses=True`). `prefix` namespaces every
    key, so several hotlines (or tests) can share one Redis; all instances of one
    hotline must use the same prefix. Scripts are registered in the constructor (no
    I/O); `initialize()` preloads them and checks the connection at startup.
    """

    def __init__(
        self,
        redis: Redis,
        *,
        prefix: str = DEFAULT_PREFIX,
        departures_kept: int = DEPARTURES_KEPT,
    ) -> None:
        if not redis.connection_pool.connection_kwargs.get("decode_responses"):
            raise ValueError(
                "RedisQueueBackend needs Redis(..., decode_responses=True)"
            )
        if departures_kept < 1:
            raise ValueError("departures_kept must be at least 1")
        self._redis = redis
        self._prefix = prefix
        self._departures_kept = departures_kept
        self._scripts: dict[str, AsyncScript] = {
            name: redis.register_script(source)
            for name, source in _load_scripts().items()
        }

    @property
    def prefix(self) -> str:
        return self._prefix

    @property
    def client(self) -> Redis:
        """The Redis client (the periodic-work lease lives beside the queue)."""
        return self._redis

    async def initialize(self) -> None:
        """Load every script into the server (fails fast if Redis is unreachable)."""
        for script in self._scripts.values():
            script.sha = await self._redis.script_load(script.script)

    def _key(self, *parts: str) -> str:
        return self._prefix + "".join(parts)

    async def _run(self, name: str, keys: Sequence[str], *args: str | int) -> Any:
        return await self._scripts[name](keys=keys, args=(self._prefix, *args))

    # -- entries ---------------------------------------------------------------

    async def enqueue(self, entry: QueuedCall) -> int:
        keys = (
            self._key("entry:", entry.entry_id),
            self._key("queue:", entry.language),
            self._key("waiting:", entry.language),
            self._key("langs"),
            self._key("departed"),
            self._key("departed:order"),
        )
        args = (
            entry.entry_id,
            entry.language,
            _time(entry.enqueued_at),
            _entry_json(entry),
        )
        return int(await self._run("enqueue", keys, *args))

    async def remove(
        self, entry_id: str, *, dialling_idle_since: float | None = None
    ) -> RemovedEntry | None:
        reply = await self._run(
            "remove",
            (
                self._key("entry:", entry_id),
                self._key("departed"),
                self._key("departed:order"),
            ),
            entry_id,
            _optional_time(dialling_idle_since),
            self._departures_kept,
        )
        if not reply:
            return None
        data, offer = cast(tuple[str, list[str]], reply)
        return RemovedEntry(
            entry=_parse_entry(data),
            withdrawn_offer=_parse_offer(offer) if offer else None,
        )

    async def get_entry(self, entry_id: str) -> QueuedCall | None:
        data = await self._redis.hget(self._key("entry:", entry_id), "data")
        return None if data is None else _parse_entry(cast(str, data))

    async def departure(self, entry_id: str) -> Departure | None:
        value = await self._redis.hget(self._key("departed"), entry_id)
        if value is None:
            return None
        reason, _, offer_id = cast(str, value).partition("|")
        if reason == "accepted":
            return Departure(entry_id=entry_id, reason="accepted", offer_id=offer_id)
        return Departure(entry_id=entry_id, reason="removed")

    async def position(self, entry_id: str) -> int | None:
        reply = await self._run("position", (self._key("entry:", entry_id),), entry_id)
        return None if reply is None else int(reply)

    async def waiting_count(self, language: str | None = None) -> int:
        if language is not None:
            return int(await self._redis.zcard(self._key("queue:", language)))
        return int(await self._run("waiting_count", (self._key("langs"),)))

    # -- operators -------------------------------------------------------------

    async def set_available(self, presence: OperatorPresence) -> None:
        keys = (
            self._key("op:", presence.operator_id),
            self._key("ops"),
            self._key("lang_count"),
        )
        await self._run(
            "set_available",
            keys,
            presence.operator_id,
            ",".join(presence.languages),
            _time(presence.idle_since),
        )

    async def set_unavailable(self, operator_id: str) -> Offer | None:
        reply = await self._run(
            "set_unavailable", (self._key("op:", operator_id),), operator_id
        )
        return _parse_offer_or_none(reply)

    async def operator_state(
        self, operator_id: str, now: float
    ) -> OperatorState | None:
        reply = await self._run("operator_state", (self._key("op:", operator_id),))
        if not reply:
            return None
        languages, idle_since, state, offer_id, entry_id = cast(list[str], reply)
        return _operator_state(
            operator_id=operator_id,
            languages=languages,
            idle_since=idle_since,
            state=state,
            offer_id=offer_id,
            entry_id=entry_id or None,
            now=now,
        )

    async def end_call(self, operator_id: str, *, available_at: float | None) -> bool:
        reply = await self._run(
            "end_call",
            (self._key("op:", operator_id),),
            operator_id,
            _optional_time(available_at),
        )
        return bool(reply)

    # -- dispatch --------------------------------------------------------------

    async def dispatch_view(self, now: float, limit: int) -> DispatchView:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        reply = await self._run(
            "dispatch_view",
            (self._key("langs"), self._key("lang_count")),
            _time(now),
            limit,
        )
        views, english, on_duty = json.loads(reply)
        languages: dict[str, LanguageView] = {}
        for language, entries, first_choice, speakers in _json_list(views):
            languages[language] = LanguageView(
                waiting=tuple(_parse_entry(data) for data in entries),
                first_choice=_parse_operators(_json_list(first_choice)),
                speakers=_parse_operators(_json_list(speakers)),
            )
        return DispatchView(
            now=now,
            languages=languages,
            english_speakers=_parse_operators(_json_list(english)),
            languages_on_duty=frozenset(_json_list(on_duty)),
        )

    async def reserve(
        self,
        *,
        entry_id: str,
        operator_id: str,
        offer_id: str,
        now: float,
        expires_at: float,
    ) -> Offer | None:
        keys = (
            self._key("entry:", entry_id),
            self._key("op:", operator_id),
            self._key("offer:", offer_id),
            self._key("offers:expiry"),
        )
        reply = await self._run(
            "reserve",
            keys,
            entry_id,
            operator_id,
            offer_id,
            _time(now),
            _time(expires_at),
        )
        return _parse_offer_or_none(reply)

    async def attach_operator_call(
        self, offer_id: str, operator_call_sid: str
    ) -> Offer | None:
        reply = await self._run(
            "attach_operator_call", (self._key("offer:", offer_id),), operator_call_sid
        )
        return _parse_offer_or_none(reply)

    async def get_offer(self, offer_id: str) -> Offer | None:
        values = await self._redis.hmget(self._key("offer:", offer_id), _OFFER_FIELDS)
        if values[0] is None:
            return None
        return _parse_offer(cast(list[str], values))

    async def offer_for_entry(self, entry_id: str) -> Offer | None:
        reply = await self._run("offer_for_entry", (self._key("entry:", entry_id),))
        return _parse_offer_or_none(reply)

    async def accept(self, offer_id: str, now: float) -> Offer | None:
        keys = (
            self._key("offer:", offer_id),
            self._key("offers:expiry"),
            self._key("departed"),
            self._key("departed:order"),
        )
        reply = await self._run(
            "accept", keys, offer_id, _time(now), self._departures_kept
        )
        return _parse_offer_or_none(reply)

    async def withdraw(
        self, offer_id: str, *, operator_idle_since: float | None
    ) -> Offer | None:
        reply = await self._run(
            "withdraw",
            (self._key("offer:", offer_id),),
            offer_id,
            _optional_time(operator_idle_since),
        )
        return _parse_offer_or_none(reply)

    async def expired_offers(self, now: float, limit: int = 100) -> list[Offer]:
        reply = await self._run(
            "expired_offers", (self._key("offers:expiry"),), _time(now), limit
        )
        return [_parse_offer(flat) for flat in cast(list[list[str]], reply)]

    async def claim_rebuild(self, *, now: float, lease_s: float) -> str | None:
        reply = await self._run(
            "claim_rebuild",
            (self._key("built"),),
            secrets.token_hex(8),
            _time(now),
            _time(now + lease_s),
        )
        return cast(str, reply) if reply else None

    async def finish_rebuild(self, token: str) -> bool:
        return bool(await self._run("finish_rebuild", (self._key("built"),), token))

    async def abandon_rebuild(self, token: str) -> None:
        await self._run("abandon_rebuild", (self._key("built"),), token)

    async def is_built(self) -> bool:
        return bool(await self._redis.get(self._key("built")) == "built")

    async def snapshot(
        self, now: float, *, include_waiting: bool = True
    ) -> QueueSnapshot:
        reply = await self._run(
            "snapshot",
            (self._key("langs"), self._key("ops")),
            1 if include_waiting else 0,
        )
        queues, operators, offers = (_json_list(part) for part in json.loads(reply))
        parsed_offers = [_parse_offer(values) for values in offers]
        entry_of_offer = {
            offer.offer_id: offer.entry.entry_id for offer in parsed_offers
        }
        waiting: dict[str, tuple[WaitingEntry, ...]] = {}
        for language, flat in sorted(queues, key=lambda queue: str(queue[0])):
            waiting[language] = tuple(
                WaitingEntry(
                    entry=_parse_entry(flat[i]),
                    position=i // 2 + 1,
                    offer_id=flat[i + 1] or None,
                )
                for i in range(0, len(flat), 2)
            )
        states = [
            _operator_state(
                operator_id=operator_id,
                languages=languages,
                idle_since=idle_since,
                state=state,
                offer_id=offer_id,
                entry_id=entry_of_offer.get(offer_id),
                now=now,
            )
            for operator_id, languages, idle_since, state, offer_id in operators
        ]
        return QueueSnapshot(
            taken_at=now,
            waiting=waiting,
            offers=tuple(
                sorted(parsed_offers, key=lambda o: (o.created_at, o.offer_id))
            ),
            operators=tuple(sorted(states, key=lambda s: s.presence.operator_id)),
        )
