"""The reports' background work: drawing one asked for on a page, and last month's from beat."""

from __future__ import annotations

from celery import shared_task

from jisr.celery import CommuneTask


@shared_task(name="reports.generate_report", base=CommuneTask)
def generate_report(report_id: int) -> str:
    from cases.reports.models import Report
    from cases.reports.services import generate

    report = Report.objects.filter(pk=report_id).first()
    if report is None or report.finished:  # deleted, or a redelivered task after the work was done
        return "skipped"
    return generate(report).state


@shared_task(name="reports.monthly_report", base=CommuneTask)
def monthly_report() -> int | None:
    from cases.reports.services import monthly_report as make

    report = make()
    return report.pk if report else None
