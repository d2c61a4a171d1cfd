"""A coordinator downloads the comparison as CSV or Excel: the page's figures, published by the cell key method
and saying so, a figure not given as an empty cell, the same access rules as the page, and nothing in the file a
spreadsheet would run."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from analytics import disclosure, exports, labels, selectors
from analytics.forms import default_period
from jisr.accounts.models import Role
from network import selectors as network_selectors
from network.models import Network
from tenants.models import Commune
from tests.analytics.conftest import BAD_QUERIES
from tests.analytics.test_compare import from_records, signed_in, souss_massa  # noqa: F401  (a fixture)
from tests.conftest import PASSWORD, client_for, make_staff

pytestmark = pytest.mark.django_db

BOM = "\ufeff".encode()


def period() -> tuple[str, str]:
    first, last = default_period(timezone.localdate())
    return f"{first:%Y-%m}", f"{last:%Y-%m}"


def expected(network: Network) -> selectors.Comparison:
    first, last = default_period(timezone.localdate())
    communes = list(network_selectors.members_of(network).order_by("name_fr"))
    filters = selectors.Filters(period=selectors.Period(first=first, last=last))
    return selectors.comparison(communes, filters)


def note_in_english(result: selectors.Comparison) -> str:
    """What the files say about how their figures were published, in the coordinators' language here."""
    with translation.override("en"):
        return exports.method_note(result)


def percent(share: float | None) -> float | None:
    """A share as the files give it: in percent, to one decimal."""
    return None if share is None else round(100 * share, 1)


def cell(value: object) -> str:
    """A value as a CSV cell: None empty."""
    return "" if value is None else str(value)


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(BOM)
    return list(csv.reader(io.StringIO(content[len(BOM) :].decode("utf-8"))))


def test_the_csv_holds_the_pages_figures_and_says_how_they_were_published(
    souss_massa: Network,  # noqa: F811
    commune_a: Commune,
    commune_b: Commune,
) -> None:
    client = signed_in(Role.COORDINATOR, [souss_massa])
    response = client.get("/regional/compare/export.csv", {"network": souss_massa.code})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    first, last = period()
    assert f'filename="jisr-prim-souss-massa-{first}-{last}.csv"' in response["Content-Disposition"]
    lines = read_csv(response.content)
    header, body = lines[0], lines[1:]
    assert header[:3] == ["Commune", "Code", "Cases received"]
    by_code = {line[1]: line for line in body if len(line) > 1}
    a, b = by_code[commune_a.slug], by_code[commune_b.slug]
    result = expected(souss_massa)
    rows = {row.commune.slug: row for row in result.rows}
    for slug, line in ((commune_a.slug, a), (commune_b.slug, b)):
        assert line == [cell(value) for value in exports.commune_line(rows[slug])]
    # Aït Melloul's figures are its records' counts as published (shares from the published counts).
    own = from_records(commune_a, *default_period(timezone.localdate()))
    assert a[2:6] == [str(own.received), str(own.answered), cell(percent(own.answered_share)), cell(own.median_days)]
    assert a[8] == cell(percent(own.women_share))
    # Nador's three cases are a published count now, not an empty cell; none answered: a true zero, shown.
    nador = from_records(commune_b, *default_period(timezone.localdate()))
    assert b[2] == str(nador.received)
    assert b[3] == "0"
    assert b[5] == ""  # nothing answered: no median to give
    assert a[9] == b[9] == ""  # no survey: no satisfaction
    assert lines[-2] == []
    assert lines[-1] == [note_in_english(result)]
    assert lines[-1][0].startswith("Published by the cell key method")


def test_the_workbook_holds_every_table_of_the_page(
    souss_massa: Network,  # noqa: F811
    commune_a: Commune,
    commune_b: Commune,
) -> None:
    client = signed_in(Role.COORDINATOR, [souss_massa])
    response = client.get("/regional/compare/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Communes", "Trend", "Countries", "Generations", "About"]
    result = expected(souss_massa)

    communes = list(book["Communes"].iter_rows(values_only=True))
    assert communes[0][:3] == ("Commune", "Code", "Cases received")
    by_code = {line[1]: line for line in communes[1:]}
    for row in result.rows:
        line = by_code[row.commune.slug]
        assert line[2] == row.received
        assert line[3] == row.answered
        assert line[5] == row.median_days
    own = from_records(commune_a, *default_period(timezone.localdate()))
    assert by_code[commune_a.slug][2:6] == (own.received, own.answered, percent(own.answered_share), own.median_days)
    # Nador's count is a number in the sheet, as on the page; its median, with nothing answered, an empty cell.
    nador = from_records(commune_b, *default_period(timezone.localdate()))
    assert by_code[commune_b.slug][2] == nador.received
    assert by_code[commune_b.slug][3] == 0
    assert by_code[commune_b.slug][5] is None

    trend = list(book["Trend"].iter_rows(values_only=True))
    names = list(trend[0][1:])
    assert names == list(result.trend)
    assert [line[0].date() for line in trend[1:]] == result.months
    for index, name in enumerate(names, start=1):
        assert [line[index] for line in trend[1:]] == result.trend[name]

    countries = list(book["Countries"].iter_rows(values_only=True))[1:]
    assert [value for _label, value in countries] == labels.one_row(result.countries, labels.country_name)["values"]
    generations = list(book["Generations"].iter_rows(values_only=True))[1:]
    assert [v for _label, v in generations] == labels.one_row(result.generations, labels.generation_name)["values"]

    about = dict(book["About"].iter_rows(values_only=True))
    assert about["Network code"] == "prim-souss-massa"
    assert "Threshold k" not in about
    assert about["Perturbation table"] == disclosure.table().parameters.version
    assert (about["From"], about["To"]) == period()
    assert about["Category"] == "All categories"
    assert about["Disclosure control"] == note_in_english(result)
    assert f"at most {disclosure.table().parameters.maximum} either way" in about["Disclosure control"]
    assert about["Generated at"].startswith(f"{timezone.localdate():%d/%m/%Y} ")  # day first, Moroccan time


