"""The coordinator's comparison as files: CSV (one table, the communes) and XLSX (every table of the page).

Every CSV of the regional layer (the comparison, the funders' indicators, the open data) comes in two forms,
both UTF-8 with a byte-order mark (so that Excel reads Arabic names right): commas and decimal points, the
default, for programs; and, with `?sep=semicolon`, semicolons and decimal commas, the form Excel opens in
columns when it runs in French (its list separator there is the semicolon). `csv_form` reads which.

Pure functions from what `selectors.comparison` returned to bytes: the figures are the page's, already
published by the cell key method, so a figure not given (a filter it cannot follow, a base under
disclosure.MIN_BASE) is an empty cell here, and each file says how the figures were published. Text that a spreadsheet
would read as a formula (a commune or network name starting with `=`, `+`, `-` or `@`) gets a leading
apostrophe: a file from the platform never runs anything in the coordinator's spreadsheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from analytics import disclosure, labels
from analytics.disclosure import PublishedTable
from analytics.selectors import CommuneRow, Comparison, Filters
from jisr.dates import short_datetime

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
PERCENT = "0%"
SEMICOLON = "semicolon"  # the value of `sep` that asks for the semicolon form


@dataclass(frozen=True)
class CsvForm:
    """How a CSV separates its cells and writes a number's decimals; `suffix` marks the file's name."""

    delimiter: str
    decimal: str
    suffix: str


COMMAS = CsvForm(delimiter=",", decimal=".", suffix="")
SEMICOLONS = CsvForm(delimiter=";", decimal=",", suffix="-semicolon")


def csv_form(query: Mapping[str, Any]) -> CsvForm:
    """The form a download asks for: `sep=semicolon` the semicolons, anything else (or nothing) the commas."""
    return SEMICOLONS if query.get("sep") == SEMICOLON else COMMAS


def csv_filename(name: str, form: CsvForm) -> str:
    """`name.csv` for the commas, `name-semicolon.csv` for the semicolons: both may sit in one folder."""
    return name.removesuffix(".csv") + form.suffix + ".csv"


@dataclass(frozen=True)
class About:
    """What the file is about, for its last sheet (and its name)."""

    network_code: str
    network_name: str
    filters: Filters
    category_name: str
    channel_name: str
    generated_at: datetime


def safe(value: Any) -> Any:
    """A text cell that cannot start a formula; numbers, dates and empty cells as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def attachment(content: bytes, filename: str, *, cache_control: str | None = None) -> HttpResponse:
    """A file to download (its type from the name's extension), with the caching asked for."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[filename.rsplit(".", 1)[-1]])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if cache_control:
        response["Cache-Control"] = cache_control
    return response


def workbook_bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def method_note(result: Comparison | None = None) -> str:
    """How the figures were published, in the reader's language: what every file and page says under them."""
    table = disclosure.table().parameters
    note = _(
        "Published by the cell key method: each count carries a small random perturbation, at most %(d)s either "
        "way, always the same for the same figure, so that no small count can be worked out by combining "
        "answers. Totals are perturbed on their own, so rows need not add up exactly. Nothing counted is always "
        "published as 0, and a 0 may also stand for one to three. "
        "Shares, medians and means are computed from published counts, and given when they rest on at least "
        "%(base)s."
    ) % {"d": table.maximum, "base": disclosure.MIN_BASE}
    if result is not None and len(result.blocks) > 1:
        note += " " + _(
            "This period is not one calendar month, quarter or year: each count adds up the published counts of "
            "its %(n)s calendar parts."
        ) % {"n": len(result.blocks)}
    if result is not None and result.absent:
        note += " " + _(
            "With a category or channel filter, referrals, women, satisfaction, countries and generations are "
            "left out: they are not counted by category or channel."
        )
    return note


def _percent(share: float | None) -> float | None:
    return None if share is None else round(100 * share, 1)


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def commune_header() -> list[str]:
    return [
        _("Commune"),
        _("Code"),
        _("Cases received"),
        _("Cases answered"),
        _("Share answered (%)"),
        _("Median days to answer"),
        _("Referrals"),
        _("Referrals answered (%)"),
        _("Women (%)"),
        _("Satisfaction (out of 5)"),
        _("Transferred in"),
        _("Transferred out"),
    ]


