"""Appointments' daily work, from beat (through cases.every_office): thin tasks that call services."""

from __future__ import annotations

from celery import shared_task

from jisr.celery import CommuneTask


@shared_task(name="appointments.remind_tomorrow", base=CommuneTask)
def remind_tomorrow() -> int:
    from cases.appointments.services import remind_tomorrow as remind

    return remind()
