"""An office sees its own figures in full beside its networks', and a network's figures count every member, the
office included, each published by the cell key method: the same number whoever looks, never another office's
exact small numbers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

import pytest
from django.utils import timezone

from analytics import disclosure, extraction
from analytics.disclosure import Keyed
from analytics.forms import default_period
from cases.models import Case
from network import services
from network.models import Network
from tenants.cross_schema import schema_context
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


def cases_of(*communes: Commune) -> list[Case]:
    found: list[Case] = []
    for commune in communes:
        with schema_context(commune.schema_name):
            found += list(Case.objects.select_related("person"))
    return found


def network_count(cases: Iterable[Case]) -> int:
    """The published count of these cases over the page's period (the last twelve months): each calendar block's
    cell published from its records' keys, the blocks added up."""
    first, last = default_period(timezone.localdate())
    counts = disclosure.Counts.over(first, last)
    for case in cases:
        counts.add("cases", case.opened_on.replace(day=1), Keyed(1, case.record_key))
    return counts.published(["cases"])


def network_percent(part: Iterable[Case], whole: Iterable[Case]) -> str:
    """A network's share as the page shows it: from published counts, given on a published base of five."""
    shown = disclosure.share(network_count(part), network_count(whole))
    return "—" if shown is None else f"{round(shown * 100)} %"


def page_of(commune: Commune, query: str = "") -> tuple[int, str]:
    with_staff = signed_in_client(commune, make_staff(commune, email=f"head.beside.{commune.slug}@example.org"))
    with_staff.cookies["django_language"] = "en"
    response = with_staff.get(f"/statistics/network/{query}")
    return response.status_code, response.content.decode()


def test_the_office_sees_its_small_figures_in_full_and_the_networks_published(
    network: Network, commune_a: Commune, commune_b: Commune
) -> None:
    open_cases(commune_a, 3, answered=1)
    open_cases(commune_b, 2)  # the rest of the network, seen from A: 2 cases, a small number
    extraction.extract_all([commune_a, commune_b], full=True)
    everyone = cases_of(commune_a, commune_b)
    blocks = disclosure.blocks(*default_period(timezone.localdate()))

    status, page = page_of(commune_a)
    assert status == 200
    assert network.name in page
    own, in_network = figures(page, "Cases received")
    assert own == "3"  # its own, small, shown in full
    # The network's is the published cell of all five cases, not 3 + 2: A can only learn B's "about 2".
    assert int(in_network) == network_count(everyone)
    assert abs(int(in_network) - 5) <= disclosure.table().parameters.maximum * len(blocks)
    answered = [case for case in everyone if case.answered_at is not None]
    assert figures(page, "Share answered") == ["33 %", network_percent(answered, everyone)]
    assert "2 offices" in page
    assert commune_b.name not in page  # offices are never named on the commune's side


def test_the_networks_figures_count_every_member_and_are_the_same_for_each(
    network: Network, commune_a: Commune, commune_b: Commune
) -> None:
    open_cases(commune_a, 3)
    open_cases(commune_b, 12, answered=6, women=True)
    extraction.extract_all([commune_a, commune_b], full=True)
    everyone = cases_of(commune_a, commune_b)
    answered = [case for case in everyone if case.answered_at is not None]
    women = [case for case in everyone if case.person.sex == "female"]
    received = str(network_count(everyone))

    _status, page = page_of(commune_a)
    assert figures(page, "Cases received") == ["3", received]
    assert figures(page, "Share answered") == ["0 %", network_percent(answered, everyone)]  # about 6 of 15
    # B sees the same network figures: the same records, so the same cells and the same numbers.
    _status, page_b = page_of(commune_b)
    assert figures(page_b, "Cases received") == ["12", received]
    assert figures(page_b, "Share answered") == ["50 %", network_percent(answered, everyone)]
    assert figures(page_b, "Women") == ["50 %", network_percent(women, everyone)]
    assert figures(page, "Women")[1] == figures(page_b, "Women")[1]


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
