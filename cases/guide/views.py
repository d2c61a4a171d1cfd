"""Pages of the guide and the rota: public (procedures, when the office is open) and staff."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases.errors import CaseError
from cases.forms import service_errors
from cases.guide import selectors, services
from cases.guide.forms import ProcedureForm, ProcedureSearchForm, ShiftForm
from cases.guide.models import DutyShift, Procedure
from cases.models import Category
from cases.permissions import Action, can
from cases.views.common import office_view, staff
from jisr.accounts.models import User
from jisr.languages import public_page
from tenants.selectors import current_commune


def _require(request: HttpRequest, action: Action) -> User:
    user = staff(request)
    if not can(user, action):
        raise PermissionDenied(_("Your role does not allow this."))
    return user


# --- Public -------------------------------------------------------------------------


@public_page
def procedures(request: HttpRequest) -> HttpResponse:
    form = ProcedureSearchForm(request.GET)
    query, category = "", ""
    if form.is_valid():
        query, category = form.cleaned_data["q"], form.cleaned_data["category"]
    found = list(selectors.published_procedures(query=query, category=category))
    groups: dict[str, list[Procedure]] = {}
    for procedure in found:
        groups.setdefault(procedure.category.name if procedure.category else _("Other procedures"), []).append(
            procedure
        )
    categories = Category.objects.filter(
        pk__in=selectors.published_procedures().exclude(category=None).values("category")
    )
    return render(
        request,
        "guide/procedures.html",
        {
            "section": "procedures",
            "form": form,
            "groups": groups,
            "categories": categories,
            "searched": bool(query or category),
            "category": category,
        },
    )


@public_page
def procedure(request: HttpRequest, procedure_id: int) -> HttpResponse:
    found = get_object_or_404(selectors.published_procedures(), pk=procedure_id)
    return render(request, "guide/procedure.html", {"section": "procedures", "procedure": found})


@public_page
def duty(request: HttpRequest) -> HttpResponse:
    commune = current_commune()
    slots = selectors.duty_upcoming(14)
    now = selectors.duty_now()
    return render(
        request,
        "guide/duty.html",
        {
            "section": "duty",
            "slots": slots,
            "current": now.current,
            "opening_hours": commune.opening_hours if commune is not None else "",  # in the page's language
            "commune": commune,
        },
    )


# --- Staff: procedures ---------------------------------------------------------------


@office_view
def manage_procedures(request: HttpRequest) -> HttpResponse:
    user = _require(request, Action.VIEW_CASES)
    return render(
        request,
        "guide/manage_procedures.html",
        {
            "section": "guide",
            "tab": "procedures",
            "procedures": selectors.office_procedures(),
            "can_manage": can(user, Action.MANAGE_OFFICE),
        },
    )


@office_view
@require_http_methods(["GET", "POST"])
def procedure_edit(request: HttpRequest, procedure_id: int | None = None) -> HttpResponse:
    actor = _require(request, Action.MANAGE_OFFICE)
    existing = get_object_or_404(Procedure, pk=procedure_id) if procedure_id is not None else None
    if request.method == "POST":
        form = ProcedureForm(request.POST)
        if form.is_valid():
            try:
                saved = services.save_procedure(actor=actor, procedure=existing, data=form.to_input())
            except CaseError as error:
                service_errors(form, error)
            else:
                messages.success(request, _("Procedure “%(title)s” saved.") % {"title": saved.title})
                return redirect("guide:manage")
    else:
        form = ProcedureForm.of(existing) if existing else ProcedureForm()
    return render(
        request,
        "guide/procedure_edit.html",
        {"section": "guide", "tab": "procedures", "form": form, "procedure": existing},
        status=400 if request.method == "POST" else 200,
    )


@office_view
@require_POST
def procedure_publish(request: HttpRequest, procedure_id: int) -> HttpResponse:
    actor = _require(request, Action.MANAGE_OFFICE)
    found = get_object_or_404(Procedure, pk=procedure_id)
    published = request.POST.get("published") == "1"
    services.set_published(actor=actor, procedure=found, published=published)
    messages.success(
        request,
        (_("“%(title)s” is published.") if published else _("“%(title)s” is no longer published."))
        % {"title": found.title},
    )
    return redirect("guide:manage")


@office_view
@require_POST
def procedure_delete(request: HttpRequest, procedure_id: int) -> HttpResponse:
    actor = _require(request, Action.MANAGE_OFFICE)
    found = get_object_or_404(Procedure, pk=procedure_id)
    services.delete_procedure(actor=actor, procedure=found)
    messages.success(request, _("Procedure “%(title)s” deleted.") % {"title": found.title})
    return redirect("guide:manage")


@office_view
def templates(request: HttpRequest) -> HttpResponse:
    _require(request, Action.MANAGE_OFFICE)
    return render(
        request,
        "guide/templates.html",
        {"section": "guide", "tab": "procedures", "templates": selectors.templates_for_office()},
    )


@office_view
@require_POST
def template_copy(request: HttpRequest, template_id: int) -> HttpResponse:
    actor = _require(request, Action.MANAGE_OFFICE)
    template = get_object_or_404(selectors.templates_for_office(), pk=template_id)
    copy = services.copy_template(actor=actor, template=template)
    messages.success(request, _("Copied. Check it, adapt it to the office, then publish it."))
    return redirect("guide:procedure_edit", procedure_id=copy.pk)


# --- Staff: rota ----------------------------------------------------------------------


def _month(raw: str) -> date:
    """The first day of the month asked as YYYY-MM, or of the current month."""
    year, _sep, month = raw.partition("-")
    if year.isdigit() and month.isdigit() and 2000 <= int(year) <= 2100 and 1 <= int(month) <= 12:
        return date(int(year), int(month), 1)
    return timezone.localdate().replace(day=1)


@office_view
@require_http_methods(["GET", "POST"])
def rota(request: HttpRequest) -> HttpResponse:
    user = _require(request, Action.VIEW_CASES)
    month = _month(request.GET.get("month", ""))
    form = ShiftForm(initial={"day": month if month > timezone.localdate() else timezone.localdate()})
    status = 200
    if request.method == "POST":
        actor = _require(request, Action.MANAGE_OFFICE)
        form = ShiftForm(request.POST)
        if form.is_valid():
            try:
                shift = services.plan_shift(actor=actor, **form.cleaned_data)
            except CaseError as error:
                service_errors(form, error)
            else:
                messages.success(request, _("Shift added."))
                return redirect(f"{request.path}?month={shift.day:%Y-%m}")
        status = 400
    previous = (month - timedelta(days=1)).replace(day=1)
    following = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return render(
        request,
        "guide/rota.html",
        {
            "section": "guide",
            "tab": "rota",
            "month": month,
            "previous": previous,
            "following": following,
            "shifts": selectors.shifts_in_month(month.year, month.month),
            "form": form,
            "can_manage": can(user, Action.MANAGE_OFFICE),
        },
        status=status,
    )


@office_view
@require_POST
def shift_remove(request: HttpRequest, shift_id: int) -> HttpResponse:
    actor = _require(request, Action.MANAGE_OFFICE)
    shift = get_object_or_404(DutyShift, pk=shift_id)
    services.remove_shift(actor=actor, shift=shift)
    messages.success(request, _("Shift removed."))
    return redirect(f"{reverse('guide:rota')}?month={shift.day:%Y-%m}")


@office_view
def my_duties(request: HttpRequest) -> HttpResponse:
    user = _require(request, Action.VIEW_CASES)
    return render(
        request,
        "guide/my_duties.html",
        {"section": "guide", "tab": "mine", "shifts": selectors.my_duties(user)},
    )
