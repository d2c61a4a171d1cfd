"""Backing up one commune to an archive and restoring it, into a new commune or over itself.

pg_dump and psql are processes of their own: they see committed data only, so these tests run on `live_db`
and clean up after themselves. One commune with data and one archive of it serve the whole module.
"""

from __future__ import annotations

import io
import json
import re
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from cases.models import Case, Person
from cases.services import cases as case_services
from jisr.accounts.models import Role, User
from jisr.outbox.models import Message
from tenants import services
from tenants.backup import HELD, TableSummary, schema_summaries
from tenants.context import use_public
from tenants.cross_schema import schema_context, schema_exists
from tenants.models import Commune
from tests.cases.conftest import person
from tests.cases.test_workflow import new_case
from tests.conftest import PASSWORD, client_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))
SOURCE = "bksource"


@dataclass
class Source:
    commune: Commune
    archive: Path
    output: str
    tables: dict[str, TableSummary]
    media: Path


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("commune", *args, stdout=out)
    return out.getvalue()


def remove(slug: str) -> None:
    """Suspend and delete a commune of this module, if it exists."""
    use_public()
    commune = Commune.objects.filter(slug=slug).first()
    if commune is None:
        return
    if commune.status == Commune.Status.ACTIVE:
        services.suspend_commune(commune=commune, reason="end of the backup test")
    services.delete_commune(commune=commune, confirm_slug=slug)


def without_outbox(tables: dict[str, TableSummary]) -> dict[str, TableSummary]:
    """Every table but the outbox, whose waiting messages a restore holds (tenants.backup.HELD)."""
    return {name: table for name, table in tables.items() if name != "outbox_message"}


