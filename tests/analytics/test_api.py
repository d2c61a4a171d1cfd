"""Scripts read the regional layer through /api/regional/: the same figures and the same access rules as
the pages, described by an OpenAPI schema."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation
from drf_spectacular.validation import validate_schema
from rest_framework.authtoken.models import Token

from analytics import disclosure, exports, opendata
from analytics.forms import default_period
from analytics.models import CaseFact, PeopleFact, ReferralFact
from jisr.accounts.models import Role, User
from network import services
from network.models import Network, Programme
from tenants.models import Commune
from tests.analytics.test_compare import from_records, signed_in, souss_massa  # noqa: F401  (a fixture)
from tests.analytics.test_exports import expected
from tests.conftest import PASSWORD, client_for, make_staff, signed_in_client

pytestmark = pytest.mark.django_db


def test_a_coordinator_lists_its_networks_and_their_communes(
    souss_massa: Network,  # noqa: F811
    commune_a: Commune,
    commune_b: Commune,
) -> None:
    response = signed_in(Role.COORDINATOR, [souss_massa]).get("/api/regional/networks/")
    assert response.status_code == 200
    body = response.json()
    assert [network["code"] for network in body["results"]] == ["prim-souss-massa"]
    network = body["results"][0]
    assert network["programme"]["code"] == souss_massa.programme.code  # type: ignore[union-attr]
    assert [commune["slug"] for commune in network["communes"]] == [commune_a.slug, commune_b.slug]
    assert set(network["communes"][0]) == {"slug", "name_ar", "name_fr", "name_en", "name_tzm"}


def test_a_funder_lists_its_programmes_networks_and_anybody_else_nothing(souss_massa: Network) -> None:  # noqa: F811
    other = Programme.objects.create(code="other", name_ar="آخر", name_fr="Autre", name_en="Other")
    Network.objects.create(
        code="elsewhere", name_ar="آخر", name_fr="Ailleurs", name_en="Elsewhere", kind="partnership", programme=other
    )
    funder = User.objects.create_user("funder.api@jisr.test", PASSWORD, role=Role.FUNDER)
    programme = Programme.objects.get(pk=souss_massa.programme_id)
    services.set_scope(user=funder, programmes=[programme])
    client = client_for(None)
    client.force_login(funder)
    codes = {network["code"] for network in client.get("/api/regional/networks/").json()["results"]}
    assert codes == set(Network.objects.filter(programme=programme).values_list("code", flat=True))
    assert "elsewhere" not in codes
    operator = signed_in(Role.OPERATOR, email="operator.api@jisr.test")
    assert len(operator.get("/api/regional/networks/").json()["results"]) == Network.objects.count()
    assert client_for(None).get("/api/regional/networks/").status_code == 401


def test_the_comparison_has_the_pages_figures(
    souss_massa: Network,  # noqa: F811
    commune_a: Commune,
    commune_b: Commune,
) -> None:
    response = signed_in(Role.COORDINATOR, [souss_massa]).get("/api/regional/comparison/")
    assert response.status_code == 200
    body = response.json()
    result = expected(souss_massa)
    assert body["network"] == "prim-souss-massa"
    assert "k" not in body
    parameters = disclosure.table().parameters
    first, last = default_period(timezone.localdate())
    with translation.override("en"):
        note = exports.method_note(result)
    assert body["disclosure"] == {
        "method": "cell key",
        "table_version": parameters.version,
        "maximum": parameters.maximum,
        "minimum_base": disclosure.MIN_BASE,
        "blocks": [f"{start:%Y-%m}..{end:%Y-%m}" for start, end in disclosure.blocks(first, last)],
        "note": note,
    }
    assert body["absent"] == []  # no filter: every figure is there
    assert body["months"] == [f"{month:%Y-%m}" for month in result.months]
    rows = {row["commune"]: row for row in body["rows"]}
    for row in result.rows:
        got = rows[row.commune.slug]
        assert (got["received"], got["answered"], got["median_days"]) == (row.received, row.answered, row.median_days)
        assert got["answered_share"] == row.answered_share
        assert (got["referred"], got["women_share"], got["satisfaction"]) == (
            row.referred,
            row.women_share,
            row.satisfaction,
        )
    # Aït Melloul's figures are its records' counts as published, its share computed from published counts.
    own = from_records(commune_a, first, last)
    assert (rows[commune_a.slug]["received"], rows[commune_a.slug]["answered_share"]) == (
        own.received,
        own.answered_share,
    )
    assert own.answered_share == disclosure.share(own.answered, own.received)
    # Nador's three cases are published as a count like any other (null was the old suppression), none answered.
    nador = from_records(commune_b, first, last)
    assert rows[commune_b.slug]["received"] == nador.received
    assert isinstance(rows[commune_b.slug]["received"], int)
    assert rows[commune_b.slug]["answered"] == 0
    trend = {series["commune"]: series["values"] for series in body["trend"]}
    assert trend[commune_a.slug] == result.trend[commune_a.name]
    assert trend[commune_a.slug] == [published for _true, published in own.trend.values()]
    assert [country["count"] for country in body["countries"]] == [
        result.countries.cells[result.countries.rows[0], column]  # type: ignore[union-attr]
        for column in result.countries.columns  # type: ignore[union-attr]
    ]


def test_nobody_else_gets_the_comparison(souss_massa: Network, commune_a: Commune) -> None:  # noqa: F811
    other = signed_in(Role.COORDINATOR, [Network.objects.get(code="prim-oriental")], "other.api@jisr.test")
    refused = other.get("/api/regional/comparison/", {"network": souss_massa.code})
    assert refused.status_code == 400
    assert "network" in refused.json()
    assert commune_a.slug not in refused.content.decode()
    assert signed_in(Role.FUNDER, email="funder.cmp@jisr.test").get("/api/regional/comparison/").status_code == 403
    assert client_for(None).get("/api/regional/comparison/").status_code == 401
    # Signed in on the commune's host (force_login would save the account in the public schema).
    staff_client = signed_in_client(commune_a, make_staff(commune_a, email="head.api@example.org"))
    assert staff_client.get("/api/regional/comparison/").status_code == 404  # not on a commune's host


def test_a_platform_token_works_too(souss_massa: Network) -> None:  # noqa: F811
    coordinator = User.objects.create_user("token.api@jisr.test", PASSWORD, role=Role.COORDINATOR)
    services.set_scope(user=coordinator, networks=[souss_massa])
    token = Token.objects.create(user=coordinator)
    client = Client(HTTP_HOST=settings.PLATFORM_DOMAIN, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/regional/comparison/").status_code == 200
    assert client.get("/api/regional/networks/").json()["results"][0]["code"] == "prim-souss-massa"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"first": "2026-13"}, "first"),
        ({"first": "2026-05", "last": "2025-01"}, "first"),
        ({"first": "2020-01", "last": "2026-01"}, "first"),
        ({"channel": "pigeon"}, "channel"),
        ({"category": "\x00"}, "category"),
        ({"network": "x" * 500}, "network"),
    ],
)
def test_bad_filters_are_400_with_the_fields_errors(
    souss_massa: Network,  # noqa: F811
    query: dict[str, str],
    field: str,
) -> None:
    response = signed_in(Role.COORDINATOR, [souss_massa]).get("/api/regional/comparison/", query)
    assert response.status_code == 400
    assert response.json()[field]


def true_open_counts(communes: list[Commune]) -> Counter[tuple[str, str, str, str, str]]:
    """The open data's lines as true counts, (commune, month, theme, dimension, value): straight from the facts."""
    slugs = {commune.pk: commune.slug for commune in communes}
    truth: Counter[tuple[str, str, str, str, str]] = Counter()
    for fact in CaseFact.objects.filter(commune__in=communes):
        at = (slugs[fact.commune_id], f"{fact.month:%Y-%m}", "cases")
        truth[(*at, "all", "all")] += fact.count
        truth[(*at, "answered", "yes")] += fact.answered
        truth[(*at, "answered", "no")] += fact.count - fact.answered
    for fact in PeopleFact.objects.filter(commune__in=communes):
        at = (slugs[fact.commune_id], f"{fact.month:%Y-%m}", "people")
        truth[(*at, "all", "all")] += fact.count
        for dimension in opendata.THEMES["people"]:
            truth[(*at, dimension, opendata.value_code(getattr(fact, dimension)))] += fact.count
    for fact in ReferralFact.objects.filter(commune__in=communes):
        at = (slugs[fact.commune_id], f"{fact.month:%Y-%m}", "referrals")
        truth[(*at, "all", "all")] += fact.count
        truth[(*at, "outcome", fact.outcome)] += fact.count
    return truth


