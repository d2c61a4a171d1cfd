"""Referring a case to an external service and following the service's answer."""

from __future__ import annotations

import secrets
from datetime import date

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases import calendar, dates, timeline, workflow
from cases.errors import CaseError, Conflict
from cases.models import AuditEntry, Case, CaseEvent, Consent, LocalService, Referral
from cases.permissions import Action, authorize
from cases.services import audit
from cases.services.cases import answer_and_close, lock_for_edit, refuse_frozen, transition_case
from cases.services.people import has_consent
from jisr.accounts.models import Role, User
from jisr.outbox.services import enqueue_templated_email
from network.models import ExternalService
from tenants.selectors import site_url

# Letters and digits that cannot be misread on paper (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
FINAL_OUTCOMES = (Referral.Outcome.ANSWERED, Referral.Outcome.REFUSED, Referral.Outcome.NO_ANSWER)


def verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


def refer_case(
    *,
    actor: User,
    case: Case,
    purpose: str,
    regional_service: ExternalService | None = None,
    local_service: LocalService | None = None,
    consent_override_reason: str = "",
    remind_after_days: int = 10,
) -> Referral:
    """Send a case to a service. Sharing the person's data needs their consent, or the office head's reason."""
    authorize(actor, Action.REFER)
    errors: dict[str, list[str]] = {}
    if (regional_service is None) == (local_service is None):
        errors["service"] = [_("Choose one service.")]
    elif not (regional_service or local_service).active:  # type: ignore[union-attr]
        errors["service"] = [_("This service is no longer in the directory.")]
    purpose = purpose.strip()
    if not purpose:
        errors["purpose"] = [_("Say what the service is asked to do.")]
    if not 1 <= remind_after_days <= 90:
        errors["remind_after_days"] = [_("Between 1 and 90 business days.")]
    if errors:
        raise CaseError(errors)
    refuse_frozen(case)
    if not case.is_open:
        raise Conflict(_("Reopen the case before referring it."))
    override = consent_override_reason.strip()
    if not has_consent(case.person, Consent.Purpose.SHARE_WITH_SERVICES):
        if not override:
            raise CaseError(
                {
                    "consent_override_reason": [
                        _(
                            "The person has not consented to their data being shared with services. Record "
                            "their consent first; only the office head can refer without it, giving the reason."
                        )
                    ]
                }
            )
        authorize(actor, Action.OVERRIDE_CONSENT)
    elif override:
        override = ""  # consent is on record: nothing to override
    with transaction.atomic():
        case = lock_for_edit(case)
        referral = Referral.objects.create(
            case=case,
            regional_service=regional_service,
            local_service=local_service,
            purpose=purpose,
            verification_code=verification_code(),
            remind_after_days=remind_after_days,
            consent_override_reason=override,
            consent_override_by=actor if override else None,
            created_by=actor,
        )
        CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.REFERRAL,
            note_key=timeline.REFERRED_WITHOUT_CONSENT if override else timeline.REFERRED,
            note_params={"service": timeline.service_names(referral.regional_service or referral.local_service)},
            body=override,
            actor=actor,
        )
        audit.record(actor=actor, action=AuditEntry.Action.UPDATE, target=case, detail=f"referral {referral.pk}")
        if case.status in (Case.Status.NEW, Case.Status.IN_PROGRESS):
            transition_case(actor=actor, case=case, to_status=Case.Status.WAITING_EXTERNAL)
    return referral


