"""Anybody downloads a network's figures, suppressed so that no small count shows or can be worked out,
with a dictionary that says what every column and code means."""

from __future__ import annotations

import csv
import io
import random
from collections import defaultdict
from datetime import date

import pytest
from django.test import Client

from analytics import extraction, opendata
from analytics.models import CaseFact
from network import services
from network.models import Network
from tenants.models import Commune
from tests.analytics.conftest import open_cases
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

BOM = "\ufeff".encode()


@pytest.fixture
def networks(commune_a: Commune, commune_b: Commune) -> tuple[Network, Network]:
    """Aït Melloul (24 cases, 18 answered) in Souss-Massa, Nador (3 cases) in Oriental; facts extracted."""
    souss_massa = Network.objects.get(code="prim-souss-massa")
    oriental = Network.objects.get(code="prim-oriental")
    services.join(commune=commune_a, network=souss_massa, on=date(2020, 1, 1))
    services.join(commune=commune_b, network=oriental, on=date(2020, 1, 1))
    open_cases(commune_a, 24, answered=18, women=True)
    open_cases(commune_b, 3)
    extraction.extract(commune_a, full=True)
    extraction.extract(commune_b, full=True)
    return souss_massa, oriental


def anybody(language: str = "en") -> Client:
    client = client_for(None)
    client.cookies["django_language"] = language
    return client


