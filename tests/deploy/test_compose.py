"""The one-host deployment (deploy/compose.yaml, Caddyfile, .env.example), checked without a Docker engine.

`docker compose config` is not available here, so the file is interpolated the way compose does it (with the
values of .env.example) and parsed by compose-spec, a validating parser of the Compose Specification (a Rust
parser, and pydantic models generated from the specification's JSON schema): an unknown key, a misspelt
condition or a wrong type fails. The rest reads the services as an operator would: what starts when, what is
persisted, what is published, where every variable comes from.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from compose_spec import PyCompose

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
COMPOSE = DEPLOY / "compose.yaml"
ENV_EXAMPLE = DEPLOY / ".env.example"
CADDY_ENV_EXAMPLE = DEPLOY / "caddy" / "caddy.env.example"
CADDYFILE = DEPLOY / "caddy" / "Caddyfile"
SETTINGS = ROOT / "platform" / "jisr" / "settings.py"

PLATFORM_SERVICES = ("migrate", "web", "worker", "beat")
# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}; $$ is a literal $.
INTERPOLATION = re.compile(r"\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\})")
SECRET_NAME = re.compile(r"SECRET|PASSWORD|TOKEN|_KEY|DSN", re.IGNORECASE)
# Variables settings.py reads that production never sets: the test database's name, static files from source.
NOT_FOR_PRODUCTION = {"TEST_DATABASE_NAME", "STATIC_FROM_SOURCE"}

Services = dict[str, dict[str, Any]]


def env_file_variables(path: Path, *, commented: bool) -> dict[str, str]:
    """NAME=value lines of an env file; with `commented`, also the documented `#NAME=default` ones."""
    pattern = re.compile(r"^(#?)([A-Z][A-Z0-9_]*)=(.*)$")
    found = {}
    for line in path.read_text().splitlines():
        match = pattern.match(line)
        if match and (commented or not match[1]):
            found[match[2]] = match[3]
    return found


def interpolate(value: Any, env: dict[str, str]) -> Any:
    """Compose's interpolation of every string of the file, with `env` as the .env file."""
    if isinstance(value, dict):
        return {key: interpolate(item, env) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, env) for item in value]
    if not isinstance(value, str):
        return value

    def substitute(match: re.Match[str]) -> str:
        if match[1]:
            return "$"
        name, operator, argument = match[2], match[3] or "", match[4] or ""
        current = env.get(name)
        if operator.startswith(":") and not current:
            current = None
        if current is not None:
            return current
        if operator.endswith("?"):
            raise ValueError(f"{name}: {argument}")
        return argument if operator.endswith("-") else ""

    return INTERPOLATION.sub(substitute, value)


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return loaded


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> Services:
    found: Services = compose["services"]
    return found


def test_compose_file_is_valid_for_the_compose_specification(compose: dict[str, Any]) -> None:
    # YAML anchors and merge keys resolved (compose does the same), extension fields dropped.
    resolved = interpolate(compose, env_file_variables(ENV_EXAMPLE, commented=False))
    resolved = {key: value for key, value in resolved.items() if not key.startswith("x-")}
    parsed = PyCompose.from_json(json.dumps(resolved))
    # The models generated from the specification's JSON schema check the same file again.
    spec = parsed.to_spec()
    assert spec.services is not None
    assert set(spec.services) == set(compose["services"])


def test_every_service_is_there(services: Services) -> None:
    assert set(services) == {"postgres", "redis", *PLATFORM_SERVICES, "caddy"}


def test_the_platform_s_processes_share_one_image_and_one_environment(services: Services) -> None:
    images = {services[name]["image"] for name in PLATFORM_SERVICES}
    assert len(images) == 1
    for name in PLATFORM_SERVICES:
        service = services[name]
        assert service["build"] == {"context": "..", "dockerfile": "deploy/Dockerfile"}
        assert service["env_file"] == ".env"
        assert service["environment"]["TRUSTED_PROXY_COUNT"] == "1"
        # Hardened like the chart's pods: read-only root, /tmp in memory, no capability, no privilege gain.
        assert service["read_only"] is True
        assert service["tmpfs"] == ["/tmp"]  # noqa: S108 - a path inside the container
        assert service["cap_drop"] == ["ALL"]
        assert "no-new-privileges:true" in service["security_opt"]
    assert [services[name]["command"] for name in PLATFORM_SERVICES] == [[name] for name in PLATFORM_SERVICES]


def test_beat_is_single(services: Services) -> None:
    beat = services["beat"]
    assert beat.get("deploy", {}).get("replicas", 1) == 1
    assert "scale" not in beat
    # A fixed container_name would also prevent a second one, but breaks `compose run`; none is set.
    assert all(service.get("command") != ["beat"] for name, service in services.items() if name != "beat")


def test_web_worker_and_beat_start_after_the_migrations_succeeded(services: Services) -> None:
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["migrate"] == {"condition": "service_completed_successfully"}
        assert depends["postgres"] == {"condition": "service_healthy"}
        assert depends["redis"] == {"condition": "service_healthy"}
    assert services["migrate"]["restart"] == "no"
    assert set(services["migrate"]["depends_on"]) == {"postgres", "redis"}


def test_long_running_services_have_healthchecks(services: Services) -> None:
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert "redis-cli ping" in " ".join(services["redis"]["healthcheck"]["test"])
    assert "inspect ping" in " ".join(services["worker"]["healthcheck"]["test"])
    # web keeps the image's HEALTHCHECK (GET /healthz); beat and the one-shot migrate have nothing to ask.
    assert "healthcheck" not in services["web"]
    assert "HEALTHCHECK" in (DEPLOY / "Dockerfile").read_text()
    assert services["beat"]["healthcheck"] == {"disable": True}
    assert services["migrate"]["healthcheck"] == {"disable": True}
    for name in ("postgres", "redis", "web", "worker", "beat", "caddy"):
        assert services[name]["restart"] == "unless-stopped", name