def commune_line(row: CommuneRow) -> list[Any]:
    """One commune's figures as the page shows them: shares in percent, those not given None."""
    return [
        row.commune.name,
        row.commune.slug or "",
        row.received,
        row.answered,
        _percent(row.answered_share),
        row.median_days,
        row.referred,
        _percent(row.referrals_answered_share),
        _percent(row.women_share),
        _rounded(row.satisfaction, 2),
        row.transferred_in,
        row.transferred_out,
    ]


def _csv_cell(value: Any, form: CsvForm) -> Any:
    if value is None:
        return ""
    if isinstance(value, float | Decimal) and form.decimal != ".":
        return str(value).replace(".", form.decimal)  # a number, never a formula: not guarded
    return safe(value)


def csv_bytes(rows: Iterable[Sequence[Any]], form: CsvForm = COMMAS) -> bytes:
    """CSV in UTF-8 with a byte-order mark (so that Excel reads Arabic names right), None as an empty
    cell, text guarded against formulas; commas, or semicolons with decimal commas (`form`)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=form.delimiter, lineterminator="\r\n")
    writer.writerows([_csv_cell(cell, form) for cell in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def comparison_csv(result: Comparison, form: CsvForm = COMMAS) -> bytes:
    """The communes side by side, the note on how they were published in the last line, after an empty one."""
    return csv_bytes([commune_header(), *(commune_line(row) for row in result.rows), [], [method_note(result)]], form)


def comparison_xlsx(result: Comparison, about: About) -> bytes:
    """Sheets Communes, Trend (months × communes), Countries, Generations and About."""
    book = Workbook()
    communes = book.active
    assert communes is not None
    communes.title = _("Communes")
    _rows(communes, [commune_header(), *(commune_line(row) for row in result.rows)])
    for column in ("E", "H", "I"):  # the shares, in percent already
        for cell in communes[column][1:]:
            cell.number_format = "0.0"

    trend = book.create_sheet(_("Trend"))
    names = list(result.trend)
    _rows(
        trend,
        [
            [_("Month"), *names],
            *([month, *(result.trend[name][i] for name in names)] for i, month in enumerate(result.months)),
        ],
    )
    for cell in trend["A"][1:]:
        cell.number_format = "mm/yyyy"

    _one_row_sheet(book.create_sheet(_("Countries")), _("Country of residence"), result.countries, labels.country_name)
    _one_row_sheet(book.create_sheet(_("Generations")), _("Generation"), result.generations, labels.generation_name)

    sheet = book.create_sheet(_("About"))
    period = about.filters.period
    _rows(
        sheet,
        [
            [_("Network"), about.network_name],
            [_("Network code"), about.network_code],
            [_("From"), f"{period.first:%Y-%m}"],
            [_("To"), f"{period.last:%Y-%m}"],
            [_("Category"), about.category_name or _("All categories")],
            [_("Channel"), about.channel_name or _("All channels")],
            [_("Perturbation table"), disclosure.table().parameters.version],
            [_("Generated at"), short_datetime(about.generated_at)],
            [_("Disclosure control"), method_note(result)],
        ],
    )
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 60
    return workbook_bytes(book)


def _rows(sheet: Worksheet, rows: Iterable[Sequence[Any]]) -> None:
    for row in rows:
        sheet.append([safe(cell) for cell in row])


def _one_row_sheet(sheet: Worksheet, title: str, table: PublishedTable | None, name: Any) -> None:
    data = labels.one_row(table, name)
    _rows(sheet, [[title, _("People")], *zip(data["labels"], data["values"], strict=True)])


def filename(about: About, extension: str) -> str:
    """`jisr-<network>-<first>-<last>.<extension>`: ASCII, from a slug and two months."""
    period = about.filters.period
    return f"jisr-{about.network_code}-{period.first:%Y-%m}-{period.last:%Y-%m}.{extension}"
