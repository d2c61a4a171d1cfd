"""Transfers between offices: a case sent from its page to another commune's office, and the queue where an
office answers the cases sent to it. cases.services.transfers does the work, in the schema the host chose."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import selectors
from cases.errors import CaseError, Conflict
from cases.forms import service_errors
from cases.forms.transfers import AcceptForm, DeclineForm, TransferForm
from cases.models import Case, IncomingTransfer, OutgoingTransfer
from cases.permissions import Action, authorize
from cases.services import transfers
from cases.views.common import office_view, staff
from jisr.wording import of_place


@office_view
def case_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    """The form that sends a case to another office: which commune, why, the person's consent, a note."""
    authorize(staff(request), Action.TRANSFER_CASES)
    case = Case.objects.select_related("person", "category").get(pk=pk)
    form = TransferForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outgoing = transfers.propose_transfer(
                case=case,
                to_commune=form.receiving_commune(),
                reason=data["reason"],
                consent=data["consent"],
                note=data["note"],
                by=staff(request),
            )
        except CaseError as error:
            service_errors(form, error)
            status = 409 if isinstance(error, Conflict) else 400
        else:
            sent = _(
                "The case is sent to the reception office %(of_commune)s. It stays here until that office accepts it."
            )
            messages.success(request, sent % {"of_commune": of_place(outgoing.to_office)})
            return redirect("case_detail", pk=pk)
    elif form.errors:
        status = 400
    context = {"section": "cases", "case": case, "form": form}
    return render(request, "cases/transfer_form.html", context, status=status)


@require_POST
@office_view
def case_transfer_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """The sending office takes back the transfer of this case that still waits."""
    authorize(staff(request), Action.TRANSFER_CASES)
    case = Case.objects.get(pk=pk)
    pending = transfers.outgoing_for(case).filter(status=OutgoingTransfer.Status.PENDING).first()
    try:
        if pending is None:
            raise Conflict(_("This transfer no longer waits for an answer: it was cancelled or answered meanwhile."))
        transfers.cancel_transfer(outgoing=pending, by=staff(request))
    except Conflict as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The transfer is cancelled: the case is this office's again."))
    return redirect("case_detail", pk=pk)


@office_view
def incoming_list(request: HttpRequest) -> HttpResponse:
    """The cases other offices sent here, waiting for an answer; and those this office sent, waiting there."""
    context = {
        "section": "transfers",
        "incoming": selectors.incoming_transfers(actor=staff(request)),
        "outgoing": selectors.outgoing_transfers(actor=staff(request)),
    }
    return render(request, "cases/transfer_list.html", context)


def _waiting(request: HttpRequest, pk: int) -> IncomingTransfer | None:
    """A transfer sent to this office that waits for its answer (its schema only: another commune's id is not
    found here)."""
    return selectors.incoming_transfers(actor=staff(request)).filter(pk=pk).first()


def _answered_meanwhile(request: HttpRequest, pk: int) -> HttpResponse:
    """A transfer no longer waiting: accepted here (its case is this office's), or cancelled or declined."""
    accepted = IncomingTransfer.objects.filter(pk=pk, status=IncomingTransfer.Status.ACCEPTED).first()
    if accepted is not None and accepted.case_id is not None:
        return redirect("case_detail", pk=accepted.case_id)
    messages.error(request, _("This transfer no longer waits for an answer: it was cancelled or answered meanwhile."))
    return redirect("transfer_incoming")


@office_view
def incoming_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """What the office sees before it answers: the summary, nothing more."""
    incoming = _waiting(request, pk)
    if incoming is None:  # accepted: the case is this office's now; otherwise a 404
        return redirect("case_detail", pk=IncomingTransfer.objects.get(pk=pk, case__isnull=False).case_id)
    return _incoming_page(request, incoming)


def _incoming_page(
    request: HttpRequest, incoming: IncomingTransfer, *, failed: forms.Form | None = None, status: int = 200
) -> HttpResponse:
    """The summary and the two answers; `failed`, the one sent and refused, with what was typed and why."""
    context = {
        "section": "transfers",
        "incoming": incoming,
        "accept_form": failed if isinstance(failed, AcceptForm) else AcceptForm(incoming=incoming),
        "decline_form": failed if isinstance(failed, DeclineForm) else DeclineForm(),
    }
    return render(request, "cases/transfer_detail.html", context, status=status)


@require_POST
@office_view
def incoming_accept(request: HttpRequest, pk: int) -> HttpResponse:
    def accept(incoming: IncomingTransfer, form: forms.Form) -> HttpResponse:
        assert isinstance(form, AcceptForm)
        case = transfers.accept_transfer(incoming=incoming, by=staff(request), category=form.chosen_category())
        accepted = _("The case is accepted: it is case %(reference)s of this office.")
        messages.success(request, accepted % {"reference": case.reference})
        return redirect("case_detail", pk=case.pk)

    return _answer(request, pk, lambda incoming: AcceptForm(request.POST, incoming=incoming), accept)


@require_POST
@office_view
def incoming_decline(request: HttpRequest, pk: int) -> HttpResponse:
    def decline(incoming: IncomingTransfer, form: forms.Form) -> HttpResponse:
        office = incoming.from_office
        transfers.decline_transfer(incoming=incoming, reason=form.cleaned_data["reason"], by=staff(request))
        declined = _("The transfer is declined: the reception office %(of_commune)s has the reason.")
        messages.success(request, declined % {"of_commune": of_place(office)})
        return redirect(reverse("transfer_incoming"))

    return _answer(request, pk, lambda _incoming: DeclineForm(request.POST), decline)


def _answer(
    request: HttpRequest,
    pk: int,
    make_form: Callable[[IncomingTransfer], forms.Form],
    act: Callable[[IncomingTransfer, forms.Form], HttpResponse],
) -> HttpResponse:
    """Accept or decline: the form checked, then the service. Refused, the summary again with the form saying
    why; when the transfer stopped waiting meanwhile (cancelled, answered by a colleague), the queue says so."""
    incoming = _waiting(request, pk)
    if incoming is None:
        return _answered_meanwhile(request, pk)
    form = make_form(incoming)
    if form.is_valid():
        try:
            return act(incoming, form)
        except Conflict as error:
            messages.error(request, " ".join(error.messages))
            return redirect("transfer_incoming")
        except CaseError as error:
            service_errors(form, error)
    return _incoming_page(request, incoming, failed=form, status=400)
