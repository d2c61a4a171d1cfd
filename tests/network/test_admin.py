"""Operators keep the regional layer in the admin: programmes, networks and their dated members, who sees
what; nobody else reaches those pages, and a scope that does not fit its account's role is refused."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from jisr.accounts.models import Role, User
from network import services
from network.models import AccountScope, Membership, Network, Programme
from tenants.models import Commune
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db

PAGES = [
    "/admin/network/programme/",
    "/admin/network/network/",
    "/admin/network/accountscope/",
    "/admin/network/externalservice/",
    "/admin/network/proceduretemplate/",
    "/admin/network/region/",
    "/admin/analytics/target/",
]


def staff_of(role: str) -> Client:
    account = User.objects.create_user(f"{role}.netadmin@jisr.test", PASSWORD, role=role, is_staff=True)
    client = client_for(None)
    client.force_login(account)
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.parametrize("page", PAGES)
def test_operators_reach_the_regional_admin_and_no_one_else_does(page: str) -> None:
    assert staff_of(Role.OPERATOR).get(page).status_code == 200
    assert staff_of(Role.COORDINATOR).get(page).status_code == 403


def test_the_admin_shows_memberships_but_changes_them_only_on_the_networks_page(commune_a: Commune) -> None:
    """Memberships change where dates are checked and history is kept (/regional/networks/<code>/): the admin's
    inline only shows them, and a forged inline form adds nothing."""
    network = Network.objects.get(code="prim-souss-massa")
    services.join(commune=commune_a, network=network, on=date(2024, 3, 1))
    operator = staff_of(Role.OPERATOR)
    page = operator.get(f"/admin/network/network/{network.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "01/03/2024" in text or "1 March 2024" in text  # day first in every language
    assert 'name="memberships-0-joined_on"' not in text
    form = {
        "name_ar": network.name_ar,
        "name_fr": network.name_fr,
        "name_en": network.name_en,
        "code": network.code,
        "kind": network.kind,
        "programme": network.programme_id or "",
        "description": network.description,
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-commune": commune_a.pk,
        "memberships-0-joined_on": "2025-03-01",
        "memberships-0-left_on": "",
    }
    operator.post(f"/admin/network/network/{network.pk}/change/", form)
    assert list(Membership.objects.filter(network=network, commune=commune_a).values_list("joined_on", flat=True)) == [
        date(2024, 3, 1)
    ]


def test_a_scope_must_fit_the_accounts_role() -> None:
    funder = User.objects.create_user("funder.scope@jisr.test", PASSWORD, role=Role.FUNDER)
    operator = staff_of(Role.OPERATOR)
    network = Network.objects.get(code="prim-oriental")
    wrong = operator.post("/admin/network/accountscope/add/", {"user": funder.pk, "networks": [network.pk]})
    assert wrong.status_code == 200
    assert "A funder is scoped to programmes, not to networks." in wrong.content.decode()
    assert not AccountScope.objects.filter(user=funder).exists()
    prim = Programme.objects.get(code="prim")
    right = operator.post("/admin/network/accountscope/add/", {"user": funder.pk, "programmes": [prim.pk]})
    assert right.status_code == 302
    assert list(AccountScope.objects.get(user=funder).programmes.all()) == [prim]