def record_outcome(
    *,
    actor: User,
    referral: Referral,
    outcome: str,
    note: str = "",
    on: date | None = None,
    close_case: bool = False,
) -> Referral:
    """What the service did, and on which day (not before the case was sent to it, not in the future).

    A final answer brings a case that only waited for it back to work; with `close_case`, an answer that
    settles the case also answers and closes it in the same step (cases.services.cases.answer_and_close),
    once no other service is still awaited.
    """
    authorize(actor, Action.REFER)
    if outcome not in Referral.Outcome.values or outcome == Referral.Outcome.SENT:
        raise CaseError({"outcome": [_("Choose what the service did.")]})
    with transaction.atomic():
        referral = Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
        referral.case = lock_for_edit(referral.case)
        if referral.outcome in FINAL_OUTCOMES:
            raise Conflict(_("The service's answer is already recorded."))
        dates.check(dates.answer_date(sent_on=referral.sent_on, answered_on=on))
        referral.outcome = outcome
        referral.outcome_note = note.strip()
        referral.outcome_on = on or timezone.localdate()
        referral.save(update_fields=["outcome", "outcome_note", "outcome_on", "updated_at"])
        case = referral.case
        CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.REFERRAL_OUTCOME,
            note_key=timeline.REFERRAL_OUTCOME,
            note_params={
                "service": timeline.service_names(referral.regional_service or referral.local_service),
                "outcome": outcome,
            },
            body=note.strip(),
            actor=actor,
        )
        still_waiting = case.referrals.filter(outcome__in=Referral.OPEN_OUTCOMES).exists()
        if outcome in FINAL_OUTCOMES and case.status == Case.Status.WAITING_EXTERNAL and not still_waiting:
            transition_case(actor=actor, case=case, to_status=Case.Status.IN_PROGRESS)
        if close_case:
            _answer_and_close_with(actor=actor, case=case, outcome=outcome, still_waiting=still_waiting)
    return referral


def _answer_and_close_with(*, actor: User, case: Case, outcome: str, still_waiting: bool) -> None:
    """The case answered and closed with the service's answer, or a reason on the choice (nothing recorded)."""
    if outcome not in FINAL_OUTCOMES:
        raise CaseError({"close_case": [_("Only the service's final answer can settle the case.")]})
    if still_waiting:
        raise CaseError({"close_case": [_("Another service has not answered yet: the case stays open until then.")]})
    status = Case.objects.values_list("status", flat=True).get(pk=case.pk)
    if not workflow.answers_and_closes(status):
        raise CaseError(
            {
                "close_case": [
                    _("A case that is “%(current)s” cannot be answered and closed in one step.")
                    % {"current": Case.Status(status).label}
                ]
            }
        )
    answer_and_close(actor=actor, case=case)


def remind_silent_referrals(*, today: date | None = None) -> int:
    """Referrals whose service has said nothing for their reminder period: a timeline line
    and an e-mail to whoever follows the case. Run daily by beat, in each commune."""
    today = today or timezone.localdate()
    reminded = 0
    waiting = Referral.objects.filter(outcome__in=Referral.OPEN_OUTCOMES).exclude(case__status=Case.Status.TRANSFERRED)
    for referral in waiting.select_related("case__assigned_to", "regional_service", "local_service"):
        since = referral.last_reminder_on or referral.sent_on
        if calendar.business_days_between(since, today) < referral.remind_after_days:
            continue
        with transaction.atomic():
            Referral.objects.filter(pk=referral.pk).update(last_reminder_on=today)
            CaseEvent.objects.create(
                case=referral.case,
                kind=CaseEvent.Kind.REMINDER,
                note_key=timeline.REFERRAL_SILENT,
                note_params={
                    "service": timeline.service_names(referral.regional_service or referral.local_service),
                    "date": since.isoformat(),  # worded day first when shown
                },
            )
            for person in _followers(referral.case):
                with translation.override(person.preferred_language):
                    enqueue_templated_email(
                        kind="referral_reminder",
                        recipient=person.email,
                        template="cases/email/referral_reminder",
                        context={
                            "referral": referral,
                            "case": referral.case,
                            "since": since,
                            "url": site_url(f"/cases/{referral.case_id}/"),
                        },
                        language=person.preferred_language,
                        dedupe_key=f"referral-reminder:{referral.pk}:{today.isoformat()}",
                    )
        reminded += 1
    return reminded


def _followers(case: Case) -> list[User]:
    if case.assigned_to is not None and case.assigned_to.is_active:
        return [case.assigned_to]
    return list(User.objects.filter(role=Role.OFFICE_HEAD, is_active=True))
