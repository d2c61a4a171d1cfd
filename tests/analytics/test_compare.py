"""Coordinators compare the communes of their networks: figures equal the communes' own counts, minus
what disclosure control hides; nobody sees a network that is not theirs."""

from __future__ import annotations

import re
from datetime import date
from statistics import median

import pytest
from django.test import Client
from django.utils import timezone

from analytics import extraction
from analytics.forms import default_period
from cases.models import Case
from jisr.accounts.models import Role, User
from network import services
from network.models import Network
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.analytics.conftest import BAD_QUERIES, open_cases
from tests.conftest import PASSWORD, client_for, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def souss_massa(commune_a: Commune, commune_b: Commune) -> Network:
    """Aït Melloul (24 cases, 18 answered) and Nador (3 cases) in one network, facts extracted."""
    network = Network.objects.get(code="prim-souss-massa")
    services.join(commune=commune_a, network=network, on=date(2020, 1, 1))
    services.join(commune=commune_b, network=network, on=date(2020, 1, 1))
    open_cases(commune_a, 24, answered=18, women=True)
    open_cases(commune_b, 3)
    extraction.extract(commune_a, full=True)
    extraction.extract(commune_b, full=True)
    return network


def signed_in(role: str, networks: list[Network] = (), email: str = "") -> Client:  # type: ignore[assignment]
    account = User.objects.create_user(email or f"{role}.compare@jisr.test", PASSWORD, role=role)
    if networks:
        services.set_scope(user=account, networks=networks)
    client = client_for(None)
    client.force_login(account)
    client.cookies["django_language"] = "en"
    return client


def row_of(page: str, name: str) -> list[str]:
    row = re.search(rf'<th scope="row">{re.escape(name)}</th>(.*?)</tr>', page, re.S)
    assert row is not None, name
    return [cell.strip() for cell in re.findall(r"<td>(.*?)</td>", row.group(1), re.S)]


def test_a_coordinator_sees_the_communes_side_by_side_with_small_figures_hidden(
    souss_massa: Network, commune_a: Commune, commune_b: Commune
) -> None:
    client = signed_in(Role.COORDINATOR, [souss_massa])
    first = (timezone.localdate() - timezone.timedelta(days=200)).strftime("%Y-%m")
    response = client.get("/regional/compare/", {"first": first})
    assert response.status_code == 200
    page = response.content.decode()
    with schema_context(commune_a.schema_name):
        cases_a = list(Case.objects.filter(opened_on__gte=date.fromisoformat(first + "-01")))
    received, answered, median_days, _referred, _referrals_answered, women = row_of(
        page, commune_a.name_en or commune_a.name_fr
    )[:6]
    assert int(received) == len(cases_a) == 24
    share = round(100 * sum(c.answered_at is not None for c in cases_a) / len(cases_a))
    assert answered == f"{share} %" == "75 %"
    waits = [(timezone.localtime(c.answered_at).date() - c.opened_on).days for c in cases_a if c.answered_at]
    assert median_days == f"{median(waits):g}" == "30"
    assert women == "50 %"
    # Nador's three cases are fewer than k = 5: hidden, and hidden so that the total cannot give them away.
    assert row_of(page, commune_b.name_en or commune_b.name_fr)[0] == "—"
    assert "Figures counting fewer than 5 people are hidden" in page
    assert 'id="regional-data"' in page
    # The network's page leads here.
    assert 'href="/regional/compare/"' in client.get("/").content.decode()


def test_nobody_else_sees_the_network(souss_massa: Network, commune_a: Commune) -> None:
    name = commune_a.name_en or commune_a.name_fr
    other = signed_in(Role.COORDINATOR, [Network.objects.get(code="prim-oriental")], "other@jisr.test")
    elsewhere = other.get("/regional/compare/", {"network": souss_massa.code})
    assert elsewhere.status_code == 400  # not one of its networks: the choice is refused
    assert name not in elsewhere.content.decode()
    assert name not in other.get("/regional/compare/").content.decode()
    assert signed_in(Role.FUNDER, email="funder@jisr.test").get("/regional/compare/").status_code == 403
    assert client_for(None).get("/regional/compare/").status_code == 302  # to sign in
    # A commune's staff account does not exist on the platform's domain: signing in there fails.
    staff = make_staff(commune_a, email="head.compare@example.org")
    refused = client_for(None).post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert refused.status_code != 302
    # On the commune's own host there is no regional page at all.
    assert client_for(commune_a).get("/regional/compare/").status_code == 404


