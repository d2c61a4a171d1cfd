"""Compile the .po catalogues to .mo with Babel (pure Python, no GNU gettext needed)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogue_files() -> list[Path]:
    roots = [Path(path) for path in settings.LOCALE_PATHS]
    return sorted(po for root in roots for po in root.glob("*/LC_MESSAGES/*.po"))


class Command(BaseCommand):
    help = "Compile translation catalogues (.po → .mo), only those that changed."

    def handle(self, *args: object, **options: object) -> None:
        for po_path in catalogue_files():
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            with po_path.open("rb") as po_file:
                catalogue = read_po(po_file, locale=po_path.parent.parent.name)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalogue, use_fuzzy=False)
            self.stdout.write(f"compiled {po_path.relative_to(settings.BASE_DIR)}")
