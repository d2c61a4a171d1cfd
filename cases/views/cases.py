"""Cases: the list with its filters and saved views, the case page and everything done from it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.db import IntegrityError
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cases import selectors, workflow
from cases.errors import CaseError, Conflict
from cases.forms import service_errors, submit
from cases.forms.work import (
    AssignForm,
    AttachmentForm,
    CaseFilterForm,
    CaseForm,
    NoteForm,
    OutcomeForm,
    ReferralForm,
    SavedViewForm,
    TransitionForm,
)
from cases.models import Case, Referral, SavedView
from cases.permissions import Action, authorize, can
from cases.services import cases as services
from cases.services import referrals as referral_services
from cases.views.common import office_view, paginate, staff

SORTS = {
    "due": ("due_on", "reference"),
    "-opened": ("-opened_on", "-reference"),
    "opened": ("opened_on", "reference"),
    "-updated": ("-updated_at",),
    "reference": ("reference",),
}
VIEW_NAMES = {
    "mine": gettext_lazy("My cases"),
    "overdue": gettext_lazy("Overdue"),
    "waiting": gettext_lazy("Waiting for a service"),
}


@office_view
def case_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    view = request.GET.get("view", "")
    form = CaseFilterForm(request.GET or None)
    if view in selectors.SAVED_VIEWS:
        filters = selectors.SAVED_VIEWS[view]
    else:
        view = ""
        filters = form.filters() if request.GET else selectors.CaseFilters(status="open")
    sort = request.GET.get("sort", "due")
    queryset = selectors.cases(actor=user, filters=filters).order_by(*SORTS.get(sort, SORTS["due"]))  # type: ignore[arg-type]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "section": "cases",
        "form": form,
        "page": paginate(request, queryset.distinct()),
        "view": view,
        "views": list(VIEW_NAMES.items()),
        "saved_views": SavedView.objects.filter(owner=user),  # type: ignore[misc]
        "save_form": SavedViewForm(initial={"query": query.urlencode()}),
        "sort": sort,
        "querystring": query.urlencode(),
    }
    return render(request, "cases/case_list.html", context)


@office_view
def case_create(request: HttpRequest) -> HttpResponse:
    """Cases are opened from the intake form, where the person is found or registered first."""
    person = request.GET.get("person", "")
    return redirect(reverse("intake") + (f"?{urlencode({'person': person})}" if person.isdigit() else ""))


def _detail_context(request: HttpRequest, pk: int, **overrides: object) -> dict[str, object]:
    user = request.user
    case = selectors.case_for_display(actor=user, case_id=pk)  # type: ignore[arg-type]
    transition_form = TransitionForm(initial={"expected_status": case.status}, status=case.status)
    transfer = selectors.case_transfers(case)
    editable = not transfer.frozen  # waiting for another office, or gone there: the services refuse edits
    return {
        "section": "cases",
        "case": case,
        "person": case.person,
        "events": sorted(case.events.all(), key=lambda event: event.at, reverse=True),
        "transition_form": transition_form,
        "assign_form": AssignForm(initial={"assigned_to": case.assigned_to_id}),
        "note_form": NoteForm(),
        "attachment_form": AttachmentForm(),
        "referrals": [(r, OutcomeForm(prefix=f"r{r.pk}", referral=r)) for r in case.referrals.all()],
        "open_outcomes": Referral.OPEN_OUTCOMES,
        "can_edit": editable and can(user, Action.EDIT_CASES),  # type: ignore[arg-type]
        "can_refer": editable and can(user, Action.REFER),  # type: ignore[arg-type]
        "can_print_slips": can(user, Action.REFER),  # type: ignore[arg-type]
        "can_assign": editable and can(user, Action.ASSIGN_CASES),  # type: ignore[arg-type]
        "transfer": transfer,
        "can_transfer": can(user, Action.TRANSFER_CASES),  # type: ignore[arg-type]
    } | overrides


def _detail(request: HttpRequest, pk: int, status: int = 200, **overrides: object) -> HttpResponse:
    context = _detail_context(request, pk, **overrides)
    if failed := overrides.get("outcome_form"):  # the referral's form shows what was typed and why
        context["referrals"] = [(r, failed if f.prefix == failed.prefix else f) for r, f in context["referrals"]]  # type: ignore[attr-defined]
    return render(request, "cases/case_detail.html", context, status=status)


@office_view
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


@office_view
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    authorize(request.user, Action.EDIT_CASES)  # type: ignore[arg-type]
    case = Case.objects.select_related("category").get(pk=pk)
    if refused := _frozen(request, case):
        return refused
    initial = {
        "kind": case.kind,
        "category": case.category_id,
        "channel": case.channel,
        "subject": case.subject,
        "description": case.description,
        "campaigns": list(case.campaigns.values_list("pk", flat=True)),
    }
    form = CaseForm(request.POST or None, initial=initial, editing=case)
    actor = staff(request)
    if request.method == "POST" and submit(form, lambda data: services.update_case(actor=actor, case=case, **data)):
        messages.success(request, _("The case is updated."))
        return redirect("case_detail", pk=pk)
    return render(
        request,
        "cases/case_form.html",
        {"section": "cases", "form": form, "case": case},
        status=400 if form.errors else 200,
    )


def _frozen(request: HttpRequest, case: Case) -> HttpResponse | None:
    """Back to the case page, saying why, when the case waits for another office or went there: its forms
    would only be refused."""
    try:
        services.refuse_frozen(case)
    except Conflict as error:
        messages.error(request, " ".join(error.messages))
        return redirect("case_detail", pk=case.pk)
    return None


@require_POST
@office_view
def case_transition(request: HttpRequest, pk: int) -> HttpResponse:
    case = Case.objects.get(pk=pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["to_status"] == workflow.ANSWER_AND_CLOSE:
                case = services.answer_and_close(
                    actor=staff(request), case=case, note=data["note"], expected_status=data["expected_status"]
                )
            else:
                case = services.transition_case(
                    actor=staff(request),
                    case=case,
                    to_status=data["to_status"],
                    note=data["note"],
                    expected_status=data["expected_status"],
                )
        except CaseError as error:
            # Said on the page, with what was typed: the note is not lost when the case moved meanwhile.
            messages.error(request, " ".join(error.messages))
            status = Case.objects.values_list("status", flat=True).get(pk=pk)
            kept = TransitionForm(
                initial={"expected_status": status, "note": data["note"], "to_status": data["to_status"]},
                status=status,
            )
            return _detail(request, pk, status=409 if isinstance(error, Conflict) else 400, transition_form=kept)
        messages.success(request, _("The case is now “%(status)s”.") % {"status": case.get_status_display()})
        return redirect("case_detail", pk=pk)
    messages.error(request, _("Choose the new status among those offered."))
    return redirect("case_detail", pk=pk)


@require_POST
@office_view
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    case = Case.objects.get(pk=pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _detail(request, pk, status=400, assign_form=form)
    try:
        services.assign_case(actor=request.user, case=case, assignee=form.cleaned_data["assigned_to"])  # type: ignore[arg-type]
    except CaseError as error:
        service_errors(form, error)
        return _detail(request, pk, status=400, assign_form=form)
    messages.success(request, _("The case is assigned."))
    return redirect("case_detail", pk=pk)


@require_POST
@office_view
def case_note(request: HttpRequest, pk: int) -> HttpResponse:
    case = Case.objects.get(pk=pk)
    form = NoteForm(request.POST)
    if submit(form, lambda data: services.add_note(actor=request.user, case=case, **data)):  # type: ignore[arg-type]
        messages.success(request, _("The note is added."))
        return redirect("case_detail", pk=pk)
    return _detail(request, pk, status=400, note_form=form)


@require_POST
@office_view
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = Case.objects.get(pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if submit(form, lambda data: services.add_attachment(actor=request.user, case=case, upload=data["file"])):  # type: ignore[arg-type]
        messages.success(request, _("The document is added."))
        return redirect("case_detail", pk=pk)
    return _detail(request, pk, status=400, attachment_form=form)


@office_view
def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponseBase:
    """Always a download, never shown inline: a document cannot run in the office's pages."""
    authorize(request.user, Action.VIEW_CASES)  # type: ignore[arg-type]
    attachment = Case.objects.get(pk=pk).attachments.get(pk=attachment_id)
    services.record_download(actor=request.user, attachment=attachment)  # type: ignore[arg-type]
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@office_view
def referral_create(request: HttpRequest, pk: int) -> HttpResponse:
    authorize(request.user, Action.REFER)  # type: ignore[arg-type]
    case = Case.objects.select_related("person", "category").get(pk=pk)
    if refused := _frozen(request, case):
        return refused
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            referral = referral_services.refer_case(
                actor=request.user,  # type: ignore[arg-type]
                case=case,
                purpose=form.cleaned_data["purpose"],
                remind_after_days=form.cleaned_data["remind_after_days"],
                consent_override_reason=form.cleaned_data["consent_override_reason"],
                **form.chosen_service(),  # type: ignore[arg-type]
            )
        except CaseError as error:
            service_errors(form, error)
        else:
            messages.success(
                request,
                _("Referred to %(service)s. Print the slip for the person.") % {"service": referral.service_name},
            )
            return redirect(reverse("case_detail", args=[pk]) + f"#referral-{referral.pk}")
    from cases.services.people import has_consent

    context = {
        "section": "cases",
        "case": case,
        "form": form,
        "has_consent": has_consent(case.person, "share_with_services"),
    }
    return render(request, "cases/referral_form.html", context, status=400 if form.errors else 200)


