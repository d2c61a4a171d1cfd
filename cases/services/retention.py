"""Retention (Law 09.08: personal data kept no longer than the purpose needs), in one commune's schema.

A case closed (or transferred to another office) more than the commune's `retention_years` ago loses its
free text and files; a person registered before then with no case still open or closed since has their
personal data erased. What the statistics count stays, as with an erasure on request
(cases.services.erasure). Every night from beat; `manage.py apply_retention --dry-run` says what a run would
do without doing it. Each anonymised case and erased person gets a line in the commune's audit log
("erased", by no one, with the rule as the reason).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from cases.models import AuditEntry, Case, Person
from cases.services import erasure
from tenants.selectors import current_commune

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Retention:
    """What a run did, or would do (`dry_run`), in one commune."""

    commune: str
    years: int
    cutoff: date  # closed before this day
    cases: int  # closed cases whose text and files go
    people: int  # people whose personal data goes
    dry_run: bool


def cutoff_for(years: int, today: date) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _expired_cases(start: datetime) -> QuerySet[Case]:
    """Closed, or transferred to another office (closed_at: when it left), before `start`."""
    return Case.objects.filter(status__in=(Case.Status.CLOSED, Case.Status.TRANSFERRED), closed_at__lt=start)


def due_cases(start: datetime) -> QuerySet[Case]:
    """Closed before `start` and not anonymised yet."""
    return _expired_cases(start).exclude(subject=erasure.ERASED, description="")


def due_people(start: datetime) -> QuerySet[Person]:
    """Registered before `start`, not erased, with no case still open or closed since."""
    kept = Case.objects.filter(person=OuterRef("pk")).exclude(pk__in=_expired_cases(start).values("pk"))
    return Person.objects.filter(erased_at__isnull=True, created_at__lt=start).exclude(Exists(kept))


def apply_retention(*, dry_run: bool, today: date | None = None) -> Retention:
    """The current commune's retention rule, applied (or counted, with `dry_run`)."""
    commune = current_commune()
    if commune is None:
        raise RuntimeError("Retention runs in a commune's schema.")
    years = commune.retention_years
    cutoff = cutoff_for(years, today or timezone.localdate())
    start = timezone.make_aware(datetime.combine(cutoff, time.min))
    reason = f"retention: nothing newer than {years} years (before {cutoff.isoformat()})"
    cases, people = due_cases(start), due_people(start)
    if dry_run:
        done = Retention(str(commune.slug), years, cutoff, cases.count(), people.count(), dry_run=True)
    else:
        with transaction.atomic():
            case_ids = list(cases.values_list("pk", flat=True))
            person_ids = list(people.values_list("pk", flat=True))
            for person in Person.objects.filter(pk__in=person_ids):
                erasure.erase_unchecked(actor=None, person=person, reason=reason)
            erasure.erase_case_texts(cases)  # what is left: the old cases of people who came back since
            AuditEntry.objects.bulk_create(
                AuditEntry(
                    action=AuditEntry.Action.ERASE,
                    target_type="case",
                    target_id=case.pk,
                    target_label=case.reference,
                    detail=reason,
                )
                for case in Case.objects.filter(pk__in=case_ids).only("pk", "reference")
            )
        done = Retention(str(commune.slug), years, cutoff, len(case_ids), len(person_ids), dry_run=False)
    logger.info(
        "Retention in %s (%s years, before %s)%s: %s cases anonymised, %s people erased",
        done.commune,
        years,
        cutoff,
        " [dry run]" if dry_run else "",
        done.cases,
        done.people,
    )
    return done
