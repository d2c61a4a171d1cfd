"""Every account must use a second factor: a grace period to set it up (reminded on every page), then nothing
but the pages that set it up, on the offices' sites, the platform's and the API alike."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.utils import timezone, translation

from jisr.accounts.models import Role, User
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.conftest import PASSWORD, client_for, make_staff, signed_in_client

pytestmark = pytest.mark.django_db

SETUP = "/accounts/2fa/totp/activate/"


def joined_days_ago(commune: Commune | None, user: User, days: int) -> None:
    with schema_context(commune.schema_name if commune else "public"):
        User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=days))


def test_a_new_account_is_reminded_of_its_deadline_and_works_meanwhile(commune_a: Commune) -> None:
    head = make_staff(commune_a)
    joined_days_ago(commune_a, head, 3)
    client = signed_in_client(commune_a, head)
    with translation.override("en"):
        page = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert "mfa-reminder" in text
    assert f'href="{SETUP}"' in text


def test_past_its_grace_period_an_account_without_a_second_factor_reaches_only_its_setup(commune_a: Commune) -> None:
    head = make_staff(commune_a)
    joined_days_ago(commune_a, head, 8)
    client = signed_in_client(commune_a, head)
    for path in ("/", "/people/", "/cases/", "/reports/", "/audit/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == SETUP
    # Setting it up asks for the password again (allauth), then shows the QR code to scan.
    setup = client.get(SETUP)
    assert setup.status_code == 302
    assert setup["Location"].startswith("/accounts/reauthenticate/")
    assert client.get(setup["Location"]).status_code == 200
    again = client.post(setup["Location"], {"password": PASSWORD})
    assert again.status_code == 302
    assert client.get(SETUP).status_code == 200
    api = client.get("/api/cases/")
    assert api.status_code == 403
    assert "deux étapes" in api.json()["detail"]  # in the account's language
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302  # signed out: to the sign-in page now
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_no_api_token_for_an_account_past_its_grace_period_without_a_second_factor(commune_a: Commune) -> None:
    agent = make_staff(commune_a, role=Role.AGENT)
    joined_days_ago(commune_a, agent, 30)
    response = client_for(commune_a).post(
        "/api/auth/token/", {"email": agent.email, "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "deux étapes" in response.json()["detail"]


def test_with_its_second_factor_the_account_works_and_is_not_reminded(commune_a: Commune) -> None:
    head = make_staff(commune_a)
    joined_days_ago(commune_a, head, 60)
    secret = "JBSWY3DPEHPK3PXP"
    with schema_context(commune_a.schema_name):
        TOTP.activate(head, secret)
    client = client_for(commune_a)
    login = client.post("/accounts/login/", {"login": head.email, "password": PASSWORD})
    assert login.status_code == 302
    assert login["Location"].startswith("/accounts/2fa/authenticate/")
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    assert client.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    page = client.get("/")
    assert page.status_code == 200
    assert "mfa-reminder" not in page.content.decode()


def test_platform_accounts_need_it_too(db: None) -> None:
    coordinator = User.objects.create_user("coordinator.mfa@jisr.test", PASSWORD, role=Role.COORDINATOR)
    joined_days_ago(None, coordinator, 10)
    client = client_for(None)
    client.force_login(coordinator)
    response = client.get("/regional/compare/")
    assert response.status_code == 302
    assert response["Location"] == SETUP


def test_operators_may_turn_the_requirement_off(commune_a: Commune, settings: object) -> None:
    settings.MFA_REQUIRED = False  # type: ignore[attr-defined]
    head = make_staff(commune_a)
    joined_days_ago(commune_a, head, 100)
    page = signed_in_client(commune_a, head).get("/")
    assert page.status_code == 200
    assert "mfa-reminder" not in page.content.decode()
