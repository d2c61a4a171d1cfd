"""The report as an Excel workbook, in one language: every table of the PDF, with numbers as numbers.

Sheets are right to left in Arabic. Counts are cells the office can sum and chart again; the per-day (or
per-month) series and the main breakdowns carry Excel's own bar charts. Text typed by the office (an
activity's subject) is guarded against formulas (analytics.exports.safe).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from analytics.exports import safe, workbook_bytes
from cases.models import Referral
from cases.reports import figures as f
from cases.reports.figures import Breakdown, OfficeFigures
from cases.reports.pdf import period_title, report_title
from tenants.models import Commune

BOLD = Font(bold=True)


def render(figures: OfficeFigures, commune: Commune, language: str) -> bytes:
    with translation.override(language):
        book = Workbook()
        summary = book.active
        assert summary is not None
        summary.title = _("Summary")
        _summary(summary, figures, commune)
        _breakdowns(book.create_sheet(_("Cases")), figures.received_by, ("kind", "category", "channel"))
        _breakdowns(book.create_sheet(_("People")), figures.people_by, ("sex", "age_band", "generation", "country"))
        _series(book.create_sheet(_("Per day") if figures.series_unit == "day" else _("Per month")), figures)
        _referrals(book.create_sheet(_("Referrals")), figures)
        _satisfaction(book.create_sheet(_("Satisfaction")), figures)
        _duty(book.create_sheet(_("On duty")), figures)
        _activities(book.create_sheet(_("Activities")), figures)
        for sheet in book.worksheets:
            sheet.sheet_view.rightToLeft = language == "ar"
        return workbook_bytes(book)


def _append(sheet: Worksheet, rows: Iterable[Sequence[Any]], *, bold_first: bool = False) -> None:
    for index, row in enumerate(rows):
        sheet.append([safe(cell) for cell in row])
        if bold_first and index == 0:
            for cell in sheet[sheet.max_row]:
                cell.font = BOLD


def _widths(sheet: Worksheet, *widths: float) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width


def _summary(sheet: Worksheet, figures: OfficeFigures, commune: Commune) -> None:
    sheet.append([report_title(figures.first, figures.last)])
    sheet["A1"].font = Font(bold=True, size=14)
    _append(
        sheet,
        [
            [_("Office"), commune.office_name],
            [_("Commune"), commune.name],
            [_("Period"), period_title(figures.first, figures.last)],
            [_("From"), figures.first],
            [_("To"), figures.last],
            [],
            [_("Figure"), pgettext("how many", "Number")],
            [_("Cases received"), figures.received],
            [_("People received"), figures.people],
            [_("People registered for the first time"), figures.registered],
            [_("Cases answered in the period"), figures.answered],
            [_("of which on or before their due date"), figures.answered_on_time],
            [_("Median days from reception to answer"), figures.median_days_to_answer],
            [_("Cases still open at the end of the period"), figures.open_at_end],
            [_("of which overdue"), figures.overdue_at_end],
            [_("Referrals sent"), figures.referrals_sent],
            [_("Satisfaction surveys answered"), figures.surveys_answered],
            [_("Mean satisfaction (out of 5)"), figures.satisfaction_mean],
            [_("Shifts on duty"), figures.duty_shifts],
            [_("Hours on duty"), figures.duty_hours],
            [_("Activities"), len(figures.activities)],
        ],
    )
    for row in (5, 6):
        sheet.cell(row, 2).number_format = "dd/mm/yyyy"
    sheet.cell(8, 1).font = sheet.cell(8, 2).font = BOLD
    _widths(sheet, 48, 36)


def _table(sheet: Worksheet, dimension: str, breakdown: Breakdown) -> tuple[int, int]:
    """A breakdown's rows under its title, then its total; returns the rows of its data (first, last)."""
    _append(sheet, [[f.dimension_title(dimension), pgettext("how many", "Number"), "%"]], bold_first=True)
    first = sheet.max_row + 1
    total = breakdown.total
    for row in breakdown.rows:
        _append(sheet, [[f.label(dimension, row), row.n, row.n / total if total else None]])
        sheet.cell(sheet.max_row, 3).number_format = "0%"
    last = sheet.max_row
    sheet.append([_("Total"), total])
    sheet.cell(sheet.max_row, 1).font = sheet.cell(sheet.max_row, 2).font = BOLD
    sheet.append([])
    return first, last


