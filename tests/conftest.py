"""Shared fixtures: two communes with real schemas, created once per session.

Tests run against a real PostgreSQL and a real Redis: `python3 dev.py test`
picks this machine's servers on 127.0.0.1 or starts the embedded ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from jisr.accounts.models import Role, User
from tenants import services
from tenants.context import use_public
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.services import RedisServer

# Production hashes with Django's Argon2 (tests/jisr/test_account_security.py checks the settings module);
# the tests with the same algorithm at its cheapest (tests/hashers.py).
settings.PASSWORD_HASHERS = ["tests.hashers.QuickArgon2PasswordHasher", *settings.PASSWORD_HASHERS]

PASSWORD = "a-long-test-password-2026"
COMMUNES = {
    "aitmelloul": {"name_fr": "Aït Melloul", "name_ar": "أيت ملول", "name_tzm": "ⴰⵢⵜ ⵎⵍⵍⵓⵍ"},
    "nador": {"name_fr": "Nador", "name_ar": "الناظور", "name_tzm": "ⵏⵏⴰⴹⵓⵔ"},
}


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment: None, django_db_blocker: Any) -> Iterator[None]:
    """The test database, migrated, with two test communes committed in it.

    Set up whenever a test touches the database, also through `live_db`
    (pytest-django alone would only do it for its own `db` fixtures).
    """
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        services.fill_pool(size=len(COMMUNES))
        for slug, names in COMMUNES.items():
            services.provision_commune(slug=slug, office_head_email=f"head@{slug}.test", **names)
    yield
    with django_db_blocker.unblock():
        # Worker threads may still hold connections; they must not keep the
        # test database from being dropped.
        with connections["default"].cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        for connection in connections.all():
            connection.close()
        teardown_databases(config, verbosity=0)


@pytest.fixture(autouse=True)
def _back_to_public() -> Iterator[None]:
    """Every test starts and ends in the public schema, whatever it switched to."""
    use_public()
    yield
    use_public()


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Every test starts with an empty cache: rate limits (sign-in, slip checks) counted by
    earlier tests from the same test address must not refuse this one."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _broker_assumed_up() -> None:
    """A test that stopped Redis leaves the outbox's back-off behind; the next starts fresh."""
    from jisr.outbox import services as outbox

    outbox._broker_down_until = 0.0


@pytest.fixture
def commune_a(db: None) -> Commune:
    return Commune.objects.get(slug="aitmelloul")


@pytest.fixture
def commune_b(db: None) -> Commune:
    return Commune.objects.get(slug="nador")


def host_of(commune: Commune) -> str:
    return f"{commune.slug}.{settings.PLATFORM_DOMAIN}"


def client_for(commune: Commune | None) -> Client:
    """A browser on a commune's subdomain, or on the bare platform domain for None."""
    return Client(HTTP_HOST=host_of(commune) if commune else settings.PLATFORM_DOMAIN)


def make_staff(commune: Commune, *, email: str | None = None, role: str = Role.OFFICE_HEAD) -> User:
    with schema_context(commune.schema_name):
        return User.objects.create_user(
            email or f"staff-{role}@{commune.slug}.test", PASSWORD, role=role, full_name=f"Staff of {commune.slug}"
        )


def signed_in_client(commune: Commune, user: User) -> Client:
    client = client_for(commune)
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


@pytest.fixture
def live_db(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Database access without a wrapping transaction: what a test writes is committed,
    so other threads and processes (a Celery worker) see it. The test cleans up."""
    with django_db_blocker.unblock():
        yield
        use_public()
        for connection in connections.all():
            connection.close()


@pytest.fixture
def private_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A Redis server of this test's own, which it may stop and start again."""
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()
