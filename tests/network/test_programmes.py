"""The regional layer's programmes and networks, and which communes belong to them when."""

from __future__ import annotations

from datetime import date

import pytest

from network import selectors, services
from network.models import Membership, Network, Programme, Province, Region
from tenants.models import Commune

pytestmark = pytest.mark.django_db


def test_the_twelve_regions_and_the_programmes_of_the_sources_are_loaded() -> None:
    assert Region.objects.count() == 12
    assert Province.objects.count() == 75
    assert {"souss-massa", "oriental", "beni-mellal-khenifra"} <= set(Region.objects.values_list("code", flat=True))

    prim = Programme.objects.get(code="prim")
    assert "Initiatives des acteurs de la Migration" in prim.name_fr
    assert "AFD" in prim.funders
    assert prim.operator == "Expertise France"
    assert (prim.starts_on.year, prim.ends_on.year) == (2020, 2025)
    assert set(prim.regions.values_list("code", flat=True)) == {"oriental", "souss-massa"}

    partnership = Programme.objects.get(code="migrations-developpement")
    assert partnership.operator == "Migrations & Développement"
    assert set(partnership.regions.values_list("code", flat=True)) == {"souss-massa"}

    jamaa = Programme.objects.get(code="jamaa-mouwatena")
    assert "Jamaâ Mouwatena" in jamaa.name_fr
    assert "GIZ" in jamaa.funders
    assert set(jamaa.regions.values_list("code", flat=True)) == {"beni-mellal-khenifra"}

    networks = {network.code: network for network in Network.objects.select_related("programme")}
    assert networks["prim-oriental"].name_fr == "Réseau des cellules MRE de l'Oriental (PRIM)"
    assert networks["prim-oriental"].programme == prim
    assert networks["prim-souss-massa"].programme == prim
    assert networks["md-souss-massa"].kind == Network.Kind.PARTNERSHIP
    assert networks["jamaa-mouwatena-communes"].programme == jamaa


def test_loading_the_programmes_again_changes_nothing_and_restores_what_was_edited() -> None:
    before = (Programme.objects.count(), Network.objects.count())
    Programme.objects.filter(code="prim").update(operator="someone else")
    Programme.objects.get(code="prim").regions.clear()

    assert services.sync_programmes() == before
    services.sync_programmes()

    assert (Programme.objects.count(), Network.objects.count()) == before
    prim = Programme.objects.get(code="prim")
    assert prim.operator == "Expertise France"
    assert prim.regions.count() == 2


def test_a_commune_that_left_a_network_counts_only_for_the_months_it_was_a_member(commune_a: Commune) -> None:
    network = Network.objects.get(code="prim-souss-massa")
    services.join(commune=commune_a, network=network, on=date(2022, 4, 27))
    assert services.join(commune=commune_a, network=network, on=date(2023, 1, 1)).joined_on == date(2022, 4, 27)

    services.leave(commune=commune_a, network=network, on=date(2024, 6, 1))

    assert commune_a not in selectors.members_of(network, on=date(2022, 4, 26))
    assert commune_a in selectors.members_of(network, on=date(2022, 4, 27))
    assert commune_a in selectors.members_of(network, on=date(2024, 5, 31))
    assert commune_a not in selectors.members_of(network, on=date(2024, 6, 1))
    assert commune_a not in selectors.members_of(network)

    # Joining again opens a new membership; the old one stays on record.
    services.join(commune=commune_a, network=network, on=date(2025, 1, 1))
    assert commune_a in selectors.members_of(network, on=date(2025, 1, 1))
    assert commune_a not in selectors.members_of(network, on=date(2024, 9, 1))
    assert Membership.objects.filter(commune=commune_a, network=network).count() == 2


def test_a_commune_cannot_leave_a_network_it_is_not_in_nor_before_it_joined(commune_a: Commune) -> None:
    network = Network.objects.get(code="prim-oriental")
    with pytest.raises(services.NetworkError):
        services.leave(commune=commune_a, network=network)
    services.join(commune=commune_a, network=network, on=date(2024, 1, 10))
    with pytest.raises(services.NetworkError):
        services.leave(commune=commune_a, network=network, on=date(2024, 1, 10))