def _breakdowns(sheet: Worksheet, breakdowns: dict[str, Breakdown], dimensions: Sequence[str]) -> None:
    anchor_row = 1
    for dimension in dimensions:
        first, last = _table(sheet, dimension, breakdowns[dimension])
        if last >= first:
            chart = BarChart()
            chart.type = "bar"
            chart.title = f.dimension_title(dimension)
            chart.legend = None
            chart.add_data(Reference(sheet, min_col=2, min_row=first, max_row=last), titles_from_data=False)
            chart.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
            chart.height = max(5.0, 0.6 * (last - first + 1) + 2)
            sheet.add_chart(chart, f"E{anchor_row}")
        anchor_row = sheet.max_row + 2
    _widths(sheet, 40, 12, 10)


def _series(sheet: Worksheet, figures: OfficeFigures) -> None:
    _append(sheet, [[_("Date") if figures.series_unit == "day" else _("Month"), _("Cases received")]], bold_first=True)
    for day, n in figures.series:
        sheet.append([day, n])
        sheet.cell(sheet.max_row, 1).number_format = "dd/mm/yyyy" if figures.series_unit == "day" else "mm/yyyy"
    if figures.series:
        chart = BarChart()
        chart.title = _("Cases received")
        chart.legend = None
        chart.add_data(Reference(sheet, min_col=2, min_row=2, max_row=sheet.max_row), titles_from_data=False)
        chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=sheet.max_row))
        chart.width = 24
        sheet.add_chart(chart, "D2")
    _widths(sheet, 14, 16)


def _referrals(sheet: Worksheet, figures: OfficeFigures) -> None:
    _table(sheet, "outcome", figures.referral_outcomes)
    outcomes = list(Referral.Outcome)
    _append(sheet, [[_("Service"), _("Sent"), *(str(outcome.label) for outcome in outcomes)]], bold_first=True)
    for line in figures.referrals_by_service:
        name = str(line.named.name) if line.named is not None else "—"
        _append(sheet, [[name, line.total, *(line.outcomes.get(outcome, 0) for outcome in outcomes)]])
    _widths(sheet, 48, 12, *([14] * len(outcomes)))


def _satisfaction(sheet: Worksheet, figures: OfficeFigures) -> None:
    _append(
        sheet,
        [
            [_("Satisfaction surveys answered"), figures.surveys_answered],
            [_("Mean satisfaction (out of 5)"), figures.satisfaction_mean],
            [],
        ],
    )
    _table(sheet, "score", Breakdown("score", [f.Row(str(score), n) for score, n in figures.scores]))
    _widths(sheet, 36, 12, 10)


def _duty(sheet: Worksheet, figures: OfficeFigures) -> None:
    _append(sheet, [[_("Shifts on duty"), figures.duty_shifts], [_("Hours on duty"), figures.duty_hours], []])
    _table(sheet, "duty_kind", figures.duty_by_kind)
    _append(sheet, [[_("Staff member"), _("Shifts"), _("Hours on duty")]], bold_first=True)
    _append(sheet, [[duty.name, duty.shifts, duty.hours] for duty in figures.duty_by_staff])
    _widths(sheet, 36, 12, 10)


def _activities(sheet: Worksheet, figures: OfficeFigures) -> None:
    _append(sheet, [[_("Date"), _("Kind"), _("Subject"), _("Place")]], bold_first=True)
    for activity in figures.activities:
        _append(sheet, [[activity.day, activity.get_kind_display(), activity.subject, activity.place]])
        sheet.cell(sheet.max_row, 1).number_format = "dd/mm/yyyy"
    _widths(sheet, 12, 22, 70, 36)
