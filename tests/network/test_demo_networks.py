"""The demo communes join their networks, the demo coordinator and funder get their scopes."""

from __future__ import annotations

import pytest
from django.utils import timezone

from jisr import demo
from jisr.accounts.models import Role, User
from network import selectors
from network.models import Membership, Province
from tenants.models import Commune
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_demo_offices_join_their_networks_and_demo_accounts_see_their_scope(
    commune_a: Commune, commune_b: Commune
) -> None:
    # The test communes have the slugs of two demo communes; put them where the demo does.
    Commune.objects.filter(pk=commune_a.pk).update(province=Province.objects.get(code="inezgane-ait-melloul"))
    Commune.objects.filter(pk=commune_b.pk).update(province=Province.objects.get(code="nador"))
    coordinator = User.objects.create_user(demo.coordinator_email(), PASSWORD, role=Role.COORDINATOR)
    funder = User.objects.create_user(demo.funder_email(), PASSWORD, role=Role.FUNDER)

    joined = demo._join_networks(timezone.localdate())
    demo._scope_accounts()

    assert sorted(joined) == [
        "membership aitmelloul md-souss-massa",
        "membership aitmelloul prim-souss-massa",
        "membership nador prim-oriental",
    ]
    assert set(selectors.communes_for(coordinator)) == {commune_a, commune_b}
    assert set(selectors.communes_for(funder)) == {commune_a, commune_b}
    assert Membership.objects.get(commune=commune_b).joined_on.year == 2020

    # Seeding again changes nothing.
    assert demo._join_networks(timezone.localdate()) == []
    demo._scope_accounts()
    assert Membership.objects.filter(commune__in=[commune_a, commune_b]).count() == 3
