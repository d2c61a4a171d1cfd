"""Changes to the regional layer's reference data."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from network.data.morocco import TERRITORIES
from network.data.programmes import NETWORKS, PROGRAMMES

if TYPE_CHECKING:
    from jisr.accounts.models import User
    from network.models import AccountScope, Membership, Network, Programme
    from tenants.models import Commune


class NetworkError(ValidationError):
    """A change to networks, memberships or scopes that the rules refuse."""


def sync_territories(*, region_model: Any = None, province_model: Any = None) -> tuple[int, int]:
    """Create or update the 12 regions and 75 prefectures/provinces. Idempotent.

    The models can be passed in so that a data migration uses its historical ones.
    """
    from network.models import Province, Region

    region_model = region_model or Region
    province_model = province_model or Province
    provinces = 0
    for (code, name_fr, name_ar, name_en), members in TERRITORIES:
        region, _ = region_model.objects.update_or_create(
            code=code, defaults={"name_fr": name_fr, "name_ar": name_ar, "name_en": name_en}
        )
        for p_code, kind, p_fr, p_ar, p_en in members:
            province_model.objects.update_or_create(
                code=p_code,
                defaults={"kind": kind, "name_fr": p_fr, "name_ar": p_ar, "name_en": p_en, "region": region},
            )
            provinces += 1
    return len(TERRITORIES), provinces


def sync_programmes(
    *, programme_model: Any = None, network_model: Any = None, region_model: Any = None
) -> tuple[int, int]:
    """Create or update the programmes and networks of network.data.programmes, by code. Idempotent.

    Memberships are left alone: they are the offices' history, not reference data.
    The models can be passed in so that a data migration uses its historical ones.
    """
    from network.models import Network, Programme, Region

    programme_model = programme_model or Programme
    network_model = network_model or Network
    region_model = region_model or Region
    programmes = {}
    for entry in PROGRAMMES:
        fields = dict(entry)
        code, regions = fields.pop("code"), fields.pop("regions")
        programme, _created = programme_model.objects.update_or_create(code=code, defaults=fields)
        programme.regions.set(region_model.objects.filter(code__in=regions))
        programmes[code] = programme
    for entry in NETWORKS:
        fields = dict(entry)
        code, programme_code = fields.pop("code"), fields.pop("programme")
        network_model.objects.update_or_create(
            code=code, defaults={**fields, "programme": programmes.get(programme_code)}
        )
    return len(PROGRAMMES), len(NETWORKS)


def join(*, commune: Commune, network: Network, on: date | None = None) -> Membership:
    """Make a commune a member of a network from `on` (today by default). Idempotent while it is a member."""
    from network.models import Membership

    on = on or timezone.localdate()
    with transaction.atomic():
        current = Membership.objects.select_for_update().filter(network=network, commune=commune, left_on=None).first()
        if current is not None:
            return current
        return Membership.objects.create(network=network, commune=commune, joined_on=on)


def leave(*, commune: Commune, network: Network, on: date | None = None) -> Membership:
    """End a commune's membership of a network on `on` (today by default); the past stays on record."""
    from network.models import Membership

    on = on or timezone.localdate()
    with transaction.atomic():
        current = Membership.objects.select_for_update().filter(network=network, commune=commune, left_on=None).first()
        if current is None:
            raise NetworkError({"network": _("This commune is not a member of this network.")})
        if on <= current.joined_on:
            raise NetworkError({"left_on": _("A commune leaves a network after the day it joined.")})
        current.left_on = on
        current.save(update_fields=["left_on"])
        return current


def set_scope(*, user: User, networks: Iterable[Network] = (), programmes: Iterable[Programme] = ()) -> AccountScope:
    """Give a platform account what it may see: networks (coordinator) or programmes (funder).

    Replaces the account's scope. Only in the public schema, where platform accounts live.
    """
    from jisr.accounts.models import PLATFORM_ROLES
    from network.models import AccountScope, scope_errors
    from tenants.context import in_public

    networks, programmes = list(networks), list(programmes)
    if not in_public() or user.role not in PLATFORM_ROLES:
        raise NetworkError({"user": _("Only platform accounts have a scope.")})
    errors = scope_errors(user.role, networks=len(networks), programmes=len(programmes))
    if errors:
        raise NetworkError(errors)
    with transaction.atomic():
        scope, _created = AccountScope.objects.get_or_create(user=user)
        scope.networks.set(networks)
        scope.programmes.set(programmes)
    return scope


def remove_scope(*, user: User) -> None:
    """Take a platform account's scope away (before deleting the account): it sees nothing any more."""
    from network.models import AccountScope
    from tenants.context import in_public

    if not in_public():
        raise NetworkError({"user": _("Only platform accounts have a scope.")})
    with transaction.atomic():
        AccountScope.objects.filter(user_id=user.pk).delete()
