"""What a platform account may see of the regional layer, already filtered.

- operators: every active commune, network and programme;
- coordinators: the communes that are members, today, of their networks;
- funders: the communes that are members, today, of the networks of their programmes;
- anyone else (a commune's staff, a signed-out visitor, an account without a
  scope, any code running in a commune's schema): nothing.

Memberships of networks (which commune, from when): operators read and change them all, coordinators
and funders read those of their networks.

Views of the regional layer ask here and never build these filters themselves.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from jisr.accounts.models import Role
from network.models import (
    AccountScope,
    Membership,
    MembershipChange,
    Network,
    Programme,
)
from tenants.context import in_public
from tenants.models import Commune


def _platform_role(user: Any) -> str | None:
    """The account's platform role, or None if it has none here.

    Scopes live in public; from a commune's schema the same user ids name other
    people (the commune's staff), so nothing is read there.
    """
    if not in_public() or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    role = getattr(user, "role", None)
    return role if role in (Role.OPERATOR, Role.COORDINATOR, Role.FUNDER) else None


def _scope(user: Any) -> AccountScope | None:
    return AccountScope.objects.filter(user_id=user.pk).first()


def current_members(on: date | None = None) -> Q:
    """Memberships running on a day (today by default): joined on or before it, not left by then."""
    on = on or timezone.localdate()
    return Q(joined_on__lte=on) & (Q(left_on__isnull=True) | Q(left_on__gt=on))


def members_of(network: Network, *, on: date | None = None) -> QuerySet[Commune]:
    """The active communes that are members of a network on a day (today by default)."""
    memberships = Membership.objects.filter(current_members(on), network=network)
    return Commune.objects.filter(status=Commune.Status.ACTIVE, pk__in=memberships.values("commune_id"))


def networks_for(user: Any) -> QuerySet[Network]:
    role = _platform_role(user)
    if role == Role.OPERATOR:
        return Network.objects.all()
    scope = _scope(user) if role else None
    if scope is None:
        return Network.objects.none()
    if role == Role.COORDINATOR:
        return Network.objects.filter(pk__in=scope.networks.values("pk"))
    return Network.objects.filter(programme__in=scope.programmes.values("pk"))


def reads_memberships(user: Any) -> bool:
    """Whether the account reads which communes belong to networks (those of `networks_for`): platform accounts."""
    return _platform_role(user) is not None


def changes_memberships(user: Any) -> bool:
    """Whether the account adds communes to networks and ends or corrects memberships: operators only.

    Coordinators and funders read the memberships of their networks; what a membership says decides
    whose facts those networks' figures count, so they do not change it.
    """
    return _platform_role(user) == Role.OPERATOR


def memberships_of(user: Any, network: Network) -> QuerySet[Membership]:
    """A network's memberships, past and present (its whole history), if the account may see the network."""
    return (
        Membership.objects.filter(network=network, network__in=networks_for(user))
        .select_related("commune")
        .order_by("commune__name_fr", "joined_on")
    )


def membership_changes(user: Any, network: Network) -> QuerySet[MembershipChange]:
    """Who changed a network's memberships, when, and how: for operators (it names platform accounts)."""
    if not changes_memberships(user):
        return MembershipChange.objects.none()
    return MembershipChange.objects.filter(membership__network=network).select_related("membership__commune", "by")


def programmes_for(user: Any) -> QuerySet[Programme]:
    """A funder's programmes; for a coordinator, the programmes its networks belong to."""
    role = _platform_role(user)
    if role == Role.OPERATOR:
        return Programme.objects.all()
    scope = _scope(user) if role else None
    if scope is None:
        return Programme.objects.none()
    if role == Role.FUNDER:
        return Programme.objects.filter(pk__in=scope.programmes.values("pk"))
    return Programme.objects.filter(pk__in=scope.networks.values("programme_id"))


def communes_for(user: Any, *, on: date | None = None) -> QuerySet[Commune]:
    """The active communes the account may compare: members of its networks on a day (today by default)."""
    role = _platform_role(user)
    active = Commune.objects.filter(status=Commune.Status.ACTIVE)
    if role == Role.OPERATOR:
        return active
    if role is None:
        return Commune.objects.none()
    memberships = Membership.objects.filter(current_members(on), network__in=networks_for(user))
    return active.filter(pk__in=memberships.values("commune_id"))
