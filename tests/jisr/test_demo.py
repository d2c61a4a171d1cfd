"""The README's first command, end to end: `jisr demo` on the embedded default.

No DATABASE_URL, no REDIS_URL: PostgreSQL and Redis start from their wheels
in a data folder, the demo communes are seeded, web, worker and beat run;
Ctrl-C stops everything; a second start reuses the data.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from jisr.demo import DEMO_PASSWORD, office_head_email
from tests.services import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
# What the test command sets for the suite; the demo must do without.
SUITE_ONLY = {
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "DEBUG",
    "PLATFORM_DOMAIN",
    "EMAIL_URL",
    "STATIC_ROOT",
    "SECURE_SSL_REDIRECT",
    "DATABASE_CONN_MAX_AGE",
    "DJANGO_SETTINGS_MODULE",
}


class Demo:
    def __init__(self, var: Path, port: int) -> None:
        self.var, self.port = var, port
        self.log = var.parent / f"demo-{time.monotonic_ns()}.log"
        env = {key: value for key, value in os.environ.items() if key not in SUITE_ONLY}
        env["JISR_VAR_DIR"] = str(var)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jisr.cli", "demo", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    # Seeding twelve communes' nine months takes minutes on a busy two-core machine.
    def wait_until_running(self, timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        while "Jisr is running" not in self.output():
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the demo did not start:\n{self.output()[-4000:]}")
            time.sleep(0.2)

    def ctrl_c(self) -> int:
        os.killpg(self.process.pid, signal.SIGINT)  # what the terminal sends on Ctrl-C
        return self.process.wait(timeout=60)

    def kill(self) -> int:
        self.process.send_signal(signal.SIGTERM)  # `kill <pid>`, or a service manager
        return self.process.wait(timeout=60)


def fetch(  # type: ignore[no-untyped-def]
    opener: urllib.request.OpenerDirector,
    port: int,
    host: str,
    path: str,
    data: dict[str, str] | None = None,
    language: str = "fr",
):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=urllib.parse.urlencode(data).encode() if data else None,
        headers={"Host": f"{host}:{port}", "Referer": f"http://{host}:{port}{path}", "Accept-Language": language},
    )
    try:
        response = opener.open(request, timeout=20)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    return response.status, response.read().decode()


def answers(port: int) -> bool:
    """Whether anything still accepts connections on the demo's port (a worker finishing counts)."""
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
    except urllib.error.URLError:
        return False  # refused: nobody listens any more
    except OSError:
        return True  # accepted, then timed out: a process still holds the socket
    return True


def sign_in(port: int, slug: str) -> tuple[int, str]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    host = f"{slug}.localhost"
    status, page = fetch(opener, port, host, "/accounts/login/")
    assert status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    form = {"csrfmiddlewaretoken": token.group(1), "login": office_head_email(slug), "password": DEMO_PASSWORD}
    fetch(opener, port, host, "/accounts/login/", form)
    return fetch(opener, port, host, "/")


def test_demo_runs_on_the_embedded_default_stops_on_ctrl_c_and_starts_again(tmp_path: Path) -> None:
    var, port = tmp_path / "var", free_port()
    demo = Demo(var, port)
    try:
        demo.wait_until_running()
        output = demo.output()
        assert "PostgreSQL: embedded" in output
        assert "Redis: embedded" in output
        assert f"http://aitmelloul.localhost:{port}/" in output
        assert DEMO_PASSWORD in output

        status, page = fetch(urllib.request.build_opener(), port, "localhost", "/")
        assert status == 200
        for name in ("أيت ملول", "Nador", "Oujda", "Béni Mellal", "Figuig"):
            assert name in page
        status, page = sign_in(port, "aitmelloul")
        assert status == 200
        # Aït Melloul keeps its register in Arabic (jisr.demo.WORKING_LANGUAGES): its head signs in to Arabic.
        assert "أيت ملول" in page
        assert 'dir="rtl"' in page
        status, ready = fetch(urllib.request.build_opener(), port, "10.0.0.1", "/readyz")
        assert status == 200
        assert '"broker": "ok"' in ready
        # A wrong address gets the platform's own page in the visitor's language, never Django's debug page;
        # the pages have their stylesheet.
        for language, title in (("ar", "الصفحة غير موجودة"), ("fr", "Page introuvable")):
            for host in ("aitmelloul.localhost", "localhost", "nowhere.localhost"):
                status, page = fetch(urllib.request.build_opener(), port, host, "/cases/%ff/", language=language)
                assert status == 404
                assert f"<h1>{title}</h1>" in page, page[:2000]
                assert "URLconf" not in page
        status, css = fetch(urllib.request.build_opener(), port, "localhost", "/static/jisr/jisr.css")
        assert status == 200
        assert ".page" in css
    finally:
        code = demo.ctrl_c()
    assert code == 0, demo.output()[-3000:]
    assert "Stopping the platform" in demo.output()
    assert not (var / "redis" / "redis.sock").exists()
    assert wait_for(lambda: not answers(port), timeout=15), "the web server still answers after Ctrl-C"

    again = Demo(var, port)
    try:
        again.wait_until_running(timeout=120)
        assert "Demo data already in place" in again.output()
        status, page = sign_in(port, "nador")
        assert status == 200
        assert "Nador" in page
        # `dev.py manage`, beside the running demo, writes its links (invitations, one-time codes) for its port.
        link = "from tenants.selectors import site_url; print(site_url('/accounts/invitation/x/'))"
        managed = subprocess.run(
            [sys.executable, "-m", "jisr.cli", "manage", "shell", "-c", link],
            cwd=ROOT,
            env={
                **{key: value for key, value in os.environ.items() if key not in SUITE_ONLY},
                "JISR_VAR_DIR": str(var),
            },
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert managed.returncode == 0, managed.stdout[-2000:] + managed.stderr[-2000:]
        assert f"http://localhost:{port}/accounts/invitation/x/" in managed.stdout
    finally:
        assert again.kill() == 0
    assert not (var / "postgres" / "postmaster.pid").exists()
    assert not (var / "redis" / "redis.sock").exists()
