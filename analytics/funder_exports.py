"""A programme's indicators as a spreadsheet (CSV or XLSX): the figures the page shows, and no others.

One row per indicator (target, actual, progress), followed by one row per value of each of its
disaggregations, and a last line on how the counts were published. A figure not given is an
empty cell, and the note column says why, so that a reader never takes it for a zero. Text that
a spreadsheet would run as a formula (starting with =, +, -, @) is written with a leading
apostrophe: a programme's name is typed by people, and a spreadsheet opened by a funder must not
run what they typed.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from analytics import disclosure
from analytics.exports import method_note, safe, workbook_bytes
from analytics.funding import EMPTY, HIDDEN, IndicatorValue
from network.models import Programme

Cell = str | int | float | None
# How many decimals an actual value keeps, by unit.
DECIMALS = {"count": 0, "share": 1, "days": 1, "score": 2}


def header() -> list[str]:
    return [
        _("programme"),
        _("year"),
        _("indicator code"),
        _("indicator"),
        _("definition"),
        _("unit"),
        _("target"),
        _("actual"),
        _("progress (%)"),
        _("dimension"),
        _("value"),
        _("count"),
        _("note"),
    ]


def _number(value: float | Decimal | None, decimals: int) -> Cell:
    if value is None:
        return None
    rounded = round(float(value), decimals)
    return int(rounded) if decimals == 0 or rounded.is_integer() else rounded


def _hidden_note() -> str:
    return _("not given (rests on fewer than %(base)s)") % {"base": disclosure.MIN_BASE}


def rows(programme: Programme, year: int, values: Iterable[IndicatorValue]) -> list[list[Cell]]:
    """The export's rows, header first, in the reader's language; the last says how counts were published."""
    table: list[list[Cell]] = [list(header())]
    for value in values:
        indicator = value.indicator
        note = {HIDDEN: _hidden_note(), EMPTY: _("no data")}.get(value.why or "", "")
        table.append(
            [
                programme.name,
                year,
                indicator.code,
                str(indicator.label),
                str(indicator.definition),
                str(indicator.unit_label),
                _number(value.target, 2),
                _number(value.actual, DECIMALS[indicator.unit]),
                _number(None if value.progress is None else 100 * value.progress, 1),
                None,
                None,
                None,
                note,
            ]
        )
        for breakdown in value.breakdowns:
            for _code, name, count in breakdown.rows:
                table.append(
                    [
                        programme.name,
                        year,
                        indicator.code,
                        str(indicator.label),
                        None,
                        None,
                        None,
                        None,
                        None,
                        breakdown.label,
                        name,
                        count,
                        "",
                    ]
                )
    last: list[Cell] = [None] * (len(table[0]) - 1)
    table.append([*last, method_note()])
    return [[safe(cell) for cell in row] for row in table]


def as_xlsx(table: list[list[Cell]], *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]  # Excel's limit on a sheet's name
    for row in table:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    return workbook_bytes(workbook)
