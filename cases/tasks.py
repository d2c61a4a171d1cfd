"""Daily work of every office, from beat: thin tasks that call services."""

from __future__ import annotations

from celery import shared_task

from jisr.celery import CommuneTask, send_to_commune
from tenants.cross_schema import commune_schemas
from tenants.models import Commune


@shared_task(name="cases.daily_digest", base=CommuneTask)
def daily_digest() -> int:
    from cases.services.digest import send_daily_digest

    return send_daily_digest()


@shared_task(name="cases.remind_silent_referrals", base=CommuneTask)
def remind_silent_referrals() -> int:
    from cases.services.referrals import remind_silent_referrals as remind

    return remind()


@shared_task(name="cases.apply_retention", base=CommuneTask)
def apply_retention() -> int:
    from cases.services.retention import apply_retention as apply

    done = apply(dry_run=False)
    return done.cases + done.people


@shared_task(name="cases.every_office")
def every_office(task_name: str) -> int:
    """From beat, in public: run a commune task in each active commune's schema."""
    from cases.appointments.tasks import remind_tomorrow
    from cases.imports.tasks import forget_old_files
    from cases.reports.tasks import monthly_report

    task = {
        "cases.daily_digest": daily_digest,
        "cases.remind_silent_referrals": remind_silent_referrals,
        "appointments.remind_tomorrow": remind_tomorrow,
        "cases.apply_retention": apply_retention,
        "reports.monthly_report": monthly_report,
        "imports.forget_old_files": forget_old_files,
    }[task_name]
    active = set(Commune.objects.filter(status=Commune.Status.ACTIVE).values_list("schema_name", flat=True))
    schemas = [schema for schema in commune_schemas() if schema in active]
    for schema_name in schemas:
        send_to_commune(task, schema_name)
    return len(schemas)
