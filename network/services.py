"""Changes to the regional layer's reference data."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from network.data.morocco import TERRITORIES
from network.data.programmes import NETWORKS, PROGRAMMES

if TYPE_CHECKING:
    from jisr.accounts.models import User
    from network.models import AccountScope, Membership, Network, Programme
    from tenants.models import Commune


logger = logging.getLogger(__name__)


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


# --- Memberships changed by the platform's operators ----------------------------------
#
# `join` and `leave` above are the platform's own (the demo, scripts). What an operator does goes
# through the three services below: they check the dates against the commune's other memberships of
# the network, never delete one (history is what past months' figures count), and write who did
# what in network.models.MembershipChange, in the same transaction.

# No office worked on the platform's terms before 2000; a date further than a year ahead is a typo.
EARLIEST_MEMBERSHIP_DATE = date(2000, 1, 1)
LATEST_MEMBERSHIP_DAYS_AHEAD = 366


def _authorize_membership_change(by: User) -> None:
    from network.selectors import changes_memberships

    if not changes_memberships(by):
        raise PermissionDenied(_("Only the platform's operators change which communes belong to a network."))


def day_first(value: date) -> str:
    """A day as the regional layer's pages and messages write it, in every language: 01/03/2024."""
    return value.strftime("%d/%m/%Y")


def _check_membership_dates(
    *, network: Network, commune: Commune, joined_on: date, left_on: date | None, other_than: int | None = None
) -> None:
    """Raise NetworkError, by field, if a membership from `joined_on` to `left_on` (not included; None: still
    a member) is not plausible or overlaps another membership of the commune in the network."""
    from network.models import Membership

    errors: dict[str, str] = {}
    latest = timezone.localdate() + timedelta(days=LATEST_MEMBERSHIP_DAYS_AHEAD)
    for field, day in (("joined_on", joined_on), ("left_on", left_on)):
        if day is not None and day < EARLIEST_MEMBERSHIP_DATE:
            errors[field] = _("This date is before 2000: check the year.")
        elif day is not None and day > latest:
            errors[field] = _("This date is more than a year from now: check the year.")
    if left_on is not None and "left_on" not in errors and "joined_on" not in errors and left_on <= joined_on:
        errors["left_on"] = _("A commune leaves a network after the day it joined.")
    if errors:
        raise NetworkError(errors)
    overlapping = Membership.objects.filter(network=network, commune=commune).exclude(left_on__lte=joined_on)
    if other_than is not None:
        overlapping = overlapping.exclude(pk=other_than)
    if left_on is not None:
        overlapping = overlapping.filter(joined_on__lt=left_on)
    clash = overlapping.order_by("joined_on").first()
    if clash is None:
        return
    # The date that runs into the other membership is at fault: the start, or a given end that reaches
    # a later one (a new membership has no end yet: its start is what the operator typed).
    field = "left_on" if left_on is not None and clash.joined_on > joined_on else "joined_on"
    if clash.left_on is None:
        message = _("This commune has been a member of this network since %(joined)s.") % {
            "joined": day_first(clash.joined_on)
        }
    else:
        message = _("This commune was a member of this network from %(joined)s to %(left)s.") % {
            "joined": day_first(clash.joined_on),
            "left": day_first(clash.left_on),
        }
    raise NetworkError({field: message})


def _record_change(
    *, by: User, membership: Membership, action: str, joined_on_before: date | None, left_on_before: date | None
) -> None:
    from network.models import MembershipChange

    MembershipChange.objects.create(
        membership=membership,
        action=action,
        joined_on=membership.joined_on,
        left_on=membership.left_on,
        joined_on_before=joined_on_before,
        left_on_before=left_on_before,
        by=by,
    )
    logger.info(
        "Membership %s (commune %s, network %s) %s by account %s: %s to %s",
        membership.pk,
        membership.commune_id,
        membership.network_id,
        action,
        by.pk,
        membership.joined_on,
        membership.left_on,
    )


def _lock_network(network: Network) -> None:
    """Changes to one network's memberships, one at a time: two operators adding the same commune at
    once must not both find no overlap."""
    from network.models import Network

    Network.objects.select_for_update().filter(pk=network.pk).first()


def join_network(*, by: User, network: Network, commune: Commune, joined_on: date) -> Membership:
    """An operator adds a commune to a network from `joined_on`: a new membership, even if the commune was a
    member before (its earlier memberships stay as they were)."""
    from network.models import Membership, MembershipChange
    from tenants.models import Commune

    _authorize_membership_change(by)
    if commune.status != Commune.Status.ACTIVE:
        raise NetworkError({"commune": _("Only an active commune joins a network.")})
    with transaction.atomic():
        _lock_network(network)
        _check_membership_dates(network=network, commune=commune, joined_on=joined_on, left_on=None)
        membership = Membership.objects.create(network=network, commune=commune, joined_on=joined_on)
        _record_change(
            by=by,
            membership=membership,
            action=MembershipChange.Action.JOINED,
            joined_on_before=None,
            left_on_before=None,
        )
    return membership


def leave_network(*, by: User, membership: Membership, left_on: date) -> Membership:
    """An operator ends a membership on `left_on` (the first day the commune is no longer a member).

    The membership stays, dated: the months it was a member still count it."""
    from network.models import Membership, MembershipChange

    _authorize_membership_change(by)
    with transaction.atomic():
        _lock_network(membership.network)
        membership = Membership.objects.select_related("network", "commune").get(pk=membership.pk)
        if membership.left_on is not None:
            raise NetworkError(
                {"left_on": _("This membership ended on %(left)s.") % {"left": day_first(membership.left_on)}}
            )
        _check_membership_dates(
            network=membership.network,
            commune=membership.commune,
            joined_on=membership.joined_on,
            left_on=left_on,
            other_than=membership.pk,
        )
        membership.left_on = left_on
        membership.save(update_fields=["left_on"])
        _record_change(
            by=by,
            membership=membership,
            action=MembershipChange.Action.LEFT,
            joined_on_before=membership.joined_on,
            left_on_before=None,
        )
    return membership


def correct_membership(*, by: User, membership: Membership, joined_on: date, left_on: date | None) -> Membership:
    """An operator fixes a membership's dates that were entered wrong (`left_on` None: still a member).

    The same rules as for joining and leaving; the dates before and after are recorded. Nothing is
    recorded when nothing changes."""
    from network.models import Membership, MembershipChange

    _authorize_membership_change(by)
    with transaction.atomic():
        _lock_network(membership.network)
        membership = Membership.objects.select_related("network", "commune").get(pk=membership.pk)
        if (membership.joined_on, membership.left_on) == (joined_on, left_on):
            return membership
        _check_membership_dates(
            network=membership.network,
            commune=membership.commune,
            joined_on=joined_on,
            left_on=left_on,
            other_than=membership.pk,
        )
        joined_on_before, left_on_before = membership.joined_on, membership.left_on
        membership.joined_on, membership.left_on = joined_on, left_on
        membership.save(update_fields=["joined_on", "left_on"])
        _record_change(
            by=by,
            membership=membership,
            action=MembershipChange.Action.CORRECTED,
            joined_on_before=joined_on_before,
            left_on_before=left_on_before,
        )
    return membership


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
