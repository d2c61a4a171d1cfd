"""Count every commune's facts again from scratch (after a change to what facts count, or a restore)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from analytics import extraction
from tenants.models import Commune


class Command(BaseCommand):
    help = "Count the anonymised facts of every active commune (or those named) again, in full, in one pass."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slugs", nargs="*", help="only these communes (their slugs)")

    def handle(self, *args: Any, **options: Any) -> None:
        communes = Commune.objects.filter(status=Commune.Status.ACTIVE).order_by("slug")
        if options["slugs"]:
            communes = communes.filter(slug__in=options["slugs"])
            missing = set(options["slugs"]) - set(communes.values_list("slug", flat=True))
            if missing:
                self.stderr.write(f"No active commune with the slug: {', '.join(sorted(missing))}")
        chosen = list(communes)
        self.stdout.write(
            f"Counting the facts of {len(chosen)} communes: {', '.join(str(c.slug) for c in chosen[:10])}"
            + (", ..." if len(chosen) > 10 else "")
        )
        started = time.monotonic()
        done = extraction.extract_all(chosen, full=True)
        self.stdout.write(
            f"{done.communes} communes: {done.rows} fact rows over {done.months} months"
            f" in {time.monotonic() - started:.1f} s"
        )
