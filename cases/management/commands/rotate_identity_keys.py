"""Encrypt every commune's identity numbers with the newest key of FIELD_ENCRYPTION_KEYS (resumable)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cases.services import keys
from jisr import crypto
from tenants.selectors import named


class Command(BaseCommand):
    help = (
        "Encrypt the identity numbers still on an older key with the newest one (the first of"
        " FIELD_ENCRYPTION_KEYS), commune by commune, in batches. Stopped, it goes on where it was when run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slugs", nargs="*", help="only these communes (their slugs)")
        parser.add_argument("--batch", type=int, default=keys.BATCH, help="rows per transaction")
        parser.add_argument("--limit", type=int, help="stop after this many rows in all (run again to go on)")
        parser.add_argument("--check", action="store_true", help="only say which keys encrypt how many rows")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch"] < 1 or (options["limit"] is not None and options["limit"] < 0):
            raise CommandError("--batch must be at least 1 and --limit not negative.")
        try:
            communes = named(keys.communes_holding_data(), options["slugs"])
        except LookupError as missing:
            raise CommandError(f"No commune with the slug: {missing}") from None
        current = crypto.primary_key_id()
        self.stdout.write(f"Newest key: {current}")
        if options["check"]:
            self._check(communes, current)
            return

        remaining = options["limit"]
        left = 0
        unreadable: dict[str, list[int]] = {}
        for number, commune in enumerate(communes, start=1):
            done = keys.rotate(commune, batch=options["batch"], limit=remaining)
            if remaining is not None:
                remaining -= done.reencrypted
            left += done.left
            if done.unreadable:
                unreadable[done.commune] = done.unreadable
            self.stdout.write(
                f"[{number}/{len(communes)}] {done.commune}: {done.reencrypted} encrypted again, {done.left} left"
                + (f", {len(done.unreadable)} no key opens" if done.unreadable else "")
            )
        if unreadable:
            listed = "; ".join(f"{slug}: documents {', '.join(map(str, ids))}" for slug, ids in unreadable.items())
            raise CommandError(
                f"No configured key opens these identity numbers ({listed}). A key was removed from"
                " FIELD_ENCRYPTION_KEYS before they were encrypted again: put it back (behind the newest) and run"
                " this again."
            )
        if left:
            self.stdout.write(f"{left} rows are still on an older key: run this again to go on.")
        else:
            self.stdout.write(
                f"Every identity number is encrypted with key {current}: the older keys can be removed from"
                " FIELD_ENCRYPTION_KEYS."
            )

    def _check(self, communes: list[Any], current: str) -> None:
        older = 0
        for commune in communes:
            counts = keys.keys_in_use(commune)
            on_older = sum(count for key_id, count in counts.items() if key_id != current)
            older += on_older
            described = ", ".join(f"{key_id}: {count}" for key_id, count in sorted(counts.items())) or "none"
            self.stdout.write(f"{commune.slug}: {on_older} on an older key ({described})")
        self.stdout.write(f"{older} identity numbers to encrypt again.")
