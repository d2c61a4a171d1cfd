"""The network's report for coordinators: the comparison as a PDF in Arabic or French, from the suppressed
facts (a hidden figure is "—", never a number below k), with the page's access rules."""

from __future__ import annotations

import re

import pytest

from jisr.accounts.models import Role
from network.models import Network
from tenants.models import Commune
from tests.analytics.conftest import BAD_QUERIES
from tests.analytics.test_compare import signed_in, souss_massa  # noqa: F401  (a fixture)
from tests.analytics.test_exports import expected
from tests.cases.test_slip import pdf_text, poppler
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

URL = "/regional/compare/report.pdf"


def layout(pdf: bytes) -> list[str]:
    return poppler("pdftotext", "-layout", "-enc", "UTF-8", "-", "-", pdf=pdf).splitlines()


def test_the_french_report_holds_the_pages_figures_and_hides_small_ones(
    souss_massa: Network,  # noqa: F811
    commune_a: Commune,
    commune_b: Commune,
) -> None:
    response = signed_in(Role.COORDINATOR, [souss_massa]).get(URL, {"network": souss_massa.code, "language": "fr"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert re.search(
        r'filename="jisr-prim-souss-massa-\d{4}-\d{2}-\d{4}-\d{2}-fr\.pdf"', response["Content-Disposition"]
    )
    text = pdf_text(response.content)
    assert "Rapport du réseau" in text
    result = {row.commune.slug: row for row in expected(souss_massa).rows}
    line_a = next(line for line in layout(response.content) if commune_a.name_fr in line)
    assert f" {result[commune_a.slug].received} " in f" {line_a} "
    assert "75 %" in line_a  # answered share
    # Nador's three cases are fewer than k = 5: hidden, and the 3 appears nowhere on its line.
    assert result[commune_b.slug].received is None
    line_b = next(line for line in layout(response.content) if commune_b.name_fr in line)
    assert "—" in line_b
    assert not re.search(r"(?<![\d/])3(?![\d/])", line_b)
    assert "moins de 5 personnes" in text


def test_the_arabic_report_reads_right_to_left(souss_massa: Network, commune_a: Commune) -> None:  # noqa: F811
    response = signed_in(Role.COORDINATOR, [souss_massa]).get(URL, {"language": "ar"})
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "تقرير الشبكة" in text
    assert commune_a.name_ar in text
    assert "-ar.pdf" in response["Content-Disposition"]


def test_the_page_links_to_the_report_in_both_languages(souss_massa: Network) -> None:  # noqa: F811
    page = signed_in(Role.COORDINATOR, [souss_massa]).get("/regional/compare/", {"channel": "phone"}).content.decode()
    assert f'href="{URL}?channel=phone' in page
    assert "language=ar" in page
    assert "language=fr" in page


def test_nobody_else_downloads_the_networks_report(souss_massa: Network, commune_a: Commune) -> None:  # noqa: F811
    other = signed_in(Role.COORDINATOR, [Network.objects.get(code="prim-oriental")], "other.report@jisr.test")
    refused = other.get(URL, {"network": souss_massa.code})
    assert refused.status_code == 400
    assert "Content-Disposition" not in refused
    assert signed_in(Role.FUNDER, email="funder.report@jisr.test").get(URL).status_code == 403
    assert client_for(None).get(URL).status_code == 302
    assert client_for(commune_a).get(URL).status_code == 404  # no regional page on a commune's host


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_filters_give_the_forms_errors_not_a_report(souss_massa: Network, query: dict[str, str]) -> None:  # noqa: F811
    response = signed_in(Role.COORDINATOR, [souss_massa]).get(URL, query)
    assert response.status_code == 400
    assert "Content-Disposition" not in response


def test_an_unknown_language_falls_back_to_french(souss_massa: Network) -> None:  # noqa: F811
    response = signed_in(Role.COORDINATOR, [souss_massa]).get(URL, {"language": "<script>"})
    assert response.status_code == 200
    assert "-fr.pdf" in response["Content-Disposition"]
