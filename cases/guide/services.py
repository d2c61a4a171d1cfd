"""Writes of the procedures guide and the on-duty rota (office head), with their rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from cases import calendar
from cases.errors import CaseError
from cases.guide.models import DutyShift, Procedure
from cases.models import Campaign, Category
from cases.permissions import GRANTS, Action, authorize
from jisr.accounts.models import User
from network.models import PORTALS, ProcedureTemplate, link_lines, portal_of

MAX_LINKS = 10


# --- Procedures -------------------------------------------------------------------


@dataclass(frozen=True)
class ProcedureInput:
    title_fr: str
    title_ar: str = ""
    title_en: str = ""
    category: Category | None = None
    documents_fr: str = ""
    documents_ar: str = ""
    documents_en: str = ""
    fees: str = ""
    delay: str = ""
    handled_by: str = ""
    links: str = ""
    position: int = 100


def _check_links(text: str) -> list[str]:
    lines = link_lines(text)
    bad = [line for line in lines if portal_of(line) is None]
    if bad:
        return [
            _("Only https links to the national portals (%(portals)s); not: %(links)s")
            % {"portals": ", ".join(PORTALS), "links": ", ".join(bad[:3])}
        ]
    if len(lines) > MAX_LINKS:
        return [_("At most %(count)s links.") % {"count": MAX_LINKS}]
    return []


def save_procedure(*, actor: User, procedure: Procedure | None, data: ProcedureInput) -> Procedure:
    """Create or edit one of the office's procedures (office head). Publishing is separate."""
    authorize(actor, Action.MANAGE_OFFICE)
    errors: dict[str, list[str]] = {}
    if not data.title_fr.strip():
        errors["title_fr"] = [_("Give the procedure a title in French.")]
    link_errors = _check_links(data.links)
    if link_errors:
        errors["links"] = link_errors
    if not 0 <= data.position <= 10000:
        errors["position"] = [_("Between 0 and 10000.")]
    if errors:
        raise CaseError(errors)
    procedure = procedure or Procedure()
    procedure.title_fr, procedure.title_ar, procedure.title_en = (
        data.title_fr.strip(),
        data.title_ar.strip(),
        data.title_en.strip(),
    )
    procedure.category = data.category
    procedure.documents_fr = data.documents_fr.strip()
    procedure.documents_ar = data.documents_ar.strip()
    procedure.documents_en = data.documents_en.strip()
    procedure.fees, procedure.delay, procedure.handled_by = (
        data.fees.strip(),
        data.delay.strip(),
        data.handled_by.strip(),
    )
    procedure.links = "\n".join(link_lines(data.links))
    procedure.position = data.position
    procedure.updated_by = actor
    procedure.save()
    return procedure


def copy_template(*, actor: User, template: ProcedureTemplate) -> Procedure:
    """A new, unpublished procedure of the office, filled from a network template, to edit."""
    authorize(actor, Action.MANAGE_OFFICE)
    return Procedure.objects.create(
        title_fr=template.title_fr,
        title_ar=template.title_ar,
        title_en=template.title_en,
        category=Category.objects.filter(code=template.category_code).first() if template.category_code else None,
        documents_fr=template.documents_fr,
        documents_ar=template.documents_ar,
        fees=template.fees,
        delay=template.delay,
        handled_by=template.handled_by,
        links="\n".join(line for line in link_lines(template.links) if portal_of(line)),
        template=template,
        published=False,
        updated_by=actor,
    )


def set_published(*, actor: User, procedure: Procedure, published: bool) -> Procedure:
    authorize(actor, Action.MANAGE_OFFICE)
    procedure.published = published
    procedure.updated_by = actor
    procedure.save(update_fields=["published", "updated_by", "updated_at"])
    return procedure


def delete_procedure(*, actor: User, procedure: Procedure) -> None:
    authorize(actor, Action.MANAGE_OFFICE)
    procedure.delete()


# --- On-duty rota -----------------------------------------------------------------


def is_office_staff(user: User) -> bool:
    return user.is_active and user.role in GRANTS


def marhaba_on(day: date) -> bool:
    return Campaign.objects.filter(kind=Campaign.Kind.MARHABA, starts_on__lte=day, ends_on__gte=day).exists()


def _kind_error(kind: str, day: date) -> str | None:
    """Why a shift of this kind cannot be on this day, or None."""
    if kind == DutyShift.Kind.WEEKEND and day.weekday() not in calendar.WEEKEND:
        return _("This day is not a weekend day.")
    if kind == DutyShift.Kind.HOLIDAY and day not in calendar.holidays_between(day, day):
        return _("This day is not a public holiday (lunar holidays are entered in the office settings).")
    if kind == DutyShift.Kind.MARHABA and not marhaba_on(day):
        return _("This day is not inside an Opération Marhaba campaign (see the office's campaigns).")
    return None


@transaction.atomic
def plan_shift(
    *, actor: User, staff: User, day: date, starts_at: time, ends_at: time, kind: str, note: str = ""
) -> DutyShift:
    """Put a staff member on duty (office head).

    The kind must match the day (a weekend, a holiday, inside Opération
    Marhaba; "other" fits any day) and one person is never on two shifts at once.
    """
    authorize(actor, Action.MANAGE_OFFICE)
    errors: dict[str, list[str]] = {}
    # One planner at a time per person: the overlap check below then cannot race.
    staff = User.objects.select_for_update().get(pk=staff.pk)
    if not is_office_staff(staff):
        errors["staff"] = [_("Only active staff of the office can be on duty.")]
    if ends_at <= starts_at:
        errors["ends_at"] = [_("The shift must end after it starts (on the same day).")]
    if kind not in DutyShift.Kind.values:
        errors["kind"] = [_("Unknown kind.")]
    elif (why := _kind_error(kind, day)) is not None:
        errors["kind"] = [why]
    if "ends_at" not in errors and "staff" not in errors:
        overlap = DutyShift.objects.filter(staff=staff, day=day).filter(
            Q(starts_at__lt=ends_at) & Q(ends_at__gt=starts_at)
        )
        clash = overlap.first()
        if clash is not None:
            errors["starts_at"] = [
                _("%(name)s is already on duty from %(start)s to %(end)s that day.")
                % {"name": staff.get_full_name(), "start": f"{clash.starts_at:%H:%M}", "end": f"{clash.ends_at:%H:%M}"}
            ]
    if errors:
        raise CaseError(errors)
    return DutyShift.objects.create(
        staff=staff, day=day, starts_at=starts_at, ends_at=ends_at, kind=kind, note=note.strip(), created_by=actor
    )


def remove_shift(*, actor: User, shift: DutyShift) -> None:
    authorize(actor, Action.MANAGE_OFFICE)
    shift.delete()
