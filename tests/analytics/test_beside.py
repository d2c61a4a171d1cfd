"""An office sees its own figures in full beside its networks', and the network's never give away another
office's small numbers."""

from __future__ import annotations

import re
from datetime import date

import pytest

from analytics import extraction
from network import services
from network.models import Network
from tenants.models import Commune
from tests.analytics.conftest import open_cases
from tests.conftest import client_for, make_staff, signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(commune_a: Commune, commune_b: Commune) -> Network:
    network = Network.objects.get(code="prim-souss-massa")
    services.join(commune=commune_a, network=network, on=date(2020, 1, 1))
    services.join(commune=commune_b, network=network, on=date(2020, 1, 1))
    return network


def figures(page: str, label: str) -> list[str]:
    row = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', page, re.S)
    assert row is not None, label
    return [cell.strip() for cell in re.findall(r"<td>(.*?)</td>", row.group(1), re.S)]


def page_of(commune: Commune, query: str = "") -> tuple[int, str]:
    with_staff = signed_in_client(commune, make_staff(commune, email=f"head.beside.{commune.slug}@example.org"))
    with_staff.cookies["django_language"] = "en"
    response = with_staff.get(f"/statistics/network/{query}")
    return response.status_code, response.content.decode()


def test_the_office_sees_its_small_figures_but_not_the_small_figures_of_the_other_office(
    network: Network, commune_a: Commune, commune_b: Commune
) -> None:
    open_cases(commune_a, 3, answered=1)
    open_cases(commune_b, 2)  # the rest of the network, seen from A: 2 cases, fewer than k = 5
    extraction.extract_all([commune_a, commune_b], full=True)

    status, page = page_of(commune_a)
    assert status == 200
    assert network.name in page
    own, in_network = figures(page, "Cases received")
    assert own == "3"  # its own, below k, shown in full
    assert in_network == "—"  # 3 + 2 would tell A that B received 2
    assert figures(page, "Share answered")[0] == "33 %"
    assert "2 offices" in page
    assert commune_b.name not in page  # offices are never named on the commune's side


def test_the_networks_figures_include_the_others_when_they_are_many_enough(
    network: Network, commune_a: Commune, commune_b: Commune
) -> None:
    open_cases(commune_a, 3)
    open_cases(commune_b, 12, answered=6, women=True)
    extraction.extract_all([commune_a, commune_b], full=True)

    _status, page = page_of(commune_a)
    assert figures(page, "Cases received") == ["3", "15"]
    assert figures(page, "Share answered") == ["0 %", "40 %"]  # 6 of 15
    _status, page_b = page_of(commune_b)
    assert figures(page_b, "Cases received") == ["12", "—"]  # A's 3 are too few to add for B
    assert figures(page_b, "Women") == ["50 %", "—"]


def test_an_office_in_no_network_sees_its_figures_alone(commune_a: Commune) -> None:
    open_cases(commune_a, 2)
    extraction.extract(commune_a, full=True)
    status, page = page_of(commune_a)
    assert status == 200
    assert "belongs to no network yet" in page
    assert figures(page, "Cases received") == ["2"]


def test_the_page_is_for_the_offices_staff_only(network: Network, commune_a: Commune) -> None:
    anonymous = client_for(commune_a).get("/statistics/network/")
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    assert client_for(None).get("/statistics/network/").status_code == 404  # not on the platform's domain


@pytest.mark.parametrize(
    "query", ["?first=2026-13", "?first=2020-01&last=2026-01", "?first=2026-05&last=2026-01", "?last=%00"]
)
def test_a_bad_period_is_a_clear_error(network: Network, commune_a: Commune, query: str) -> None:
    status, page = page_of(commune_a, query)
    assert status == 400
    assert 'class="errorlist' in page or "error" in page
