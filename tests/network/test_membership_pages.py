"""On /regional/networks/, an operator adds communes to a network and ends their memberships, the whole history in
view; coordinators and funders read the networks they follow; nobody else gets in."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.conf import settings

from jisr.accounts.models import Role, User
from network import selectors, services
from network.models import Membership, MembershipChange, Network, Programme
from tenants.models import Commune
from tests.conftest import client_for, make_staff, signed_in_client
from tests.network.conftest import browser_of, platform_account

pytestmark = pytest.mark.django_db


def row_of(page: str, commune: str, nth: int = 0) -> str:
    rows = re.findall(rf'<th scope="row">{re.escape(commune)}</th>(.*?)</tr>', page, re.S)
    assert len(rows) > nth, commune
    return str(rows[nth])


def test_an_operator_adds_a_commune_then_ends_its_membership_and_the_history_stays(
    operator: User, souss_massa: Network, commune_a: Commune
) -> None:
    browser = browser_of(operator)
    assert "/regional/networks/" in browser.get("/").content.decode()  # linked from the regional home
    listed = browser.get("/regional/networks/")
    assert listed.status_code == 200
    assert f'href="/regional/networks/{souss_massa.code}/"' in listed.content.decode()

    added = browser.post(
        f"/regional/networks/{souss_massa.code}/join/", {"commune": commune_a.slug, "joined_on": "2024-03-01"}
    )
    assert added.status_code == 302
    page = browser.get(added["Location"]).content.decode()
    assert "Aït Melloul is a member of the network from 01/03/2024." in page
    assert "01/03/2024" in row_of(page, "Aït Melloul")
    assert "still a member" in row_of(page, "Aït Melloul")

    membership = Membership.objects.get(network=souss_massa, commune=commune_a)
    ended = browser.post(
        f"/regional/networks/{souss_massa.code}/memberships/{membership.pk}/leave/",
        {f"leave-{membership.pk}-left_on": "2025-01-01"},
    )
    assert ended.status_code == 302
    page = browser.get(ended["Location"]).content.decode()
    assert "Aït Melloul is no longer a member of the network from 01/01/2025." in page
    assert "01/01/2025" in row_of(page, "Aït Melloul")

    # It joins again: a second line; the first keeps its dates.
    browser.post(f"/regional/networks/{souss_massa.code}/join/", {"commune": commune_a.slug, "joined_on": "2025-06-01"})
    page = browser.get(f"/regional/networks/{souss_massa.code}/").content.decode()
    assert "01/01/2025" in row_of(page, "Aït Melloul", 0)
    assert "01/06/2025" in row_of(page, "Aït Melloul", 1)
    assert Membership.objects.filter(network=souss_massa, commune=commune_a).count() == 2
    assert commune_a in selectors.members_of(souss_massa, on=date(2024, 12, 31))
    assert commune_a not in selectors.members_of(souss_massa, on=date(2025, 3, 1))
    # The record of changes names the operator.
    assert MembershipChange.objects.filter(by=operator).count() == 3
    assert "operator.members@jisr.test" in page


def test_a_refused_form_keeps_what_was_typed_and_says_why_by_the_field(
    operator: User, souss_massa: Network, commune_a: Commune, commune_b: Commune
) -> None:
    browser = browser_of(operator)
    refused = browser.post(
        f"/regional/networks/{souss_massa.code}/join/", {"commune": commune_b.slug, "joined_on": "1999-12-31"}
    )
    assert refused.status_code == 400
    page = refused.content.decode()
    field = re.search(r'<div class="field field--error">\s*<label for="id_joined_on">.*?</div>', page, re.S)
    assert field is not None
    assert 'value="1999-12-31"' in field.group(0)
    assert "This date is before 2000: check the year." in field.group(0)
    assert re.search(rf'<option value="{commune_b.slug}" selected>', page)
    assert not Membership.objects.filter(network=souss_massa).exists()

    membership = services.join_network(by=operator, network=souss_massa, commune=commune_a, joined_on=date(2024, 3, 1))
    refused = browser.post(
        f"/regional/networks/{souss_massa.code}/memberships/{membership.pk}/leave/",
        {f"leave-{membership.pk}-left_on": "2024-02-01"},
    )
    assert refused.status_code == 400
    row = row_of(refused.content.decode(), "Aït Melloul")
    assert 'value="2024-02-01"' in row
    assert "A commune leaves a network after the day it joined." in row
    membership.refresh_from_db()
    assert membership.left_on is None
    assert MembershipChange.objects.filter(membership=membership).count() == 1


def test_an_operator_corrects_a_date_entered_wrong(operator: User, souss_massa: Network, commune_a: Commune) -> None:
    membership = services.join_network(by=operator, network=souss_massa, commune=commune_a, joined_on=date(2024, 3, 1))
    browser = browser_of(operator)
    url = f"/regional/networks/{souss_massa.code}/memberships/{membership.pk}/correct/"
    form = browser.get(url)
    assert form.status_code == 200
    assert 'value="2024-03-01"' in form.content.decode()

    refused = browser.post(url, {"joined_on": "2024-03-01", "left_on": "2030-01-01"})
    assert refused.status_code == 400
    assert "This date is more than a year from now: check the year." in refused.content.decode()
    assert 'value="2030-01-01"' in refused.content.decode()

    corrected = browser.post(url, {"joined_on": "2023-03-01", "left_on": ""})
    assert corrected.status_code == 302
    membership.refresh_from_db()
    assert (membership.joined_on, membership.left_on) == (date(2023, 3, 1), None)
    assert commune_a in selectors.members_of(souss_massa, on=date(2023, 3, 1))
    change = MembershipChange.objects.get(membership=membership, action=MembershipChange.Action.CORRECTED)
    assert change.joined_on_before == date(2024, 3, 1)


def test_a_coordinator_reads_the_members_of_its_networks_and_changes_nothing(
    operator: User, souss_massa: Network, commune_a: Commune
) -> None:
    membership = services.join_network(by=operator, network=souss_massa, commune=commune_a, joined_on=date(2024, 3, 1))
    coordinator = platform_account(Role.COORDINATOR, "coordinator.pages@jisr.test", networks=[souss_massa])
    browser = browser_of(coordinator)

    listed = browser.get("/regional/networks/").content.decode()
    assert souss_massa.name_en in listed
    assert "prim-oriental" not in listed
    page = browser.get(f"/regional/networks/{souss_massa.code}/")
    assert page.status_code == 200
    assert "01/03/2024" in row_of(page.content.decode(), "Aït Melloul")
    assert "Add a commune" not in page.content.decode()
    assert "End the membership" not in page.content.decode()
    assert "operator.members@jisr.test" not in page.content.decode()  # the record of changes is the operators'
    assert browser.get("/regional/networks/prim-oriental/").status_code == 404

    base = f"/regional/networks/{souss_massa.code}"
    assert browser.post(f"{base}/join/", {"commune": commune_a.slug, "joined_on": "2025-03-01"}).status_code == 403
    leave = f"{base}/memberships/{membership.pk}/leave/"
    assert browser.post(leave, {f"leave-{membership.pk}-left_on": "2025-03-01"}).status_code == 403
    assert browser.get(f"{base}/memberships/{membership.pk}/correct/").status_code == 403
    membership.refresh_from_db()
    assert membership.left_on is None
    assert Membership.objects.filter(network=souss_massa).count() == 1


def test_a_funder_reads_its_programmes_networks_only_and_visitors_are_sent_to_sign_in(
    souss_massa: Network, commune_a: Commune
) -> None:
    funder = platform_account(Role.FUNDER, "funder.pages@jisr.test", programmes=Programme.objects.filter(code="prim"))
    browser = browser_of(funder)
    assert browser.get(f"/regional/networks/{souss_massa.code}/").status_code == 200
    assert browser.get("/regional/networks/jamaa-mouwatena-communes/").status_code == 404
    join = f"/regional/networks/{souss_massa.code}/join/"
    assert browser.post(join, {"commune": commune_a.slug, "joined_on": "2025-03-01"}).status_code == 403

    visitor = client_for(None)
    assert visitor.get("/regional/networks/")["Location"].startswith("/accounts/login/")
    assert visitor.post(join, {"commune": commune_a.slug, "joined_on": "2025-03-01"}).status_code == 302
    assert not Membership.objects.filter(network=souss_massa).exists()


def test_office_staff_never_reach_the_membership_pages_or_api(
    operator: User, souss_massa: Network, commune_a: Commune
) -> None:
    membership = services.join_network(by=operator, network=souss_massa, commune=commune_a, joined_on=date(2024, 3, 1))
    head = make_staff(commune_a, email="head.members@aitmelloul.test")
    office = signed_in_client(commune_a, head)
    base = f"/regional/networks/{souss_massa.code}"
    api = f"/api/regional/networks/{souss_massa.code}/memberships/"
    # On the commune's own host, these addresses do not exist.
    assert office.get("/regional/networks/").status_code == 404
    assert office.get(f"{base}/").status_code == 404
    assert office.post(f"{base}/join/", {"commune": commune_a.slug, "joined_on": "2025-03-01"}).status_code == 404
    assert office.get(api).status_code == 404
    # Its session means nothing on the bare domain: signed out there.
    bare = {"HTTP_HOST": settings.PLATFORM_DOMAIN}
    assert office.get(f"{base}/", **bare).status_code == 302  # type: ignore[arg-type]
    leave = f"{base}/memberships/{membership.pk}/leave/"
    office.post(leave, {f"leave-{membership.pk}-left_on": "2025-03-01"}, **bare)  # type: ignore[arg-type]
    assert office.get(api, **bare).status_code == 401  # type: ignore[arg-type]
    membership.refresh_from_db()
    assert membership.left_on is None
