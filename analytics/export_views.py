"""The comparison page's downloads: the same query, the same access rules, the same protected figures."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from analytics import exports, labels, network_report
from analytics.selectors import Comparison
from analytics.views import Compared, compared
from cases.models import Case


def _about(outcome: Compared) -> exports.About:
    filters = outcome.form.filters()
    return exports.About(
        network_code=outcome.code,
        network_name=outcome.name,
        filters=filters,
        category_name=dict(labels.categories()).get(filters.category, ""),
        channel_name=str(dict(Case.Channel.choices).get(filters.channel, "")) if filters.channel else "",
        generated_at=timezone.localtime(),
    )


Writer = Callable[[Comparison, exports.About], bytes]


def _download(request: HttpRequest, extension: str, write: Writer, *, suffix: str = "") -> HttpResponse:
    outcome = compared(request.user, request.GET)
    if outcome.result is None:
        # The form's errors, as the page shows them, with a 400: never a half-made file.
        page = render_to_string(
            "analytics/compare.html", {"form": outcome.form, "networks": outcome.networks}, request=request
        )
        return HttpResponse(page, status=400)
    about = _about(outcome)
    return exports.attachment(
        write(outcome.result, about),
        exports.filename(about, extension).replace(f".{extension}", f"{suffix}.{extension}"),
        cache_control="private, no-store",
    )


@login_required
@require_safe
def compare_csv(request: HttpRequest) -> HttpResponse:
    """The communes side by side as CSV (UTF-8 with BOM): commas, or semicolons with `sep=semicolon`."""
    spelling = exports.csv_form(request.GET)
    return _download(
        request, "csv", lambda result, _about: exports.comparison_csv(result, spelling), suffix=spelling.suffix
    )


@login_required
@require_safe
def compare_xlsx(request: HttpRequest) -> HttpResponse:
    """Every table of the page as an Excel workbook, with a sheet that says what it is."""
    return _download(request, "xlsx", exports.comparison_xlsx)


@login_required
@require_safe
def compare_pdf(request: HttpRequest) -> HttpResponse:
    """The network's report as a PDF, in Arabic or French (`language`, else the page's if it is one of them)."""
    language = request.GET.get("language", "")
    if language not in ("ar", "fr"):
        language = "ar" if get_language() == "ar" else "fr"

    def write(result: Comparison, about: exports.About) -> bytes:
        return network_report.render(result, about, language)

    return _download(request, "pdf", write, suffix=f"-{language}")
