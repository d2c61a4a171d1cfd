"""The visitor register: list and search, a person's record, their documents, consents and links."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import selectors
from cases.errors import CaseError
from cases.forms import service_errors, submit
from cases.forms.work import ConsentForm, DocumentForm, ErasureForm, LinkForm, PersonForm
from cases.models import Person
from cases.permissions import Action, authorize, can
from cases.services import access, erasure
from cases.services import people as services
from cases.views.common import office_view, paginate


@office_view
def person_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    if query:
        found = selectors.search_people(actor=request.user, query=query, limit=50)  # type: ignore[arg-type]
        page = paginate(request, found)
    else:
        page = paginate(request, selectors.people(actor=request.user))  # type: ignore[arg-type]
    return render(request, "cases/person_list.html", {"section": "people", "page": page, "query": query})


@office_view
def person_create(request: HttpRequest) -> HttpResponse:
    authorize(request.user, Action.EDIT_PEOPLE)  # type: ignore[arg-type]
    form = PersonForm(request.POST or None)
    done: list[Person] = []

    def register(data: dict[str, object]) -> None:
        done.append(services.register_person(actor=request.user, data=services.PersonInput.from_data(data)))  # type: ignore[arg-type]

    if request.method == "POST" and submit(form, register):
        messages.success(request, _("%(name)s is registered.") % {"name": done[0].display_name})
        return redirect("person_detail", pk=done[0].pk)
    status = 400 if form.errors else 200
    return render(request, "cases/person_form.html", {"section": "people", "form": form}, status=status)


def _detail_context(request: HttpRequest, pk: int, **overrides: object) -> dict[str, object]:
    person = selectors.person_for_display(actor=request.user, person_id=pk)  # type: ignore[arg-type]
    return {
        "section": "people",
        "person": person,
        "cases": person.cases.select_related("category").order_by("-opened_on"),
        "document_form": DocumentForm(),
        "consent_form": ConsentForm(),
        "link_form": LinkForm(),
        "can_edit": person.erased_at is None and can(request.user, Action.EDIT_PEOPLE),  # type: ignore[arg-type]
        "can_erase": can(request.user, Action.ERASE_PEOPLE),  # type: ignore[arg-type]
        "can_export": can(request.user, Action.ANSWER_ACCESS_REQUESTS),  # type: ignore[arg-type]
        "revealed": {},
    } | overrides


@office_view
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "cases/person_detail.html", _detail_context(request, pk))


@office_view
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    authorize(request.user, Action.EDIT_PEOPLE)  # type: ignore[arg-type]
    person = Person.objects.get(pk=pk)
    form = PersonForm(request.POST or None, initial=PersonForm.initial_for(person))

    def update(data: dict[str, object]) -> None:
        services.update_person(actor=request.user, person=person, data=services.PersonInput.from_data(data))  # type: ignore[arg-type]

    if request.method == "POST" and submit(form, update):
        messages.success(request, _("The record is updated."))
        return redirect("person_detail", pk=person.pk)
    status = 400 if form.errors else 200
    return render(
        request, "cases/person_form.html", {"section": "people", "form": form, "person": person}, status=status
    )


def _detail_with_errors(request: HttpRequest, pk: int, **forms: object) -> HttpResponse:
    """The person's page again, with the form that failed showing what was typed and why."""
    return render(request, "cases/person_detail.html", _detail_context(request, pk, **forms), status=400)


@require_POST
@office_view
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = Person.objects.get(pk=pk)
    form = DocumentForm(request.POST)
    if submit(form, lambda data: services.add_identity_document(actor=request.user, person=person, **data)):  # type: ignore[arg-type]
        messages.success(request, _("The document is recorded; its number is kept encrypted."))
        return redirect("person_detail", pk=pk)
    return _detail_with_errors(request, pk, document_form=form)


