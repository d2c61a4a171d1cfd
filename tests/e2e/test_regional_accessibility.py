"""The regional layer's pages pass axe-core in real Chromium, in Arabic and French, on a phone: the
coordinator's comparison (ranked, with its charts), the funder's indicators, the open data, the account's API
token page (with a new key shown), and a commune's own figures beside its network."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from selenium.webdriver.remote.webdriver import WebDriver

from analytics import extraction
from analytics.models import (
    AnswerTimeFact,
    CaseFact,
    Extraction,
    PeopleFact,
    ReferralFact,
    SatisfactionFact,
    Target,
)
from jisr.accounts.models import Role, User
from network import services as network_services
from network.models import AccountScope, Membership, Network, Programme
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.analytics.conftest import open_cases
from tests.conftest import PASSWORD
from tests.e2e.conftest import PHONE, SLUG, Visit
from tests.e2e.test_accessibility import Checker

COORDINATOR = "coordinator@e2e.test"


@pytest.fixture
def window() -> tuple[int, int]:
    return PHONE


def forget(account: User) -> None:
    """The test's platform account gone: the platform never deletes accounts (a cascade would look for the
    tenant tables that point at users), but this one was the test's own and nothing points at it."""
    if AccountScope.objects.filter(user=account).exists():
        network_services.remove_scope(user=account)
    Token.objects.filter(user=account).delete()
    User.objects.filter(pk=account.pk)._raw_delete(using="default")


@pytest.fixture
def regional(office: tuple[Commune, User, object]) -> Iterator[Network]:
    """The test's commune in PRIM's Oriental network with some work counted, a coordinator of that network,
    a target; all removed afterwards (the commune itself by the office fixture)."""
    commune = office[0]
    network = Network.objects.get(code="prim-oriental")
    network_services.join(commune=commune, network=network, on=date(2020, 1, 1))
    open_cases(commune, 12, answered=8, women=True)
    extraction.extract(commune, full=True)
    for left in User.objects.filter(email=COORDINATOR):  # by a run that stopped half-way
        forget(left)
    coordinator = User.objects.create_user(COORDINATOR, PASSWORD, role=Role.COORDINATOR, full_name="Coordinatrice")
    network_services.set_scope(user=coordinator, networks=[network])
    Target.objects.create(
        programme=Programme.objects.get(code="prim"), indicator="JSR-01", year=timezone.localdate().year, value=50
    )
    yield network
    Target.objects.filter(programme__code="prim", indicator="JSR-01").delete()
    forget(coordinator)
    Membership.objects.filter(commune=commune).delete()
    for model in (CaseFact, PeopleFact, AnswerTimeFact, ReferralFact, SatisfactionFact, Extraction):
        model.objects.filter(commune=commune).delete()
    assert not AccountScope.objects.filter(user__email=COORDINATOR).exists()


def test_the_regional_pages_pass_axe(
    server: str, office: tuple[Commune, User, object], regional: Network, browser: WebDriver, language: str
) -> None:
    User.objects.filter(email=COORDINATOR).update(preferred_language=language)
    commune, agent = office[0], office[1]
    with schema_context(commune.schema_name):
        User.objects.filter(pk=agent.pk).update(preferred_language=language)
    visit = Visit(browser, f"http://{server}", Path("/nonexistent"))
    checker = Checker(visit, language)
    visit.go("/regional/open-data/")
    checker.check("open data")
    visit.go("/accounts/login/")
    visit.fill("id_login", COORDINATOR)
    visit.fill("id_password", PASSWORD)
    visit.submit("main form")
    visit.go(f"/regional/compare/?network={regional.code}&rank=received")
    visit.wait_for("#chart-trend")
    checker.check("comparison, ranked")
    visit.go("/regional/compare/?first=2026-13")
    checker.check("comparison, a bad month")
    visit.go("/regional/indicators/?programme=prim")
    checker.check("indicators")
    visit.go("/accounts/token/")
    checker.check("API token")
    visit.submit("form.token-new")
    visit.wait_for("#new-token")
    checker.check("API token, a new key")

    in_commune = Visit(browser, f"http://{SLUG}.{server}", Path("/nonexistent"))
    in_commune.go("/accounts/login/")
    in_commune.fill("id_login", agent.email)
    in_commune.fill("id_password", PASSWORD)
    in_commune.submit("main form")
    in_commune.go("/statistics/network/")
    in_commune.wait_for("#chart-trend")
    checker.visit = in_commune
    checker.check("beside the network")

    assert not checker.found, checker.report()
