"""Apply each commune's retention rule now, or say what it would do (--dry-run)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cases.services import retention
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tenants.selectors import named


class Command(BaseCommand):
    help = (
        "Anonymise the closed cases older than each commune's retention (years) and erase the people with"
        " nothing newer; the statistics stay. --dry-run counts without changing anything."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slugs", nargs="*", help="only these communes (their slugs)")
        parser.add_argument("--dry-run", action="store_true", help="say what would be done, change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        active = list(Commune.objects.filter(status=Commune.Status.ACTIVE).order_by("slug"))
        try:
            communes = named(active, options["slugs"])
        except LookupError as missing:
            raise CommandError(f"No active commune with the slug: {missing}") from None
        verb = "would be" if options["dry_run"] else "were"
        for commune in communes:
            with schema_context(commune.schema_name):
                done = retention.apply_retention(dry_run=options["dry_run"])
            self.stdout.write(
                f"{done.commune} ({done.years} years, closed before {done.cutoff.isoformat()}):"
                f" {done.cases} cases {verb} anonymised, {done.people} people {verb} erased"
            )
