"""Making the office's reports: asked for on a page, or by beat on the 1st for the month before.

A report is a row (cases.reports.models.Report) and its files: PDF and XLSX, in Arabic and in French,
in the commune's storage. Drawing them is a worker's job (`generate`), followed by the page through
cases.progress; the figures are counted once for all four files, so they agree with each other.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import date, timedelta
from functools import partial

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from cases import progress
from cases.errors import CaseError
from cases.permissions import Action, authorize
from cases.reports import pdf, xlsx
from cases.reports.figures import office_figures
from cases.reports.models import LANGUAGES, Report, ReportFile
from jisr.accounts.models import Role, User
from jisr.celery import send_to_commune
from jisr.outbox.services import enqueue_templated_email
from tenants.context import current_schema
from tenants.selectors import current_commune, site_url

logger = logging.getLogger(__name__)

# A report covers at most this many days (a few years): enough for any yearly comparison, and bounded work.
LONGEST_DAYS = 366 * 5 + 1
# Four files, after the count.
STEPS = 1 + 2 * len(LANGUAGES)
# Said on the page while the worker draws, translated there (cases/_progress.html).
STEP_NAMES = {
    "count": gettext_noop("Counting the figures"),
    "pdf-ar": gettext_noop("Drawing the report in Arabic (PDF)"),
    "xlsx-ar": gettext_noop("Writing the workbook in Arabic (Excel)"),
    "pdf-fr": gettext_noop("Drawing the report in French (PDF)"),
    "xlsx-fr": gettext_noop("Writing the workbook in French (Excel)"),
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def last_month(today: date) -> tuple[date, date]:
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def _check_period(first: date, last: date, today: date) -> None:
    if last < first:
        raise CaseError(_("The end of the period comes before its start."))
    if first > today:
        raise CaseError(_("The period has not started yet."))
    if (last - first).days + 1 > LONGEST_DAYS:
        raise CaseError(_("A report covers at most five years."))


def request_report(*, actor: User, first: date, last: date) -> Report:
    """A report of `first`..`last` to draw, sent to a worker once this transaction commits.

    The same period already being drawn is that report, not a second one.
    """
    authorize(actor, Action.VIEW_DASHBOARD)
    _check_period(first, last, timezone.localdate())
    pending = Report.objects.filter(first=first, last=last, state__in=[Report.State.QUEUED, Report.State.RUNNING])
    report = pending.first()
    if report is not None:
        return report
    report = Report.objects.create(first=first, last=last, requested_by=actor)
    _send(report)
    return report


def _send(report: Report) -> None:
    from cases.reports.tasks import generate_report

    schema = current_schema()

    def send() -> None:
        try:
            send_to_commune(generate_report, schema, report.pk)
        except (BrokerError, RedisError, OSError) as error:
            # No worker can be asked: draw it here, the person waits a little longer instead of for ever.
            logger.warning("Broker unavailable, report %s drawn in the request: %s", report.pk, error)
            with contextlib.suppress(Exception):  # a failure is recorded on the report by generate()
                generate(report)

    transaction.on_commit(send)


def generate(report: Report) -> Report:
    """Count the period's figures and draw the four files; progress for the page, the error kept on failure."""
    commune = current_commune()
    assert commune is not None, "a report is drawn in a commune's schema"
    progress.start(report)
    try:
        progress.report(report, done=0, total=STEPS, step=STEP_NAMES["count"])
        figures = office_figures(report.first, report.last)
        drawn: list[tuple[str, str, bytes]] = []
        for language in LANGUAGES:
            for format_, render in ((ReportFile.Format.PDF, pdf.render), (ReportFile.Format.XLSX, xlsx.render)):
                step = STEP_NAMES[f"{format_}-{language}"]
                progress.report(report, done=1 + len(drawn), total=STEPS, step=step)
                drawn.append((language, format_, render(figures, commune, language)))
        with transaction.atomic():
            _replace_files(report, drawn)
            Report.objects.filter(pk=report.pk).update(
                summary={
                    "received": figures.received,
                    "people": figures.people,
                    "answered": figures.answered,
                    "answered_on_time": figures.answered_on_time,
                    "overdue_at_end": figures.overdue_at_end,
                    "referrals_sent": figures.referrals_sent,
                }
            )
    except Exception as error:
        logger.exception("Report %s of %s failed", report.pk, commune.schema_name)
        # The page says, in its reader's language, that it failed; the row keeps what for the operators.
        progress.finish(report, error=f"{type(error).__name__}: {error}"[:500])
        raise
    progress.finish(report)
    report.refresh_from_db()
    return report


def _replace_files(report: Report, drawn: list[tuple[str, str, bytes]]) -> None:
    old = list(report.files.all())
    names = [item.file.name for item in old]
    ReportFile.objects.filter(pk__in=[item.pk for item in old]).delete()
    for language, format_, content in drawn:
        item = ReportFile(report=report, language=language, format=format_, size=len(content))
        item.file.save(f"report-{report.pk}-{language}.{format_}", ContentFile(content), save=False)
        item.save()
    if names:
        transaction.on_commit(partial(_delete_files, names))


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def monthly_report(*, today: date | None = None) -> Report | None:
    """From beat on the 1st: last month's report, drawn, archived and e-mailed to the office heads.

    Beat asks every morning: the first run of a month draws it; the next ones find it done and do nothing,
    unless it failed or a worker died drawing it, when they draw it again. E-mails go once per head
    (their dedupe key), whatever the number of runs.
    """
    first, last = last_month(today or timezone.localdate())
    report, created = Report.objects.get_or_create(first=first, last=last, monthly=True)
    if not created and report.state == Report.State.DONE:
        return report
    generate(report)
    mail_report(report)
    return report


def mail_report(report: Report) -> int:
    """The report to each active office head, in their language, with its PDF and XLSX; once each."""
    files = {(item.language, item.format): item for item in report.files.all()}
    sent = 0
    for head in User.objects.filter(role=Role.OFFICE_HEAD, is_active=True):
        language = head.preferred_language if head.preferred_language in LANGUAGES else "fr"
        attached = [
            files[(language, fmt)]
            for fmt in (ReportFile.Format.PDF, ReportFile.Format.XLSX)
            if (language, fmt) in files
        ]
        with translation.override(language):
            enqueue_templated_email(
                kind="monthly_report",
                recipient=head.email,
                template="reports/email/monthly_report",
                context={
                    "head": head,
                    "commune": current_commune(),
                    "period": pdf.period_title(report.first, report.last),
                    "summary": report.summary,
                    "url": site_url(f"/reports/{report.pk}/"),
                },
                language=language,
                dedupe_key=f"monthly-report:{report.first:%Y-%m}:{head.pk}",
                attachments=[
                    {"name": item.filename, "path": item.file.name, "type": CONTENT_TYPES[item.format]}
                    for item in attached
                ],
            )
        sent += 1
    return sent
