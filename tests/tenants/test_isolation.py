"""What one commune writes, another cannot see: sessions, cache entries, files."""

from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.conftest import client_for, make_staff, signed_in_client

pytestmark = pytest.mark.django_db


def test_a_session_on_one_commune_means_nothing_on_another(commune_a: Commune, commune_b: Commune) -> None:
    head_a = make_staff(commune_a)
    client_a = signed_in_client(commune_a, head_a)
    assert client_a.get("/").status_code == 200

    # The browser would never send a host-only cookie to another sub-domain;
    # even a copied cookie finds no session there.
    session_key = client_a.cookies["sessionid"].value
    assert not client_a.cookies["sessionid"]["domain"]  # host-only: no Domain attribute
    stolen = client_for(commune_b)
    stolen.cookies["sessionid"] = session_key
    response = stolen.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]

    for commune, expected in [(commune_a, 1), (commune_b, 0)]:
        with schema_context(commune.schema_name), connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM django_session WHERE session_key = %s", [session_key])
            assert cursor.fetchone()[0] == expected


def test_staff_account_of_one_commune_cannot_sign_in_on_another(commune_a: Commune, commune_b: Commune) -> None:
    head_a = make_staff(commune_a)
    response = client_for(commune_b).post("/accounts/login/", {"login": head_a.email, "password": "x" * 20})
    assert response.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in client_for(commune_b).session


def test_platform_account_cannot_sign_in_on_a_commune(commune_a: Commune) -> None:
    from jisr.accounts.models import Role, User

    User.objects.create_user("coordinator@jisr.test", "a-long-test-password-2026", role=Role.COORDINATOR)
    response = client_for(commune_a).post(
        "/accounts/login/", {"login": "coordinator@jisr.test", "password": "a-long-test-password-2026"}
    )
    assert response.status_code == 200


def test_cache_entries_are_kept_apart_by_commune(commune_a: Commune, commune_b: Commune) -> None:
    with schema_context(commune_a.schema_name):
        cache.set("office:greeting", "from Aït Melloul", 60)
        assert cache.make_key("office:greeting").startswith(f"{commune_a.schema_name}:")
    with schema_context(commune_b.schema_name):
        assert cache.get("office:greeting") is None
        cache.set("office:greeting", "from Nador", 60)
    with schema_context(commune_a.schema_name):
        assert cache.get("office:greeting") == "from Aït Melloul"
    assert cache.get("office:greeting") is None  # and the public schema has its own too
    for commune in (commune_a, commune_b):
        with schema_context(commune.schema_name):
            cache.delete("office:greeting")


def test_files_are_stored_per_commune(commune_a: Commune, commune_b: Commune, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path)
    with schema_context(commune_a.schema_name):
        name = default_storage.save("letters/slip.txt", ContentFile(b"only for Ait Melloul"))
        assert default_storage.exists(name)
        stored_at = Path(default_storage.path(name))
    assert stored_at.is_relative_to(tmp_path / commune_a.schema_name)
    with schema_context(commune_b.schema_name):
        assert not default_storage.exists(name)
        assert Path(default_storage.path(name)).is_relative_to(tmp_path / commune_b.schema_name)
