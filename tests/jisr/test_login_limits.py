"""Failed sign-ins are limited per client, and the limit still tells clients apart behind the platform's
reverse proxy, without trusting what a client writes in X-Forwarded-For."""

from __future__ import annotations

import secrets
from typing import Any

import pytest
from django.test import Client

from tenants.models import Commune
from tests.conftest import host_of, make_staff

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # the ingress, as the platform's pods see it


LIMITED = 429  # what `fail` says when allauth refused to even check the password


def fail(commune: Commune, email: str, **headers: Any) -> int:
    """A sign-in with a wrong password: 200 (the form, wrong password) or LIMITED."""
    client = Client(HTTP_HOST=host_of(commune), HTTP_ACCEPT_LANGUAGE="en", **headers)
    response = client.post("/accounts/login/", {"login": email, "password": "not the password"})
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data().get("__all__", [])
    return LIMITED if any(error.code == "too_many_login_attempts" for error in errors) else 200


def client_address() -> str:
    return "203.0.113." + str(secrets.randbelow(250) + 1)


def test_ten_failures_a_minute_from_one_client_and_it_is_refused_others_are_not(
    commune_a: Commune, settings: Any
) -> None:
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    me, other = client_address(), "198.51.100." + str(secrets.randbelow(250) + 1)
    # Many accounts tried, so that the per-account limit is not what stops it.
    codes = [fail(commune_a, f"nobody{n}@example.org", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=me) for n in range(10)]
    assert 429 not in codes
    assert fail(commune_a, "nobody10@example.org", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=me) == 429
    # The same proxy, another client: not limited.
    assert fail(commune_a, "nobody11@example.org", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=other) != 429
    # The client writes a made-up address first; the proxy appends the real one: still refused.
    forged = f"192.0.2.{secrets.randbelow(250) + 1}, {me}"
    assert fail(commune_a, "nobody12@example.org", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forged) == 429


def test_without_a_trusted_proxy_the_header_is_not_read(commune_a: Commune, settings: Any) -> None:
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    address = client_address()
    for n in range(10):
        # A new made-up X-Forwarded-For each time: it must not open a new window.
        fail(commune_a, f"someone{n}@example.org", REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR=client_address())
    assert fail(commune_a, "someone10@example.org", REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR=client_address()) == 429


def test_five_failures_on_one_account_lock_it_for_a_while_from_anywhere(commune_a: Commune) -> None:
    staff = make_staff(commune_a, email="locked.sweep@aitmelloul.test")
    for _attempt in range(5):
        fail(commune_a, staff.email, REMOTE_ADDR=client_address())
    assert fail(commune_a, staff.email, REMOTE_ADDR=client_address()) == 429
