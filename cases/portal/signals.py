"""The portal listens to the office's case timeline: the person hears of a status change of a portal request."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from cases.models import CaseEvent


@receiver(post_save, sender=CaseEvent, dispatch_uid="portal_status_change")
def status_changed(sender: type[CaseEvent], instance: CaseEvent, created: bool, **kwargs: Any) -> None:
    if created and instance.kind == CaseEvent.Kind.STATUS:
        from cases.portal.services import notify_status_change

        notify_status_change(instance)
