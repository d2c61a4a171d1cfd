"""Coordinators compare the communes of their networks: every count is the communes' own count published by
the cell key method (within D of the truth for one calendar block, a true zero kept, the same cell always the
same number), a figure a filter cannot follow is left out and said so; nobody sees a network that is not theirs."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from analytics import disclosure, extraction, selectors
from analytics.dimensions import DAYS_CAP
from analytics.disclosure import Counts, Keyed
from analytics.forms import default_period, months_before
from analytics.models import AnswerTimeFact, CaseFact, PeopleFact
from cases.models import Case
from cases.services import cases as case_services
from jisr.accounts.models import Role, User
from network import services
from network.models import Network
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.analytics.conftest import BAD_QUERIES, open_cases
from tests.cases.conftest import category, person
from tests.conftest import PASSWORD, client_for, make_staff

pytestmark = pytest.mark.django_db

D = disclosure.table().parameters.maximum
API = "/api/regional/comparison/"
# What the comparison counts people by (selectors.comparison: the women's share rests on all three).
SEXES = ("female", "male", "")


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


def this_month() -> date:
    return timezone.localdate().replace(day=1)


@dataclass(frozen=True)
class Published:
    """A commune's figures over a period as the cell key method must publish them, with the truth beside."""

    received: int
    answered: int
    answered_share: float | None
    median_days: float | None
    women_share: float | None
    true_received: int
    true_answered: int
    blocks: int  # the period's calendar blocks that hold some of its cases
    trend: dict[date, tuple[int, int]]  # month: (true, published) cases received, each month a cell of its own


def from_records(commune: Commune, first: date, last: date) -> Published:
    """Computed from the commune's cases and their own record keys, block by block, as analytics.disclosure
    describes it: neither through the facts nor through analytics.selectors."""
    with schema_context(commune.schema_name):
        cases = list(Case.objects.values_list("opened_on", "answered_at", "record_key", "person__sex"))
    counts, days, sexes = Counts.over(first, last), Counts.over(first, last), Counts.over(first, last)
    months = selectors.Period(first, last).months
    monthly = Counts.each_month(months)
    for opened_on, answered_at, record_key, sex in cases:
        month, keyed = opened_on.replace(day=1), Keyed(1, record_key)
        counts.add("received", month, keyed)
        monthly.add("received", month, keyed)
        sexes.add(sex, month, keyed)
        if answered_at is not None:
            counts.add("answered", month, keyed)
            wait = (timezone.localtime(answered_at).date() - opened_on).days
            days.add(min(max(wait, 0), DAYS_CAP), month, keyed)
    received, answered = counts.published(["received"]), counts.published(["answered"])
    by_month = monthly.cells.get("received", {})
    return Published(
        received=received,
        answered=answered,
        answered_share=disclosure.share(answered, received),
        median_days=disclosure.median({value: days.published([value]) for value in days.labels()}),
        women_share=disclosure.share(sexes.published(["female"]), sexes.published(SEXES)),
        true_received=counts.true_count(["received"]),
        true_answered=counts.true_count(["answered"]),
        blocks=len(counts.keyed(["received"])),
        trend={
            month: (cell.count, disclosure.publish(cell))
            for month, cell in ((month, by_month.get((month, month), disclosure.ZERO)) for month in months)
        },
    )


def share_cell(share: float | None) -> str:
    """A share as the page shows it (compare.html: widthratio, a whole percent)."""
    return "—" if share is None else f"{round(100 * share)} %"


def assert_days_cell(cell: str, median_days: float | None) -> None:
    """A median as the page shows it; none: no figure at all (compare.html passes "—" through floatformat,
    which makes it an empty cell)."""
    if median_days is None:
        assert not re.search(r"\d", cell), cell
    else:
        assert cell == f"{median_days:g}"


