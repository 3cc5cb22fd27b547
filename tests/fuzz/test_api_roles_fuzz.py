"""The whole OpenAPI, fuzzed as nobody and as an account of every role: requests
built from each operation's schema (valid values, edge values and junk in every
parameter and body field) never get a 5xx, whoever sends them.

A small JSON-Schema-to-Hypothesis translation stands in for schemathesis (not a
dependency of the project); it covers what FastAPI's schema uses: $ref, anyOf,
enums and const, strings with formats, patterns and lengths, bounded numbers,
arrays and objects. Every operation is sent in every example, so each run covers
the whole API; a few examples per role keep it within CI's time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from app.config import AbuseSettings, Settings
from tests.integration.roles.accounts import (
    Identity,
    asgi_request,
    identities,
)
from tests.integration.roles.test_masking import seed
from tests.support.harness import Hotline

pytestmark = pytest.mark.integration

EXAMPLES_PER_ROLE = 4
ROLE_NAMES = ("anonymous", "admin", "coordinator", "partner", "operator")
FUZZ = hypothesis_settings(
    max_examples=EXAMPLES_PER_ROLE,
    deadline=None,
    # A failure is reported with what was sent; shrinking a whole pass over the
    # API would take minutes of CI for little.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
    st.sampled_from(["", " ", "nan", "-1", "1e309", "\x00", "+32470123456"]),
)
# Path ids: mostly ones the seed made (so handlers go past "not found").
IDS = st.one_of(
    st.integers(min_value=1, max_value=4),
    st.integers(min_value=-(2**40), max_value=2**40),
)
# Never the identities' own tokens: revoking them would turn the rest of the run
# into 401s.
OTHER_TOKEN_IDS = st.integers(min_value=1000, max_value=2**40)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The shared settings, but thousands of requests on one virtual minute: the
    API rate limit would answer 429 to most and hide the handlers."""
    abuse = settings.abuse.model_dump()
    abuse["api_requests_per_minute"] = 1_000_000
    return settings.model_copy(update={"abuse": AbuseSettings(**abuse)})


