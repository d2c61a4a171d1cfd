"""Names of the facts' coded values, in the page's language."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from django.utils.translation import get_language

from analytics.dimensions import COUNTRY_GROUPS
from analytics.disclosure import PublishedTable
from cases.models import Person

# The categories every office starts with: their codes are what facts carry. Their names are read from
# the migration that creates them in each commune (offices may rename theirs; the network uses these).
_CATEGORIES = importlib.import_module("cases.migrations.0002_categories").CATEGORIES


def categories() -> list[tuple[str, str]]:
    arabic = (get_language() or "fr").startswith("ar")
    english = (get_language() or "fr").startswith("en")
    return [
        (code, name_ar if arabic else name_en if english else name_fr)
        for code, name_fr, name_ar, name_en, _ in _CATEGORIES
    ]


def country_name(code: Any) -> str:
    return str(COUNTRY_GROUPS.get(str(code), code))


def generation_name(code: Any) -> str:
    return str(dict(Person.Generation.choices).get(str(code), COUNTRY_GROUPS[""]))


def one_row(table: PublishedTable | None, name: Callable[[Any], str]) -> dict[str, list[Any]]:
    """A 1-D published table as chart data: labels and values, hidden values as None."""
    if table is None:
        return {"labels": [], "values": []}
    row = table.rows[0]
    return {
        "labels": [name(column) for column in table.columns],
        "values": [table.cells[row, column] for column in table.columns],
    }