@require_POST
@office_view
def document_reveal(request: HttpRequest, pk: int, document_id: int) -> HttpResponse:
    """Shows one identity number in clear, once, on the person's page; the reveal is audited."""
    person = Person.objects.get(pk=pk)
    document = person.documents.get(pk=document_id)
    number = services.reveal_identity_number(actor=request.user, document=document)  # type: ignore[arg-type]
    context = _detail_context(request, pk, revealed={document.pk: number})
    response = render(request, "cases/person_detail.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@office_view
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = Person.objects.get(pk=pk)
    form = ConsentForm(request.POST)
    if submit(form, lambda data: services.record_consent(actor=request.user, person=person, **data)):  # type: ignore[arg-type]
        messages.success(request, _("The consent is recorded."))
        return redirect("person_detail", pk=pk)
    return _detail_with_errors(request, pk, consent_form=form)


@require_POST
@office_view
def consent_withdraw(request: HttpRequest, pk: int, consent_id: int) -> HttpResponse:
    person = Person.objects.get(pk=pk)
    consent = person.consents.get(pk=consent_id, withdrawn_on__isnull=True)
    services.withdraw_consent(actor=request.user, consent=consent)  # type: ignore[arg-type]
    messages.success(request, _("The consent is withdrawn from today."))
    return redirect("person_detail", pk=pk)


@require_POST
@office_view
def link_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = Person.objects.get(pk=pk)
    form = LinkForm(request.POST)
    if form.is_valid():
        other = _other_person(request, form)
        if other is None:
            form.add_error("other_query", _("Choose the person among those found, or register them first."))
        else:
            try:
                services.link_people(actor=request.user, person=person, kind=form.cleaned_data["kind"], other=other)  # type: ignore[arg-type]
            except CaseError as error:
                service_errors(form, error)
            else:
                messages.success(request, _("The link is recorded."))
                return redirect("person_detail", pk=pk)
    return _detail_with_errors(request, pk, link_form=form)


def _other_person(request: HttpRequest, form: LinkForm) -> Person | None:
    if form.cleaned_data.get("other"):
        return Person.objects.filter(pk=form.cleaned_data["other"]).first()
    query = form.cleaned_data.get("other_query") or ""
    found = selectors.search_people(actor=request.user, query=query, limit=2) if query else []  # type: ignore[arg-type]
    return found[0] if len(found) == 1 else None


@office_view
def person_erase(request: HttpRequest, pk: int) -> HttpResponse:
    """Erase a person's personal data on their request: what goes and what stays, the reason, a confirmation."""
    authorize(request.user, Action.ERASE_PEOPLE)  # type: ignore[arg-type]
    person = Person.objects.get(pk=pk)
    if person.erased_at is not None:
        messages.info(request, _("This person's personal data was already erased."))
        return redirect("person_detail", pk=pk)
    form = ErasureForm(request.POST or None)

    def erase(data: dict[str, object]) -> None:
        erasure.erase_person(actor=request.user, person=person, reason=str(data["reason"]))  # type: ignore[arg-type]

    if request.method == "POST" and submit(form, erase):
        messages.success(request, _("The personal data is erased."))
        return redirect("person_detail", pk=pk)
    context = {
        "section": "people",
        "person": person,
        "form": form,
        "held": {
            "cases": person.cases.count(),
            "documents": person.documents.count(),
            "links": person.links.count() + person.linked_from.count(),
        },
    }
    return render(request, "cases/person_erase.html", context, status=400 if form.errors else 200)


@office_view
def person_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything the office holds about a person, as JSON, to answer their access request (audited)."""
    person = Person.objects.get(pk=pk)
    document = access.person_export(actor=request.user, person=person)  # type: ignore[arg-type]
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@office_view
def person_export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The same, as a PDF in French and Arabic the person can read (audited)."""
    person = Person.objects.get(pk=pk)
    pdf = access.person_export_pdf(actor=request.user, person=person)  # type: ignore[arg-type]
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
