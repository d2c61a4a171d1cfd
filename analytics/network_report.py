"""The network's report for coordinators: the comparison page as a PDF, in Arabic or French.

Drawn from what `selectors.comparison` returned, so from the facts published by the cell key method: a
figure not given is "—" here as on the page, and the report says how its figures were published. It looks
like the offices' own report (cases.reports.pdf), without any office's letterhead: it speaks for the network.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from fpdf.enums import Align

from analytics import disclosure, labels
from analytics.disclosure import PublishedTable
from analytics.exports import About, method_note
from analytics.funding import month_end
from analytics.selectors import CommuneRow, Comparison
from cases.pdf import WIDTH
from cases.reports.pdf import ReportPDF, drawn_twice, period_title

HIDDEN = "—"


def _count(value: int | None) -> str:
    return HIDDEN if value is None else str(value)


def _share(value: float | None) -> str:
    return HIDDEN if value is None else f"{round(100 * value)} %"


def _decimal(value: float | None) -> str:
    return HIDDEN if value is None else f"{value:.1f}"


def _line(row: CommuneRow) -> list[str]:
    return [
        row.commune.name,
        _count(row.received),
        _share(row.answered_share),
        _decimal(row.median_days),
        _count(row.referred),
        _share(row.referrals_answered_share),
        _share(row.women_share),
        _decimal(row.satisfaction),
        _count(row.transferred_in),
        _count(row.transferred_out),
    ]


def render(result: Comparison, about: About, language: str) -> bytes:
    with translation.override(language):
        return drawn_twice(language, lambda pdf: _document(pdf, result, about, language))


def _document(pdf: ReportPDF, result: Comparison, about: About, language: str) -> None:
    period = about.filters.period
    title = _("Report of the network %(network)s") % {"network": about.network_name}
    span = period_title(period.first, month_end(period.last))
    pdf.set_title(f"{title} — {span}")
    pdf.set_producer("Jisr")
    pdf.set_creator("Jisr")
    pdf.set_lang("ar-MA" if language == "ar" else "fr-MA")
    pdf.add_page()
    pdf.title_block(title, span)
    filters = [about.category_name or _("All categories"), about.channel_name or _("All channels")]
    pdf.text_cell(WIDTH, 5, " · ".join(filters), size=9.5, align=Align.C)
    pdf.ln(2)

    shown = [row.received for row in result.rows if row.received is not None]
    pdf.key_figures(
        [
            (str(len(result.rows)), _("communes")),
            (str(sum(shown)), _("cases received (published counts)")),
            (f"±{disclosure.table().parameters.maximum}", _("the most a published count is moved")),
        ]
    )
    pdf.heading(_("Communes side by side"))
    pdf.grid(
        [
            _("Commune"),
            _("Cases received"),
            _("Share answered (%)"),
            _("Median days to answer"),
            _("Referrals"),
            _("Referrals answered (%)"),
            _("Women (%)"),
            _("Satisfaction (out of 5)"),
            _("Transferred in"),
            _("Transferred out"),
        ],
        [_line(row) for row in result.rows],
        [40, *([(WIDTH - 40) / 9] * 9)],
    )

    pdf.heading(_("Cases received per month"))
    per_month = [sum(values[i] or 0 for values in result.trend.values()) for i in range(len(result.months))]
    pdf.columns(
        [(f"{month:%m/%y}", n) for month, n in zip(result.months, per_month, strict=True)],
        caption=_("Sum of the published counts, all communes of the report"),
    )

    pdf.heading(_("People received"))
    _published(pdf, result.countries, _("Country of residence"), labels.country_name)
    _published(pdf, result.generations, _("Generation"), labels.generation_name)

    pdf.heading(_("How the figures are published"))
    pdf.note(method_note(result))
    pdf.note(_("Counted from the communes' anonymised facts; no personal data leaves a commune."))


def _published(pdf: ReportPDF, table: PublishedTable | None, title: str, name: Any) -> None:
    data = labels.one_row(table, name)
    total = sum(value for value in data["values"] if value is not None)
    rows = [
        [str(label), _count(value), HIDDEN if value is None or not total else f"{round(100 * value / total)} %"]
        for label, value in zip(data["labels"], data["values"], strict=True)
    ]
    pdf.grid([title, _("People"), "%"], rows, [WIDTH - 60, 30, 30])