@require_POST
@office_view
def referral_outcome(request: HttpRequest, pk: int, referral_id: int) -> HttpResponse:
    referral = Case.objects.get(pk=pk).referrals.select_related("case").get(pk=referral_id)
    form = OutcomeForm(request.POST, prefix=f"r{referral_id}", referral=referral)
    if submit(form, lambda data: referral_services.record_outcome(actor=request.user, referral=referral, **data)):  # type: ignore[arg-type]
        messages.success(request, _("The service's answer is recorded."))
        if form.cleaned_data.get("close_case"):
            messages.success(request, _("The case is answered and closed."))
        return redirect(reverse("case_detail", args=[pk]) + f"#referral-{referral_id}")
    return _detail(request, pk, status=400, outcome_form=form)


@require_POST
@office_view
def saved_view_save(request: HttpRequest) -> HttpResponse:
    authorize(request.user, Action.VIEW_CASES)  # type: ignore[arg-type]
    form = SavedViewForm(request.POST)
    if form.is_valid():
        try:
            view = SavedView.objects.create(
                owner=request.user,  # type: ignore[misc]
                name=form.cleaned_data["name"].strip(),
                query=form.cleaned_data["query"],
            )
        except IntegrityError:
            messages.error(request, _("You already have a view with this name."))
        else:
            messages.success(request, _("View “%(name)s” saved.") % {"name": view.name})
            return redirect(reverse("case_list") + f"?{view.query}")
    else:
        messages.error(request, _("Give the view a name."))
    return redirect(reverse("case_list") + f"?{form.data.get('query', '')}")


@require_POST
@office_view
def saved_view_delete(request: HttpRequest, view_id: int) -> HttpResponse:
    SavedView.objects.filter(owner=request.user, pk=view_id).delete()  # type: ignore[misc]
    messages.success(request, _("The view is deleted."))
    return redirect("case_list")
