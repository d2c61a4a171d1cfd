"""Record keys stay in their commune: no page, file or API answer shows one, nor a fact's key sum; the key sums
the public schema holds are uniform (they say nothing about the records), and a commune's keys are its own."""

from __future__ import annotations

import io
import itertools
import re
import subprocess
import zipfile
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from scipy import stats

from analytics import extraction
from analytics.extraction import THEMES, is_key_sum
from cases.models import Case, Person, Referral
from cases.portal.models import Survey
from jisr.accounts.models import Role, User
from network import services
from network.models import Network
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.analytics.conftest import open_cases
from tests.conftest import PASSWORD, client_for, make_staff, signed_in_client

pytestmark = pytest.mark.django_db

# Keys are uniform on [0, 2^32): one below 10^7 (a number a page could print for other reasons: a count, a
# year, an id) has a chance of 1 in 430; those are left out of the scan rather than risk a false alarm.
LEAST_SCANNED = 10**7


@pytest.fixture
def network(commune_a: Commune, commune_b: Commune) -> Network:
    network = Network.objects.get(code="prim-souss-massa")
    for commune in (commune_a, commune_b):
        services.join(commune=commune, network=network, on=date(2020, 1, 1))
    open_cases(commune_a, 16, answered=9, women=True)
    open_cases(commune_b, 7, answered=2)
    for commune in (commune_a, commune_b):
        extraction.extract(commune, full=True)
    return network


def _record_keys(commune: Commune) -> set[int]:
    with schema_context(commune.schema_name):
        return {
            *Case.objects.values_list("record_key", flat=True),
            *Referral.objects.values_list("record_key", flat=True),
            *Survey.objects.values_list("record_key", flat=True),
        }


def _key_sums() -> set[int]:
    """Every key sum the facts hold of a set of records that is not empty (an empty set's sum is 0)."""
    counted_by = {"key_sum": "count", "answered_key_sum": "answered", "in_time_key_sum": "answered_in_time"}
    found: set[int] = set()
    with connection.cursor() as cursor:
        for theme in THEMES:
            for measure in (m for m in theme.measures if is_key_sum(m)):
                cursor.execute(f"SELECT {measure} FROM {theme.table} WHERE {counted_by[measure]} > 0")
                found |= {value for (value,) in cursor.fetchall()}
    return found


def _text(response: object) -> str:
    content: bytes = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    kind = response["Content-Type"]  # type: ignore[index]
    if "spreadsheetml" in kind:
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return " ".join(book.read(name).decode() for name in book.namelist() if name.endswith(".xml"))
    if "pdf" in kind:
        return subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return content.decode()


def _platform_client(role: str, network: Network) -> Client:
    account = User.objects.create_user(f"{role}.keys@jisr.test", PASSWORD, role=role)
    if role == Role.COORDINATOR:
        services.set_scope(user=account, networks=[network])
    else:
        services.set_scope(user=account, programmes=[network.programme])
    client = client_for(None)
    client.force_login(account)
    return client


