"""The audit log: who created, changed or viewed a person or a case."""

from __future__ import annotations

from django.db import models

from cases.models import AuditEntry, Case
from jisr.accounts.models import User


def record(*, actor: User | None, action: str, target: models.Model, detail: str = "") -> AuditEntry:
    """One line in the commune's audit log. Names stay out of it: the target is its id or reference."""
    label = target.reference if isinstance(target, Case) else f"#{target.pk}"
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.model_name or "",
        target_id=target.pk,
        target_label=label,
        detail=detail[:300],
    )
