"""Morocco's territory is whole: no country list of the platform offers "Western Sahara", in any language, and
the frequent countries of residence come first."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client
from django.utils import translation
from django_countries import countries

from cases.forms import country_choices
from cases.imports import values
from cases.imports.values import Invalid
from cases.models import Person
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.conftest import person
from tests.conftest import client_for, make_staff, signed_in_client

pytestmark = pytest.mark.django_db

NAMES = (
    "Western Sahara",
    "Sahara occidental",
    "الصحراء الغربية",
    "Sahara Occidental",
    "Westsahara",
    "Sáhara Occidental",
)


def _flat(choices: list[object]) -> list[tuple[str, str]]:
    flat: list[tuple[str, str]] = []
    for value, label in choices:  # type: ignore[misc]
        if isinstance(label, list | tuple):
            flat += list(label)
        else:
            flat.append((value, label))
    return flat


@pytest.mark.parametrize("language", ["ar", "fr", "en", "es", "nl", "de"])
def test_no_list_offers_western_sahara_and_frequent_countries_come_first(language: str) -> None:
    with translation.override(language):
        codes = [code for code, _name in countries if code]
        names = [str(name) for _code, name in countries]
        grouped = country_choices()
        flat = _flat(grouped)
    assert "EH" not in codes
    assert not any(name in NAMES for name in names)
    assert "MA" in codes
    assert [code for code, _name in grouped[0][1]][:6] == ["FR", "ES", "IT", "BE", "NL", "DE"]  # type: ignore[index]
    assert len({code for code, _name in flat}) == len(flat)  # each country once, no separator to pick
    assert all(code for code, _name in flat)


def test_the_office_and_portal_forms_and_the_api_schema_do_not_offer_it(commune_a: Commune) -> None:
    with schema_context(commune_a.schema_name):
        head = make_staff(commune_a)
    office = signed_in_client(commune_a, head)
    for language in ("ar", "fr", "en"):
        office.cookies["django_language"] = language
        page = office.get("/intake/").content.decode()
        assert 'value="EH"' not in page
        assert not any(name in page for name in NAMES)
        assert 'value="FR"' in page
    portal: Client = client_for(commune_a)
    for language in ("ar", "fr", "es"):
        portal.cookies["django_language"] = language
        page = portal.get("/portal/request/").content.decode()
        assert 'value="EH"' not in page
        assert not any(name in page for name in NAMES)
    schema = json.dumps(office.get("/api/schema/", HTTP_ACCEPT="application/json").json(), ensure_ascii=False)
    assert '"EH"' not in schema
    assert not any(name in schema for name in NAMES)


def test_the_api_refuses_it_and_an_import_counts_it_in_morocco(commune_a: Commune) -> None:
    with schema_context(commune_a.schema_name):
        head = make_staff(commune_a, email="territory@example.org")
    office = signed_in_client(commune_a, head)
    answer = office.post(
        "/api/people/",
        {"first_name_latin": "Salma", "last_name_latin": "Ait Ali", "residence_country": "EH"},
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert "residence_country" in answer.json()
    for written in ("EH", "ESH", "Sahara", "Sahara occidental", "Western Sahara", "الصحراء", "الصحراء المغربية"):
        assert values.country(written) == "MA", written
    with pytest.raises(Invalid):
        values.country("Atlantis")


def test_a_person_recorded_in_western_sahara_before_is_recorded_in_morocco(commune_a: Commune) -> None:
    """The data migration's statements (cases 0009), on rows written as they could have been before."""
    from importlib import import_module

    statements = import_module("cases.migrations.0009_morocco_whole").TO_MOROCCO
    with schema_context(commune_a.schema_name):
        agent = make_staff(commune_a, email="territory.agent@example.org")
        someone = person(agent, last_name_latin="Before")
        Person.objects.filter(pk=someone.pk).update(residence_country="EH", nationalities="EH,FR")
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        someone.refresh_from_db()
        assert someone.residence_country == "MA"
        assert sorted(str(code) for code in someone.nationalities) == ["FR", "MA"]
