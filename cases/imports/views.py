"""Pages of the imports (office head): the runs and the upload, a run's mapping, progress and report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from analytics.exports import attachment, csv_bytes, csv_filename, csv_form
from cases import progress
from cases import selectors as case_selectors
from cases.errors import CaseError
from cases.forms import service_errors
from cases.imports import reading, selectors, services
from cases.imports.forms import ImportForm, MappingForm, UploadForm
from cases.imports.models import ImportRun
from cases.permissions import Action, authorize
from cases.views.common import office_view, paginate, staff

SAMPLES = {
    "xlsx": Path(__file__).parent / "sample" / "register_aitmelloul.xlsx",
    "csv": Path(__file__).parent / "sample" / "register_aitmelloul.csv",
}


@office_view
@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    actor = staff(request)
    runs = selectors.runs(actor=actor)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.upload_register(
                actor=actor, upload=form.cleaned_data["file"], sheet=form.cleaned_data["sheet"]
            )
        except CaseError as error:
            service_errors(form, error)
        else:
            messages.success(request, _("The file is read: check which column holds what, then run the dry run."))
            return redirect("imports:run", pk=run.pk)
    context = {
        "section": "imports",
        "form": form,
        "page": paginate(request, runs),
        "limits": {"size": reading.MAX_BYTES, "rows": reading.MAX_ROWS, "days": services.FILE_DAYS},
    }
    return render(request, "imports/home.html", context, status=400 if form.errors else 200)


def _detail(request: HttpRequest, run: ImportRun, **forms: Any) -> dict[str, Any]:
    counts = (run.report or {}).get("counts", {})
    can_map = run.has_file and not run.busy and not run.imported
    can_import = (
        can_map
        and counts.get("to_import", 0) > 0
        and (
            (run.stage == ImportRun.Stage.CHECK and run.state == ImportRun.State.DONE)
            or (run.stage == ImportRun.Stage.IMPORT and run.state == ImportRun.State.FAILED)
        )
    )
    return {
        "section": "imports",
        "run": run,
        "counts": counts,
        "problems": selectors.report_entries(run),
        "warnings": selectors.report_entries(run, "warnings"),
        "mapping_form": forms.get("mapping_form") or (MappingForm(run=run) if can_map else None),
        "import_form": forms.get("import_form")
        or (
            ImportForm(
                initial={"only_valid": run.only_valid, "open_rows": run.open_rows},
                open_cases=counts.get("open_cases", 0),
            )
            if can_import
            else None
        ),
        "overdue_now": _overdue_now(request, counts),
        "progress": progress.progress_of(run) if run.busy else None,
        "poll_url": reverse("imports:progress", args=[run.pk]),
        "done_url": reverse("imports:run", args=[run.pk]),
    }


def _overdue_now(request: HttpRequest, counts: dict[str, Any]) -> int | None:
    """The office's overdue cases today, beside what a register's open cases would add (only then counted)."""
    if not counts.get("overdue_if_open"):
        return None
    return case_selectors.cases(actor=staff(request), filters=case_selectors.CaseFilters(overdue=True)).count()


@office_view
@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run(actor=staff(request), run_id=pk)
    return render(request, "imports/run.html", _detail(request, run))


@office_view
@require_POST
def run_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff(request)
    run = selectors.run(actor=actor, run_id=pk)
    form = MappingForm(request.POST, run=run)
    if form.is_valid():
        try:
            services.confirm_mapping(
                actor=actor,
                run=run,
                fields=form.chosen(),
                default_category=form.cleaned_data["default_category"],
                default_kind=form.cleaned_data["default_kind"],
                default_channel=form.cleaned_data["default_channel"],
            )
        except CaseError as error:
            service_errors(form, error)
        else:
            messages.success(request, _("The columns are saved for the next file like this one. The dry run starts."))
            return redirect("imports:run", pk=run.pk)
    return render(request, "imports/run.html", _detail(request, run, mapping_form=form), status=400)


@office_view
@require_POST
def run_import(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff(request)
    run = selectors.run(actor=actor, run_id=pk)
    form = ImportForm(request.POST, open_cases=(run.report or {}).get("counts", {}).get("open_cases", 0))
    if form.is_valid():
        try:
            services.ask_import(
                actor=actor,
                run=run,
                only_valid=form.cleaned_data["only_valid"],
                open_rows=form.cleaned_data.get("open_rows", ""),
            )
        except CaseError as error:
            service_errors(form, error)
        else:
            messages.success(request, _("The import starts."))
            return redirect("imports:run", pk=run.pk)
    return render(request, "imports/run.html", _detail(request, run, import_form=form), status=400)


@office_view
@require_GET
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run(actor=staff(request), run_id=pk)
    context = {
        "progress": progress.progress_of(run),
        "poll_url": reverse("imports:progress", args=[run.pk]),
        "done_url": reverse("imports:run", args=[run.pk]),
    }
    return render(request, "cases/_progress.html", context)


@office_view
@require_GET
def run_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as CSV (UTF-8 with BOM, as Excel opens it), to fix the rows in the office's own file: commas,
    or semicolons for Excel in French (`sep=semicolon`)."""
    actor = staff(request)
    run = selectors.run(actor=actor, run_id=pk)
    services.record_report_download(actor=actor, run=run)
    form = csv_form(request.GET)
    rows = [
        [entry["row"], entry["column"], entry["value"], entry["text"], label]
        for kind, label in (("problems", _("problem")), ("warnings", _("warning")))
        for entry in selectors.report_entries(run, kind)
    ]
    content = csv_bytes([[_("Row"), _("Column"), _("Value"), _("Problem"), _("Kind")], *rows], form)
    return attachment(content, csv_filename(f"import-{run.pk}-report.csv", form), cache_control="no-store")


@office_view
@require_GET
def sample(request: HttpRequest, file_format: str) -> FileResponse:
    """The synthetic register shipped with the platform, to try the import or to copy its columns."""
    authorize(staff(request), Action.IMPORT_REGISTERS)
    path = SAMPLES.get(file_format)
    if path is None or not path.exists():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