def files_of(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def others() -> dict[str, dict[str, TableSummary]]:
    """Checksums of the session's communes, which no restore may touch."""
    return {slug: schema_summaries(Commune.schema_name_for(slug)) for slug in ("aitmelloul", "nador")}


def leftovers(media: Path) -> tuple[set[str], set[str], set[str], set[str]]:
    """Communes, schemas, databases and media folders that exist: a refused restore adds none."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%'")
        schemas = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT datname FROM pg_database")
        databases = {row[0] for row in cursor.fetchall()}
    communes = {
        str(slug) for slug in Commune.objects.exclude(status=Commune.Status.POOLED).values_list("slug", flat=True)
    }
    schemas = {name for name in schemas if not name.startswith("pool_")}  # the pool refills in the background
    return communes, schemas, databases, {path.name for path in media.iterdir()}


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=str(folder)):
        yield folder


@pytest.fixture(scope="module")
def source(
    django_db_setup: None, django_db_blocker: Any, media: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Source]:
    """A commune with people, cases, a timeline, documents, messages in its outbox; and its archive."""
    with django_db_blocker.unblock():
        remove(SOURCE)
        commune = services.provision_commune(
            slug=SOURCE,
            name_fr="Source",
            name_ar="المصدر",
            name_tzm="ⴰⵙⵓⵎ",
            office_head_email="head@bksource.test",
            contacts=services.OfficeContacts(
                office_name_en="Source reception office",
                opening_hours_ar="من الاثنين إلى الجمعة",
                opening_hours_fr="Du lundi au vendredi",
                opening_hours_en="Monday to Friday",
            ),
        )
        try:
            with schema_context(commune.schema_name):
                head = User.objects.create_user("staff@bksource.test", PASSWORD, role=Role.OFFICE_HEAD)
                cases = [new_case(head) for _ in range(3)]
                person(head, first_name_latin="Mohamed", last_name_latin="Amrani", phone="+33612345678")
                case_services.add_attachment(actor=head, case=cases[0], upload=SimpleUploadedFile("acte.pdf", PDF))
                case_services.add_attachment(actor=head, case=cases[1], upload=SimpleUploadedFile("photo.png", PNG))
                assert Message.objects.exists()
            use_public()
            archive = tmp_path_factory.mktemp("archives") / "bksource.tar.gz"
            output = run("backup", SOURCE, "--output", str(archive))
            yield Source(commune, archive, output, schema_summaries(commune.schema_name), media)
        finally:
            remove(SOURCE)


def test_backup_names_its_tables_rows_and_archive(source: Source) -> None:
    assert source.archive.is_file()
    assert f"archive {source.archive}" in source.output
    assert "cases_person" in source.output
    assert "files" in source.output
    with tarfile.open(source.archive) as archive:
        names = set(archive.getnames())
        manifest = json.loads(archive.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert {"manifest.json", "schema.dump", "media"} <= names
    assert (manifest["slug"], manifest["code"]) == (SOURCE, "SOURCE")
    assert manifest["commune"]["name_ar"] == "المصدر"
    assert manifest["tables"]["cases_case"]["rows"] == 3
    assert manifest["tables"]["cases_attachment"]["rows"] == 2
    assert ["cases", "0001_initial"] in [row[:2] for row in manifest["migrations"]]
    assert {name: TableSummary(**table) for name, table in manifest["tables"].items()} == source.tables


def test_round_trip_into_a_new_commune_copies_every_row_and_file_and_touches_no_other(
    live_db: None, source: Source
) -> None:
    before = others()
    try:
        output = run("restore", str(source.archive), "--into", "bkcopy")
        copy = Commune.objects.get(slug="bkcopy")
        assert copy.status == Commune.Status.ACTIVE
        # The original is still there: the copy must not share the code its references begin with.
        assert (source.commune.code, copy.code) == ("SOURCE", "SOURC2")
        assert (copy.name_fr, copy.name_ar, copy.name_tzm) == ("Source", "المصدر", "ⴰⵙⵓⵎ")
        assert (copy.office_name_en, copy.opening_hours_ar, copy.opening_hours_fr, copy.opening_hours_en) == (
            "Source reception office",
            "من الاثنين إلى الجمعة",
            "Du lundi au vendredi",
            "Monday to Friday",
        )
        assert "restored" in output
        assert "cases_case" in output

        restored = schema_summaries(copy.schema_name)
        assert without_outbox(restored) == without_outbox(source.tables)  # every table: rows and content
        assert restored["outbox_message"].rows == source.tables["outbox_message"].rows
        assert "held, not sent again" in output
        original = files_of(source.media / source.commune.schema_name)
        assert len(original) == 2
        assert files_of(source.media / copy.schema_name) == original  # byte for byte
        assert others() == before

        with schema_context(copy.schema_name):
            assert Case.objects.count() == 3
            attachment = Case.objects.get(attachments__original_name="acte.pdf").attachments.get()
            assert attachment.file.read() == PDF  # read through the commune's storage, in its own folder
            # What was waiting to be sent is held in the copy: the original sends it, not both.
            assert not Message.objects.filter(state=Message.State.PENDING).exists()
            assert set(Message.objects.values_list("state", "last_error")) == {(Message.State.FAILED, HELD)}
            highest = max(Person.objects.values_list("id", flat=True))
            head = User.objects.get(email="staff@bksource.test")
            newcomer = person(head, first_name_latin="Nadia")
            assert newcomer.id > highest  # the sequences continue after the restored rows
        use_public()
        # The new commune answers on its own sub-domain.
        assert client_for(copy).get("/accounts/login/").status_code == 200
    finally:
        remove("bkcopy")
    assert not schema_exists("commune_bkcopy")


def tampered(source: Source, folder: Path, change: Any) -> Path:
    """A copy of the archive whose manifest `change` edited."""
    target = folder / "tampered.tar.gz"
    with tarfile.open(source.archive) as original, tarfile.open(target, "w:gz") as copy:
        for member in original.getmembers():
            data = original.extractfile(member) if member.isfile() else None
            if member.name == "manifest.json":
                manifest = json.loads(data.read())  # type: ignore[union-attr]
                change(manifest)
                content = json.dumps(manifest).encode()
                member.size = len(content)
                data = io.BytesIO(content)
            copy.addfile(member, data)
    return target


def _opening_hours_in_one_field(manifest: dict[str, Any]) -> None:
    """The commune's attributes as archives made them before the office's texts had a field per language."""
    for language in ("ar", "fr", "en"):
        del manifest["commune"][f"opening_hours_{language}"]
    manifest["commune"]["opening_hours"] = "Lundi-vendredi 8h30-16h30 · من الاثنين إلى الجمعة"


def test_an_archive_of_before_the_texts_in_each_language_shares_out_its_opening_hours(
    live_db: None, source: Source, tmp_path: Path
) -> None:
    try:
        run("restore", str(tampered(source, tmp_path, _opening_hours_in_one_field)), "--into", "bkolder")
        copy = Commune.objects.get(slug="bkolder")
        assert (copy.opening_hours_fr, copy.opening_hours_ar, copy.opening_hours_en) == (
            "Lundi-vendredi 8h30-16h30",
            "من الاثنين إلى الجمعة",
            "",
        )
    finally:
        remove("bkolder")


def _code_no_commune_has(manifest: dict[str, Any]) -> None:
    """The archive of a commune deleted since: its code is free again."""
    manifest["code"] = "BKGONE"


def test_a_commune_restored_after_its_deletion_keeps_its_code(live_db: None, source: Source, tmp_path: Path) -> None:
    try:
        run("restore", str(tampered(source, tmp_path, _code_no_commune_has)), "--into", "bkback")
        assert Commune.objects.get(slug="bkback").code == "BKGONE"
    finally:
        remove("bkback")


def _checksum_of_people_changed(manifest: dict[str, Any]) -> None:
    manifest["tables"]["cases_person"]["checksum"] = "0" * 32


def _newer_migration(manifest: dict[str, Any]) -> None:
    manifest["migrations"].append(["cases", "9999_from_the_future", "2030-01-01T00:00:00+00:00"])


def _other_format(manifest: dict[str, Any]) -> None:
    manifest["format_version"] = 99


@pytest.mark.parametrize(
    ("change", "arguments", "message"),
    [
        (_checksum_of_people_changed, ["--into", "bkbad"], "in 1 table(s): cases_person"),
        (_newer_migration, ["--into", "bkbad"], "newer code"),
        (_other_format, ["--into", "bkbad"], "format version 99"),
        (None, [], "exists already; use --replace"),
        (None, ["--replace"], f"Suspend the commune '{SOURCE}'"),
    ],
)  # fmt: skip
def test_a_refused_restore_says_why_and_leaves_nothing_behind(
    live_db: None, source: Source, tmp_path: Path, change: Any, arguments: list[str], message: str
) -> None:
    archive = tampered(source, tmp_path, change) if change else source.archive
    before = leftovers(source.media)
    with pytest.raises(CommandError, match=re.escape(message)):
        run("restore", str(archive), *arguments)
    assert leftovers(source.media) == before
    assert not Commune.objects.filter(slug="bkbad").exists()


@pytest.mark.parametrize(
    "content",
    [b"not an archive at all", "truncated"],
)
def test_a_damaged_archive_is_refused(live_db: None, source: Source, tmp_path: Path, content: Any) -> None:
    archive = tmp_path / "damaged.tar.gz"
    whole = source.archive.read_bytes()
    archive.write_bytes(whole[: len(whole) * 2 // 3] if content == "truncated" else content)
    before = leftovers(source.media)
    with pytest.raises(CommandError, match=r"damaged|not a commune backup archive"):
        run("restore", str(archive), "--into", "bkbad")
    assert leftovers(source.media) == before


def test_restoring_over_a_suspended_commune_brings_back_the_backup_exactly(live_db: None, source: Source) -> None:
    commune = source.commune
    before = others()
    with schema_context(commune.schema_name):
        Person.objects.filter(first_name_latin="Mohamed").delete()
        Message.objects.all().delete()
        head = User.objects.get(email="staff@bksource.test")
        new_case(head)
    use_public()
    (source.media / commune.schema_name / "stray.txt").write_bytes(b"written after the backup")
    assert schema_summaries(commune.schema_name) != source.tables
    services.suspend_commune(commune=commune, reason="restore")
    try:
        output = run("restore", str(source.archive), "--replace")
        assert "reactivate" in output
        restored = Commune.objects.get(slug=SOURCE)
        assert restored.pk == commune.pk
        assert without_outbox(schema_summaries(commune.schema_name)) == without_outbox(source.tables)
        with schema_context(commune.schema_name):
            assert Message.objects.count() == source.tables["outbox_message"].rows  # back, and held
            assert not Message.objects.filter(state=Message.State.PENDING).exists()
        use_public()
        assert "stray.txt" not in files_of(source.media / commune.schema_name)
        assert len(files_of(source.media / commune.schema_name)) == 2
        assert others() == before
    finally:
        commune.refresh_from_db()
        if commune.status == Commune.Status.SUSPENDED:
            services.reactivate_commune(commune=commune)
