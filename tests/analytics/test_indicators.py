"""Funders follow their programmes' indicators: actual values are the communes' own counts published by the cell
key method (shares, medians and means from published counts, given on a published base of at least five), next
to the programme's yearly targets; nobody sees a programme that is not theirs."""

from __future__ import annotations

import csv
import io
import itertools
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from analytics import disclosure, extraction, funding, indicators
from analytics.disclosure import Keyed, publish
from analytics.funder_exports import safe
from analytics.models import Target
from cases.models import Case
from cases.portal.models import Survey
from jisr.accounts.models import Role, User
from network import services
from network.models import Network, Programme
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.analytics.conftest import open_cases
from tests.conftest import PASSWORD, client_for, make_staff

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
D = disclosure.table().parameters.maximum  # no published count of one cell is further from the truth
_accounts = itertools.count()


@pytest.fixture
def prim(commune_a: Commune, commune_b: Commune) -> Programme:
    """PRIM: Aït Melloul (24 cases, 18 answered, half by women) in its Souss-Massa network and Nador (3 cases)
    in its Oriental one, members for years; facts extracted."""
    services.join(commune=commune_a, network=Network.objects.get(code="prim-souss-massa"), on=date(2020, 1, 1))
    services.join(commune=commune_b, network=Network.objects.get(code="prim-oriental"), on=date(2020, 1, 1))
    open_cases(commune_a, 24, answered=18, women=True)
    open_cases(commune_b, 3)
    extraction.extract(commune_a, full=True)
    extraction.extract(commune_b, full=True)
    return Programme.objects.get(code="prim")


def cases_in(commune: Commune, *, since: date | None = None) -> list[Case]:
    with schema_context(commune.schema_name):
        cases = Case.objects.filter(opened_on__year=YEAR).select_related("person")
        return list(cases.filter(opened_on__gte=since) if since else cases)


def signed_in(
    role: str, *, programmes: list[Programme] = (), networks: list[Network] = (), language: str = "en"
) -> Client:  # type: ignore[assignment]
    account = User.objects.create_user(f"{role}.{next(_accounts)}@jisr.test", PASSWORD, role=role)
    if programmes or networks:
        services.set_scope(user=account, programmes=programmes, networks=networks)
    client = client_for(None)
    client.force_login(account)
    client.cookies["django_language"] = language
    return client


def value_of(values: list[funding.IndicatorValue], slug: str) -> funding.IndicatorValue:
    return next(value for value in values if value.indicator.slug == slug)


def keyed(cases: Iterable[Case]) -> Keyed:
    """The true count of these cases and the sum of their record keys: the cell they are published from."""
    return disclosure.total(Keyed(1, case.record_key) for case in cases)


def published(cases: Iterable[Case]) -> int:
    """The published count of these cases, as one cell (a year, or a month, is one calendar block)."""
    cases = list(cases)
    count = publish(keyed(cases))
    assert count >= 0
    assert abs(count - len(cases)) <= D
    if not cases:
        assert count == 0  # zeros stay zeros (a small count may be published as 0 too: row 1 reaches 1 - 1)
    return count


def percent(part: Iterable[Case], whole: Iterable[Case]) -> float | None:
    """part ÷ whole in percent, from their published counts, when the published whole is at least MIN_BASE."""
    shown = disclosure.share(published(part), published(whole))
    return None if shown is None else 100 * shown


def answered_on(case: Case) -> date:
    return timezone.localtime(case.answered_at).date()


# --- The figures ------------------------------------------------------------------------


def test_every_indicator_has_a_formula_and_a_stable_code() -> None:
    assert set(funding.FORMULAS) == {indicator.slug for indicator in indicators.INDICATORS}
    codes = [indicator.code for indicator in indicators.INDICATORS]
    assert codes == [f"JSR-{n:02d}" for n in range(1, len(codes) + 1)]
    for indicator in indicators.INDICATORS:
        assert set(indicator.disaggregations) <= set(indicators.DIMENSIONS)
        assert indicator.unit in indicators.UNITS


