"""Bringing the regional layer's facts up to date, from beat: thin tasks that call analytics.extraction."""

from __future__ import annotations

from celery import shared_task

from analytics import extraction
from tenants.models import Commune


@shared_task(name="analytics.extract_facts")
def extract_facts() -> int:
    """Every active commune in turn (in the public schema: each run switches to its commune and back)."""
    months = 0
    for commune in Commune.objects.filter(status=Commune.Status.ACTIVE).order_by("pk"):
        months += extraction.extract(commune).months
    return months
