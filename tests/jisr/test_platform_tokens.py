"""A coordinator's, funder's or operator's script reads the regional API with a token of its own: from
`POST /api/regional/auth/token/` on the bare domain (the same sign-in as the office API's, limits and second
factor included), or from the account's page `/accounts/token/`, which also replaces and revokes it.

A token works only on the host whose schema holds it: a platform account's on the bare domain, an office's on
its commune's subdomain."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.conf import settings
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from jisr.accounts.models import Role, User
from network import services as network_services
from network.models import Network
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.conftest import PASSWORD, client_for, host_of, make_staff
from tests.jisr.test_mfa_required import SETUP, joined_days_ago

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/regional/auth/token/"
PAGE = "/accounts/token/"


def coordinator(email: str = "coordinator.token@jisr.test") -> User:
    """A coordinator of the Souss-Massa network, in the public schema."""
    account = User.objects.create_user(email, PASSWORD, role=Role.COORDINATOR)
    network_services.set_scope(user=account, networks=[Network.objects.get(code="prim-souss-massa")])
    return account


def script(key: str = "", host: str = settings.PLATFORM_DOMAIN) -> APIClient:
    """A script on the platform's bare domain (or another host), with a token if given one."""
    client = APIClient(HTTP_HOST=host, HTTP_ACCEPT_LANGUAGE="en")
    if key:
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def browser(user: User, *, enforce_csrf_checks: bool = False) -> Client:
    """A browser signed in on the platform's pages, in English."""
    client = Client(HTTP_HOST=settings.PLATFORM_DOMAIN, enforce_csrf_checks=enforce_csrf_checks)
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


# --- The API's sign-in ----------------------------------------------------------------------------------


def test_a_coordinator_gets_a_token_and_reads_the_comparison_with_it(db: None) -> None:
    account = coordinator()
    response = script().post(TOKEN_URL, {"email": account.email.upper(), "password": PASSWORD})
    assert response.status_code == 200, response.content
    key = response.json()["token"]
    assert Token.objects.get(user=account).key == key
    # The same token again: another script of the same person keeps working.
    assert script().post(TOKEN_URL, {"email": account.email, "password": PASSWORD}).json()["token"] == key

    comparison = script(key).get("/api/regional/comparison/")
    assert comparison.status_code == 200, comparison.content
    assert comparison.json()["network"] == "prim-souss-massa"
    assert script(key[:-1] + "x").get("/api/regional/comparison/").status_code == 401


def test_a_wrong_password_gets_no_token(db: None) -> None:
    account = coordinator()
    wrong = script().post(TOKEN_URL, {"email": account.email, "password": "not-the-password"})
    assert wrong.status_code == 400
    assert wrong.json()["detail"] == "Wrong e-mail address or password."
    missing = script().post(TOKEN_URL, {"email": account.email})
    assert missing.status_code == 400
    assert "password" in missing.json()
    nobody = script().post(TOKEN_URL, {"email": "nobody@jisr.test", "password": PASSWORD})
    assert nobody.status_code == 400
    assert not Token.objects.exists()


def test_failed_attempts_are_limited_as_on_the_sign_in_page(db: None) -> None:
    account = coordinator()
    statuses = [
        script().post(TOKEN_URL, {"email": account.email, "password": f"wrong-{n}"}).status_code for n in range(6)
    ]
    assert statuses == [400, 400, 400, 400, 400, 429]  # 5 failures per e-mail in 5 minutes (ACCOUNT_RATE_LIMITS)
    assert script().post(TOKEN_URL, {"email": account.email, "password": PASSWORD}).status_code == 429
    assert not Token.objects.exists()


