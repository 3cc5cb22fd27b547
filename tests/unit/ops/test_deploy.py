"""The deploy files: compose.yaml (parsed: this machine's docker has no compose
plugin to run `docker compose config`), the Caddyfile, the Dockerfile and the lock."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from app.config import Settings

ROOT = Path(__file__).resolve().parents[3]
APPS = ("app1", "app2")


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    services: dict[str, Any] = compose["services"]
    return services


def _is_setting(name: str) -> bool:
    """HOTLINE_QUEUE__BACKEND -> Settings.queue.backend exists."""
    model: type[BaseModel] = Settings
    *groups, field = name.removeprefix("HOTLINE_").lower().split("__")
    for group in groups:
        annotation = (
            model.model_fields[group].annotation
            if group in model.model_fields
            else None
        )
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return False
        model = annotation
    return field in model.model_fields


def test_two_app_instances_postgres_redis_and_a_proxy(services: dict[str, Any]) -> None:
    assert {*APPS, "postgres", "redis", "proxy"} <= services.keys()
    assert services["postgres"]["image"] == "postgres:15"
    assert services["redis"]["image"] == "redis:7"
    command = services["redis"]["command"]
    assert command[command.index("--appendonly") + 1] == "yes"
    for name in APPS:
        assert services[name]["build"] == "."
    assert set(services["proxy"]["depends_on"]) == set(APPS)


def test_every_long_running_service_has_a_healthcheck(services: dict[str, Any]) -> None:
    for name in (*APPS, "postgres", "redis", "proxy"):
        assert services[name]["healthcheck"]["test"], name
    for name in APPS:
        assert "/readyz" in " ".join(services[name]["healthcheck"]["test"])


def test_app_environment_names_are_settings(services: dict[str, Any]) -> None:
    for name in APPS:
        env = services[name]["environment"]
        hotline = [key for key in env if key.startswith("HOTLINE_")]
        assert hotline, name
        assert [key for key in hotline if not _is_setting(key)] == []
        assert env["HOTLINE_ENV"] == "production"
        assert env["HOTLINE_QUEUE__BACKEND"] == "redis"
        assert env["HOTLINE_DATABASE__URL"].startswith("postgresql+asyncpg://")


def test_the_env_example_names_settings_or_compose_variables() -> None:
    example = (ROOT / "docker" / "hotline.env.example").read_text(encoding="utf-8")
    names = re.findall(r"^([A-Z_]+)=", example, flags=re.MULTILINE)
    compose = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    for name in names:
        assert _is_setting(name) or name in {"HOTLINE_DOMAIN", "POSTGRES_PASSWORD"}
        assert f"${{{name}" in compose, name


def test_the_proxy_spreads_over_both_instances_and_hides_metrics() -> None:
    caddyfile = (ROOT / "docker" / "Caddyfile").read_text(encoding="utf-8")
    assert re.search(r"reverse_proxy app1:8000 app2:8000", caddyfile)
    assert "health_uri /readyz" in caddyfile
    assert "respond /metrics 404" in caddyfile


def test_the_image_installs_the_lock_and_checks_readiness() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "--require-hashes" in dockerfile
    assert "requirements.lock" in dockerfile
    healthcheck = dockerfile[dockerfile.index("HEALTHCHECK") :]
    assert "/readyz" in healthcheck.split("ENTRYPOINT")[0]


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_lock_pins_every_runtime_dependency_with_hashes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = {
        _canonical(re.split(r"[\[<>=~! ;]", spec, maxsplit=1)[0])
        for spec in project["project"]["dependencies"]
    }
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pinned = {_canonical(m) for m in re.findall(r"^([A-Za-z0-9_.-]+)==", lock, re.M)}
    assert wanted <= pinned
    assert lock.count("--hash=sha256:") >= len(pinned)
