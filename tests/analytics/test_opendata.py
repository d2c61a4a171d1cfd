"""Anybody downloads a network's figures, every count published by the cell key method (the same number for the
same records, in every file and on every page), with a dictionary that says what every column and code means."""

from __future__ import annotations

import csv
import io
import json
import random
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from analytics import disclosure, extraction, opendata
from analytics.dimensions import country_group
from analytics.disclosure import Keyed, publish
from analytics.forms import default_period
from analytics.models import CaseFact
from cases.models import Case, Person
from jisr.accounts.models import Role, User
from network import services
from network.models import Network
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.analytics.conftest import open_cases
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db

BOM = "\ufeff".encode()
D = disclosure.table().parameters.maximum  # no published count of one cell is further from the truth


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


def file_of(network: Network) -> list[dict[str, str]]:
    response = anybody().get(f"/regional/open-data/{network.code}.csv")
    assert response.status_code == 200
    return read(response.content)


def cases_by_month(commune: Commune) -> dict[str, list[Case]]:
    """The commune's cases by the month they were opened in (YYYY-MM, as the file writes it)."""
    found: dict[str, list[Case]] = defaultdict(list)
    with schema_context(commune.schema_name):
        for case in Case.objects.select_related("person"):
            found[f"{case.opened_on:%Y-%m}"].append(case)
    return found


def keyed(records: Iterable[Case]) -> Keyed:
    """The true count of these records and the sum of their record keys: the cell they are published from."""
    return disclosure.total(Keyed(1, record.record_key) for record in records)


def _attribute(person: Person, dimension: str) -> str:
    if dimension == "country_group":
        return country_group(str(person.residence_country or ""))
    return str(getattr(person, dimension))


def counted(cases: list[Case], theme: str, dimension: str, value: str) -> list[Case]:
    """The cases of a month that a line of the file counts (these communes send no referral)."""
    if theme == "referrals":
        return []
    if dimension == opendata.ALL:
        return cases
    if dimension == "answered":
        return [case for case in cases if (case.answered_at is not None) == (value == "yes")]
    code = "" if value == opendata.UNKNOWN else value
    return [case for case in cases if _attribute(case.person, dimension) == code]


def assert_published(count: int, records: list[Case]) -> None:
    """A line's count is the cell of its records, published: within D of the truth, never negative, zero for
    none (and the same number as `publish` gives for those records' keys anywhere else)."""
    assert count == publish(keyed(records))
    assert count >= 0
    assert abs(count - len(records)) <= D
    if not records:
        assert count == 0


def month_totals(rows: list[dict[str, str]], commune: Commune, theme: str = "cases") -> dict[str, int]:
    return {
        row["month"]: int(row["count"])
        for row in rows
        if row["commune"] == commune.slug and row["theme"] == theme and row["dimension"] == opendata.ALL
    }