def test_an_account_with_two_factor_needs_its_code_for_a_token(db: None) -> None:
    account = coordinator()
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    TOTP.activate(account, secret)
    without = script().post(TOKEN_URL, {"email": account.email, "password": PASSWORD})
    assert without.status_code == 400
    assert without.json()["code"]
    wrong = script().post(TOKEN_URL, {"email": account.email, "password": PASSWORD, "code": "000000"})
    assert wrong.status_code == 400
    assert not Token.objects.exists()
    right = script().post(TOKEN_URL, {"email": account.email, "password": PASSWORD, "code": current_code(secret)})
    assert right.status_code == 200, right.content
    assert right.json()["token"] == Token.objects.get(user=account).key


def test_no_token_for_an_account_past_its_time_to_set_up_two_factor(db: None) -> None:
    account = coordinator()
    joined_days_ago(None, account, 30)
    response = script().post(TOKEN_URL, {"email": account.email, "password": PASSWORD})
    assert response.status_code == 403
    assert response.json()["detail"] == "Your account needs two-step verification: set it up to go on."
    assert not Token.objects.exists()


def test_an_office_role_account_on_the_platform_gets_no_token(db: None) -> None:
    """The services never put an office role in the public schema; if one were there, it would be told why."""
    stray = User.objects.create_user("agent.stray@jisr.test", PASSWORD, role=Role.AGENT)
    response = script().post(TOKEN_URL, {"email": stray.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "platform accounts on the platform's" in response.json()["detail"]
    assert not Token.objects.exists()


def test_an_office_heads_credentials_and_token_mean_nothing_on_the_platform(commune_a: Commune) -> None:
    head = make_staff(commune_a, email="head.token@aitmelloul.test")
    office = script(host=host_of(commune_a))
    issued = office.post("/api/auth/token/", {"email": head.email, "password": PASSWORD})
    assert issued.status_code == 200, issued.content
    office_key = issued.json()["token"]
    assert script(office_key, host=host_of(commune_a)).get("/api/cases/").status_code == 200

    assert script(office_key).get("/api/regional/comparison/").status_code == 401
    assert script(office_key).get("/api/regional/networks/").status_code == 401
    assert script(office_key).delete(TOKEN_URL).status_code == 401
    # The office head has no account on the platform.
    assert script().post(TOKEN_URL, {"email": head.email, "password": PASSWORD}).status_code == 400
    with schema_context(commune_a.schema_name):
        assert Token.objects.filter(key=office_key).exists()  # not revoked by the attempt above


def test_a_platform_token_means_nothing_on_a_communes_host(commune_a: Commune) -> None:
    account = coordinator()
    key = script().post(TOKEN_URL, {"email": account.email, "password": PASSWORD}).json()["token"]
    on_commune = script(key, host=host_of(commune_a))
    assert on_commune.get("/api/cases/").status_code == 401
    assert on_commune.get("/api/people/").status_code == 401
    # Nor does the commune's sign-in know the coordinator.
    office = script(host=host_of(commune_a))
    assert office.post("/api/auth/token/", {"email": account.email, "password": PASSWORD}).status_code == 400


def test_a_script_revokes_its_token(db: None) -> None:
    account = coordinator()
    key = script().post(TOKEN_URL, {"email": account.email, "password": PASSWORD}).json()["token"]
    assert script(key).delete(TOKEN_URL).status_code == 204
    assert not Token.objects.filter(user=account).exists()
    assert script(key).get("/api/regional/comparison/").status_code == 401
    assert script().delete(TOKEN_URL).status_code == 401
    # Signing in again gives a new key.
    again = script().post(TOKEN_URL, {"email": account.email, "password": PASSWORD}).json()["token"]
    assert again != key


def test_a_signed_in_browser_revokes_the_token_with_its_session_and_csrf_token(db: None) -> None:
    account = coordinator()
    Token.objects.create(user=account)
    client = browser(account, enforce_csrf_checks=True)
    client.get(PAGE)  # sets the CSRF cookie
    refused = client.delete(TOKEN_URL)
    assert refused.status_code == 403
    assert Token.objects.filter(user=account).exists()
    accepted = client.delete(TOKEN_URL, HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert accepted.status_code == 204
    assert not Token.objects.filter(user=account).exists()


def test_the_regional_schema_documents_the_sign_in_and_the_page() -> None:
    response = client_for(None).get("/api/regional/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    operations = schema["paths"][TOKEN_URL]
    assert set(operations) == {"post", "delete"}
    assert {"200", "400", "403", "429"} <= set(operations["post"]["responses"])
    assert "204" in operations["delete"]["responses"]
    description = schema["info"]["description"]
    assert "POST /api/regional/auth/token/" in description
    assert "(/accounts/token/)" in description


# --- The account's page ---------------------------------------------------------------------------------


def test_a_coordinator_makes_replaces_and_revokes_its_token_on_its_page(db: None) -> None:
    account = coordinator()
    client = browser(account)
    home = client.get("/").content.decode()
    assert f'href="{PAGE}"' in home  # in the header, beside the account's name

    page = client.get(PAGE)
    assert page.status_code == 200
    assert "You have no token." in page.content.decode()

    made = client.post(PAGE, {"action": "new"})
    assert made.status_code == 200
    assert "no-store" in made["Cache-Control"]
    key = Token.objects.get(user=account).key
    assert f'value="{key}"' in made.content.decode()
    assert script(key).get("/api/regional/networks/").status_code == 200

    later = client.get(PAGE).content.decode()
    assert "You have a token, made on" in later
    assert key not in later  # shown once, only in the answer that made it

    replaced = client.post(PAGE, {"action": "new"})
    new_key = Token.objects.get(user=account).key
    assert new_key != key
    assert f'value="{new_key}"' in replaced.content.decode()
    assert script(key).get("/api/regional/networks/").status_code == 401
    assert script(new_key).get("/api/regional/networks/").status_code == 200

    revoked = client.post(PAGE, {"action": "revoke"}, follow=True)
    assert revoked.redirect_chain == [(PAGE, 302)]
    text = revoked.content.decode()
    assert "Your API token is revoked" in text
    assert "You have no token." in text
    assert not Token.objects.filter(user=account).exists()
    assert script(new_key).get("/api/regional/networks/").status_code == 401

    assert client.post(PAGE, {"action": "steal"}).status_code == 400


def test_the_page_wants_the_csrf_token(db: None) -> None:
    account = coordinator()
    client = browser(account, enforce_csrf_checks=True)
    assert client.post(PAGE, {"action": "new"}).status_code == 403
    assert not Token.objects.exists()
    page = client.get(PAGE).content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert csrf is not None
    assert client.post(PAGE, {"action": "new", "csrfmiddlewaretoken": csrf.group(1)}).status_code == 200
    assert Token.objects.filter(user=account).exists()


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(db: None) -> None:
    for response in (client_for(None).get(PAGE), client_for(None).post(PAGE, {"action": "new"})):
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={PAGE}"
    assert not Token.objects.exists()


def test_the_page_waits_like_every_page_for_an_overdue_second_factor(db: None) -> None:
    account = coordinator()
    joined_days_ago(None, account, 10)
    client = browser(account)
    for response in (client.get(PAGE), client.post(PAGE, {"action": "new"})):
        assert response.status_code == 302
        assert response["Location"] == SETUP
    assert not Token.objects.exists()


def test_funders_and_operators_have_the_page_too(db: None) -> None:
    for role in (Role.FUNDER, Role.OPERATOR):
        account = User.objects.create_user(f"{role}.token@jisr.test", PASSWORD, role=role)
        assert browser(account).post(PAGE, {"action": "new"}).status_code == 200
        assert Token.objects.filter(user=account).exists()


def test_an_office_has_no_such_page(commune_a: Commune) -> None:
    head = make_staff(commune_a, email="head.page@aitmelloul.test")
    client = client_for(commune_a)
    with schema_context(commune_a.schema_name):
        client.force_login(head)
    assert client.get(PAGE).status_code == 404
    assert f'href="{PAGE}"' not in client.get("/").content.decode()
