"""The platform's admin pages for accounts: deactivate, never delete."""

from __future__ import annotations

import pytest
from django.test import Client

from jisr.accounts.models import Role, User
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db


def test_a_platform_account_can_be_deactivated_but_not_deleted_from_the_admin() -> None:
    admin = User.objects.create_superuser("root@jisr.test", PASSWORD, role=Role.OPERATOR, full_name="Root")
    coordinator = User.objects.create_user("coordinator@jisr.test", PASSWORD, role=Role.COORDINATOR)
    client: Client = client_for(None)
    client.force_login(admin)
    change = client.get(f"/admin/accounts/user/{coordinator.pk}/change/")
    assert change.status_code == 200
    assert "/delete/" not in change.content.decode()
    assert client.get(f"/admin/accounts/user/{coordinator.pk}/delete/").status_code == 403
    bulk = client.post(
        "/admin/accounts/user/", {"action": "delete_selected", "_selected_action": [str(coordinator.pk)]}
    )
    assert bulk.status_code in (200, 302)
    assert User.objects.filter(pk=coordinator.pk).exists()
