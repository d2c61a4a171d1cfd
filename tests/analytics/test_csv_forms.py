"""Every CSV of the regional layer comes with commas (for programs, the default) and with semicolons and decimal
commas (`?sep=semicolon`, what Excel opens in columns in French): the same cells, UTF-8 with a BOM, the same
access rules; the open data says its licence (a setting) on the page, in the dictionary and in a `Link` header,
and the regional home links to it."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.test import Client

from analytics import exports, opendata
from jisr.accounts.models import Role
from network.models import Network, Programme
from tenants.models import Commune
from tests.analytics.test_compare import signed_in, souss_massa  # noqa: F401  (a fixture)
from tests.analytics.test_indicators import YEAR, prim  # noqa: F401  (a fixture)
from tests.analytics.test_indicators import signed_in as signed_in_funder
from tests.analytics.test_opendata import anybody, networks  # noqa: F401  (a fixture)
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

BOM = "\ufeff".encode()
NUMBER = re.compile(r"-?\d+\.\d+")
ODBL = "https://opendatacommons.org/licenses/odbl/1-0/"


def cells(content: bytes, delimiter: str = ",") -> list[list[str]]:
    assert content.startswith(BOM)  # so that Excel reads the Arabic names as UTF-8
    return list(csv.reader(io.StringIO(content[len(BOM) :].decode("utf-8")), delimiter=delimiter))


def assert_same_cells(commas: bytes, semicolons: bytes) -> int:
    """The semicolon file read with `;` has the comma file's cells, a number's decimal point a comma.
    Returns how many numbers with decimals there were."""
    plain, excel = cells(commas), cells(semicolons, ";")
    assert len(plain) == len(excel) > 1
    decimals = 0
    for plain_row, excel_row in zip(plain, excel, strict=True):
        assert len(plain_row) == len(excel_row)
        for plain_cell, excel_cell in zip(plain_row, excel_row, strict=True):
            if NUMBER.fullmatch(plain_cell):
                decimals += 1
                assert excel_cell == plain_cell.replace(".", ",")
            else:
                assert excel_cell == plain_cell
    assert semicolons.splitlines()[0].count(b";") == len(plain[0]) - 1
    return decimals


def test_the_comparison_comes_in_both_forms_with_the_same_cells(
    souss_massa: Network,  # noqa: F811
    commune_a: Commune,
    commune_b: Commune,
) -> None:
    client = signed_in(Role.COORDINATOR, [souss_massa])
    url = "/regional/compare/export.csv"
    commas = client.get(url, {"network": souss_massa.code})
    semicolons = client.get(url, {"network": souss_massa.code, "sep": "semicolon"})
    for response in (commas, semicolons):
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.search(r'filename="jisr-prim-souss-massa-[\d-]+\.csv"', commas["Content-Disposition"])
    assert re.search(r'filename="jisr-prim-souss-massa-[\d-]+-semicolon\.csv"', semicolons["Content-Disposition"])
    assert assert_same_cells(commas.content, semicolons.content) > 0  # shares in percent: 75,0
    names = {row[0] for row in cells(semicolons.content, ";") if row}
    assert {commune_a.name_en or commune_a.name_fr, commune_b.name_en or commune_b.name_fr} <= names
    # Anything else than `semicolon` is the comma form.
    assert client.get(url, {"network": souss_massa.code, "sep": "tab"}).content == commas.content


def test_the_comparison_page_offers_both_and_says_which_suits_excel_in_french(souss_massa: Network) -> None:  # noqa: F811
    client = signed_in(Role.COORDINATOR, [souss_massa])
    page = client.get("/regional/compare/", {"network": souss_massa.code, "channel": "phone"}).content.decode()
    assert 'href="/regional/compare/export.csv?network=prim-souss-massa&amp;channel=phone"' in page
    assert 'href="/regional/compare/export.csv?network=prim-souss-massa&amp;channel=phone&amp;sep=semicolon"' in page
    assert "For Excel in French, use the CSV with semicolons, or the Excel file." in page
    client.cookies["django_language"] = "fr"
    page = client.get("/regional/compare/", {"network": souss_massa.code}).content.decode()
    assert "Pour Excel en français, utilisez le CSV à points-virgules" in page


@pytest.mark.parametrize("sep", ["", "semicolon"])
def test_nobody_else_downloads_the_comparison_in_either_form(
    souss_massa: Network,  # noqa: F811
    commune_a: Commune,
    sep: str,
) -> None:
    url = "/regional/compare/export.csv"
    name = commune_a.name_en or commune_a.name_fr
    other = signed_in(Role.COORDINATOR, [Network.objects.get(code="prim-oriental")], f"other.{sep}@jisr.test")
    refused = other.get(url, {"network": souss_massa.code, "sep": sep})
    assert refused.status_code == 400
    assert "Content-Disposition" not in refused
    assert name not in refused.content.decode()
    own = other.get(url, {"sep": sep})  # its own network: Aït Melloul is not in it
    assert own.status_code == 200
    assert commune_a.slug not in own.content.decode(errors="replace")
    assert name not in own.content.decode(errors="replace")
    assert signed_in(Role.FUNDER, email=f"funder.{sep}@jisr.test").get(url, {"sep": sep}).status_code == 403
    anonymous = client_for(None).get(url, {"network": souss_massa.code, "sep": sep})
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    assert client_for(commune_a).get(url, {"sep": sep}).status_code == 404  # no regional page on a commune's host


def test_the_indicators_come_in_both_forms_and_only_to_their_funders(prim: Programme) -> None:  # noqa: F811
    client = signed_in_funder(Role.FUNDER, programmes=[prim])
    query = {"programme": "prim", "year": YEAR}
    commas = client.get("/regional/indicators/export.csv", query)
    semicolons = client.get("/regional/indicators/export.csv", {**query, "sep": "semicolon"})
    assert commas.status_code == semicolons.status_code == 200
    assert f'filename="indicators-prim-{YEAR}-semicolon.csv"' in semicolons["Content-Disposition"]
    assert_same_cells(commas.content, semicolons.content)
    page = client.get("/regional/indicators/", query).content.decode()
    assert f'href="/regional/indicators/export.csv?programme=prim&amp;year={YEAR}&amp;sep=semicolon"' in page
    assert "For Excel in French" in page
    other = signed_in_funder(Role.FUNDER, programmes=[Programme.objects.get(code="jamaa-mouwatena")])
    refused = other.get("/regional/indicators/export.csv", {**query, "sep": "semicolon"})
    assert refused.status_code == 400
    assert prim.name_en not in refused.content.decode()


def test_the_open_data_comes_in_both_forms_commas_by_default(networks: tuple[Network, Network]) -> None:  # noqa: F811
    network, _oriental = networks
    url = f"/regional/open-data/{network.code}.csv"
    commas = anybody().get(url)
    semicolons = anybody().get(url, {"sep": "semicolon"})
    assert commas.status_code == semicolons.status_code == 200
    assert commas.content.splitlines()[0] == BOM + ",".join(opendata.COLUMNS).encode()
    assert f'filename="jisr-open-data-{network.code}-semicolon.csv"' in semicolons["Content-Disposition"]
    assert_same_cells(commas.content, semicolons.content)
    dictionary = anybody("fr").get("/regional/open-data/dictionary.csv")
    dictionary_excel = anybody("fr").get("/regional/open-data/dictionary.csv", {"sep": "semicolon"})
    assert_same_cells(dictionary.content, dictionary_excel.content)
    page = anybody().get("/regional/open-data/").content.decode()
    assert f'href="/regional/open-data/{network.code}.csv?sep=semicolon"' in page
    assert 'href="/regional/open-data/dictionary.csv?sep=semicolon"' in page
    assert "For Excel in French, use the files with semicolons." in page


def test_the_open_data_says_its_licence_a_moroccan_default(networks: tuple[Network, Network]) -> None:  # noqa: F811
    network, _oriental = networks
    page = anybody().get("/regional/open-data/").content.decode()
    assert f'<a href="{ODBL}" rel="license">Open Database License (ODbL) 1.0</a>' in page
    assert "etalab" not in page.lower()
    dictionary = cells(anybody().get("/regional/open-data/dictionary.csv").content)
    assert ["about", "", "licence", f"Open Database License (ODbL) 1.0 — {ODBL}"] in dictionary
    expected = f'<{ODBL}>; rel="license"'
    for url in (
        f"/regional/open-data/{network.code}.csv",
        f"/regional/open-data/{network.code}.csv?sep=semicolon",
        "/regional/open-data/dictionary.csv",
        f"/api/regional/open-data/{network.code}/",
    ):
        response = anybody().get(url)
        assert response.status_code == 200, url
        assert response["Link"] == expected, url
    # The API stays plain JSON with the commas' figures (machines read it).
    api = json.loads(anybody().get(f"/api/regional/open-data/{network.code}/").content)
    assert api["results"][0]["commune"]


def test_the_licence_is_a_setting(settings, networks: tuple[Network, Network]) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    settings.OPEN_DATA_LICENCE_NAME = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
    settings.OPEN_DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
    page = anybody().get("/regional/open-data/").content.decode()
    assert "Creative Commons Attribution 4.0 International (CC BY 4.0)" in page
    assert "ODbL" not in page
    dictionary = cells(anybody().get("/regional/open-data/dictionary.csv").content)
    licence = (
        "Creative Commons Attribution 4.0 International (CC BY 4.0) — https://creativecommons.org/licenses/by/4.0/"
    )
    assert ["about", "", "licence", licence] in dictionary
    response = anybody().get(f"/regional/open-data/{networks[0].code}.csv")
    assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_the_regional_home_links_to_the_open_data_for_anybody(language: str) -> None:
    visitor = Client(HTTP_HOST="jisr.test")
    visitor.cookies["django_language"] = language
    page = visitor.get("/").content.decode()
    assert 'href="/regional/open-data/"' in page


def test_a_number_is_never_taken_for_a_formula_in_either_form() -> None:
    rows = [["=1+1", -3, -2.5, None, "-x"]]
    assert cells(exports.csv_bytes(rows)) == [["'=1+1", "-3", "-2.5", "", "'-x"]]
    assert cells(exports.csv_bytes(rows, exports.SEMICOLONS), ";") == [["'=1+1", "-3", "-2,5", "", "'-x"]]