def test_the_values_are_the_communes_own_counts_published(
    prim: Programme, commune_a: Commune, commune_b: Commune
) -> None:
    cases = cases_in(commune_a) + cases_in(commune_b)
    values = funding.indicator_values(prim, YEAR)

    # A count is the year's cell of the records it counts: within D of the truth.
    assert value_of(values, "received").actual == published(cases)
    assert value_of(values, "received").why is None
    # Shares, the median and the mean come from published counts; their bases here are well above MIN_BASE.
    answered = [case for case in cases if case.answered_at is not None]
    assert value_of(values, "answered_share").actual == pytest.approx(percent(answered, cases))
    in_time = [case for case in answered if answered_on(case) <= case.due_on]
    assert value_of(values, "answered_in_time_share").actual == pytest.approx(percent(in_time, answered))
    by_wait: dict[int, list[Case]] = defaultdict(list)
    for case in answered:
        by_wait[max((answered_on(case) - case.opened_on).days, 0)].append(case)
    spread = {days: published(waited) for days, waited in by_wait.items()}
    assert value_of(values, "median_days_to_answer").actual == disclosure.median(spread)
    assert value_of(values, "median_days_to_answer").actual in {
        *by_wait,
        *((a + b) / 2 for a in by_wait for b in by_wait),
    }
    women = [case for case in cases if case.person.sex == "female"]
    assert value_of(values, "women_share").actual == pytest.approx(percent(women, cases))
    assert value_of(values, "active_communes").actual == 2  # offices, not people: not perturbed
    # No referral, no survey: a zero stays a zero, and there is nothing to compute a share or a mean on.
    assert value_of(values, "referrals_sent").actual == 0
    assert (value_of(values, "referrals_answered_share").actual, value_of(values, "referrals_answered_share").why) == (
        None,
        funding.EMPTY,
    )
    assert value_of(values, "satisfaction_mean").why == funding.EMPTY

    # Each value of a disaggregation, and each month, is a cell of its own, published from its own records.
    sexes = value_of(values, "received").breakdowns[0]
    assert sexes.dimension == "sex"
    assert {code for code, _name, _n in sexes.rows} >= {"female", "male", ""}
    for code, _name, n in sexes.rows:
        assert n == published(case for case in cases if case.person.sex == code), code
    monthly = value_of(values, "received").monthly
    assert len(monthly) == 12
    for month, n in enumerate(monthly, start=1):
        assert n == published(case for case in cases if case.opened_on.month == month), month
    assert any(monthly)


def test_a_commune_counts_only_in_the_months_it_was_a_member(commune_a: Commune, commune_b: Commune) -> None:
    this_month = timezone.localdate().replace(day=1)
    network = Network.objects.get(code="prim-oriental")
    services.join(commune=commune_b, network=network, on=this_month)
    open_cases(commune_b, 12)
    extraction.extract(commune_b, full=True)
    values = funding.indicator_values(Programme.objects.get(code="prim"), YEAR, networks=[network])
    since = cases_in(commune_b, since=this_month)
    assert len(since) < len(cases_in(commune_b))
    received = value_of(values, "received")
    assert received.actual == published(since)
    # Before it joined, the commune counts for nothing: zeros, which stay zeros. Its one month of membership
    # holds the same records as the year, so it is the same cell and the same number.
    before = this_month.month - 1
    assert received.monthly[:before] == [0] * before
    assert received.monthly[before] == received.actual


def test_a_figure_on_fewer_than_five_published_is_not_given_with_the_reason(commune_b: Commune) -> None:
    """One case, answered: every count is published (as some number from 0 to 1 + D), but a share or median of a
    published base below MIN_BASE is not given, and says why."""
    oriental = Network.objects.get(code="prim-oriental")
    services.join(commune=commune_b, network=oriental, on=date(2020, 1, 1))
    open_cases(commune_b, 1, answered=1)
    extraction.extract(commune_b, full=True)
    cases = cases_in(commune_b)
    assert len(cases) == 1
    values = funding.indicator_values(Programme.objects.get(code="prim"), YEAR, networks=[oriental])

    received = value_of(values, "received")
    assert (received.actual, received.why) == (published(cases), None)  # a count is never withheld
    assert publish(keyed(cases)) < disclosure.MIN_BASE  # row 1 of the table reaches 1 + D = 4 at most
    for slug in ("answered_share", "answered_in_time_share", "median_days_to_answer", "women_share"):
        figure = value_of(values, slug)
        assert (figure.actual, figure.why, figure.progress) == (None, funding.HIDDEN, None), slug
    sexes = {code: n for code, _name, n in received.breakdowns[0].rows}
    assert sexes["male"] == published(cases)
    assert sexes["female"] == 0
    assert value_of(values, "active_communes").actual == 1  # offices, not people: never perturbed nor withheld

    client = signed_in(Role.COORDINATOR, networks=[oriental])
    page = client.get("/regional/indicators/", {"programme": "prim", "year": YEAR}).content.decode()
    assert str(funding.HIDDEN_REASON % {"base": disclosure.MIN_BASE}) in page


