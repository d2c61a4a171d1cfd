from __future__ import annotations

from django.core.management.base import BaseCommand

from jisr.demo import seed


class Command(BaseCommand):
    help = "Create the demo communes and logins (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        created = seed()
        self.stdout.write("; ".join(created) if created else "Demo data already in place.")