class Schemas:
    """Hypothesis strategies for the JSON schemas of one OpenAPI document."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.components: dict[str, Any] = document.get("components", {}).get(
            "schemas", {}
        )

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self.components[schema["$ref"].rsplit("/", 1)[-1]]
        return schema

    def valid(self, schema: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
        schema = self.resolve(schema)
        if "const" in schema:
            return st.just(schema["const"])
        if "enum" in schema:
            return st.sampled_from(schema["enum"])
        for key in ("anyOf", "oneOf"):
            if key in schema:
                return st.one_of([self.valid(s, depth + 1) for s in schema[key]])
        if "allOf" in schema:
            return self.valid(schema["allOf"][0], depth + 1)
        kind = schema.get("type")
        if kind == "string":
            return self._string(schema)
        if kind == "integer":
            low = schema.get("minimum", schema.get("exclusiveMinimum", -(2**40)))
            high = schema.get("maximum", schema.get("exclusiveMaximum", 2**40))
            return st.integers(min_value=int(low), max_value=int(high))
        if kind == "number":
            return st.floats(
                min_value=schema.get("minimum"),
                max_value=schema.get("maximum"),
                allow_nan=False,
                allow_infinity=False,
            )
        if kind == "boolean":
            return st.booleans()
        if kind == "null":
            return st.none()
        if kind == "array":
            items = schema.get("items", {})
            return st.lists(
                self.value(items, depth + 1),
                min_size=schema.get("minItems", 0),
                max_size=min(schema.get("maxItems", 4), 4),
            )
        if kind == "object" or "properties" in schema:
            return self._object(schema, depth)
        return JUNK

    def value(self, schema: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
        """Mostly valid; now and then junk in its place."""
        if depth > 4:
            return JUNK
        return st.one_of(self.valid(schema, depth), self.valid(schema, depth), JUNK)

    def _string(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        fmt = schema.get("format")
        if fmt == "date-time":
            return st.datetimes(timezones=st.just(UTC)).map(lambda d: d.isoformat())
        if fmt == "date":
            return st.dates().map(lambda d: d.isoformat())
        if fmt == "time":
            return st.times().map(lambda t: t.isoformat())
        if "pattern" in schema:
            pattern = schema["pattern"]
            return st.from_regex(re.compile(pattern), fullmatch=True).filter(
                lambda s: len(s) <= schema.get("maxLength", 10_000)
            )
        return st.text(
            min_size=schema.get("minLength", 0),
            max_size=min(schema.get("maxLength", 60), 200),
        )

    def _object(self, schema: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
        properties: dict[str, Any] = schema.get("properties", {})
        required = set(schema.get("required", []))
        return st.fixed_dictionaries(
            {
                k: self.value(v, depth + 1)
                for k, v in properties.items()
                if k in required
            },
            optional={
                k: self.value(v, depth + 1)
                for k, v in properties.items()
                if k not in required
            },
        )


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in sorted(document["paths"].items()):
        for method, operation in sorted(item.items()):
            yield method.upper(), path, operation


def draw_request(
    data: st.DataObject, schemas: Schemas, path: str, operation: dict[str, Any]
) -> tuple[str, dict[str, str], bytes, str | None]:
    """(url, query, body, content type) for one operation."""
    url = path
    query: dict[str, str] = {}
    for parameter in operation.get("parameters", []):
        schema = schemas.resolve(parameter.get("schema", {}))
        where = parameter["in"]
        if where == "path":
            if parameter["name"] == "token_id":
                value: Any = data.draw(OTHER_TOKEN_IDS)
            elif schema.get("type") == "integer":
                value = data.draw(IDS)
            else:
                value = data.draw(st.one_of(schemas.valid(schema), JUNK))
            url = url.replace(
                "{" + parameter["name"] + "}", quote(str(value), safe="") or "x"
            )
        elif where == "query" and data.draw(st.booleans()):
            value = data.draw(schemas.value(schema))
            if value is not None:
                query[parameter["name"]] = (
                    json.dumps(value) if isinstance(value, (list, dict)) else str(value)
                )
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        body_schema = content["application/json"].get("schema", {})
        payload = data.draw(
            st.one_of(schemas.valid(body_schema), schemas.value(body_schema))
        )
        return url, query, json.dumps(payload).encode(), "application/json"
    if "text/csv" in content:
        text = data.draw(
            st.one_of(
                st.text(max_size=300),
                st.just("name,phone_number,languages\nAnna,+32470000001,fr\n"),
            )
        )
        return url, query, text.encode("utf-8", "replace"), "text/csv"
    return url, query, b"", None


_people: dict[int, list[Identity]] = {}


async def people_of(hotline: Hotline) -> list[Identity]:
    """The identities and the seed data, made once per app (examples share it)."""
    key = id(hotline.app)
    if key not in _people:
        _people.clear()
        people = await identities(hotline)
        await seed(hotline, people)
        _people[key] = people
    return _people[key]


def _fuzz_role(role_name: str):  # type: ignore[no-untyped-def]
    @FUZZ
    @given(data=st.data())
    async def test(hotline: Hotline, data: st.DataObject) -> None:
        people = await people_of(hotline)
        who = next(p for p in people if (p.role or "anonymous") == role_name)
        document = hotline.app.openapi()
        schemas = Schemas(document)
        failures: list[str] = []
        statuses: list[int] = []
        for method, path, operation in operations(document):
            if not path.startswith("/api/"):
                continue
            url, query, body, content_type = draw_request(
                data, schemas, path, operation
            )
            answer = await asgi_request(
                hotline,
                method,
                url,
                identity=who,
                body=body,
                content_type=content_type,
                query=query,
            )
            statuses.append(answer.status)
            if answer.status >= 500:
                failures.append(
                    f"{method} {url} {query} {body[:200]!r}: {answer.status} "
                    f"{answer.text[:300]}"
                )
        assert not failures, "\n".join(failures)
        if who.role is not None:
            # The requests reach the handlers: some are answered, not all refused.
            assert any(200 <= status < 300 for status in statuses), statuses

    test.__name__ = f"test_the_api_answers_no_5xx_to_{role_name}"
    return test


test_the_api_answers_no_5xx_to_anonymous = _fuzz_role("anonymous")
test_the_api_answers_no_5xx_to_admin = _fuzz_role("admin")
test_the_api_answers_no_5xx_to_coordinator = _fuzz_role("coordinator")
test_the_api_answers_no_5xx_to_partner = _fuzz_role("partner")
test_the_api_answers_no_5xx_to_operator = _fuzz_role("operator")
