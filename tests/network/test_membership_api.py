"""Scripts change a network's members through /api/regional/networks/<code>/memberships/: operators add and end
memberships, dates that make no sense are a 400 by field that changes nothing, coordinators and funders read the
networks they follow, everybody else is refused; the OpenAPI schema describes it."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
import yaml
from django.conf import settings
from django.test import Client
from django.utils import timezone
from drf_spectacular.validation import validate_schema
from rest_framework.authtoken.models import Token

from jisr.accounts.models import Role, User
from network import selectors, services
from network.models import Membership, MembershipChange, Network, Programme
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.conftest import client_for, host_of, make_staff
from tests.network.conftest import browser_of, platform_account

pytestmark = pytest.mark.django_db


def url(network: Network, pk: int | None = None) -> str:
    base = f"/api/regional/networks/{network.code}/memberships/"
    return f"{base}{pk}/" if pk else base


def send(client: Client, method: str, path: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(path, json.dumps(body), content_type="application/json")


def state() -> tuple[list[tuple[Any, ...]], int]:
    """Every membership and the number of recorded changes: what a refused request must leave as it was."""
    memberships = Membership.objects.order_by("pk").values_list(
        "pk", "network_id", "commune_id", "joined_on", "left_on"
    )
    return list(memberships), MembershipChange.objects.count()


def test_an_operator_adds_and_ends_memberships_and_reads_the_history(
    operator: User, souss_massa: Network, commune_a: Commune
) -> None:
    api = browser_of(operator)
    joined = send(api, "post", url(souss_massa), {"commune": commune_a.slug, "joined_on": "2024-03-01"})
    assert joined.status_code == 201
    first = joined.json()
    assert first["commune"]["slug"] == commune_a.slug
    assert (first["joined_on"], first["left_on"]) == ("2024-03-01", None)

    ended = send(api, "patch", url(souss_massa, first["id"]), {"left_on": "2024-09-01"})
    assert ended.status_code == 200
    assert ended.json()["left_on"] == "2024-09-01"
    again = send(api, "post", url(souss_massa), {"commune": commune_a.slug, "joined_on": "2025-01-15"})
    assert again.status_code == 201

    history = api.get(url(souss_massa)).json()
    assert [(m["id"], m["joined_on"], m["left_on"]) for m in history["results"]] == [
        (first["id"], "2024-03-01", "2024-09-01"),
        (again.json()["id"], "2025-01-15", None),
    ]
    assert api.get(url(souss_massa, first["id"])).json()["left_on"] == "2024-09-01"
    assert commune_a in selectors.members_of(souss_massa, on=date(2024, 8, 31))
    assert commune_a not in selectors.members_of(souss_massa, on=date(2024, 9, 1))
    assert commune_a in selectors.members_of(souss_massa, on=date(2025, 1, 15))
    actions = MembershipChange.objects.filter(by=operator).order_by("at", "pk").values_list("action", flat=True)
    assert list(actions) == ["joined", "left", "joined"]


def test_an_operator_corrects_dates_with_patch(operator: User, souss_massa: Network, commune_a: Commune) -> None:
    membership = services.join_network(by=operator, network=souss_massa, commune=commune_a, joined_on=date(2024, 3, 1))
    services.leave_network(by=operator, membership=membership, left_on=date(2024, 9, 1))
    api = browser_of(operator)

    corrected = send(api, "patch", url(souss_massa, membership.pk), {"left_on": "2024-10-01"})
    assert corrected.status_code == 200
    reopened = send(api, "patch", url(souss_massa, membership.pk), {"joined_on": "2024-02-01", "left_on": None})
    assert reopened.status_code == 200
    assert (reopened.json()["joined_on"], reopened.json()["left_on"]) == ("2024-02-01", None)
    changes = MembershipChange.objects.filter(membership=membership, action="corrected").order_by("at", "pk")
    assert [(c.joined_on_before, c.left_on_before, c.left_on) for c in changes] == [
        (date(2024, 3, 1), date(2024, 9, 1), date(2024, 10, 1)),
        (date(2024, 3, 1), date(2024, 10, 1), None),
    ]


def test_dates_that_make_no_sense_are_400_by_field_and_change_nothing(
    operator: User, souss_massa: Network, commune_a: Commune, commune_b: Commune
) -> None:
    earlier = services.join_network(by=operator, network=souss_massa, commune=commune_a, joined_on=date(2020, 1, 1))
    services.leave_network(by=operator, membership=earlier, left_on=date(2020, 6, 1))
    current = services.join_network(by=operator, network=souss_massa, commune=commune_a, joined_on=date(2021, 1, 1))
    api = browser_of(operator)
    far = (timezone.localdate() + timedelta(days=400)).isoformat()
    before = state()

    for method, path, body, field, message in [
        ("post", url(souss_massa), {"commune": commune_b.slug, "joined_on": "1999-12-31"}, "joined_on", "before 2000"),
        ("post", url(souss_massa), {"commune": commune_b.slug, "joined_on": far}, "joined_on", "a year from now"),
        ("post", url(souss_massa), {"commune": commune_a.slug, "joined_on": "2020-03-01"}, "joined_on", "01/01/2020"),
        ("post", url(souss_massa), {"commune": commune_a.slug, "joined_on": "2023-03-01"}, "joined_on", "01/01/2021"),
        ("post", url(souss_massa), {"commune": "nowhere", "joined_on": "2023-03-01"}, "commune", "nowhere"),
        ("post", url(souss_massa), {"commune": commune_b.slug, "joined_on": "01/03/2023"}, "joined_on", "YYYY-MM-DD"),
        ("patch", url(souss_massa, current.pk), {"left_on": "2020-12-01"}, "left_on", "after the day it joined"),
        ("patch", url(souss_massa, current.pk), {"left_on": far}, "left_on", "a year from now"),
        ("patch", url(souss_massa, earlier.pk), {"left_on": None}, "joined_on", "01/01/2021"),
        ("patch", url(souss_massa, earlier.pk), {"left_on": "2021-02-01"}, "left_on", "01/01/2021"),
        ("patch", url(souss_massa, earlier.pk), {}, "non_field_errors", "left_on"),
    ]:
        response = send(api, method, path, body)
        assert response.status_code == 400, (body, response.content)
        assert message in " ".join(response.json()[field]), (body, response.json())
    assert state() == before


def test_a_coordinator_reads_its_networks_and_cannot_change_them(
    operator: User, souss_massa: Network, commune_a: Commune
) -> None:
    membership = services.join_network(by=operator, network=souss_massa, commune=commune_a, joined_on=date(2024, 3, 1))
    coordinator = platform_account(Role.COORDINATOR, "coordinator.api@jisr.test", networks=[souss_massa])
    api = browser_of(coordinator)
    before = state()

    assert [m["id"] for m in api.get(url(souss_massa)).json()["results"]] == [membership.pk]
    assert api.get(url(Network.objects.get(code="prim-oriental"))).status_code == 404
    assert api.get(url(souss_massa, membership.pk)).status_code == 200
    assert (
        send(api, "post", url(souss_massa), {"commune": commune_a.slug, "joined_on": "2025-03-01"}).status_code == 403
    )
    assert send(api, "patch", url(souss_massa, membership.pk), {"left_on": "2025-03-01"}).status_code == 403
    assert state() == before


def test_funders_outside_the_programme_office_tokens_and_visitors_are_refused(
    operator: User, souss_massa: Network, commune_a: Commune
) -> None:
    membership = services.join_network(by=operator, network=souss_massa, commune=commune_a, joined_on=date(2024, 3, 1))
    other = Programme.objects.filter(networks__code="jamaa-mouwatena-communes")
    funder = platform_account(Role.FUNDER, "funder.api.members@jisr.test", programmes=other)
    api = browser_of(funder)
    before = state()

    assert api.get(url(souss_massa)).status_code == 404
    assert api.get(url(souss_massa, membership.pk)).status_code == 404
    assert (
        send(api, "post", url(souss_massa), {"commune": commune_a.slug, "joined_on": "2025-03-01"}).status_code == 403
    )
    assert send(api, "patch", url(souss_massa, membership.pk), {"left_on": "2025-03-01"}).status_code == 403

    visitor = client_for(None)
    assert visitor.get(url(souss_massa)).status_code == 401
    assert send(visitor, "patch", url(souss_massa, membership.pk), {"left_on": "2025-03-01"}).status_code == 401

    # An office's token: nothing on its own host, and unknown on the bare domain.
    with schema_context(commune_a.schema_name):
        token = Token.objects.create(user=make_staff(commune_a, email="head.api.members@aitmelloul.test")).key
    on_commune = Client(HTTP_HOST=host_of(commune_a), HTTP_AUTHORIZATION=f"Token {token}")
    assert on_commune.get(url(souss_massa)).status_code == 404
    assert send(on_commune, "patch", url(souss_massa, membership.pk), {"left_on": "2025-03-01"}).status_code == 404
    on_platform = Client(HTTP_HOST=settings.PLATFORM_DOMAIN, HTTP_AUTHORIZATION=f"Token {token}")
    assert on_platform.get(url(souss_massa)).status_code == 401
    assert state() == before


def test_the_regional_schema_describes_the_memberships() -> None:
    response = client_for(None).get("/api/regional/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate_schema(schema)
    listed = schema["paths"]["/api/regional/networks/{code}/memberships/"]
    one = schema["paths"]["/api/regional/networks/{code}/memberships/{id}/"]
    assert {"get", "post"} <= set(listed)
    assert {"get", "patch"} <= set(one)
    assert {"201", "400", "403"} <= set(listed["post"]["responses"])
    assert {"200", "400", "403", "404"} <= set(one["patch"]["responses"])