def test_names_that_look_like_formulas_are_written_as_text(souss_massa: Network, commune_a: Commune) -> None:  # noqa: F811
    commune_a.name_en = commune_a.name_fr = '=HYPERLINK("http://evil.test","x")'
    commune_a.save(update_fields=["name_en", "name_fr"])
    client = signed_in(Role.COORDINATOR, [souss_massa])
    lines = read_csv(client.get("/regional/compare/export.csv").content)
    assert [line[0] for line in lines[1:] if line and line[0].startswith("'=")] == [
        '\'=HYPERLINK("http://evil.test","x")'
    ]
    assert not any(line and line[0].startswith(("=", "+", "-", "@")) for line in lines)
    book = load_workbook(io.BytesIO(client.get("/regional/compare/export.xlsx").content))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert all(cell.data_type == "s" and not cell.value.startswith(("=", "+", "-", "@")) for cell in cells)
    assert '\'=HYPERLINK("http://evil.test","x")' in [cell.value for cell in cells]


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1"])
def test_the_guard_quotes_what_a_spreadsheet_would_run(value: str) -> None:
    assert exports.safe(value) == "'" + value
    assert exports.safe("Aït Melloul") == "Aït Melloul"
    assert exports.safe(-3) == -3


def test_the_page_links_to_both_files_with_its_query(souss_massa: Network) -> None:  # noqa: F811
    client = signed_in(Role.COORDINATOR, [souss_massa])
    page = client.get("/regional/compare/", {"network": souss_massa.code, "channel": "phone"}).content.decode()
    assert 'href="/regional/compare/export.csv?network=prim-souss-massa&amp;channel=phone"' in page
    assert 'href="/regional/compare/export.xlsx?network=prim-souss-massa&amp;channel=phone"' in page


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_nobody_else_downloads_the_network(souss_massa: Network, commune_a: Commune, extension: str) -> None:  # noqa: F811
    url = f"/regional/compare/export.{extension}"
    name = commune_a.name_en or commune_a.name_fr
    other = signed_in(Role.COORDINATOR, [Network.objects.get(code="prim-oriental")], "other.export@jisr.test")
    refused = other.get(url, {"network": souss_massa.code})
    assert refused.status_code == 400
    assert name not in refused.content.decode()
    assert commune_a.slug not in other.get(url).content.decode(errors="replace")
    assert signed_in(Role.FUNDER, email="funder.export@jisr.test").get(url).status_code == 403
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    staff = make_staff(commune_a, email="head.export@example.org")
    assert client_for(None).post("/accounts/login/", {"login": staff.email, "password": PASSWORD}).status_code != 302
    operator = signed_in(Role.OPERATOR, email="operator.export@jisr.test")
    assert operator.get(url, {"network": souss_massa.code}).status_code == 200
    assert client_for(commune_a).get(url).status_code == 404  # no regional page on a commune's host


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
@pytest.mark.parametrize(
    "query",
    BAD_QUERIES,
)
def test_bad_filters_give_the_forms_errors_not_a_file(
    souss_massa: Network,  # noqa: F811
    extension: str,
    query: dict[str, str],
) -> None:
    response = signed_in(Role.COORDINATOR, [souss_massa]).get(f"/regional/compare/export.{extension}", query)
    assert response.status_code == 400
    assert "Content-Disposition" not in response
    assert "errorlist" in response.content.decode() or "error" in response.content.decode()


def test_only_get_is_allowed(souss_massa: Network) -> None:  # noqa: F811
    client = signed_in(Role.COORDINATOR, [souss_massa])
    assert client.post("/regional/compare/export.csv").status_code in (403, 405)


def test_a_month_far_back_gives_an_empty_but_valid_file(souss_massa: Network) -> None:  # noqa: F811
    client = signed_in(Role.COORDINATOR, [souss_massa])
    response = client.get("/regional/compare/export.xlsx", {"first": "2019-01", "last": "2019-12"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert [line[2] for line in book["Communes"].iter_rows(min_row=2, values_only=True)] == [0, 0]
    assert book["Trend"].cell(row=2, column=1).value.date() == date(2019, 1, 1)
