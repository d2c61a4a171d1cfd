"""Bringing the regional layer's facts up to date, from beat: thin tasks that call analytics.extraction."""

from __future__ import annotations

from celery import shared_task

from analytics import extraction
from tenants.models import Commune


def _active() -> list[Commune]:
    return list(Commune.objects.filter(status=Commune.Status.ACTIVE).order_by("pk"))


@shared_task(name="analytics.extract_facts")
def extract_facts() -> int:
    """Hourly: the changes the communes' triggers wrote, added to the facts of every active commune. Returns the
    (commune, month) pairs touched."""
    return extraction.extract_all(_active()).months


@shared_task(name="analytics.rebuild_facts")
def rebuild_facts() -> int:
    """Nightly: every month of every active commune counted again, for what no trigger sees (a directory
    service's kind changed, rows written with triggers off). Returns the fact rows written."""
    return extraction.extract_all(_active(), full=True).rows