def test_data_lives_in_named_volumes(compose: dict[str, Any], services: Services) -> None:
    declared = set(compose["volumes"])
    mounts: dict[str, set[str]] = {}
    for name, service in services.items():
        for volume in service.get("volumes", []):
            source, target = volume.split(":")[:2]
            assert source in declared, f"{name}: volume {source} is not declared"
            mounts.setdefault(source, set()).add(f"{name}:{target}")
    # PostgreSQL 18's image keeps PGDATA under /var/lib/postgresql/18/docker: the volume is the parent.
    assert mounts["postgres-data"] == {"postgres:/var/lib/postgresql"}
    assert mounts["redis-data"] == {"redis:/data"}
    # Uploaded files: written by web, read by worker (reports, imports), at the image's MEDIA_ROOT.
    assert {"web:/srv/jisr/media", "worker:/srv/jisr/media"} <= mounts["media"]
    assert {"caddy:/srv/caddy/data", "caddy:/srv/caddy/config"} <= mounts["caddy-data"] | mounts["caddy-config"]
    # Redis persists the queued tasks.
    assert "--appendonly" in services["redis"]["command"]


def test_only_the_proxy_is_published_and_the_databases_are_internal(
    compose: dict[str, Any], services: Services
) -> None:
    assert services["caddy"]["ports"] == ["80:80", "443:443", "443:443/udp"]
    published = [name for name, service in services.items() if service.get("ports")]
    assert published == ["caddy"]
    assert compose["networks"]["data"] == {"internal": True}
    for name in ("postgres", "redis"):
        assert services[name]["networks"] == ["data"], name
    assert "data" not in services["caddy"]["networks"]


def test_no_secret_is_written_in_the_compose_file(services: Services) -> None:
    for name, service in services.items():
        environment = service.get("environment", {})
        for key, value in environment.items():
            if SECRET_NAME.search(key) or "://" in str(value):
                # A secret, or a URL that could carry one, only through ${...} from .env.
                userinfo = re.match(r"^[a-z+]+://([^@/]*)@", str(value))
                assert SECRET_NAME.search(key) is None or str(value).startswith("${"), f"{name}: {key}"
                assert userinfo is None or "${" in userinfo[1], f"{name}: {key} has a password written in"


def test_every_variable_compose_uses_is_in_env_example() -> None:
    used = {match[2] for match in INTERPOLATION.finditer(COMPOSE.read_text()) if match[2]}
    documented = env_file_variables(ENV_EXAMPLE, commented=True)
    assert used - set(documented) == set()


def test_every_setting_production_needs_is_in_env_example_or_set_by_compose(services: Services) -> None:
    """A variable added to settings.py must be documented where operators look: .env.example."""
    read = set(re.findall(r"env\.[a-z_]+\(\s*\"([A-Z][A-Z0-9_]*)\"", SETTINGS.read_text()))
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "PLATFORM_DOMAIN"} <= read
    documented = set(env_file_variables(ENV_EXAMPLE, commented=True))
    set_by_compose = set(services["web"]["environment"])
    set_by_image = {"STATIC_ROOT", "MEDIA_ROOT"}
    assert read - documented - set_by_compose - set_by_image - NOT_FOR_PRODUCTION == set()


def test_env_example_holds_placeholders_only() -> None:
    for path in (ENV_EXAMPLE, CADDY_ENV_EXAMPLE):
        for name, value in env_file_variables(path, commented=False).items():
            if SECRET_NAME.search(name):
                assert value in {"", "change-me"}, f"{path.name}: {name}"
    # The required settings are there to be filled in, not commented out.
    required = {"SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "FIELD_HASH_KEY", "POSTGRES_PASSWORD", "PLATFORM_DOMAIN"}
    assert required <= set(env_file_variables(ENV_EXAMPLE, commented=False))
    assert env_file_variables(ENV_EXAMPLE, commented=False)["DEBUG"] == "0"


def test_caddy_serves_the_bare_domain_and_every_subdomain_with_a_wildcard_certificate(services: Services) -> None:
    # Comments dropped: a # starts one at the beginning of a line or after a space.
    caddyfile = re.sub(r"(^|\s)#.*$", "", CADDYFILE.read_text(), flags=re.MULTILINE)
    assert re.search(r"^\{\$PLATFORM_DOMAIN\}, \*\.\{\$PLATFORM_DOMAIN\} \{\s*$", caddyfile, re.MULTILINE)
    assert re.search(r"^\s+dns \S+ \{env\.ACME_DNS_API_TOKEN\}\s*$", caddyfile, re.MULTILINE)
    assert "reverse_proxy web:8000" in caddyfile
    # Every variable the Caddyfile reads reaches Caddy: from compose's environment or caddy.env.
    wanted = set(re.findall(r"\{\$([A-Z_]+)(?::[^}]*)?\}", caddyfile))
    wanted |= set(re.findall(r"\{env\.([A-Z_]+)\}", caddyfile))
    given = set(services["caddy"]["environment"]) | set(env_file_variables(CADDY_ENV_EXAMPLE, commented=False))
    assert wanted <= given
    assert services["caddy"]["env_file"] == "caddy/caddy.env"
    # The DNS provider's token never reaches the platform's containers.
    assert "ACME_DNS_API_TOKEN" not in env_file_variables(ENV_EXAMPLE, commented=True)
