"""Shared fixtures: two communes with real schemas, created once per session.

Tests run against a real PostgreSQL and a real Redis: `python3 dev.py test`
picks this machine's servers on 127.0.0.1 or starts the embedded ones.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from jisr.accounts.models import Role, User
from tenants import services
from tenants.context import use_public
from tenants.cross_schema import schema_context
from tenants.models import Commune

PASSWORD = "a-long-test-password-2026"
COMMUNES = {
    "aitmelloul": {"name_fr": "Aït Melloul", "name_ar": "أيت ملول", "name_tzm": "ⴰⵢⵜ ⵎⵍⵍⵓⵍ"},
    "nador": {"name_fr": "Nador", "name_ar": "الناظور", "name_tzm": "ⵏⵏⴰⴹⵓⵔ"},
}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    """After pytest-django migrated the public schema: the two test communes, committed."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        services.fill_pool(size=len(COMMUNES))
        for slug, names in COMMUNES.items():
            services.provision_commune(slug=slug, office_head_email=f"head@{slug}.test", **names)
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        for connection in connections.all():
            connection.close()


@pytest.fixture(autouse=True)
def _back_to_public() -> Iterator[None]:
    """Every test starts and ends in the public schema, whatever it switched to."""
    use_public()
    yield
    use_public()


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
def live_db(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    """Database access without a wrapping transaction: what a test writes is committed,
    so other threads and processes (a Celery worker) see it. The test cleans up."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        yield
        use_public()
        for connection in connections.all():
            connection.close()
