"""The known django-tenants traps stay closed."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from cases.models import Person
from jisr.accounts.models import Role
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.conftest import person
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


def test_after_a_savepoint_rollback_queries_read_the_commune_the_connection_says(
    commune_a: Commune, commune_b: Commune
) -> None:
    """django-tenants issue 1262: `SET search_path` is transactional, so a rolled-back savepoint takes the
    schema back while the connection still believes in the new one. With TENANT_LIMIT_SET_CALLS on, the next
    query would skip setting it and read the other commune's rows. django-tenants 4.0.1 also forgets its cached
    path on a savepoint rollback; the setting stays off all the same, so no version's cache is ever trusted."""
    assert settings.TENANT_LIMIT_SET_CALLS is False
    with schema_context(commune_b.schema_name):
        only_in_b = person(
            make_staff(commune_b, role=Role.AGENT), first_name_latin="Ghizlane", last_name_latin="Nadori"
        )
    connection.set_tenant(commune_a)
    with transaction.atomic():
        assert not Person.objects.filter(pk=only_in_b.pk, last_name_latin="Nadori").exists()  # in A
        savepoint = transaction.savepoint()
        connection.set_tenant(commune_b)
        assert Person.objects.filter(pk=only_in_b.pk).exists()  # search_path set to B inside the savepoint
        transaction.savepoint_rollback(savepoint)  # ... and taken back to A by PostgreSQL
        assert connection.tenant.schema_name == commune_b.schema_name  # django-tenants still says B
        # Each query sets the path again: B's rows, as the connection says, never A's read as B's.
        assert Person.objects.filter(pk=only_in_b.pk, last_name_latin="Nadori").exists()
        with connection.cursor() as cursor:
            cursor.execute("SHOW search_path")
            assert cursor.fetchone()[0].startswith(commune_b.schema_name)


def only_in(commune: Commune) -> Person:
    return person(make_staff(commune, role=Role.AGENT), first_name_latin="Ghizlane", last_name_latin="Nadori")


def test_a_cache_entry_of_one_commune_is_not_read_in_another(commune_a: Commune, commune_b: Commune) -> None:
    assert settings.CACHES["default"]["KEY_FUNCTION"] == "django_tenants.cache.make_key"
    with schema_context(commune_a.schema_name):
        cache.set("dashboard:counts", {"open": 41}, 60)
        assert cache.get("dashboard:counts") == {"open": 41}
    with schema_context(commune_b.schema_name):
        assert cache.get("dashboard:counts") is None
        cache.set("dashboard:counts", {"open": 2}, 60)
    with schema_context(commune_a.schema_name):
        assert cache.get("dashboard:counts") == {"open": 41}


def test_the_commune_is_found_before_any_middleware_reads_the_session_the_user_or_the_database() -> None:
    middleware = settings.MIDDLEWARE
    assert middleware[0] == "jisr.health.HealthCheckMiddleware"  # answers /healthz on any host, reads nothing
    tenant = middleware.index("tenants.middleware.CommuneMiddleware")
    assert tenant == 1
    for later in (
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "jisr.accounts.middleware.RequireMFAMiddleware",
    ):
        assert middleware.index(later) > tenant, later


def test_a_lazy_queryset_is_read_where_it_is_evaluated_not_where_it_was_built(
    commune_a: Commune, commune_b: Commune
) -> None:
    """Why code evaluates inside schema_context what it reads there: a queryset built in A's context and
    evaluated in B's reads B's table. The platform's cross-commune code returns lists."""
    with schema_context(commune_a.schema_name):
        person(make_staff(commune_a, role=Role.AGENT), first_name_latin="Zineb", last_name_latin="Melloulia")
        lazy = Person.objects.filter(last_name_latin="Melloulia")
        evaluated = list(lazy)
    assert len(evaluated) == 1
    with schema_context(commune_b.schema_name):
        assert list(lazy.all()) == []  # built in A, read in B: B's rows
