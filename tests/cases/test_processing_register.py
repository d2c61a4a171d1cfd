"""The register of processing: every personal field declared, the page generated with the commune's retention."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings

from cases import processing
from jisr.accounts.models import User
from tenants.models import Commune
from tests.conftest import signed_in_client

# The project's apps with tables in each commune's schema, from the settings: a new one is covered at once.
COMMUNE_APPS = tuple(
    apps.get_app_config(name.rsplit(".", 1)[-1]).label
    for name in settings.TENANT_APPS
    if name.split(".")[0] == "cases" or name == "jisr.outbox"
)


def test_the_commune_apps_are_read_from_the_settings() -> None:
    assert {"cases", "portal", "appointments", "guide", "reports", "imports", "outbox"} <= set(COMMUNE_APPS)


def declared() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for item in processing.REGISTER:
        for label, name in item.fields:
            found.setdefault(label, set()).add(name)
    return found


def test_every_field_of_the_peoples_models_is_declared_or_said_to_hold_no_ones_data() -> None:
    covered = declared()
    for app in COMMUNE_APPS:
        for model in apps.get_app_config(app).get_models():
            label = model._meta.label
            if label in processing.WITHOUT_PEOPLE_DATA:
                assert label not in covered, f"{label} is said to hold no one's data but has declared fields"
                continue
            fields = {field.name for field in model._meta.get_fields() if getattr(field, "concrete", False)}
            fields |= {field.name for field in model._meta.many_to_many}
            said = covered.get(label, set()) | processing.NOT_PERSONAL.get(label, set())
            assert fields - said == set(), f"{label}: say in cases/processing.py why these are kept"
            assert said - fields == set(), f"{label}: no such fields"


def test_a_field_is_declared_once_and_personal_ones_are_not_listed_as_harmless() -> None:
    refs = [ref for item in processing.REGISTER for ref in item.fields]
    assert len(refs) == len(set(refs))
    for label, names in declared().items():
        assert not names & processing.NOT_PERSONAL.get(label, set()), label


@pytest.mark.django_db
def test_the_office_head_and_the_auditor_read_it_with_the_communes_retention(
    head: User, auditor: User, agent: User, in_a: Commune
) -> None:
    Commune.objects.filter(pk=in_a.pk).update(retention_years=7)
    for user in (head, auditor):
        response = signed_in_client(in_a, user).get("/audit/processing/")
        assert response.status_code == 200
        page = response.content.decode()
        assert page.count('class="card" id="processing-') == len(processing.REGISTER)
        assert " 7 " in page  # the retention said with the commune's own years
        assert "{years}" not in page
    assert signed_in_client(in_a, agent).get("/audit/processing/").status_code == 403


def test_every_declared_field_has_a_name_people_can_read() -> None:
    for item in processing.REGISTER:
        for label, name in item.fields:
            field = apps.get_model(label)._meta.get_field(name)
            named = getattr(field, "_verbose_name", None) is not None  # None: Django made one from the name
            assert named or (label, name) in processing.LABELS, f"{label}.{name}: a verbose_name or a LABELS entry"