def test_open_data_needs_no_sign_in(souss_massa: Network, commune_a: Commune, commune_b: Commune) -> None:  # noqa: F811
    response = client_for(None).get("/api/regional/open-data/prim-souss-massa/", {"page_size": 200})
    assert response.status_code == 200
    body = response.json()
    rows = [row.as_dict() for row in opendata.rows_for(souss_massa)]
    assert body["count"] == len(rows)
    assert body["results"] == rows[:200]
    # Every count is a month's cell, published: within D of the facts' count, never negative, a zero kept zero.
    truth = true_open_counts([commune_a, commune_b])
    maximum = disclosure.table().parameters.maximum
    lines = [(r["commune"], r["month"], r["theme"], r["dimension"], r["value"], r["count"]) for r in rows]
    for *line, count in lines:
        true = truth[tuple(line)]
        assert isinstance(count, int)
        assert abs(count - true) <= maximum, line
        assert count == 0 if true == 0 else count >= 0, line
    assert sum(truth[(*line,)] for *line, _count in lines if line[2:] == ["cases", "all", "all"]) == 27
    # The month's cases, all of them, are the same cell as that month's point of the comparison's trend line.
    trend = signed_in(Role.COORDINATOR, [souss_massa], "open.api@jisr.test").get("/api/regional/comparison/").json()
    months = trend["months"]
    for series in trend["trend"]:
        published = {
            line[1]: line[5] for line in lines if line[0] == series["commune"] and line[2:5] == ("cases", "all", "all")
        }
        assert series["values"] == [published[month] for month in months]
    assert client_for(None).get("/api/regional/open-data/nowhere/").status_code == 404
    # A wrong token does not get in the way of public data.
    wrong = Client(HTTP_HOST=settings.PLATFORM_DOMAIN, HTTP_AUTHORIZATION="Token nope")
    assert wrong.get("/api/regional/open-data/prim-souss-massa/").status_code == 200


def test_the_schema_describes_the_regional_api() -> None:
    client = client_for(None)
    response = client.get("/api/regional/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate_schema(schema)
    assert schema["info"]["title"] == "Jisr — regional layer API"
    assert {"/api/regional/networks/", "/api/regional/comparison/", "/api/regional/open-data/{code}/"} <= set(
        schema["paths"]
    )
    assert not [path for path in schema["paths"] if not path.startswith("/api/regional/")]
    assert client.get("/api/regional/docs/").status_code == 200
