"""Who sees which communes: coordinators their networks, funders their programmes, nobody else anything."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from jisr.accounts.models import Role, User
from network import selectors, services
from network.models import AccountScope, Network, Programme
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.conftest import PASSWORD, make_staff

pytestmark = pytest.mark.django_db


def platform_account(role: str, email: str | None = None) -> User:
    return User.objects.create_user(email or f"{role}@jisr.test", PASSWORD, role=role)


@pytest.fixture
def two_networks(commune_a: Commune, commune_b: Commune) -> tuple[Network, Network]:
    """Aït Melloul in PRIM's Souss-Massa network, Nador in the Jamaâ Mouwatena one (two programmes)."""
    network_a = Network.objects.get(code="prim-souss-massa")
    network_b = Network.objects.get(code="jamaa-mouwatena-communes")
    services.join(commune=commune_a, network=network_a, on=date(2022, 4, 27))
    services.join(commune=commune_b, network=network_b, on=date(2022, 1, 1))
    return network_a, network_b


def test_a_coordinator_of_one_network_sees_nothing_of_another(
    two_networks: tuple[Network, Network], commune_a: Commune, commune_b: Commune
) -> None:
    network_a, _ = two_networks
    coordinator = platform_account(Role.COORDINATOR)
    services.set_scope(user=coordinator, networks=[network_a])

    assert list(selectors.communes_for(coordinator)) == [commune_a]
    assert list(selectors.networks_for(coordinator)) == [network_a]
    assert list(selectors.programmes_for(coordinator)) == [network_a.programme]
    assert commune_b not in selectors.communes_for(coordinator, on=date(2023, 1, 1))
    # Before Aït Melloul joined, its coordinator had nothing to compare.
    assert not selectors.communes_for(coordinator, on=date(2022, 4, 26)).exists()


def test_a_coordinator_loses_a_commune_that_left_the_network(
    two_networks: tuple[Network, Network], commune_a: Commune
) -> None:
    network_a, _ = two_networks
    coordinator = platform_account(Role.COORDINATOR)
    services.set_scope(user=coordinator, networks=[network_a])
    services.leave(commune=commune_a, network=network_a, on=date(2024, 1, 1))

    assert not selectors.communes_for(coordinator).exists()
    assert list(selectors.communes_for(coordinator, on=date(2023, 12, 31))) == [commune_a]


def test_a_funder_sees_only_the_communes_of_its_programmes(
    two_networks: tuple[Network, Network], commune_a: Commune, commune_b: Commune
) -> None:
    funder = platform_account(Role.FUNDER)
    services.set_scope(user=funder, programmes=Programme.objects.filter(code="prim"))

    assert list(selectors.communes_for(funder)) == [commune_a]
    assert set(selectors.networks_for(funder).values_list("code", flat=True)) == {"prim-oriental", "prim-souss-massa"}
    assert list(selectors.programmes_for(funder).values_list("code", flat=True)) == ["prim"]


def test_an_operator_sees_every_active_commune(two_networks: tuple[Network, Network]) -> None:
    operator = platform_account(Role.OPERATOR)
    assert set(selectors.communes_for(operator)) == set(Commune.objects.filter(status=Commune.Status.ACTIVE))
    assert selectors.networks_for(operator).count() == Network.objects.count()
    assert selectors.programmes_for(operator).count() == Programme.objects.count()


def test_office_staff_visitors_and_unscoped_accounts_see_nothing(
    two_networks: tuple[Network, Network], commune_a: Commune
) -> None:
    nobody = [
        AnonymousUser(),
        platform_account(Role.OFFICE_HEAD, "head@jisr.test"),  # an office role where it does not belong
        platform_account(Role.COORDINATOR, "unscoped@jisr.test"),
        platform_account(Role.FUNDER, "unscoped-funder@jisr.test"),
    ]
    inactive = platform_account(Role.OPERATOR, "gone@jisr.test")
    User.objects.filter(pk=inactive.pk).update(is_active=False)
    nobody.append(User.objects.get(pk=inactive.pk))
    for user in nobody:
        assert not selectors.communes_for(user).exists(), user
        assert not selectors.networks_for(user).exists(), user
        assert not selectors.programmes_for(user).exists(), user


def test_a_commune_schema_never_reads_the_scope_of_the_public_account_with_the_same_id(
    two_networks: tuple[Network, Network], commune_a: Commune
) -> None:
    network_a, _ = two_networks
    coordinator = platform_account(Role.COORDINATOR)
    services.set_scope(user=coordinator, networks=[network_a])
    staff = make_staff(commune_a, role=Role.OFFICE_HEAD)

    with schema_context(commune_a.schema_name):
        # Even an account that claims to be the coordinator reads nothing from a commune's schema.
        assert not selectors.communes_for(coordinator).exists()
        assert not selectors.communes_for(staff).exists()
        User.objects.filter(pk=staff.pk).delete()
    assert AccountScope.objects.filter(user=coordinator).exists()


def test_scopes_that_break_the_rules_are_refused(two_networks: tuple[Network, Network], commune_a: Commune) -> None:
    network_a, _ = two_networks
    prim = Programme.objects.filter(code="prim")
    coordinator, funder = platform_account(Role.COORDINATOR), platform_account(Role.FUNDER)
    operator = platform_account(Role.OPERATOR)

    for user, networks, programmes, field in [
        (coordinator, [], [], "networks"),
        (coordinator, [network_a], prim, "programmes"),
        (funder, [], [], "programmes"),
        (funder, [network_a], prim, "networks"),
        (operator, [network_a], [], "user"),
    ]:
        with pytest.raises(services.NetworkError) as refused:
            services.set_scope(user=user, networks=networks, programmes=programmes)
        assert field in refused.value.message_dict
    assert not AccountScope.objects.exists()

    with schema_context(commune_a.schema_name), pytest.raises(services.NetworkError):
        services.set_scope(user=coordinator, networks=[network_a])

    # A scope edited by hand (the admin) is checked too.
    scope = services.set_scope(user=coordinator, networks=[network_a])
    scope.programmes.set(prim)
    with pytest.raises(ValidationError) as refused:
        scope.full_clean()
    assert "programmes" in refused.value.message_dict


def test_a_scope_is_replaced_and_removed(two_networks: tuple[Network, Network], commune_b: Commune) -> None:
    network_a, network_b = two_networks
    coordinator = platform_account(Role.COORDINATOR)
    services.set_scope(user=coordinator, networks=[network_a])
    services.set_scope(user=coordinator, networks=[network_b])
    assert list(selectors.communes_for(coordinator)) == [commune_b]

    services.remove_scope(user=coordinator)
    assert not selectors.communes_for(coordinator).exists()
    assert not AccountScope.objects.filter(user=coordinator).exists()
