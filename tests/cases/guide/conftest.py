"""Helpers of the guide's tests: a browser signed in on a commune's host."""

from __future__ import annotations

from django.test import Client

from jisr.accounts.models import User
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.conftest import client_for


def signed_in(commune: Commune, user: User, language: str = "en") -> Client:
    """Signed in without the login page (and its rate limit); English messages."""
    client = client_for(commune)
    with schema_context(commune.schema_name):
        client.force_login(user)
    client.cookies["django_language"] = language
    return client


def public(commune: Commune, language: str = "en") -> Client:
    client = client_for(commune)
    client.cookies["django_language"] = language
    return client


def field_block(html: str, name: str) -> str:
    """The markup of one form field (label, input, errors), to check an error sits next to its field."""
    for block in html.split('<div class="field'):
        if f'name="{name}"' in block:
            return block
    raise AssertionError(f"no field {name!r} on the page")
