"""PostgreSQL restarted while the platform serves: during the outage requests get 503 with Retry-After (not a
500), and once it is back the platform recovers by itself: connection health checks replace the connections
the restart cut, and no request after the recovery fails."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tenants.models import Commune
from tests.conftest import host_of
from tests.services import PrivatePostgres, WebServer, database_url_of_tests, platform_env

THREADS = 4
WORKERS = 2


@pytest.fixture
def private_postgres(procedures: dict[str, str], tmp_path: Path) -> Iterator[PrivatePostgres]:
    """A server of the test's own (the embedded default's PostgreSQL) holding a copy of the test database."""
    server = PrivatePostgres(tmp_path)
    server.start()
    server.copy_of(database_url_of_tests())
    yield server
    server.close()


def test_the_platform_recovers_by_itself_when_postgresql_restarts(
    private_postgres: PrivatePostgres, procedures: dict[str, str]
) -> None:
    commune = Commune.objects.get(slug="aitmelloul")
    page = ("/guide/", host_of(commune))
    # Persistent connections, as in production: each thread keeps the one it opened.
    env = platform_env(DATABASE_URL=private_postgres.url, DATABASE_CONN_MAX_AGE="600")
    with WebServer(env, workers=WORKERS, threads=THREADS) as web:
        before = web.get_many([page] * 40, concurrency=WORKERS * THREADS)
        assert {status for status, _, _ in before} == {200}

        private_postgres.stop()
        # A few requests only: most threads keep the connection the restart cut, for the health check to find.
        during = [web.get(*page) for _ in range(3)]
        private_postgres.resume()
        after = web.get_many([page] * 200, concurrency=WORKERS * THREADS)

    for status, body, headers in during:
        assert status == 503
        assert headers.get("Retry-After") == "10"
        # The commune's lookup failed, so the page is in the platform's default language, with Arabic beside it.
        assert "Jisr revient dans un instant" in body
        assert "جسر يعود بعد لحظات" in body
    assert [status for status, _, _ in after] == [200] * len(after)
    assert all(procedures["aitmelloul"] in body for _, body, _ in after)
