"""Operators change which communes belong to a network, and from when: the history is kept, the dates must make
sense, every change is recorded with its author, and nobody else may make one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from jisr.accounts.models import Role, User
from network import selectors, services
from network.models import Membership, MembershipChange, Network, Programme
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.network.conftest import platform_account

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_a_commune_joins_leaves_and_joins_again_and_the_figures_follow_the_dates(
    operator: User, souss_massa: Network, commune_a: Commune
) -> None:
    first = services.join_network(by=operator, network=souss_massa, commune=commune_a, joined_on=date(2024, 3, 1))
    services.leave_network(by=operator, membership=first, left_on=date(2024, 9, 1))
    again = services.join_network(by=operator, network=souss_massa, commune=commune_a, joined_on=date(2025, 1, 15))

    # Nothing was deleted: two memberships, the first one ended.
    memberships = Membership.objects.filter(network=souss_massa, commune=commune_a).order_by("joined_on")
    assert [(m.joined_on, m.left_on) for m in memberships] == [
        (date(2024, 3, 1), date(2024, 9, 1)),
        (date(2025, 1, 15), None),
    ]
    assert again.pk != first.pk
    # A network's figures count the commune on the days it was a member, and only then.
    for day, member in [
        (date(2024, 2, 29), False),
        (date(2024, 3, 1), True),
        (date(2024, 8, 31), True),
        (date(2024, 9, 1), False),
        (date(2025, 1, 14), False),
        (date(2025, 1, 15), True),
    ]:
        assert (commune_a in selectors.members_of(souss_massa, on=day)) is member, day
    # Who did what, and when.
    changes = MembershipChange.objects.filter(membership__commune=commune_a).order_by("at", "pk")
    assert [(c.action, c.joined_on, c.left_on, c.by_id) for c in changes] == [
        ("joined", date(2024, 3, 1), None, operator.pk),
        ("left", date(2024, 3, 1), date(2024, 9, 1), operator.pk),
        ("joined", date(2025, 1, 15), None, operator.pk),
    ]


@pytest.mark.parametrize(
    ("joined_on", "message"),
    [
        (date(1999, 12, 31), "This date is before 2000: check the year."),
        (None, "This date is more than a year from now: check the year."),  # 400 days from today
        (date(2020, 5, 1), "This commune was a member of this network from 01/01/2020 to 01/06/2020."),
        (date(2020, 8, 1), "This commune has been a member of this network since 01/01/2021."),
        (date(2022, 1, 1), "This commune has been a member of this network since 01/01/2021."),
    ],
)
def test_a_commune_cannot_join_on_a_date_that_makes_no_sense(
    operator: User, souss_massa: Network, commune_a: Commune, joined_on: date | None, message: str
) -> None:
    earlier = services.join_network(by=operator, network=souss_massa, commune=commune_a, joined_on=date(2020, 1, 1))
    services.leave_network(by=operator, membership=earlier, left_on=date(2020, 6, 1))
    services.join_network(by=operator, network=souss_massa, commune=commune_a, joined_on=date(2021, 1, 1))
    before = list(Membership.objects.values_list("pk", "joined_on", "left_on"))
    changes = MembershipChange.objects.count()

    day = joined_on or timezone.localdate() + timedelta(days=400)
    with pytest.raises(services.NetworkError) as refused:
        services.join_network(by=operator, network=souss_massa, commune=commune_a, joined_on=day)

    assert refused.value.message_dict == {"joined_on": [message]}
    assert list(Membership.objects.values_list("pk", "joined_on", "left_on")) == before
    assert MembershipChange.objects.count() == changes


def test_a_membership_ends_after_it_began_and_before_the_next(
    operator: User, souss_massa: Network, commune_a: Commune
) -> None:
    membership = services.join_network(by=operator, network=souss_massa, commune=commune_a, joined_on=date(2024, 3, 1))
    for left_on, message in [
        (date(2024, 3, 1), "A commune leaves a network after the day it joined."),
        (date(2023, 12, 1), "A commune leaves a network after the day it joined."),
        (timezone.localdate() + timedelta(days=400), "This date is more than a year from now: check the year."),
    ]:
        with pytest.raises(services.NetworkError) as refused:
            services.leave_network(by=operator, membership=membership, left_on=left_on)
        assert refused.value.message_dict == {"left_on": [message]}
    membership.refresh_from_db()
    assert membership.left_on is None

    services.leave_network(by=operator, membership=membership, left_on=date(2024, 6, 1))
    with pytest.raises(services.NetworkError) as ended:
        services.leave_network(by=operator, membership=membership, left_on=date(2024, 7, 1))
    assert ended.value.message_dict == {"left_on": ["This membership ended on 01/06/2024."]}

    # A correction that would run into the commune's later membership is refused too, on the end date.
    services.join_network(by=operator, network=souss_massa, commune=commune_a, joined_on=date(2024, 9, 1))
    with pytest.raises(services.NetworkError) as overlapping:
        services.correct_membership(
            by=operator, membership=membership, joined_on=date(2024, 3, 1), left_on=date(2024, 10, 1)
        )
    assert overlapping.value.message_dict == {
        "left_on": ["This commune has been a member of this network since 01/09/2024."]
    }


def test_a_wrong_date_is_corrected_and_the_correction_says_what_it_was(
    operator: User, souss_massa: Network, commune_a: Commune
) -> None:
    membership = services.join_network(by=operator, network=souss_massa, commune=commune_a, joined_on=date(2024, 3, 1))
    services.correct_membership(by=operator, membership=membership, joined_on=date(2023, 3, 1), left_on=None)
    # The same dates again: nothing to record.
    services.correct_membership(by=operator, membership=membership, joined_on=date(2023, 3, 1), left_on=None)

    membership.refresh_from_db()
    assert membership.joined_on == date(2023, 3, 1)
    assert commune_a in selectors.members_of(souss_massa, on=date(2023, 6, 1))
    correction = MembershipChange.objects.get(membership=membership, action=MembershipChange.Action.CORRECTED)
    assert (correction.joined_on_before, correction.left_on_before) == (date(2024, 3, 1), None)
    assert (correction.joined_on, correction.left_on, correction.by_id) == (date(2023, 3, 1), None, operator.pk)
    assert MembershipChange.objects.filter(membership=membership).count() == 2


def test_only_an_active_commune_joins(operator: User, souss_massa: Network, commune_a: Commune) -> None:
    Commune.objects.filter(pk=commune_a.pk).update(status=Commune.Status.SUSPENDED)
    commune_a.refresh_from_db()
    with pytest.raises(services.NetworkError) as refused:
        services.join_network(by=operator, network=souss_massa, commune=commune_a, joined_on=date(2024, 3, 1))
    assert refused.value.message_dict == {"commune": ["Only an active commune joins a network."]}


def test_coordinators_funders_and_commune_code_cannot_change_memberships(
    operator: User, souss_massa: Network, commune_a: Commune
) -> None:
    membership = services.join_network(by=operator, network=souss_massa, commune=commune_a, joined_on=date(2024, 3, 1))
    coordinator = platform_account(Role.COORDINATOR, "coordinator.members@jisr.test", networks=[souss_massa])
    funder = platform_account(Role.FUNDER, "funder.members@jisr.test", programmes=Programme.objects.filter(code="prim"))
    for account in (coordinator, funder):
        with pytest.raises(PermissionDenied):
            services.join_network(by=account, network=souss_massa, commune=commune_a, joined_on=date(2025, 3, 1))
        with pytest.raises(PermissionDenied):
            services.leave_network(by=account, membership=membership, left_on=date(2025, 3, 1))
        with pytest.raises(PermissionDenied):
            services.correct_membership(by=account, membership=membership, joined_on=date(2020, 1, 1), left_on=None)
    # Not even an operator, from code running in a commune's schema (user ids there are the office's).
    with schema_context(commune_a.schema_name), pytest.raises(PermissionDenied):
        services.leave_network(by=operator, membership=membership, left_on=date(2025, 3, 1))
    membership.refresh_from_db()
    assert (membership.joined_on, membership.left_on) == (date(2024, 3, 1), None)
    assert MembershipChange.objects.filter(membership=membership).count() == 1


def test_deleting_an_office_account_never_touches_the_record_of_an_operator_with_the_same_id(
    operator: User, souss_massa: Network, commune_a: Commune
) -> None:
    membership = services.join_network(by=operator, network=souss_massa, commune=commune_a, joined_on=date(2024, 3, 1))
    with schema_context(commune_a.schema_name):
        namesake = User.objects.create_user("same.id@aitmelloul.test", "x", role=Role.AGENT, pk=operator.pk)
        User.objects.filter(pk=namesake.pk).delete()
    assert MembershipChange.objects.get(membership=membership).by_id == operator.pk