def open_cases_of(commune: Commune, code: str, how_many: int, *, answered: int = 0) -> None:
    """Cases of one person each in category `code`, by visit, opened this month and the last; the first
    `answered` of them answered."""
    with schema_context(commune.schema_name):
        agent = make_staff(commune, email=f"agent.{commune.slug}.{code}@example.org")
        today = timezone.localdate()
        for number in range(how_many):
            case = case_services.open_case(
                actor=agent,
                person=person(agent, sex="female", last_name_latin=f"{code}{number}"),
                kind="request",
                category=category(code),
                channel="visit",
                subject="Papers",
                opened_on=today - timezone.timedelta(days=30 * (number % 2)),
            )
            if number < answered:
                case_services.transition_case(actor=agent, case=case, to_status=Case.Status.ANSWERED)


def test_a_coordinator_sees_the_communes_side_by_side_every_count_published_by_the_cell_key_method(
    souss_massa: Network, commune_a: Commune, commune_b: Commune
) -> None:
    client = signed_in(Role.COORDINATOR, [souss_massa])
    first = (timezone.localdate() - timezone.timedelta(days=200)).replace(day=1)
    response = client.get("/regional/compare/", {"first": f"{first:%Y-%m}"})
    assert response.status_code == 200
    page = response.content.decode()
    blocks = disclosure.blocks(first, this_month())

    a = from_records(commune_a, first, this_month())
    assert (a.true_received, a.true_answered) == (24, 18)
    received, answered, median_days, referred, _referrals_answered, women, satisfaction, *transfers = row_of(
        page, commune_a.name_en or commune_a.name_fr
    )
    assert transfers == ["0", "0"]  # no transfer between offices: true zeros
    # Aït Melloul's counts are its records' counts published block by block, each block at most D off.
    assert int(received) == a.received
    assert abs(a.received - 24) <= D * a.blocks <= D * len(blocks)
    assert answered == share_cell(a.answered_share)
    assert a.answered_share == disclosure.share(a.answered, a.received)  # from published counts only
    assert_days_cell(median_days, a.median_days)
    assert women == share_cell(a.women_share)
    # No referral, no survey: a true zero is published as zero, and a mean of nothing is not given.
    assert (referred, satisfaction) == ("0", "—")

    # Nador's three cases are no longer hidden: published like any count, perturbed, never negative.
    b = from_records(commune_b, first, this_month())
    assert (b.true_received, b.true_answered) == (3, 0)
    received, answered, median_days, referred, _referrals_answered, women, satisfaction, *_transfers = row_of(
        page, commune_b.name_en or commune_b.name_fr
    )
    assert int(received) == b.received
    assert 0 <= b.received <= 3 + D * b.blocks
    # None answered: zero stays zero, so its share is 0 % when its base is published as MIN_BASE or more.
    assert b.answered == 0
    assert answered == ("0 %" if b.received >= disclosure.MIN_BASE else "—")
    assert_days_cell(median_days, None)  # nothing answered: no median
    assert (referred, satisfaction) == ("0", "—")
    assert women == share_cell(b.women_share)

    assert "Published by the cell key method" in page
    assert f"at most {D} either way" in page
    # The period is cut into calendar blocks; the page says so when there are several.
    assert ("calendar parts" in page) == (len(blocks) > 1)
    assert 'id="regional-data"' in page
    # The trend is one cell per month.
    charts = re.search(r'<script id="regional-data" type="application/json">(.*?)</script>', page)
    assert charts is not None
    data = json.loads(charts.group(1))
    assert data["trend"][commune_a.name] == [published for _true, published in a.trend.values()]
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


def expected_ranks(values: dict[str, float | None], *, more_is_better: bool) -> list[tuple[str, str]]:
    """(name, rank as the page shows it), best first; equal figures share a rank; no figure: last, by name, "—"."""
    shown = sorted(
        ((name, value) for name, value in values.items() if value is not None),
        key=lambda item: (-item[1] if more_is_better else item[1], item[0]),
    )
    ranks: list[tuple[str, str]] = []
    for position, (name, value) in enumerate(shown, start=1):
        tied = position > 1 and shown[position - 2][1] == value
        ranks.append((name, ranks[-1][1] if tied else str(position)))
    return ranks + [(name, "—") for name in sorted(name for name, value in values.items() if value is None)]


