"""Accounts: strong password hashing and rules, no sign-up, sessions renewed at sign-in and short-lived."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.utils import timezone

from jisr.accounts.models import User
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.conftest import PASSWORD, client_for, make_staff

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2(commune_a: Commune) -> None:
    from jisr import settings as production

    # The settings as the platform runs; the tests put a cheaper Argon2 in front (tests/conftest.py).
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    staff = make_staff(commune_a)
    with schema_context(commune_a.schema_name):
        assert User.objects.get(pk=staff.pk).password.startswith("argon2$")


@pytest.mark.parametrize("weak", ["short-pass1", "password1234", "123456789012", "aitmelloul-head"])
def test_weak_passwords_are_refused(weak: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(weak, User(email="aitmelloul-head@example.org", full_name="Aitmelloul Head"))


def test_nobody_signs_up(commune_a: Commune) -> None:
    for client in (client_for(commune_a), client_for(None)):
        page = client.post(
            "/accounts/signup/", {"email": "me@example.org", "password1": PASSWORD, "password2": PASSWORD}
        )
        assert page.status_code == 200
        assert "signup_closed" in " ".join(template.name or "" for template in page.templates)
    with schema_context(commune_a.schema_name):
        assert not User.objects.filter(email="me@example.org").exists()
    assert not User.objects.filter(email="me@example.org").exists()


def test_signing_in_gives_a_new_session_that_ends_with_the_browser_or_within_eight_hours(commune_a: Commune) -> None:
    staff = make_staff(commune_a)
    client = client_for(commune_a)
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    response = client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session.session_key != before  # no session fixation
    assert client.session.get_expire_at_browser_close()  # no "remember me": the cookie dies with the browser
    assert client.cookies["sessionid"]["max-age"] == ""
    with schema_context(commune_a.schema_name):  # ... and the server forgets it after 8 hours at most
        stored = Session.objects.get(pk=client.session.session_key)
        assert stored.expire_date <= timezone.now() + timedelta(hours=8)
    assert client.cookies["sessionid"]["httponly"]
    assert not client.cookies["sessionid"]["domain"]  # host-only: never sent to another office's subdomain