def test_anybody_finds_the_networks_files_and_the_dictionary(networks: tuple[Network, Network]) -> None:
    response = anybody().get("/regional/open-data/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="/regional/open-data/prim-souss-massa.csv"' in page
    assert 'href="/regional/open-data/prim-oriental.csv"' in page
    assert 'href="/regional/open-data/dictionary.csv"' in page
    assert "Open Database License (ODbL) 1.0" in page  # settings.OPEN_DATA_LICENCE_NAME's default
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
    # Each month's cases, and their split by answered or not, are the cells of Aït Melloul's own cases.
    by_month = cases_by_month(commune_a)
    totals = month_totals(rows, commune_a)
    assert len(totals) == 36
    assert sum(len(by_month[month]) for month in totals) == 24
    for month, count in totals.items():
        assert_published(count, by_month[month])
    for row in rows:
        if row["dimension"] == "answered":
            assert_published(int(row["count"]), counted(by_month[row["month"]], "cases", "answered", row["value"]))
    oriental_rows = read(anybody().get("/regional/open-data/prim-oriental.csv").content)
    assert {row["commune"] for row in oriental_rows} == {commune_b.slug}
    assert anybody().get("/regional/open-data/nowhere.csv").status_code == 404


def test_every_count_is_published_within_d_of_the_truth_and_zeros_stay_zeros(
    networks: tuple[Network, Network], commune_a: Commune, commune_b: Commune
) -> None:
    for network, commune in zip(networks, (commune_a, commune_b), strict=True):
        rows = file_of(network)
        assert rows
        assert list(rows[0]) == list(opendata.COLUMNS)  # no hidden flag, no threshold: every count is given
        by_month = cases_by_month(commune)
        for row in rows:
            records = counted(by_month[row["month"]], row["theme"], row["dimension"], row["value"])
            assert_published(int(row["count"]), records)
    # Nador's three cases, one a month: each month's total is a single case, published as a number like any other.
    nador = cases_by_month(commune_b)
    small = [month for month, count in month_totals(file_of(networks[1]), commune_b).items() if nador[month]]
    assert small
    assert all(len(nador[month]) < disclosure.MIN_BASE for month in small)


def test_the_totals_of_themes_that_count_the_same_cases_are_the_same_cell(networks: tuple[Network, Network]) -> None:
    """The people of a month are its cases: one set of records, so one cell and one number, whichever theme
    shows it; and the file is the same however often it is built (asking again draws nothing new)."""
    for network in networks:
        rows = opendata.build(network)
        totals = {(row.commune, row.month, row.theme): row.count for row in rows if row.dimension == opendata.ALL}
        assert totals
        for (commune, month, theme), count in totals.items():
            if theme == "people":
                assert count == totals[commune, month, "cases"], (commune, month)
        assert opendata.build(network) == rows


@pytest.mark.parametrize("seed", range(6))
def test_the_cell_key_method_holds_on_many_random_communes(seed: int) -> None:
    """Random small counts with random record keys (the hard case): every line is the cell of its records,
    published within D, a zero stays a zero, the same records give the same number whatever line shows them."""
    rng = random.Random(seed)
    months = [date(2024, month, 1) for month in range(1, 13)]
    commune = Commune(slug="somewhere", name_fr="Quelque part", name_ar="مكان ما")
    commune.pk = 1
    counts: opendata._Counts = defaultdict(lambda: defaultdict(Keyed))
    # The record keys each line of the file counts, by (month, theme, dimension, value code).
    lines: dict[tuple[str, str, str, str], list[int]] = defaultdict(list)

    def record(month: date, theme: str, dimension: str, value: str, key: int) -> None:
        counts[1, theme, dimension][month, value] += Keyed(1, key)
        lines[f"{month:%Y-%m}", theme, dimension, opendata.value_code(value)].append(key)

    for month in months:
        answered = rng.choice([0, 0, 1, 2, 3, 6, 9])
        cases = [rng.randrange(disclosure.MODULUS) for _ in range(answered + rng.choice([0, 1, 2, 4, 7]))]
        for number, key in enumerate(cases):
            lines[f"{month:%Y-%m}", "cases", opendata.ALL, opendata.ALL].append(key)
            lines[f"{month:%Y-%m}", "people", opendata.ALL, opendata.ALL].append(key)
            record(month, "cases", "answered", "yes" if number < answered else "no", key)
            for dimension, values in opendata.THEMES["people"].items():
                record(month, "people", dimension, rng.choice(values), key)
        for value in opendata.THEMES["referrals"]["outcome"]:
            for _ in range(rng.choice([0, 0, 1, 3, 8])):
                key = rng.randrange(disclosure.MODULUS)
                lines[f"{month:%Y-%m}", "referrals", opendata.ALL, opendata.ALL].append(key)
                record(month, "referrals", "outcome", value, key)

    rows = opendata._commune_rows(commune, months, counts)
    assert len(rows) == len(months) * sum(1 + sum(map(len, dims.values())) for dims in opendata.THEMES.values())
    moved = 0
    for row in rows:
        keys = lines.get((row.month, row.theme, row.dimension, row.value), [])
        assert row.count == publish(Keyed(len(keys), sum(keys) % disclosure.MODULUS)), row
        assert row.count >= 0
        assert abs(row.count - len(keys)) <= D
        if not keys:
            assert row.count == 0
        moved += row.count != len(keys)
    assert moved  # the counts are perturbed, not copied
    totals = {(row.month, row.theme): row.count for row in rows if row.dimension == opendata.ALL}
    assert all(totals[month, "people"] == totals[month, "cases"] for month, _theme in totals)
    assert opendata._commune_rows(commune, months, counts) == rows


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
    # The new file counts the 30 cases again, each month's the cell of that month's cases.
    again = file_of(souss_massa)
    assert again != read(first)
    by_month = cases_by_month(commune_a)
    totals = month_totals(again, commune_a)
    assert sum(len(by_month[month]) for month in totals) == 30
    for month, count in totals.items():
        assert_published(count, by_month[month])


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
    assert about["licence"].startswith("Open Database License (ODbL) 1.0")
    assert "every hour" in about["updates"]
    assert "threshold" not in about
    assert "cell key method" in about["method"]
    assert f"at most {D} either way" in about["method"]
    assert disclosure.table().parameters.version in about["method"]


def test_open_data_is_not_on_a_communes_host(networks: tuple[Network, Network], commune_a: Commune) -> None:
    assert client_for(commune_a).get("/regional/open-data/").status_code == 404
    assert client_for(commune_a).get("/regional/open-data/prim-souss-massa.csv").status_code == 404
    assert anybody().post("/regional/open-data/prim-souss-massa.csv").status_code in (403, 405)


# --- The same cell everywhere -----------------------------------------------------------------


def coordinator_of(network: Network) -> Client:
    account = User.objects.create_user("coordinator.open-data@jisr.test", PASSWORD, role=Role.COORDINATOR)
    services.set_scope(user=account, networks=[network])
    client = client_for(None)
    client.force_login(account)
    client.cookies["django_language"] = "en"
    return client


def received_on_the_comparison(page: str, name: str) -> int:
    row = re.search(rf'<th scope="row">{re.escape(name)}</th>\s*<td>(.*?)</td>', page, re.S)
    assert row is not None, name
    return int(row.group(1).strip())


def test_a_months_count_is_the_same_in_the_file_on_the_comparison_and_in_its_trend(
    networks: tuple[Network, Network], commune_a: Commune
) -> None:
    """A commune's cases of a month are one cell: the file's cases/all/all line, the comparison of that month
    alone and the month's point of a trend over a year give the same number."""
    souss_massa, _oriental = networks
    client = coordinator_of(souss_massa)
    name = commune_a.name_en or commune_a.name_fr
    totals = month_totals(file_of(souss_massa), commune_a)
    by_month = cases_by_month(commune_a)
    first, last = default_period(timezone.localdate())
    year = client.get(
        "/regional/compare/", {"network": souss_massa.code, "first": f"{first:%Y-%m}", "last": f"{last:%Y-%m}"}
    )
    assert year.status_code == 200
    data = re.search(r'<script id="regional-data" type="application/json">(.*?)</script>', year.content.decode(), re.S)
    assert data is not None
    charts = json.loads(data.group(1))
    trend = dict(zip((month[:7] for month in charts["months"]), charts["trend"][name], strict=True))
    assert len(trend) == 12
    assert sum(len(by_month[month]) for month in trend) == 24  # every case of Aït Melloul is in the year
    for month, point in trend.items():
        alone = client.get("/regional/compare/", {"network": souss_massa.code, "first": month, "last": month})
        assert alone.status_code == 200
        received = received_on_the_comparison(alone.content.decode(), name)
        assert received == totals[month] == point, month
        assert_published(received, by_month[month])


def test_a_commune_in_two_networks_has_the_same_lines_in_both_files(
    networks: tuple[Network, Network], commune_a: Commune, commune_b: Commune
) -> None:
    souss_massa, oriental = networks
    services.join(commune=commune_a, network=oriental, on=date(2020, 1, 1))
    in_souss_massa = [row for row in file_of(souss_massa) if row["commune"] == commune_a.slug]
    both = file_of(oriental)
    assert {row["commune"] for row in both} == {commune_a.slug, commune_b.slug}
    in_oriental = [row for row in both if row["commune"] == commune_a.slug]
    assert in_souss_massa
    assert in_oriental == in_souss_massa