def test_communes_are_ranked_by_a_figure_with_absent_ones_last_and_ties_sharing_a_rank(
    souss_massa: Network, commune_a: Commune, commune_b: Commune
) -> None:
    client = signed_in(Role.COORDINATOR, [souss_massa])
    first, last = default_period(timezone.localdate())
    figures = {commune.name: from_records(commune, first, last) for commune in (commune_a, commune_b)}

    def ranking(rank: str) -> list[tuple[str, str]]:
        page = client.get(f"/regional/compare/?network={souss_massa.code}&rank={rank}").content.decode()
        return [(name, rank) for rank, name in re.findall(r'<td>([^<]*)</td>\s*<th scope="row">(.*?)</th>', page)]

    # By cases received: every commune has a published count now, Nador's three cases included.
    by_received = ranking("received")
    assert by_received == expected_ranks(
        {name: published.received for name, published in figures.items()}, more_is_better=True
    )
    assert all(rank != "—" for _name, rank in by_received)
    # By days to answer, fewer first: Nador answered nothing, so it has no median and comes last, unranked.
    by_days = ranking("median_days")
    assert by_days == expected_ranks(
        {name: published.median_days for name, published in figures.items()}, more_is_better=False
    )
    assert by_days[-1] == (commune_b.name, "—")
    # By satisfaction: no survey anywhere, so nobody is ranked, and the communes keep their names' order.
    assert ranking("satisfaction") == [(commune_a.name, "—"), (commune_b.name, "—")]
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