def test_no_answer_or_file_shows_a_record_key_or_a_key_sum(
    network: Network, commune_a: Commune, commune_b: Commune
) -> None:
    secrets = _record_keys(commune_a) | _record_keys(commune_b) | _key_sums()
    scanned = {str(value) for value in secrets if value >= LEAST_SCANNED}
    assert len(scanned) >= 20
    coordinator = _platform_client(Role.COORDINATOR, network)
    funder = _platform_client(Role.FUNDER, network)
    year = date.today().year
    compare = {"network": network.code}
    answers = {
        "comparison page": coordinator.get("/regional/compare/", compare),
        "comparison, one month": coordinator.get("/api/regional/comparison/", compare | {"first": f"{year}-01"}),
        "comparison API": coordinator.get("/api/regional/comparison/", compare),
        "comparison by category": coordinator.get(
            "/api/regional/comparison/", compare | {"category": "foreign_pension"}
        ),
        "comparison CSV": coordinator.get("/regional/compare/export.csv", compare),
        "comparison XLSX": coordinator.get("/regional/compare/export.xlsx", compare),
        "network report": coordinator.get("/regional/compare/report.pdf", compare | {"language": "fr"}),
        "indicators page": funder.get("/regional/indicators/"),
        "indicators CSV": funder.get("/regional/indicators/export.csv"),
        "indicators XLSX": funder.get("/regional/indicators/export.xlsx"),
        "open data CSV": client_for(None).get(f"/regional/open-data/{network.code}.csv"),
        "open data API": client_for(None).get(f"/api/regional/open-data/{network.code}/"),
        "open data dictionary": client_for(None).get("/regional/open-data/dictionary.csv"),
    }
    with schema_context(commune_a.schema_name):
        head = User.objects.filter(role=Role.OFFICE_HEAD).first() or make_staff(commune_a)
        case = Case.objects.order_by("pk").first()
        someone = Person.objects.order_by("pk").first()
    office = signed_in_client(commune_a, head)
    answers |= {
        "beside the network": office.get("/statistics/network/"),
        "office API, a case": office.get(f"/api/cases/{case.pk}/"),  # type: ignore[union-attr]
        "office API, the cases": office.get("/api/cases/"),
        "access export": office.get(f"/people/{someone.pk}/export.json"),  # type: ignore[union-attr]
    }
    for name, response in answers.items():
        assert response.status_code == 200, (name, response.status_code)
        text = _text(response)
        assert "record_key" not in text, name
        assert "key_sum" not in text, name
        numbers = set(re.findall(r"\d{8,10}", text))
        assert not numbers & scanned, name


def test_the_key_sums_in_the_public_schema_are_uniform(commune_a: Commune) -> None:
    """Kolmogorov-Smirnov against the uniform law on [0, 2^32), over every key sum the facts hold; the keys are
    drawn from a seeded random() so that the test always sees the same ones."""
    from cases.services import cases as case_services
    from tests.cases.conftest import category, person

    with schema_context(commune_a.schema_name):
        with connection.cursor() as cursor:
            cursor.execute("SELECT setseed(0.31)")
        agent = make_staff(commune_a, email="keys.uniform@example.org")
        cells = itertools.product(
            ("urbanism", "civil_status", "foreign_pension"), ("visit", "phone", "email"), range(1, 7)
        )
        for number, (code, channel, month) in enumerate(cells):
            for copy in range(1 + number % 3):
                case_services.open_case(
                    actor=agent,
                    person=person(agent, last_name_latin=f"U{number}x{copy}", sex=("male", "female")[copy % 2]),
                    kind="request",
                    category=category(code),
                    channel=channel,
                    subject="Dossier",
                    opened_on=date(2025, month, 10),
                )
    extraction.extract(commune_a, full=True)
    sums = sorted(_key_sums())
    assert len(sums) >= 50
    result = stats.kstest([value / 2**32 for value in sums], "uniform")
    assert result.pvalue > 0.01, result
    keys = sorted(_record_keys(commune_a))
    assert stats.kstest([value / 2**32 for value in keys], "uniform").pvalue > 0.01


def test_each_commune_draws_keys_of_its_own(commune_a: Commune, commune_b: Commune) -> None:
    """Two offices' first cases do not share keys, and a case's key never changes as it moves on."""
    open_cases(commune_a, 5, answered=2)
    open_cases(commune_b, 5, answered=2)
    ours, theirs = _record_keys(commune_a), _record_keys(commune_b)
    assert len(ours) == 5
    assert len(theirs) == 5
    assert not ours & theirs
    with schema_context(commune_a.schema_name):
        case = Case.objects.filter(status=Case.Status.NEW).first()
        before = Case.objects.values_list("record_key", flat=True).get(pk=case.pk)  # type: ignore[union-attr]
        Case.objects.filter(pk=case.pk).update(status=Case.Status.IN_PROGRESS)  # type: ignore[union-attr]
        assert Case.objects.values_list("record_key", flat=True).get(pk=case.pk) == before  # type: ignore[union-attr]