def test_targets_give_the_progress(prim: Programme, commune_a: Commune, commune_b: Commune) -> None:
    cases = cases_in(commune_a) + cases_in(commune_b)
    target = 2 * len(cases)
    Target.objects.create(programme=prim, indicator="JSR-01", year=YEAR, value=Decimal(target), note="logframe")
    Target.objects.create(programme=prim, indicator="JSR-09", year=YEAR, value=Decimal(1))
    values = funding.indicator_values(prim, YEAR)
    assert value_of(values, "received").target == target
    # The progress is the published figure's: about half way, within D cases of it.
    assert value_of(values, "received").progress == pytest.approx(published(cases) / target)
    assert abs(value_of(values, "received").progress - 0.5) <= D / target
    assert value_of(values, "received").target_note == "logframe"
    assert value_of(values, "active_communes").progress == 2.0  # twice the target: capped there
    assert value_of(values, "active_communes").progress_bar == 1.0
    assert value_of(values, "answered_share").progress is None  # no target


@pytest.mark.parametrize(
    ("actual", "target", "higher", "expected"),
    [
        (30, Decimal(15), False, 0.5),  # days: fifteen aimed at, thirty taken
        (10, Decimal(20), False, 2.0),  # twice as fast as aimed: capped there
        (0, Decimal(0), True, 1.0),
        (5, Decimal(0), True, funding.PROGRESS_CAP),
        (None, Decimal(3), True, None),
    ],
)
def test_progress_towards_a_target(actual: float | None, target: Decimal, higher: bool, expected: float | None) -> None:
    assert funding.progress(actual, target, higher_is_better=higher) == expected


def test_a_target_is_in_its_indicators_unit(prim: Programme) -> None:
    with pytest.raises(ValidationError):
        Target(programme=prim, indicator="JSR-02", year=YEAR, value=Decimal(120)).full_clean()
    with pytest.raises(ValidationError):
        Target(programme=prim, indicator="JSR-01", year=YEAR, value=Decimal("10.5")).full_clean()
    with pytest.raises(ValidationError):
        Target(programme=prim, indicator="JSR-99", year=YEAR, value=Decimal(1)).full_clean()
    Target(programme=prim, indicator="JSR-02", year=YEAR, value=Decimal(75)).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(programme=prim, indicator="JSR-08", year=YEAR, value=Decimal(6))
    Target.objects.create(programme=prim, indicator="JSR-08", year=YEAR, value=Decimal(4))
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(programme=prim, indicator="JSR-08", year=YEAR, value=Decimal(3))


# --- Who sees what -------------------------------------------------------------------------


def test_a_funder_sees_its_programme_actual_against_target(prim: Programme, commune_a: Commune) -> None:
    Target.objects.create(programme=prim, indicator="JSR-01", year=YEAR, value=Decimal(54))
    client = signed_in(Role.FUNDER, programmes=[prim])
    response = client.get("/regional/indicators/")
    assert response.status_code == 200
    page = response.content.decode()
    assert prim.name_en in page
    assert "JSR-01" in page
    assert "Cases received" in page
    assert "<details>" in page
    assert "<progress" in page
    assert 'id="indicators-data"' in page
    assert "/static/jisr/indicators." in page
    assert 'href="/regional/indicators/export.csv?' in page
    assert 'href="/regional/indicators/"' in client.get("/").content.decode()


def test_a_funder_never_sees_another_programme(prim: Programme) -> None:
    other = signed_in(Role.FUNDER, programmes=[Programme.objects.get(code="jamaa-mouwatena")])
    for url in ("/regional/indicators/", "/regional/indicators/export.csv", "/regional/indicators/export.xlsx"):
        refused = other.get(url, {"programme": "prim", "year": YEAR})
        assert refused.status_code == 400
        assert prim.name_en not in refused.content.decode()
    page = other.get("/regional/indicators/").content.decode()
    assert prim.name_en not in page
    assert "Jamaâ Mouwatena" in page


