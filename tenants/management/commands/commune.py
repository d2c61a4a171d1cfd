"""manage.py commune create|suspend|reactivate|delete|list|fill-pool|backup|restore"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from network.models import Province
from tenants import backup, services
from tenants.models import Commune


class Command(BaseCommand):
    help = (
        "Create, suspend, reactivate, delete and list communes; fill the pool of ready schemas;"
        " back up one commune to an archive and restore it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="create a commune's workspace")
        create.add_argument("slug", help="sub-domain, e.g. aitmelloul")
        create.add_argument("--name-fr", required=True)
        create.add_argument(
            "--code",
            default="",
            help="the commune's official code, 4 to 6 capital letters or digits, which begins its case"
            " references (default: read from the French name, e.g. AITM for Aït Melloul)",
        )
        create.add_argument("--name-ar", default="")
        create.add_argument("--name-en", default="")
        create.add_argument("--name-tzm", default="", help="name in Tamazight (Tifinagh)")
        create.add_argument("--province", help="province or prefecture code, e.g. inezgane-ait-melloul")
        create.add_argument("--office-head", help="e-mail of the first office head, who gets an invitation")
        create.add_argument("--language", default="fr", help="language of the invitation e-mail")
        suspend = actions.add_parser("suspend", help="close a workspace, keeping its data")
        suspend.add_argument("slug")
        suspend.add_argument("--reason", required=True)
        reactivate = actions.add_parser("reactivate", help="reopen a suspended workspace")
        reactivate.add_argument("slug")
        delete = actions.add_parser("delete", help="drop a suspended commune's schema and files for good")
        delete.add_argument("slug")
        delete.add_argument("--confirm", required=True, help="the slug again")
        actions.add_parser("list", help="list communes and the pool")
        fill = actions.add_parser("fill-pool", help="build ready schemas up to TENANT_POOL_SIZE")
        fill.add_argument("--size", type=int)
        save = actions.add_parser("backup", help="write a commune's schema and files to a .tar.gz archive")
        save.add_argument("slug")
        save.add_argument("--output", required=True, type=Path, help="the archive to write, e.g. nador.tar.gz")
        restore = actions.add_parser("restore", help="restore an archive into a new commune, or over a suspended one")
        restore.add_argument("archive", type=Path)
        restore.add_argument("--into", help="slug of the commune to restore into (default: the archive's)")
        restore.add_argument(
            "--replace", action="store_true", help="restore over the existing commune, which must be suspended"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "create":
                self._create(options)
            elif action == "list":
                self._list()
            elif action == "restore":
                self._report(
                    "restored",
                    backup.restore_commune(
                        archive=options["archive"], into=options["into"], replace=options["replace"]
                    ),
                )
            elif action == "backup":
                outcome = backup.backup_commune(commune=self._commune(options["slug"]), output=options["output"])
                self._report("backed up", outcome)
            elif action == "fill-pool":
                started = time.monotonic()
                built = services.fill_pool(size=options["size"])
                self.stdout.write(f"{built} schema(s) built in {time.monotonic() - started:.2f} s")
            else:
                commune = self._commune(options["slug"])
                if action == "suspend":
                    services.suspend_commune(commune=commune, reason=options["reason"])
                elif action == "reactivate":
                    services.reactivate_commune(commune=commune)
                else:
                    services.delete_commune(commune=commune, confirm_slug=options["confirm"])
                self.stdout.write(f"{options['slug']}: {action} done")
        except services.ProvisioningError as error:
            raise CommandError("; ".join(error.messages)) from error
        except backup.BackupError as error:
            raise CommandError(str(error)) from error

    def _report(self, done: str, outcome: backup.Outcome) -> None:
        for name, table in outcome.tables.items():
            self.stdout.write(f"  {name:<40} {table.rows:>8} rows  {table.checksum}")
        self.stdout.write(
            f"{outcome.slug}: {done} (schema {outcome.schema}), archive {outcome.archive}:"
            f" {len(outcome.tables)} tables, {outcome.rows} rows, {outcome.files} files,"
            f" archive {outcome.archive_bytes / 1024:.1f} KiB, in {outcome.seconds:.2f} s"
        )
        if outcome.migrated:
            self.stdout.write(f"{outcome.slug}: migrated to the code's migrations")
        for note in outcome.notes:
            self.stdout.write(f"{outcome.slug}: {note}")

    def _commune(self, slug: str) -> Commune:
        commune = Commune.objects.filter(slug=slug).first()
        if commune is None:
            raise CommandError(f"No commune with the slug {slug!r}.")
        return commune

    def _create(self, options: dict[str, Any]) -> None:
        province = None
        if options["province"]:
            province = Province.objects.filter(code=options["province"]).first()
            if province is None:
                raise CommandError(f"No province or prefecture with the code {options['province']!r}.")
        started = time.monotonic()
        commune = services.provision_commune(
            slug=options["slug"],
            name_fr=options["name_fr"],
            code=options["code"],
            name_ar=options["name_ar"],
            name_en=options["name_en"],
            name_tzm=options["name_tzm"],
            province=province,
            office_head_email=options["office_head"],
            office_head_language=options["language"],
        )
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"{commune.slug}: created in schema {commune.schema_name}, code {commune.code}, in {elapsed:.3f} s"
        )

    def _list(self) -> None:
        for commune in Commune.objects.exclude(status=Commune.Status.POOLED).order_by("slug"):
            self.stdout.write(
                f"{commune.slug:<20} {commune.code:<7} {commune.status:<10} {commune.schema_name:<30} {commune.name_fr}"
            )
        pooled = Commune.objects.filter(status=Commune.Status.POOLED).count()
        self.stdout.write(f"{pooled} ready schema(s) in the pool")
