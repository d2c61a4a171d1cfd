"""Fixtures for the office workspace: staff of each role, in a commune's schema."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cases.models import Category, Consent, Person
from cases.services import people
from jisr.accounts.models import Role, User
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.conftest import make_staff


@pytest.fixture
def in_a(commune_a: Commune) -> Iterator[Commune]:
    """The test runs inside commune A's schema."""
    with schema_context(commune_a.schema_name):
        yield commune_a


@pytest.fixture
def head(in_a: Commune) -> User:
    return make_staff(in_a, role=Role.OFFICE_HEAD)


@pytest.fixture
def agent(in_a: Commune) -> User:
    return make_staff(in_a, role=Role.AGENT)


@pytest.fixture
def viewer(in_a: Commune) -> User:
    return make_staff(in_a, role=Role.VIEWER)


@pytest.fixture
def auditor(in_a: Commune) -> User:
    return make_staff(in_a, role=Role.AUDITOR)


def person(actor: User, **data: object) -> Person:
    values: dict[str, object] = {"first_name_latin": "Fatima", "last_name_latin": "Ouali", "residence_country": "FR"}
    values.update(data)
    return people.register_person(actor=actor, data=people.PersonInput.from_data(values))


def consenting(actor: User, who: Person) -> Person:
    people.record_consent(actor=actor, person=who, purpose=Consent.Purpose.SHARE_WITH_SERVICES, channel="visit")
    return who


def category(code: str = "foreign_pension") -> Category:
    return Category.objects.get(code=code)


def facts_of(commune: Commune) -> dict[str, list[tuple[object, ...]]]:
    """The commune's fact rows per table, and how many changes wait for it per changes table: what must not
    move when personal data is erased."""
    from django.db import connection

    from analytics.extraction import THEMES

    found = {}
    with connection.cursor() as cursor:
        for theme in THEMES:
            cursor.execute(f"SELECT {', '.join(theme.columns)} FROM {theme.table} WHERE commune_id = %s", [commune.pk])
            found[theme.table] = sorted(cursor.fetchall())
            cursor.execute(f"SELECT count(*) FROM {theme.changes_table} WHERE commune_id = %s", [commune.pk])
            found[theme.changes_table] = cursor.fetchall()
    return found