def test_a_coordinator_sees_only_the_part_of_the_programme_in_its_networks(
    prim: Programme, commune_a: Commune, commune_b: Commune
) -> None:
    client = signed_in(Role.COORDINATOR, networks=[Network.objects.get(code="prim-souss-massa")])
    response = client.get("/regional/indicators/", {"programme": "prim", "year": YEAR})
    assert response.status_code == 200
    page = response.content.decode()
    assert "These figures cover only the part of the programme in your networks" in page
    exported = client.get("/regional/indicators/export.csv", {"programme": "prim", "year": YEAR})
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    received = next(row for row in rows if row[2] == "JSR-01" and not row[9])
    assert int(received[7]) == published(cases_in(commune_a))  # Nador's cases are in another network
    assert next(row for row in rows if row[2] == "JSR-09")[7] == "1"
    # A coordinator of another programme's network: PRIM is not among its choices.
    stranger = signed_in(Role.COORDINATOR, networks=[Network.objects.get(code="jamaa-mouwatena-communes")])
    assert stranger.get("/regional/indicators/", {"programme": "prim"}).status_code == 400


def test_an_operator_sees_every_programme_and_an_account_without_one_is_told(prim: Programme) -> None:
    operator = signed_in(Role.OPERATOR)
    assert operator.get("/regional/indicators/", {"programme": "jamaa-mouwatena"}).status_code == 200
    assert operator.get("/regional/indicators/", {"programme": "prim"}).status_code == 200
    lonely = signed_in(Role.FUNDER)
    assert "Your account follows no programme yet." in lonely.get("/regional/indicators/").content.decode()


def test_commune_staff_and_visitors_are_refused(prim: Programme, commune_a: Commune) -> None:
    for url in ("/regional/indicators/", "/regional/indicators/export.csv", "/regional/indicators/export.xlsx"):
        anonymous = client_for(None).get(url)
        assert anonymous.status_code == 302
        assert "/accounts/login/" in anonymous["Location"]
        # An account with an office's role is refused on the platform's domain.
        assert signed_in(Role.AGENT).get(url).status_code == 403
        # On a commune's own host there is no regional page at all.
        assert client_for(commune_a).get(url).status_code == 404
    staff = make_staff(commune_a, email="head.indicators@example.org")
    refused = client_for(None).post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert refused.status_code != 302


def test_the_page_is_read_only(prim: Programme) -> None:
    client = signed_in(Role.FUNDER, programmes=[prim])
    assert client.post("/regional/indicators/", {"programme": "prim", "year": YEAR}).status_code == 405


@pytest.mark.parametrize(
    "query",
    [
        {"year": "abc"},
        {"year": "1999"},
        {"year": "2026-1"},
        {"year": "9" * 40},
        {"programme": "x" * 500},
        {"programme": "\x00"},
        {"programme": ""},
    ],
)
def test_bad_parameters_say_why_and_never_fail(prim: Programme, query: dict[str, str]) -> None:
    client = signed_in(Role.FUNDER, programmes=[prim])
    for url in ("/regional/indicators/", "/regional/indicators/export.csv"):
        response = client.get(url, query)
        assert response.status_code == 400
        assert "field__error" in response.content.decode()


