"""Reading the imports: the office's runs and their reports, for the office head."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cases.imports.models import ImportRun
from cases.permissions import Action, authorize
from jisr.accounts.models import User


def runs(*, actor: User) -> QuerySet[ImportRun]:
    authorize(actor, Action.IMPORT_REGISTERS)
    return ImportRun.objects.select_related("requested_by")


def run(*, actor: User, run_id: int) -> ImportRun:
    """One run of this commune (another's id is not found: its rows are in another schema)."""
    return runs(actor=actor).select_related("default_category").get(pk=run_id)


def reason(entry: dict[str, Any]) -> str:
    """A report entry's reason in the reader's language (kept untranslated, with its parameters)."""
    message = _(entry.get("reason", ""))
    params = entry.get("params") or {}
    return message % params if params else message


def report_entries(item: ImportRun, kind: str = "problems") -> list[dict[str, Any]]:
    return [{**entry, "text": reason(entry)} for entry in (item.report or {}).get(kind, [])]
