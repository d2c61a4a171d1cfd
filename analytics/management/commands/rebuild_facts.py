"""Count every commune's facts again from scratch (after a change to what facts count, or a restore)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from analytics import extraction
from tenants.models import Commune


class Command(BaseCommand):
    help = "Count the anonymised facts of every active commune (or those named) again, in full."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slugs", nargs="*", help="only these communes (their slugs)")

    def handle(self, *args: Any, **options: Any) -> None:
        communes = Commune.objects.filter(status=Commune.Status.ACTIVE).order_by("slug")
        if options["slugs"]:
            communes = communes.filter(slug__in=options["slugs"])
            missing = set(options["slugs"]) - set(communes.values_list("slug", flat=True))
            if missing:
                self.stderr.write(f"No active commune with the slug: {', '.join(sorted(missing))}")
        total = communes.count()
        started = time.monotonic()
        for number, commune in enumerate(communes, start=1):
            done = extraction.extract(commune, full=True)
            self.stdout.write(f"[{number}/{total}] {commune.slug}: {done.rows} fact rows over {done.months} months")
        self.stdout.write(f"{total} communes in {time.monotonic() - started:.1f} s")
