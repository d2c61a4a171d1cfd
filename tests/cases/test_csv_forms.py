"""The office's CSV downloads (the consent register, an import's report) come with commas, the default, and with
semicolons (`?sep=semicolon`, what Excel opens in columns in French), as the regional layer's do
(tests/analytics/test_csv_forms.py): the same cells, UTF-8 with a BOM, no formula; and a commune's file, in either
form, holds only its own rows."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cases.imports.models import ImportRun
from cases.models import Consent
from cases.services import people
from jisr.accounts.models import Role, User
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.analytics.test_csv_forms import assert_same_cells, cells
from tests.cases.conftest import person
from tests.cases.test_imports import GOOD, csv_file, dry_run, upload
from tests.conftest import make_staff, signed_in_client

pytestmark = pytest.mark.django_db

SHARE = Consent.Purpose.SHARE_WITH_SERVICES


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def consents_of(actor: User, *names: tuple[str, str]) -> None:
    for first, last in names:
        who = person(actor, first_name_latin=first, last_name_latin=last)
        people.record_consent(actor=actor, person=who, purpose=SHARE, channel="visit", given_on=date(2026, 5, 10))


def bad_register(actor: User, value: str) -> ImportRun:
    """An import checked, with one row whose date is `value` (not a date): a report to download."""
    return dry_run(actor, upload(actor, csv_file([GOOD, [value, *GOOD[1:]]])))


def test_the_consent_register_comes_in_both_forms_with_the_same_cells(head: User, in_a: Commune) -> None:
    consents_of(head, ("Fatima", "Ouali"), ('=HYPERLINK("x")', "Amrani"))
    client = signed_in_client(in_a, head)
    commas = client.get("/audit/consents/", {"format": "csv"})
    semicolons = client.get("/audit/consents/", {"format": "csv", "sep": "semicolon"})
    for response in (commas, semicolons):
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Cache-Control"] == "no-store"
    assert re.search(r'filename="consents-[\d-]+\.csv"', commas["Content-Disposition"])
    assert re.search(r'filename="consents-[\d-]+-semicolon\.csv"', semicolons["Content-Disposition"])
    assert_same_cells(commas.content, semicolons.content)
    rows = cells(semicolons.content, ";")
    assert len(rows) == 3
    assert {row[0] for row in rows[1:]} == {"Fatima Ouali", '\'=HYPERLINK("x") Amrani'}  # no formula runs
    assert {row[4] for row in rows[1:]} == {"2026-05-10"}
    # The filters hold in both forms; anything else than `semicolon` is the comma form.
    filtered = client.get("/audit/consents/", {"format": "csv", "sep": "semicolon", "purpose": "contact"})
    assert len(cells(filtered.content, ";")) == 1
    assert client.get("/audit/consents/", {"format": "csv", "sep": "tab"}).content == commas.content


def test_the_consent_register_offers_both_and_says_which_suits_excel_in_french(head: User, in_a: Commune) -> None:
    User.objects.filter(pk=head.pk).update(preferred_language="en")
    client = signed_in_client(in_a, head)
    page = client.get("/audit/consents/", {"purpose": SHARE}).content.decode()
    assert 'href="?purpose=share_with_services&amp;format=csv"' in page
    assert 'href="?purpose=share_with_services&amp;format=csv&amp;sep=semicolon"' in page
    assert "For Excel in French, use the CSV with semicolons." in page
    User.objects.filter(pk=head.pk).update(preferred_language="fr")
    page = signed_in_client(in_a, head).get("/audit/consents/").content.decode()
    assert "Pour Excel en français, utilisez le CSV à points-virgules." in page
    assert "CSV (points-virgules)" in page


@pytest.mark.parametrize("sep", ["", "semicolon"])
def test_a_communes_consent_register_never_holds_another_communes_consents(
    head: User, in_a: Commune, commune_b: Commune, sep: str
) -> None:
    consents_of(head, ("Fatima", "Ouali"), ("Mohamed", "Amrani"))
    with schema_context(commune_b.schema_name):
        head_b = make_staff(commune_b, role=Role.OFFICE_HEAD)
        consents_of(head_b, ("Karim", "Benali"))
        response = signed_in_client(commune_b, head_b).get("/audit/consents/", {"format": "csv", "sep": sep})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "Karim Benali" in text
    assert "Ouali" not in text
    assert "Amrani" not in text
    assert len(cells(response.content, ";" if sep else ",")) == 2  # B's heading and B's one consent


def test_an_imports_report_comes_in_both_forms_with_the_same_cells(head: User, in_a: Commune) -> None:
    run = bad_register(head, "hier")
    User.objects.filter(pk=head.pk).update(preferred_language="en")
    client = signed_in_client(in_a, head)
    page = client.get(f"/imports/{run.pk}/").content.decode()
    assert f'href="/imports/{run.pk}/report.csv"' in page
    assert f'href="/imports/{run.pk}/report.csv?sep=semicolon"' in page
    assert "For Excel in French, use the CSV with semicolons." in page
    commas = client.get(f"/imports/{run.pk}/report.csv")
    semicolons = client.get(f"/imports/{run.pk}/report.csv", {"sep": "semicolon"})
    for response in (commas, semicolons):
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="import-{run.pk}-report.csv"' in commas["Content-Disposition"]
    assert f'filename="import-{run.pk}-report-semicolon.csv"' in semicolons["Content-Disposition"]
    assert_same_cells(commas.content, semicolons.content)
    assert cells(semicolons.content, ";")[1][:3] == ["3", "A · Date de réception", "hier"]


@pytest.mark.parametrize("sep", ["", "semicolon"])
def test_a_communes_import_report_never_holds_another_communes_rows(
    head: User, in_a: Commune, commune_b: Commune, sep: str
) -> None:
    a_run = bad_register(head, "avant-hier")
    with schema_context(commune_b.schema_name):
        head_b = make_staff(commune_b, role=Role.OFFICE_HEAD)
        b_run = bad_register(head_b, "demain")
        client = signed_in_client(commune_b, head_b)
        own = client.get(f"/imports/{b_run.pk}/report.csv", {"sep": sep})
        # A's run, by its number: B's own run when the numbers meet (each schema counts its own), else nothing.
        other = client.get(f"/imports/{a_run.pk}/report.csv", {"sep": sep})
    assert own.status_code == 200
    assert "demain" in own.content.decode("utf-8-sig")
    assert "avant-hier" not in own.content.decode("utf-8-sig")
    assert other.status_code == (200 if a_run.pk == b_run.pk else 404)
    assert "avant-hier" not in other.content.decode("utf-8-sig", errors="replace")