def test_a_month_a_quarter_or_a_year_is_one_block_and_every_count_is_within_d_of_the_truth(
    souss_massa: Network, commune_a: Commune, commune_b: Commune
) -> None:
    month = this_month()
    quarter = month.replace(month=(month.month - 1) // 3 * 3 + 1)
    one_block = [
        (month, month),
        (months_before(month, 2), months_before(month, 2)),
        (quarter, months_before(quarter, -2)),
        (month.replace(month=1), month.replace(month=12)),
    ]
    for first, last in one_block:
        result = selectors.comparison([commune_a, commune_b], selectors.Filters(selectors.Period(first, last)))
        assert result.one_block, (first, last)
        for row in result.rows:
            truth = from_records(row.commune, first, last)
            assert (row.received, row.answered) == (truth.received, truth.answered)
            for published, true in ((row.received, truth.true_received), (row.answered, truth.true_answered)):
                assert published is not None
                assert published >= 0
                assert abs(published - true) <= D, (first, last, row.commune.slug)
                if true == 0:
                    assert published == 0  # zeros stay zeros
            for true, published in truth.trend.values():  # each month a cell of its own
                assert abs(published - true) <= D
                assert published == 0 if true == 0 else published >= 0
            assert result.trend[row.commune.name] == [published for _true, published in truth.trend.values()]
            assert row.referred == 0  # no referral anywhere: a true zero
        # The countries of the people received: every cell within D of the facts' count, zero where nobody.
        people = PeopleFact.objects.filter(commune__in=[commune_a, commune_b], month__gte=first, month__lte=last)
        assert result.countries is not None
        for country in result.countries.columns:
            true = sum(people.filter(country_group=country).values_list("count", flat=True))
            cell = result.countries.cells[result.countries.rows[0], country]
            assert abs(cell - true) <= D
            assert cell == 0 if true == 0 else cell >= 0
    # A period of several blocks adds up their published counts: at most D off per block.
    first = months_before(month, 13)
    result = selectors.comparison([commune_a], selectors.Filters(selectors.Period(first, month)))
    assert not result.one_block
    truth = from_records(commune_a, first, month)
    assert result.rows[0].received == truth.received
    assert abs(truth.received - truth.true_received) <= D * truth.blocks


def test_a_category_filter_follows_the_cases_and_leaves_out_what_it_cannot_follow(
    souss_massa: Network, commune_a: Commune, commune_b: Commune
) -> None:
    open_cases_of(commune_a, "civil_status", 7, answered=5)
    extraction.extract(commune_a, full=True)
    first, last = default_period(timezone.localdate())
    client = signed_in(Role.COORDINATOR, [souss_massa])
    truths = {
        "foreign_pension": {commune_a.pk: 24, commune_b.pk: 3},
        "civil_status": {commune_a.pk: 7, commune_b.pk: 0},
    }
    for code, true_received in truths.items():
        filters = selectors.Filters(selectors.Period(first, last), category=code)
        result = selectors.comparison([commune_a, commune_b], filters)
        for row in result.rows:
            # Received, answered and the median follow the filter: the facts of that category, published.
            cases = CaseFact.objects.filter(commune=row.commune, category=code)
            counts = Counts.over(first, last)
            for fact in cases:
                counts.add("received", fact.month, Keyed(fact.count, fact.key_sum % disclosure.MODULUS))
                counts.add("answered", fact.month, Keyed(fact.answered, fact.answered_key_sum % disclosure.MODULUS))
            days = Counts.over(first, last)
            for fact in AnswerTimeFact.objects.filter(commune=row.commune, category=code):
                days.add(fact.days, fact.month, Keyed(fact.count, fact.key_sum % disclosure.MODULUS))
            assert row.received == counts.published(["received"])
            assert row.answered == counts.published(["answered"])
            assert row.answered_share == disclosure.share(row.answered, row.received)
            assert row.median_days == disclosure.median({d: days.published([d]) for d in days.labels()})
            assert counts.true_count(["received"]) == true_received[row.commune.pk]
            # What is not counted by category is not given at all, whatever the data.
            assert (row.referred, row.referrals_answered_share, row.women_share, row.satisfaction) == (None,) * 4
        # Nador has no civil-status case: a true zero, published as zero.
        if code == "civil_status":
            nador = next(row for row in result.rows if row.commune == commune_b)
            assert (nador.received, nador.answered, nador.median_days) == (0, 0, None)
            aitmelloul = next(row for row in result.rows if row.commune == commune_a)
            assert abs(aitmelloul.received - 7) <= D * len(result.blocks)
        assert result.absent == selectors.UNFILTERED
        assert set(result.absent) == {
            "referred",
            "referrals_answered_share",
            "women_share",
            "satisfaction",
            "countries",
            "generations",
        }
        assert (result.countries, result.generations) == (None, None)

        # The API says the same: the figures as null, and which ones in `absent`.
        body = client.get(API, {"network": souss_massa.code, "category": code}).json()
        assert body["absent"] == list(selectors.UNFILTERED)
        assert (body["countries"], body["generations"]) == (None, None)
        rows = {row["commune"]: row for row in body["rows"]}
        for row in result.rows:
            got = rows[row.commune.slug]
            assert (got["received"], got["answered"], got["median_days"]) == (
                row.received,
                row.answered,
                row.median_days,
            )
            assert [got[name] for name in selectors.UNFILTERED if name in got] == [None] * 4
        assert "referrals, women, satisfaction, countries and generations are left out" in body["disclosure"]["note"]

    # A channel filter cannot follow them either; without a filter nothing is absent.
    assert (
        selectors.comparison([commune_a], selectors.Filters(selectors.Period(first, last), channel="visit")).absent
        == selectors.UNFILTERED
    )
    unfiltered = client.get(API, {"network": souss_massa.code}).json()
    assert unfiltered["absent"] == []
    assert unfiltered["countries"] is not None
    assert all(row["referred"] == 0 for row in unfiltered["rows"])
    # The page leaves out the charts of countries and generations, and says why.
    page = client.get("/regional/compare/", {"category": "civil_status"}).content.decode()
    assert "chart-countries" not in page
    assert "chart-generations" not in page
    assert "are left out: they are not counted by category or channel" in page
    assert "chart-countries" in client.get("/regional/compare/").content.decode()


def page_cells(row: dict[str, Any]) -> list[str | None]:
    """An API row as the comparison page shows it; None where the page shows no figure (see assert_days_cell)."""
    return [
        "—" if row["received"] is None else str(row["received"]),
        share_cell(row["answered_share"]),
        None if row["median_days"] is None else f"{row['median_days']:g}",
        "—" if row["referred"] is None else str(row["referred"]),
        share_cell(row["referrals_answered_share"]),
        share_cell(row["women_share"]),
        "—" if row["satisfaction"] is None else f"{row['satisfaction']:.1f}/5",
        str(row["transferred_in"]),
        str(row["transferred_out"]),
    ]


def csv_cells(row: dict[str, Any]) -> list[str]:
    """An API row as the CSV file writes it (exports.commune_line): shares in percent, None empty."""

    def percent(share: float | None) -> str:
        return "" if share is None else str(round(100 * share, 1))

    def plain(value: object) -> str:
        return "" if value is None else str(value)

    return [
        plain(row["received"]),
        plain(row["answered"]),
        percent(row["answered_share"]),
        plain(row["median_days"]),
        plain(row["referred"]),
        percent(row["referrals_answered_share"]),
        percent(row["women_share"]),
        plain(None if row["satisfaction"] is None else round(row["satisfaction"], 2)),
        plain(row["transferred_in"]),
        plain(row["transferred_out"]),
    ]


def test_the_same_question_gets_the_same_answer_on_the_page_in_the_api_and_in_the_file(
    souss_massa: Network, commune_a: Commune, commune_b: Commune
) -> None:
    client = signed_in(Role.COORDINATOR, [souss_massa])
    # Several calendar blocks, so that each figure is a sum of published cells.
    query = {"network": souss_massa.code, "first": f"{months_before(this_month(), 7):%Y-%m}"}
    answer = client.get(API, query).json()
    assert len(answer["disclosure"]["blocks"]) > 1
    # Asking again gains nothing: the same cells give the same numbers.
    assert client.get(API, query).json() == answer
    communes = [commune_a, commune_b]
    filters = selectors.Filters(selectors.Period(months_before(this_month(), 7), this_month()))
    once, again = selectors.comparison(communes, filters), selectors.comparison(communes, filters)
    assert [vars(row) for row in once.rows] == [vars(row) for row in again.rows]
    assert (once.trend, once.countries, once.generations) == (again.trend, again.countries, again.generations)
    # Nor does recounting the facts from the records (the nightly full run): the key sums are exact.
    extraction.extract(commune_a, full=True)
    extraction.extract(commune_b, full=True)
    assert client.get(API, query).json() == answer

    # The page and the CSV file show the API's numbers.
    page = client.get("/regional/compare/", query).content.decode()
    lines = list(csv.reader(io.StringIO(client.get("/regional/compare/export.csv", query).content.decode("utf-8-sig"))))
    by_code = {line[1]: line for line in lines[1:] if len(line) > 1}
    assert len(answer["rows"]) == 2
    for row in answer["rows"]:
        shown, expected = row_of(page, row["name"]), page_cells(row)
        assert_days_cell(shown[2], row["median_days"])
        assert [cell for cell, wanted in zip(shown, expected, strict=True) if wanted is not None] == [
            wanted for wanted in expected if wanted is not None
        ]
        assert by_code[row["commune"]][2:] == csv_cells(row)
    assert any(row["received"] for row in answer["rows"])


def test_a_communes_figures_are_the_same_in_its_network_and_in_all_my_networks(
    souss_massa: Network, commune_a: Commune, commune_b: Commune
) -> None:
    oriental = Network.objects.get(code="prim-oriental")
    services.leave(commune=commune_b, network=souss_massa)
    services.join(commune=commune_b, network=oriental, on=date(2020, 1, 1))
    client = signed_in(Role.COORDINATOR, [souss_massa, oriental])
    query = {"first": f"{months_before(this_month(), 4):%Y-%m}"}
    together = client.get(API, {**query, "network": ""}).json()
    assert {row["commune"] for row in together["rows"]} == {commune_a.slug, commune_b.slug}
    for network, commune in ((souss_massa, commune_a), (oriental, commune_b)):
        alone = client.get(API, {**query, "network": network.code}).json()
        assert [row["commune"] for row in alone["rows"]] == [commune.slug]
        # The same records, so the same keys, so the same numbers, whichever communes stand beside it.
        assert alone["rows"] == [row for row in together["rows"] if row["commune"] == commune.slug]
        assert alone["trend"] == [series for series in together["trend"] if series["commune"] == commune.slug]
    # And the same as computed from its own records.
    for row in together["rows"]:
        commune = commune_a if row["commune"] == commune_a.slug else commune_b
        assert row["received"] == from_records(commune, months_before(this_month(), 4), this_month()).received