@pytest.mark.parametrize(
    "query",
    BAD_QUERIES,
)
def test_bad_filters_say_why_and_never_fail(souss_massa: Network, query: dict[str, str]) -> None:
    response = signed_in(Role.COORDINATOR, [souss_massa]).get("/regional/compare/", query)
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode() or "error" in response.content.decode()


def test_an_operator_sees_every_network_and_a_coordinator_without_one_is_told(souss_massa: Network) -> None:
    operator = signed_in(Role.OPERATOR, email="operator@jisr.test")
    assert operator.get("/regional/compare/", {"network": "prim-oriental"}).status_code == 200
    lonely = signed_in(Role.COORDINATOR, email="lonely@jisr.test")
    page = lonely.get("/regional/compare/").content.decode()
    assert "Your account follows no network yet." in page


@pytest.mark.parametrize(
    ("today", "first", "last"),
    [
        (date(2026, 11, 25), date(2025, 12, 1), date(2026, 11, 1)),
        (date(2027, 1, 3), date(2026, 2, 1), date(2027, 1, 1)),
    ],
)
def test_the_default_period_is_the_last_twelve_months(today: date, first: date, last: date) -> None:
    assert default_period(today) == (first, last)


def test_the_form_shows_the_period_it_shows(souss_massa: Network) -> None:
    page = signed_in(Role.COORDINATOR, [souss_massa]).get("/regional/compare/").content.decode()
    first, last = default_period(timezone.localdate())
    assert f'value="{first:%Y-%m}"' in page
    assert f'value="{last:%Y-%m}"' in page


def test_communes_are_ranked_by_a_figure_with_hidden_ones_last_and_ties_sharing_a_rank(
    souss_massa: Network, commune_a: Commune, commune_b: Commune
) -> None:
    client = signed_in(Role.COORDINATOR, [souss_massa])
    page = client.get(f"/regional/compare/?network={souss_massa.code}&rank=received").content.decode()
    names = re.findall(r'<th scope="row">(.*?)</th>', page)
    assert names == [commune_a.name, commune_b.name]  # 24 cases first; Nador's 3 are hidden
    ranks = {name: rank for rank, name in re.findall(r'<td>([^<]*)</td>\s*<th scope="row">(.*?)</th>', page)}
    assert ranks == {commune_a.name: "1", commune_b.name: "—"}
    by_days = client.get(f"/regional/compare/?network={souss_massa.code}&rank=median_days")
    assert by_days.status_code == 200
    assert client.get(f"/regional/compare/?network={souss_massa.code}&rank=nonsense").status_code == 400


def test_ranking_puts_fewer_days_first_and_gives_ties_one_rank() -> None:
    from analytics.selectors import CommuneRow, ranked

    rows = [
        CommuneRow(commune=Commune(name_fr=name, slug=name), median_days=days)
        for name, days in [("A", 9.0), ("B", 3.0), ("C", None), ("D", 3.0)]
    ]
    result = ranked(rows, "median_days", more_is_better=False)
    assert [(row.commune.slug, row.rank) for row in result] == [("B", 1), ("D", 1), ("A", 3), ("C", None)]


def test_a_coordinator_compares_the_communes_of_all_its_networks_together(
    souss_massa: Network, commune_a: Commune, commune_b: Commune
) -> None:
    oriental = Network.objects.get(code="prim-oriental")
    services.leave(commune=commune_b, network=souss_massa)
    services.join(commune=commune_b, network=oriental, on=date(2020, 1, 1))
    both = signed_in(Role.COORDINATOR, [souss_massa, oriental])
    page = both.get("/regional/compare/", {"network": ""})
    assert page.status_code == 200
    body = page.content.decode()
    assert "All my networks" in body
    assert re.findall(r'<th scope="row">(.*?)</th>', body) == sorted([commune_a.name, commune_b.name])
    # One network's coordinator asking for "all" gets its own network only.
    one = signed_in(Role.COORDINATOR, [oriental], email="oriental.only@jisr.test")
    body = one.get("/regional/compare/", {"network": ""}).content.decode()
    assert re.findall(r'<th scope="row">(.*?)</th>', body) == [commune_b.name]
    api = both.get("/api/regional/comparison/", {"network": ""}).json()
    assert api["network"] == "all"
    assert {row["commune"] for row in api["rows"]} == {commune_a.slug, commune_b.slug}
