"""The Celery app. Tasks carry the schema they were sent from.

tenant-schemas-celery adds the current schema to every task's headers and
sets it again in the worker before the task runs. A task that works on a
commune's data uses `CommuneTask` as its base: run from the public schema,
it fails loudly instead of silently reading or writing public tables.
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

from celery.schedules import crontab
from tenant_schemas_celery.app import CeleryApp
from tenant_schemas_celery.task import TenantTask

from tenants.context import in_public

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jisr.settings")

app = CeleryApp("jisr")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "outbox-sweep": {"task": "outbox.sweep", "schedule": timedelta(seconds=30)},
    "tenants-refill-pool": {"task": "tenants.refill_pool", "schedule": timedelta(minutes=10)},
    # The regional layer's facts: only the months that changed, so an hourly run is short.
    "analytics-extract-facts": {"task": "analytics.extract_facts", "schedule": crontab(minute=20)},
    # ... and every month again at night, for what an hourly run cannot see (a deletion, a corrected date).
    "analytics-rebuild-facts": {"task": "analytics.rebuild_facts", "schedule": crontab(hour=3, minute=40)},
    # Africa/Casablanca (CELERY_TIMEZONE): reminders first, so the digest counts them.
    "cases-remind-silent-referrals": {
        "task": "cases.every_office",
        "schedule": crontab(hour=6, minute=30),
        "args": ["cases.remind_silent_referrals"],
    },
    # Law 09.08: closed cases past the commune's retention lose their text, people with nothing newer are erased.
    "cases-retention": {
        "task": "cases.every_office",
        "schedule": crontab(hour=2, minute=50),
        "args": ["cases.apply_retention"],
    },
    # Last month's statistics report, drawn, archived and mailed to the office heads: the first run of a month
    # does it, the next mornings find it done (or draw it again if it failed).
    "reports-monthly-report": {
        "task": "cases.every_office",
        "schedule": crontab(hour=5, minute=30),
        "args": ["reports.monthly_report"],
    },
    # Uploaded registers are kept a few days at most (cases.imports.services.FILE_DAYS).
    "imports-forget-old-files": {
        "task": "cases.every_office",
        "schedule": crontab(hour=3, minute=10),
        "args": ["imports.forget_old_files"],
    },
    "cases-daily-digest": {
        "task": "cases.every_office",
        "schedule": crontab(hour=7, minute=0),
        "args": ["cases.daily_digest"],
    },
    "appointments-remind-tomorrow": {
        "task": "cases.every_office",
        "schedule": crontab(hour=17, minute=0),
        "args": ["appointments.remind_tomorrow"],
    },
}


class TaskOutsideCommune(RuntimeError):
    """A commune task ran without a commune: it was sent from the public schema."""


class CommuneTask(TenantTask):
    abstract = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if in_public():
            raise TaskOutsideCommune(
                f"{self.name} works on a commune's data but was sent from the public schema; "
                "send it from a commune's context or with send_to_commune()."
            )
        return super().__call__(*args, **kwargs)


def send_to_commune(task: Any, schema_name: str, *args: Any, **kwargs: Any) -> Any:
    """Queue `task` to run in the schema `schema_name`, from any context."""
    return task.apply_async(args=args, kwargs=kwargs, headers={"_schema_name": schema_name})
