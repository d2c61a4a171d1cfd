"""The network's report for coordinators: the comparison as a PDF in Arabic or French, the page's figures
published by the cell key method (a figure not given is "—") and saying so, with the page's access rules."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from analytics import disclosure
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


def test_the_french_report_holds_the_pages_figures_and_says_how_they_are_published(
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
    result = expected(souss_massa)
    rows = {row.commune.slug: row for row in result.rows}
    lines = layout(response.content)
    line_a = next(line for line in lines if commune_a.name_fr in line)
    row_a = rows[commune_a.slug]
    assert f" {row_a.received} " in f" {line_a} "
    assert row_a.answered_share is not None
    assert f"{round(100 * row_a.answered_share)} %" in line_a
    # Nador's three cases are a published count now, on its line like any other; what it has no figure for
    # (no answered case, so no median; no survey) is "—".
    row_b = rows[commune_b.slug]
    assert row_b.received is not None
    line_b = next(line for line in lines if commune_b.name_fr in line)
    assert f" {row_b.received} " in f" {line_b} "
    assert (row_b.median_days, row_b.satisfaction) == (None, None)
    assert line_b.count("—") >= 2
    # The key figures: the published counts added up, and the most a count is moved.
    maximum = disclosure.table().parameters.maximum
    assert f"±{maximum}" in text
    assert str(sum(row.received or 0 for row in result.rows)) in text
    with translation.override("fr"):
        heading = _("How the figures are published")
    assert heading in text
    assert "moins de 5 personnes" not in text  # the old threshold's note is gone


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
