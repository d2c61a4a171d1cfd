"""An account's owner hears of a sign-in from a new device, and of sign-ins that locked their account."""

from __future__ import annotations

import secrets

import pytest
from django.test import Client

from jisr.accounts.models import User
from jisr.outbox.models import Message
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.conftest import PASSWORD, host_of, make_staff

pytestmark = pytest.mark.django_db

PHONE_BROWSER = "Mozilla/5.0 (Linux; Android 14) Chrome/131 Mobile"
OFFICE_BROWSER = "Mozilla/5.0 (Windows NT 10.0) Firefox/133"


def sign_in(commune: Commune, user: User, *, address: str, browser: str, password: str = PASSWORD) -> int:
    client = Client(HTTP_HOST=host_of(commune), REMOTE_ADDR=address, HTTP_USER_AGENT=browser)
    return client.post("/accounts/login/", {"login": user.email, "password": password}).status_code


def notices(commune: Commune, kind: str) -> list[Message]:
    with schema_context(commune.schema_name):
        return list(Message.objects.filter(kind=kind))


def test_a_sign_in_from_a_new_device_is_told_to_the_owner_not_the_first_nor_a_known_one(commune_a: Commune) -> None:
    agent = make_staff(commune_a, email="agent.devices@aitmelloul.test")
    office = "198.51.100." + str(secrets.randbelow(200) + 1)
    assert sign_in(commune_a, agent, address=office, browser=OFFICE_BROWSER) == 302
    assert notices(commune_a, "new_device_sign_in") == []  # the first sign-in: every device is new
    assert sign_in(commune_a, agent, address=office, browser=OFFICE_BROWSER) == 302
    assert notices(commune_a, "new_device_sign_in") == []  # a known device
    assert sign_in(commune_a, agent, address="203.0.113.77", browser=PHONE_BROWSER) == 302
    [told] = notices(commune_a, "new_device_sign_in")
    assert told.recipient == agent.email
    assert "203.0.113.77" in told.body
    assert "Android" in told.body
    with schema_context(commune_a.schema_name):
        known = User.objects.get(pk=agent.pk).known_devices
    assert len(known) == 2
    assert all("203.0.113.77" not in device and len(device) == 32 for device in known)  # hashes, not addresses


def test_a_locked_account_is_told_once_per_window(commune_a: Commune) -> None:
    head = make_staff(commune_a, email="head.locked@aitmelloul.test")
    for attempt in range(8):
        address = f"192.0.2.{attempt + 10}"  # many addresses: the per-account limit locks it
        sign_in(commune_a, head, address=address, browser=PHONE_BROWSER, password="wrong password")
    [told] = notices(commune_a, "sign_in_locked")
    assert told.recipient == head.email
    assert told.language == head.preferred_language


def test_failed_sign_ins_on_an_address_nobody_has_tell_nobody(commune_a: Commune) -> None:
    stranger = User(email="nobody.here@example.org")
    for attempt in range(8):
        sign_in(commune_a, stranger, address=f"192.0.2.{attempt + 40}", browser=PHONE_BROWSER, password="x")
    assert notices(commune_a, "sign_in_locked") == []
