"""Reads of the procedures guide and the on-duty rota.

What the public gets (published procedures, duty times) is public-safe:
no staff names, only times.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from cases.guide.models import DutyShift, Procedure
from jisr.accounts.models import User
from network.models import ProcedureTemplate
from tenants.selectors import current_commune

MAX_QUERY = 100


# --- Procedures -------------------------------------------------------------------


def office_procedures() -> QuerySet[Procedure]:
    """All the office's procedures, for its staff."""
    return Procedure.objects.select_related("category", "template")


def published_procedures(*, query: str = "", category: str = "") -> QuerySet[Procedure]:
    """The procedures the public sees, optionally searched by words or filtered by category code."""
    procedures = Procedure.objects.filter(published=True).select_related("category")
    words = query.replace("\x00", "").strip()[:MAX_QUERY]
    if words:
        procedures = procedures.filter(
            Q(title_fr__icontains=words)
            | Q(title_ar__icontains=words)
            | Q(title_en__icontains=words)
            | Q(documents_fr__icontains=words)
            | Q(documents_ar__icontains=words)
            | Q(handled_by__icontains=words)
        )
    if category:
        procedures = procedures.filter(category__code=category[:40])
    return procedures.order_by("category__position", "position", "title_fr", "id")


def templates_for_office() -> QuerySet[ProcedureTemplate]:
    """The network's templates this office may start from: national ones and its region's."""
    commune = current_commune()
    region = commune.region if commune is not None else None
    scope = Q(region__isnull=True) | Q(region=region) if region is not None else Q(region__isnull=True)
    return ProcedureTemplate.objects.filter(scope).select_related("region").order_by("title_fr")


# --- On-duty rota -----------------------------------------------------------------


@dataclass(frozen=True)
class DutySlot:
    """When the office is reachable outside regular hours, without saying who is there."""

    day: date
    starts_at: time
    ends_at: time
    kinds: tuple[str, ...]

    @property
    def kind_labels(self) -> list[str]:
        return [str(DutyShift.Kind(kind).label) for kind in self.kinds]


@dataclass(frozen=True)
class DutyNow:
    current: list[DutySlot]
    upcoming: list[DutySlot]


def _slots(shifts: QuerySet[DutyShift]) -> list[DutySlot]:
    """Shifts merged into the times someone is there: overlapping or touching shifts make one slot."""
    slots: list[DutySlot] = []
    for shift in shifts.order_by("day", "starts_at", "ends_at"):
        last = slots[-1] if slots else None
        if last is not None and last.day == shift.day and shift.starts_at <= last.ends_at:
            kinds = last.kinds if shift.kind in last.kinds else (*last.kinds, shift.kind)
            slots[-1] = DutySlot(last.day, last.starts_at, max(last.ends_at, shift.ends_at), kinds)
        else:
            slots.append(DutySlot(shift.day, shift.starts_at, shift.ends_at, (shift.kind,)))
    return slots


def duty_upcoming(days: int = 14, *, now: datetime | None = None) -> list[DutySlot]:
    """Duty times from now to `days` days ahead (today included), staff names left out."""
    moment = timezone.localtime(now)
    today = moment.date()
    days = max(1, min(days, 366))
    shifts = DutyShift.objects.filter(day__gte=today, day__lt=today + timedelta(days=days), staff__is_active=True)
    return [slot for slot in _slots(shifts) if slot.day > today or slot.ends_at > moment.time()]


def duty_now(*, now: datetime | None = None, upcoming: int = 3) -> DutyNow:
    """The duty times covering this moment, and the next ones (for the office's public home page)."""
    moment = timezone.localtime(now)
    slots = duty_upcoming(14, now=now)
    current = [slot for slot in slots if slot.day == moment.date() and slot.starts_at <= moment.time()]
    later = [slot for slot in slots if slot not in current]
    return DutyNow(current=current, upcoming=later[:upcoming])


def shifts_in_month(year: int, month: int) -> QuerySet[DutyShift]:
    """The rota of a month, for the office's staff."""
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return DutyShift.objects.filter(day__gte=first, day__lt=following).select_related("staff")


def my_duties(user: User, *, since: date | None = None) -> QuerySet[DutyShift]:
    return DutyShift.objects.filter(staff=user, day__gte=since or timezone.localdate()).order_by("day", "starts_at")


def duty_candidates() -> QuerySet[User]:
    """Who can be put on duty: the office's active staff."""
    from cases.permissions import GRANTS

    return User.objects.filter(is_active=True, role__in=list(GRANTS)).order_by("full_name", "email")
