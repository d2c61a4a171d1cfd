"""Platform accounts and their browsers on the bare domain, for the membership pages and API."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from django.test import Client

from jisr.accounts.models import Role, User
from network import services
from network.models import Network, Programme
from tests.conftest import PASSWORD, client_for


def platform_account(
    role: str, email: str, *, networks: Iterable[Network] = (), programmes: Iterable[Programme] = ()
) -> User:
    account = User.objects.create_user(email, PASSWORD, role=role)
    if networks or programmes:
        services.set_scope(user=account, networks=networks, programmes=programmes)
    return account


def browser_of(account: User) -> Client:
    """The account signed in on the bare platform domain, pages in English."""
    client = client_for(None)
    client.force_login(account)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def souss_massa(db: None) -> Network:
    return Network.objects.get(code="prim-souss-massa")


@pytest.fixture
def operator(db: None) -> User:
    return platform_account(Role.OPERATOR, "operator.members@jisr.test")