def read(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(BOM)
    return list(csv.DictReader(io.StringIO(content[len(BOM) :].decode("utf-8"))))


def test_anybody_finds_the_networks_files_and_the_dictionary(networks: tuple[Network, Network]) -> None:
    response = anybody().get("/regional/open-data/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="/regional/open-data/prim-souss-massa.csv"' in page
    assert 'href="/regional/open-data/prim-oriental.csv"' in page
    assert 'href="/regional/open-data/dictionary.csv"' in page
    assert "Licence Ouverte / Open Licence 2.0 (Etalab)" in page
    assert "<code>country_group</code>" in page
    # In Arabic, right to left, as in French and English; not in the portal's other languages, which its
    # strings are not translated into.
    arabic = anybody("ar").get("/regional/open-data/").content.decode()
    assert '<html lang="ar" dir="rtl">' in arabic
    assert '<html lang="fr" dir="ltr">' in anybody("fr").get("/regional/open-data/").content.decode()
    assert '<html lang="es"' not in anybody("es").get("/regional/open-data/").content.decode()


def test_the_file_of_a_network_holds_its_communes_only(
    networks: tuple[Network, Network], commune_a: Commune, commune_b: Commune
) -> None:
    response = anybody().get("/regional/open-data/prim-souss-massa.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read(response.content)
    assert list(rows[0]) == list(opendata.COLUMNS)
    assert {row["commune"] for row in rows} == {commune_a.slug}
    assert {row["commune_name_ar"] for row in rows} == {commune_a.name_ar}
    assert len({row["month"] for row in rows}) == 36
    received = sum(int(row["count"]) for row in rows if row["theme"] == "cases" and row["dimension"] == "all")
    assert received == 24
    answered = [row for row in rows if row["dimension"] == "answered" and row["value"] == "yes"]
    assert sum(int(row["count"] or 0) for row in answered) + sum(row["hidden"] == "1" for row in answered) <= 18
    oriental_rows = read(anybody().get("/regional/open-data/prim-oriental.csv").content)
    assert {row["commune"] for row in oriental_rows} == {commune_b.slug}
    assert anybody().get("/regional/open-data/nowhere.csv").status_code == 404


def test_no_count_below_the_threshold_is_shown(networks: tuple[Network, Network]) -> None:
    for network in networks:
        rows = read(anybody().get(f"/regional/open-data/{network.code}.csv").content)
        assert rows
        for row in rows:
            if row["hidden"] == "1":
                assert row["count"] == ""
            else:
                assert int(row["count"]) == 0 or int(row["count"]) >= int(row["threshold"]) == 5
    # Nador's three cases: some months' totals are hidden, none is shown below k.
    oriental = read(anybody().get("/regional/open-data/prim-oriental.csv").content)
    assert any(row["hidden"] == "1" for row in oriental if row["dimension"] == "all")


def assert_nothing_hidden_can_be_worked_out(rows: list[opendata.OpenRow]) -> None:
    """Within each (commune, month, theme, dimension): a shown total never has exactly one hidden cell, a
    hidden total always has a hidden cell (else it is the sum of the shown ones), shown cells add up to a
    shown total; and the monthly totals of a commune's themes that count the same cases are hidden alike."""
    groups: dict[tuple[str, str, str, str], list[opendata.OpenRow]] = defaultdict(list)
    totals: dict[tuple[str, str, str], opendata.OpenRow] = {}
    for row in rows:
        if row.dimension == opendata.ALL:
            totals[row.commune, row.month, row.theme] = row
        else:
            groups[row.commune, row.month, row.theme, row.dimension].append(row)
    for (commune, month, theme, _dimension), cells in groups.items():
        total = totals[commune, month, theme]
        hidden = [cell for cell in cells if cell.hidden]
        if total.hidden:
            assert len(hidden) >= 1, (commune, month, theme, _dimension)
        else:
            assert len(hidden) != 1, (commune, month, theme, _dimension)
            if not hidden:
                assert sum(cell.count or 0 for cell in cells) == total.count
        for cell in cells:
            assert cell.hidden or cell.count == 0 or (cell.count or 0) >= cell.threshold
    for (commune, month, theme), total in totals.items():
        if theme == "people":
            assert total.hidden == totals[commune, month, "cases"].hidden


def test_hidden_counts_cannot_be_worked_out_from_the_file(networks: tuple[Network, Network]) -> None:
    for network in networks:
        assert_nothing_hidden_can_be_worked_out(opendata.build(network))


@pytest.mark.parametrize("seed", range(6))
def test_suppression_holds_on_many_random_communes(seed: int) -> None:
    """Random small counts (the hard case): every table of every theme keeps its hidden cells hidden."""
    rng = random.Random(seed)
    months = [date(2024, month, 1) for month in range(1, 13)]
    commune = Commune(slug="somewhere", name_fr="Quelque part", name_ar="مكان ما")
    commune.pk = 1
    counts: opendata._Counts = defaultdict(lambda: defaultdict(int))
    for month in months:
        answered = rng.choice([0, 0, 1, 2, 3, 6, 9])
        open_ = rng.choice([0, 1, 2, 4, 7])
        counts[1, "cases", "answered"][month, "yes"] = answered
        counts[1, "cases", "answered"][month, "no"] = open_
        people = answered + open_
        for dimension, values in opendata.THEMES["people"].items():
            left = people
            for value in values[:-1]:
                taken = rng.randint(0, left)
                counts[1, "people", dimension][month, value] = taken
                left -= taken
            counts[1, "people", dimension][month, values[-1]] = left
        for value in opendata.THEMES["referrals"]["outcome"]:
            counts[1, "referrals", "outcome"][month, value] = rng.choice([0, 0, 1, 3, 8])
    rows = opendata._commune_rows(commune, months, counts, k=rng.choice([3, 5, 10]))
    assert_nothing_hidden_can_be_worked_out(rows)


def test_the_file_is_cached_until_facts_are_extracted_again(
    networks: tuple[Network, Network], commune_a: Commune
) -> None:
    souss_massa, _oriental = networks
    before = opendata.cache_key(souss_massa)
    first = anybody().get("/regional/open-data/prim-souss-massa.csv").content
    # A change of the facts that no extraction recorded does not show: the file comes from the cache.
    CaseFact.objects.filter(commune=commune_a).update(count=100)
    assert anybody().get("/regional/open-data/prim-souss-massa.csv").content == first
    open_cases(commune_a, 6, answered=6)
    extraction.extract(commune_a, full=True)
    assert opendata.cache_key(souss_massa) != before
    again = read(anybody().get("/regional/open-data/prim-souss-massa.csv").content)
    received = sum(int(row["count"]) for row in again if row["theme"] == "cases" and row["dimension"] == "all")
    assert received == 30


def test_the_dictionary_names_every_code_the_files_use(networks: tuple[Network, Network]) -> None:
    response = anybody().get("/regional/open-data/dictionary.csv")
    assert response.status_code == 200
    entries = read(response.content)
    described = {(row["field"], row["dimension"], row["code"]) for row in entries}
    assert {column for column, _d, code in described if not code} >= set(opendata.COLUMNS)
    rows = read(anybody().get("/regional/open-data/prim-souss-massa.csv").content)
    for row in rows:
        assert ("theme", "", row["theme"]) in described
        assert ("dimension", "", row["dimension"]) in described
        assert ("value", row["dimension"], row["value"]) in described, row
    about = {row["code"]: row["meaning"] for row in entries if row["field"] == "about"}
    assert about["licence"].startswith("Licence Ouverte / Open Licence 2.0 (Etalab)")
    assert "every hour" in about["updates"]
    assert "hidden" in about["threshold"]


def test_open_data_is_not_on_a_communes_host(networks: tuple[Network, Network], commune_a: Commune) -> None:
    assert client_for(commune_a).get("/regional/open-data/").status_code == 404
    assert client_for(commune_a).get("/regional/open-data/prim-souss-massa.csv").status_code == 404
    assert anybody().post("/regional/open-data/prim-souss-massa.csv").status_code in (403, 405)
