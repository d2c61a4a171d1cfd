"""The office head's morning e-mail: what is overdue, what came in, what services leave unanswered."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone, translation

from cases.models import Case, Referral
from jisr.accounts.models import Role, User
from jisr.outbox.models import Message
from jisr.outbox.services import enqueue_templated_email
from tenants.selectors import current_commune, site_url

LISTED = 20


def send_daily_digest(*, today: date | None = None) -> int:
    """One e-mail per active office head of the current commune; once a day (dedupe key). Returns how many."""
    today = today or timezone.localdate()
    overdue = Case.objects.filter(status__in=Case.OPEN_STATUSES, due_on__lt=today).select_related("assigned_to")
    opened = Case.objects.filter(opened_on=today - timedelta(days=1))
    silent = Referral.objects.filter(outcome__in=Referral.OPEN_OUTCOMES, last_reminder_on__isnull=False)
    context = {
        "commune": current_commune(),
        "today": today,
        "overdue_count": overdue.count(),
        "overdue": list(overdue.order_by("due_on")[:LISTED]),
        "opened_count": opened.count(),
        "silent_count": silent.count(),
        "url": site_url("/cases/?view=overdue"),
    }
    sent = 0
    for head in User.objects.filter(role=Role.OFFICE_HEAD, is_active=True):
        with translation.override(head.preferred_language):
            message = enqueue_templated_email(
                kind="daily_digest",
                recipient=head.email,
                template="cases/email/daily_digest",
                context={**context, "head": head},
                language=head.preferred_language,
                dedupe_key=f"daily-digest:{today.isoformat()}:{head.pk}",
            )
        sent += message.state == Message.State.PENDING
    return sent