def test_the_page_speaks_arabic_right_to_left(prim: Programme) -> None:
    client = signed_in(Role.FUNDER, programmes=[prim], language="ar")
    response = client.get("/regional/indicators/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'dir="rtl"' in page
    assert 'lang="ar"' in page
    assert prim.name_ar in page


# --- Exports --------------------------------------------------------------------------------


def test_the_exports_hold_the_published_figures_and_say_why_one_is_not_given(
    prim: Programme, commune_a: Commune, commune_b: Commune
) -> None:
    cases = cases_in(commune_a) + cases_in(commune_b)
    women = [case for case in cases if case.person.sex == "female"]
    # One survey answered: a mean of one published answer (at most 1 + D = 4) rests on fewer than MIN_BASE.
    with schema_context(commune_a.schema_name):
        Survey.objects.create(case=cases[0], token_hash="s" * 64, score=4, answered_at=timezone.now())
    extraction.extract(commune_a, full=True)
    target = 2 * len(cases)
    Target.objects.create(programme=prim, indicator="JSR-01", year=YEAR, value=Decimal(target))
    client = signed_in(Role.FUNDER, programmes=[prim])
    query = {"programme": "prim", "year": YEAR}

    response = client.get("/regional/indicators/export.csv", query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="indicators-prim-{YEAR}.csv"' in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:9] == [
        "programme",
        "year",
        "indicator code",
        "indicator",
        "definition",
        "unit",
        "target",
        "actual",
        "progress (%)",
    ]
    received = next(row for row in rows if row[2] == "JSR-01" and not row[9])
    assert received[0] == prim.name_en
    assert received[1] == str(YEAR)
    actual = published(cases)
    progress = round(100 * actual / target, 1)
    assert (received[6], received[7], received[8]) == (
        str(target),
        str(actual),
        str(int(progress) if progress.is_integer() else progress),
    )
    assert received[12] == ""
    # Every value of a disaggregation is published: a small one is a number too, never an empty cell.
    woman = next(row for row in rows if row[2] == "JSR-01" and row[9] == "sex" and row[10] == "woman")
    assert (woman[11], woman[12]) == (str(published(women)), "")
    women_share = next(row for row in rows if row[2] == "JSR-07")
    assert float(women_share[7]) == pytest.approx(round(percent(women, cases), 1))
    assert women_share[12] == ""
    satisfaction = next(row for row in rows if row[2] == "JSR-08")
    assert (satisfaction[7], satisfaction[12]) == ("", f"not given (rests on fewer than {disclosure.MIN_BASE})")
    referrals_answered = next(row for row in rows if row[2] == "JSR-06")
    assert (referrals_answered[7], referrals_answered[12]) == ("", "no data")
    assert [row[2] for row in rows[1:] if row[2] and not row[9]] == [i.code for i in indicators.INDICATORS]
    # The last line says how the counts were published.
    assert rows[-1][:12] == [""] * 12
    assert "cell key method" in rows[-1][12]
    assert f"at most {D}" in rows[-1][12]

    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/regional/indicators/export.xlsx", query).content))
    sheet = workbook.active
    assert sheet is not None
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert table[0][2] == "indicator code"
    received_row = next(row for row in table if row[2] == "JSR-01" and row[9] is None)
    assert received_row[7] == actual
    assert next(row for row in table if row[2] == "JSR-01" and row[10] == "woman")[11] == published(women)
    assert next(row for row in table if row[2] == "JSR-08")[7] is None


def test_the_exports_never_hold_a_formula(prim: Programme) -> None:
    prim.name_en = '=HYPERLINK("http://evil.example","click")'
    prim.save()
    client = signed_in(Role.FUNDER, programmes=[prim])
    rows = list(csv.reader(io.StringIO(client.get("/regional/indicators/export.csv").content.decode("utf-8-sig"))))
    assert rows[1][0] == "'" + prim.name_en
    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/regional/indicators/export.xlsx").content))
    sheet = workbook.active
    assert sheet is not None
    assert sheet["A2"].value == "'" + prim.name_en
    assert sheet["A2"].data_type == "s"
    assert [safe(text) for text in ("+1", "-1", "@SUM(A1)", "plain", 3)] == ["'+1", "'-1", "'@SUM(A1)", "plain", 3]


# --- The admin and the demo -------------------------------------------------------------------


def test_operators_keep_the_targets_in_the_admin(prim: Programme) -> None:
    operator = User.objects.create_user("op.admin@jisr.test", PASSWORD, role=Role.OPERATOR, is_staff=True)
    client = client_for(None)
    client.force_login(operator)
    assert client.get("/admin/analytics/target/", {"programme__id__exact": prim.pk}).status_code == 200
    funder = User.objects.create_user("funder.admin@jisr.test", PASSWORD, role=Role.FUNDER, is_staff=True)
    client.force_login(funder)
    assert client.get("/admin/analytics/target/").status_code == 403


def test_the_demo_gives_prim_its_targets_once() -> None:
    from jisr.demo_targets import seed_targets

    today = timezone.localdate()
    first = seed_targets(today)
    assert len(first) == 2 * len(indicators.INDICATORS)
    assert seed_targets(today) == []
    for target in Target.objects.all():
        target.full_clean()
    assert set(Target.objects.values_list("year", flat=True)) == {today.year, today.year - 1}
