"""Creating, suspending and deleting communes; the pool of ready schemas."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from jisr.accounts.models import Invitation, Role
from jisr.outbox.models import Message
from tenants import cross_schema, services
from tenants.cross_schema import schema_context
from tenants.models import Commune, Domain
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def pooled() -> list[str]:
    return list(Commune.objects.filter(status=Commune.Status.POOLED).values_list("schema_name", flat=True))


def test_creating_a_commune_takes_a_ready_schema_and_invites_its_office_head(db: None) -> None:
    services.fill_pool(size=1)
    [ready] = pooled()

    commune = services.provision_commune(
        slug="berkane", name_fr="Berkane", name_ar="بركان", office_head_email="Head@Berkane.test"
    )

    assert commune.schema_name == "commune_berkane"
    assert not cross_schema.schema_exists(ready)  # renamed, not copied
    assert cross_schema.schema_exists("commune_berkane")
    assert Domain.objects.get(tenant=commune).domain == "berkane.jisr.test"
    with schema_context(commune.schema_name):
        invitation = Invitation.objects.get()
        assert (invitation.email, invitation.role) == ("head@berkane.test", Role.OFFICE_HEAD)
        message = Message.objects.get(kind="invitation")
        assert message.recipient == "head@berkane.test"
        assert (
            f"{settings.PLATFORM_URL_SCHEME}://berkane.jisr.test/accounts/invitation/{invitation.token}/"
            in message.body
        )
        assert "Berkane" in message.subject
    assert not Message.objects.exists()  # nothing about the commune's staff lands in public


def test_the_invited_office_head_accepts_and_signs_in(db: None) -> None:
    commune = services.provision_commune(slug="guercif", name_fr="Guercif", office_head_email="head@guercif.test")
    with schema_context(commune.schema_name):
        token = Invitation.objects.get().token
    client = client_for(commune)
    page = client.get(f"/accounts/invitation/{token}/")
    assert page.status_code == 200
    response = client.post(
        f"/accounts/invitation/{token}/",
        {"full_name": "Samira El Idrissi", "password1": "a-long-test-password-2026", "password2": "nope"},
    )
    assert response.status_code == 200  # the form again, with what was typed
    assert 'value="Samira El Idrissi"' in response.content.decode()
    response = client.post(
        f"/accounts/invitation/{token}/",
        {
            "full_name": "Samira El Idrissi",
            "password1": "a-long-test-password-2026",
            "password2": "a-long-test-password-2026",
        },
    )
    assert response.status_code == 302
    assert "Samira El Idrissi" in client.get("/").content.decode()
    assert client.get(f"/accounts/invitation/{token}/").status_code == 404  # works once


def test_without_a_ready_schema_one_is_built_on_the_spot(db: None) -> None:
    for schema in pooled():
        cross_schema.drop_schema(schema)
    Commune.objects.filter(status=Commune.Status.POOLED).delete()
    commune = services.provision_commune(slug="figuig", name_fr="Figuig")
    assert cross_schema.is_current(commune.schema_name)


@pytest.mark.parametrize(
    ("slug", "field"),
    [
        ("aitmelloul", "slug"),  # taken
        ("www", "slug"),  # reserved
        ("Ait-Melloul", "slug"),  # not a sub-domain label of ours
        ("a", "slug"),  # too short
        ("ok2", "name_fr"),  # fine, but no name
    ],
)
def test_bad_commune_details_are_refused_with_the_field_named(db: None, slug: str, field: str) -> None:
    before = set(Commune.objects.values_list("schema_name", flat=True))
    with pytest.raises(services.ProvisioningError) as caught:
        services.provision_commune(slug=slug, name_fr="" if field == "name_fr" else "Name")
    assert field in caught.value.message_dict
    assert set(Commune.objects.values_list("schema_name", flat=True)) == before


def test_fill_pool_keeps_the_pool_at_its_size(db: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TENANT_POOL_SIZE = 2
    built = services.fill_pool()
    assert len(pooled()) == 2
    assert services.fill_pool() == 0
    assert built <= 2
    assert all(cross_schema.is_current(schema) for schema in pooled())


@override_settings(MIGRATION_MODULES={"outbox": "tests.tenants.outbox_migrations_next"})
def test_a_pooled_schema_built_before_a_new_migration_is_migrated_before_use(db: None) -> None:
    # The pool was filled by the code as it was...
    with override_settings(MIGRATION_MODULES={}):
        cross_schema.expected_migrations.cache_clear()
        services.fill_pool(size=1)
    [stale] = pooled()
    # ...then a deploy brought a new migration (outbox 0002 adds a column).
    cross_schema.expected_migrations.cache_clear()
    assert not cross_schema.is_current(stale)

    commune = services.provision_commune(slug="driouch", name_fr="Driouch", office_head_email="head@driouch.test")

    assert cross_schema.is_current(commune.schema_name)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_schema = %s AND table_name = 'outbox_message'"
            " AND column_name = 'added_by_next_migration'",
            [commune.schema_name],
        )
        assert cursor.fetchone() is not None
    cross_schema.expected_migrations.cache_clear()


@override_settings(MIGRATION_MODULES={"outbox": "tests.tenants.outbox_migrations_next"})
def test_migrate_schemas_brings_the_pool_up_to_date_too(db: None) -> None:
    with override_settings(MIGRATION_MODULES={}):
        cross_schema.expected_migrations.cache_clear()
        services.fill_pool(size=1)
    cross_schema.expected_migrations.cache_clear()
    [stale] = pooled()
    assert not cross_schema.is_current(stale)
    call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0, executor="standard")
    assert cross_schema.is_current(stale)
    cross_schema.expected_migrations.cache_clear()


def test_suspending_needs_a_reason_and_an_active_commune(commune_a: Commune) -> None:
    with pytest.raises(services.ProvisioningError):
        services.suspend_commune(commune=commune_a, reason="  ")
    services.suspend_commune(commune=commune_a, reason="Office closed for works")
    assert Commune.objects.get(pk=commune_a.pk).status == Commune.Status.SUSPENDED
    with pytest.raises(services.ProvisioningError):
        services.suspend_commune(commune=commune_a, reason="again")


def test_deleting_a_commune_drops_its_schema_and_files_and_leaves_the_others(
    commune_b: Commune,
    settings,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    commune = services.provision_commune(slug="tiznit", name_fr="Tiznit")
    for each in (commune, commune_b):
        with schema_context(each.schema_name):
            default_storage.save("kept.txt", ContentFile(b"x"))

    with pytest.raises(services.ProvisioningError):  # still active
        services.delete_commune(commune=commune, confirm_slug="tiznit")
    services.suspend_commune(commune=commune, reason="Merged")
    with pytest.raises(services.ProvisioningError):  # slug not confirmed
        services.delete_commune(commune=commune, confirm_slug="tiz")
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_commune(commune=commune, confirm_slug="tiznit")

    assert not Commune.objects.filter(slug="tiznit").exists()
    assert not Domain.objects.filter(domain="tiznit.jisr.test").exists()
    assert not cross_schema.schema_exists("commune_tiznit")
    assert not (tmp_path / "commune_tiznit").exists()
    assert (tmp_path / commune_b.schema_name / "kept.txt").exists()
    assert cross_schema.schema_exists(commune_b.schema_name)


def test_commune_command_creates_suspends_and_deletes(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    call_command(
        "commune",
        "create",
        "taroudant",
        "--name-fr",
        "Taroudant",
        "--name-ar",
        "تارودانت",
        "--province",
        "taroudant",
        "--office-head",
        "head@taroudant.test",
    )
    commune = Commune.objects.get(slug="taroudant")
    assert commune.province is not None
    assert commune.province.region.code == "souss-massa"
    call_command("commune", "suspend", "taroudant", "--reason", "test")
    call_command("commune", "delete", "taroudant", "--confirm", "taroudant")
    assert not Commune.objects.filter(slug="taroudant").exists()
    assert "taroudant" in capsys.readouterr().out


def test_a_schema_built_from_the_recipe_equals_a_migrated_one(db: None) -> None:
    cross_schema.build_schema("built_from_recipe")
    cross_schema.create_schema_by_migrating("built_by_migrating")
    built, migrated = cross_schema.schema_shape("built_from_recipe"), cross_schema.schema_shape("built_by_migrating")
    assert built == migrated
    assert len(built["columns"]) > 50  # the comparison compared something
    assert ("django_content_type", 0) not in built["rows"]  # post-migrate rows came along
    assert cross_schema.is_current("built_from_recipe")


@override_settings(MIGRATION_MODULES={"outbox": "tests.tenants.outbox_migrations_next"})
def test_a_new_migration_gets_a_new_recipe(db: None) -> None:
    from tenants.models import SchemaRecipe

    with override_settings(MIGRATION_MODULES={}):
        cross_schema.expected_migrations.cache_clear()
        old_key = cross_schema.migration_state_key()
        cross_schema.recipe_script()
    cross_schema.expected_migrations.cache_clear()
    assert cross_schema.migration_state_key() != old_key
    assert "added_by_next_migration" in cross_schema.recipe_script()
    assert SchemaRecipe.objects.filter(key=old_key).exists()
    cross_schema.build_schema("after_new_migration")
    assert cross_schema.is_current("after_new_migration")
    cross_schema.expected_migrations.cache_clear()


@override_settings(MIGRATION_MODULES={"outbox": "tests.tenants.outbox_migrations_naming_schema"})
def test_a_migration_that_names_its_schema_cannot_be_replayed(db: None) -> None:
    cross_schema.expected_migrations.cache_clear()
    with pytest.raises(cross_schema.RecipeError):
        cross_schema.record_recipe()
    cross_schema.build_schema("built_anyway")  # falls back to migrating
    assert cross_schema.is_current("built_anyway")
    cross_schema.expected_migrations.cache_clear()
