"""The office's reports: the archive, asking for a period, following its drawing, downloading its files."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cases import progress
from cases.errors import CaseError
from cases.permissions import Action, authorize
from cases.reports import services
from cases.reports.forms import ReportForm
from cases.reports.models import Report, ReportFile
from cases.views.common import office_view, paginate, staff


@office_view
@require_http_methods(["GET", "POST"])
def report_list(request: HttpRequest) -> HttpResponse:
    authorize(staff(request), Action.VIEW_DASHBOARD)
    first, last = services.last_month(timezone.localdate())
    form = ReportForm(request.POST or None, initial={"date_from": first, "date_to": last})
    if request.method == "POST" and form.is_valid():
        first, last = form.period()
        try:
            report = services.request_report(actor=staff(request), first=first, last=last)
        except CaseError as error:
            form.add_error(None, str(error))
        else:
            return redirect("reports:detail", report_id=report.pk)
    reports = Report.objects.prefetch_related("files").select_related("requested_by")
    context = {"section": "reports", "form": form, "page": paginate(request, reports)}
    return render(request, "reports/report_list.html", context, status=400 if form.errors else 200)


def _report(request: HttpRequest, report_id: int) -> Report:
    authorize(staff(request), Action.VIEW_DASHBOARD)
    return get_object_or_404(Report.objects.prefetch_related("files"), pk=report_id)


@office_view
@require_safe
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(request, report_id)
    context = {
        "section": "reports",
        "report": report,
        "progress": progress.progress_of(report),
        "languages": [("ar", _("Arabic")), ("fr", _("French"))],
    }
    return render(request, "reports/report_detail.html", context)


@office_view
@require_safe
def report_progress(request: HttpRequest, report_id: int) -> HttpResponse:
    """The bar alone, for the page to poll (htmx); once done, the page reloads itself."""
    report = _report(request, report_id)
    context = {
        "progress": progress.progress_of(report),
        "poll_url": request.path,
        "done_url": report_url(report),
    }
    return render(request, "cases/_progress.html", context)


def report_url(report: Report) -> str:
    return reverse("reports:detail", args=[report.pk])


@office_view
@require_safe
def report_file(request: HttpRequest, report_id: int, language: str, format: str) -> HttpResponseBase:
    report = _report(request, report_id)
    item = get_object_or_404(ReportFile, report=report, language=language, format=format)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        messages.error(request, _("This file is missing from the archive: ask for the report again."))
        return redirect("reports:detail", report_id=report.pk)
    response = FileResponse(
        handle, as_attachment=True, filename=item.filename, content_type=services.CONTENT_TYPES[item.format]
    )
    response["Cache-Control"] = "private, no-store"
    return response
