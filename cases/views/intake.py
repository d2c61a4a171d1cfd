"""Recording a visit: find the person first (search before create), then open their case.

One form, one POST, one transaction: a new person, their consents and the
case are saved together or not at all; what was typed stays on a failure.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from cases import selectors
from cases.errors import CaseError
from cases.forms import service_errors
from cases.forms.work import CaseForm, ConsentChoicesForm, PersonForm
from cases.models import Case, Person
from cases.permissions import Action, authorize
from cases.services import cases as case_services
from cases.services import people as people_services
from cases.views.common import office_view

SEARCH_FIELDS = ("first_name_latin", "last_name_latin", "first_name_ar", "last_name_ar", "phone", "whatsapp")


def _chosen_person(request: HttpRequest) -> Person | None:
    raw = request.POST.get("person_id") or request.GET.get("person") or ""
    if not raw.isdigit():
        return None
    return Person.objects.filter(pk=int(raw)).first()


@office_view
def intake(request: HttpRequest) -> HttpResponse:
    authorize(request.user, Action.EDIT_CASES)  # type: ignore[arg-type]
    chosen = _chosen_person(request)
    if request.method == "POST":
        person_form = PersonForm(request.POST, prefix="person")
        consent_form = ConsentChoicesForm(request.POST, prefix="consent")
        case_form = CaseForm(request.POST, prefix="case")
        forms_valid = all([chosen is not None or person_form.is_valid(), consent_form.is_valid(), case_form.is_valid()])
        if forms_valid:
            try:
                case = _record(request, chosen, person_form, consent_form, case_form)
            except CaseError:
                pass  # the errors are on the forms; nothing was saved
            else:
                messages.success(request, _("Case %(reference)s opened.") % {"reference": case.reference})
                return redirect("case_detail", pk=case.pk)
    else:
        person_form = PersonForm(prefix="person")
        # The cursor waits in the name field of the page's script: typing can start at once.
        first = "first_name_ar" if (translation.get_language() or "").startswith("ar") else "first_name_latin"
        person_form.fields[first].widget.attrs["autofocus"] = True
        consent_form = ConsentChoicesForm(prefix="consent", initial={"consents": ["case_handling"]})
        case_form = CaseForm(prefix="case", initial={"assigned_to": request.user.pk})
    matches = _matches(request.user, {name: person_form[name].value() or "" for name in SEARCH_FIELDS})
    return render(
        request,
        "cases/intake.html",
        {
            "section": "intake",
            "person_form": person_form,
            "consent_form": consent_form,
            "case_form": case_form,
            "chosen": chosen,
            "matches": [m for m in matches if chosen is None or m.pk != chosen.pk],
        },
        status=400 if request.method == "POST" else 200,
    )


def _record(
    request: HttpRequest,
    chosen: Person | None,
    person_form: PersonForm,
    consent_form: ConsentChoicesForm,
    case_form: CaseForm,
) -> Case:
    actor = request.user
    with transaction.atomic():
        if chosen is None:
            try:
                person = people_services.register_person(
                    actor=actor,  # type: ignore[arg-type]
                    data=people_services.PersonInput.from_data(person_form.cleaned_data),
                )
            except CaseError as error:
                service_errors(person_form, error)
                raise
        else:
            person = chosen
        for purpose in consent_form.cleaned_data["consents"]:
            if not people_services.has_consent(person, purpose):
                people_services.record_consent(
                    actor=actor,  # type: ignore[arg-type]
                    person=person,
                    purpose=purpose,
                    channel=consent_form.cleaned_data["consent_channel"],
                )
        data = case_form.cleaned_data
        try:
            return case_services.open_case(
                actor=actor,  # type: ignore[arg-type]
                person=person,
                kind=data["kind"],
                category=data["category"],
                channel=data["channel"],
                subject=data["subject"],
                description=data["description"],
                assigned_to=data.get("assigned_to"),
                campaigns=data["campaigns"] or None,
            )
        except CaseError as error:
            service_errors(case_form, error)
            raise


def _matches(actor: object, typed: dict[str, str]) -> list[Person]:
    """Likely duplicates of what is typed: by each name as a whole and by phone, best first."""
    queries = [
        f"{typed['first_name_latin']} {typed['last_name_latin']}".strip(),
        f"{typed['first_name_ar']} {typed['last_name_ar']}".strip(),
        typed["phone"].strip(),
        typed["whatsapp"].strip(),
    ]
    found: dict[int, Person] = {}
    for query in queries:
        if len(query) < 2:
            continue
        for person in selectors.search_people(actor=actor, query=query, limit=8):  # type: ignore[arg-type]
            found.setdefault(person.pk, person)
    return list(found.values())[:8]


@office_view
def search(request: HttpRequest) -> HttpResponse:
    """The matches panel of the intake form, refreshed by htmx as the names and phone are typed."""
    typed = {name: request.GET.get(f"person-{name}", "")[:100] for name in SEARCH_FIELDS}
    matches = _matches(request.user, typed)
    return render(
        request, "cases/_matches.html", {"matches": matches, "searched": any(v.strip() for v in typed.values())}
    )
