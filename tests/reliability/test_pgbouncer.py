"""Through a real PgBouncer, in session pooling (what docs/scaling.md recommends), concurrent requests for
different communes never see each other's rows; and why not transaction pooling: there, a `SET search_path`
made by one client is seen by another (the known trap of django-tenants behind a transaction pooler)."""

from __future__ import annotations

from pathlib import Path

import psycopg2
import pytest

from cases.guide.models import Procedure
from tenants.models import Commune
from tests.conftest import host_of
from tests.services import PgBouncer, WebServer, platform_env

REQUESTS = 400
CONCURRENCY = 16


def test_through_pgbouncer_in_session_mode_concurrent_requests_of_two_communes_see_only_their_own_rows(
    procedures: dict[str, str], tmp_path: Path
) -> None:
    communes = {commune.slug: commune for commune in Commune.objects.filter(slug__in=procedures)}
    # Fewer server connections than requests in flight: each is handed from one commune's request to the
    # other's over and over. No persistent client connections (CONN_MAX_AGE=0): every request is a new client.
    with (
        PgBouncer(tmp_path, pool_mode="session", pool_size=3) as pgbouncer,
        WebServer(platform_env(DATABASE_URL=pgbouncer.url, DATABASE_CONN_MAX_AGE="0"), workers=2, threads=8) as web,
    ):
        asked = [list(communes)[i % 2] for i in range(REQUESTS)]
        answers = web.get_many([("/guide/", host_of(communes[slug])) for slug in asked], concurrency=CONCURRENCY)

    assert [status for status, _, _ in answers] == [200] * REQUESTS
    for slug, (_, body, _) in zip(asked, answers, strict=True):
        other = next(title for other_slug, title in procedures.items() if other_slug != slug)
        assert procedures[slug] in body
        assert other not in body, f"a request for {slug} saw the other commune's procedure"


@pytest.mark.parametrize(
    ("pool_mode", "pool_size", "first_client_sees"),
    [
        # One server connection for both clients: each statement goes to whichever is free.
        ("transaction", 1, "nador"),
        # A session holds its server connection until it ends: two clients, two connections.
        ("session", 2, "aitmelloul"),
    ],
)
def test_why_session_mode_in_transaction_mode_one_clients_search_path_is_anothers(
    procedures: dict[str, str], tmp_path: Path, pool_mode: str, pool_size: int, first_client_sees: str
) -> None:
    """What django-tenants does on each cursor, by hand: SET search_path in autocommit, then the query."""
    schemas = {commune.slug: commune.schema_name for commune in Commune.objects.filter(slug__in=procedures)}
    with PgBouncer(tmp_path, pool_mode=pool_mode, pool_size=pool_size) as pgbouncer:
        clients = [psycopg2.connect(pgbouncer.url) for _ in range(2)]
        try:
            for client, slug in zip(clients, ("aitmelloul", "nador"), strict=True):
                client.autocommit = True
                with client.cursor() as cursor:
                    cursor.execute(f'SET search_path TO "{schemas[slug]}", public')
            with clients[0].cursor() as cursor:
                cursor.execute(f"SELECT title_fr FROM {Procedure._meta.db_table} WHERE published")
                seen = {title for (title,) in cursor.fetchall()}
        finally:
            for client in clients:
                client.close()
    assert seen == {procedures[first_client_sees]}
