"""The office's own settings (office head) and its audit log (office head, auditor).

Categories and their time to answer, the public holidays and local closures, campaigns, the
activity log, the office's directory of services, its staff. The services
decide and check roles; these pages check the role again before showing
anything, so an agent or a read-only account sees no settings at all.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from analytics.exports import CsvForm, attachment, csv_bytes, csv_filename, csv_form
from cases import calendar, processing, selectors
from cases.errors import CaseError
from cases.forms import service_errors
from cases.forms.office import (
    ActivityForm,
    AuditFilterForm,
    CampaignForm,
    CategoryForm,
    ConsentFilterForm,
    HolidayForm,
    InvitationForm,
    LocalServiceForm,
    OfficeContactsForm,
    kind_label,
)
from cases.models import Activity, AuditEntry, Campaign, Category, Holiday, LocalService
from cases.permissions import Action, can
from cases.services import office
from cases.views.common import office_view, paginate
from jisr.accounts import selectors as accounts
from jisr.accounts.models import Invitation, User
from jisr.accounts.services import AccountError, invite_staff
from tenants.selectors import current_commune

AUDIT_PAGE_SIZE = 50


def _require(request: HttpRequest, action: Action = Action.MANAGE_OFFICE) -> User:
    """The signed-in user, if their role allows `action` (403 otherwise)."""
    user: User = request.user  # type: ignore[assignment]
    if not can(user, action):
        raise PermissionDenied(_("Your role does not allow this."))
    return user


def _year(request: HttpRequest, default: int) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else default


# --- Home --------------------------------------------------------------------


@office_view
def settings_home(request: HttpRequest) -> HttpResponse:
    _require(request)
    today = timezone.localdate()
    categories = Category.objects.aggregate(total=Count("id"), active=Count("id", filter=Q(active=True)))
    services = LocalService.objects.aggregate(total=Count("id"), active=Count("id", filter=Q(active=True)))
    national = calendar.national_holidays(today.year)
    return render(
        request,
        "cases/office/home.html",
        {
            "section": "office",
            "year": today.year,
            "categories": categories,
            "national_holidays": national,
            "estimated_holidays": sum(holiday.estimated for holiday in national),
            "local_closures": Holiday.objects.filter(day__year=today.year).count(),
            "campaigns": Campaign.objects.count(),
            "current_campaigns": Campaign.objects.filter(starts_on__lte=today, ends_on__gte=today),
            "activities": Activity.objects.filter(day__year=today.year).count(),
            "services": services,
            "regional_services": selectors.regional_services().count(),
            "staff": accounts.office_staff().count(),
            "invitations": _pending_invitations().count(),
        },
    )


# --- The office's public page ---------------------------------------------------


@office_view
@require_http_methods(["GET", "POST"])
def contacts_edit(request: HttpRequest) -> HttpResponse:
    """The office's name, address and opening hours in each language, and its contacts: what its public
    page, its guide, its letters and its e-mails show, each reader in their language. Only this office's:
    the commune is the host's."""
    actor = _require(request)
    commune = current_commune()
    if request.method == "POST":
        form = OfficeContactsForm(request.POST)
        if form.is_valid():
            try:
                office.save_office_contacts(actor=actor, contacts=form.contacts())
            except CaseError as error:
                service_errors(form, error)
            else:
                messages.success(request, _("The office's public page is saved."))
                return redirect("office_contacts")
    else:
        form = OfficeContactsForm.of(commune) if commune is not None else OfficeContactsForm()
    return render(
        request,
        "cases/office/contacts_edit.html",
        {"section": "office", "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- Categories ----------------------------------------------------------------


@office_view
def category_list(request: HttpRequest) -> HttpResponse:
    _require(request)
    categories = Category.objects.annotate(case_count=Count("cases")).order_by("position", "name_fr")
    return render(
        request,
        "cases/office/category_list.html",
        {"section": "office", "categories": categories, "active_count": sum(c.active for c in categories)},
    )


@office_view
@require_http_methods(["GET", "POST"])
def category_edit(request: HttpRequest, category_id: int | None = None) -> HttpResponse:
    actor = _require(request)
    category = get_object_or_404(Category, pk=category_id) if category_id is not None else None
    if request.method == "POST":
        form = CategoryForm(request.POST)
        if form.is_valid():
            try:
                saved = office.save_category(actor=actor, category=category, **form.cleaned_data)
            except CaseError as error:
                service_errors(form, error)
            else:
                messages.success(request, _("Category “%(name)s” saved.") % {"name": saved.name})
                return redirect("category_list")
    else:
        form = CategoryForm.of(category) if category else CategoryForm()
    return render(
        request,
        "cases/office/category_edit.html",
        {"section": "office", "form": form, "category": category},
        status=400 if request.method == "POST" else 200,
    )


# --- Holidays ------------------------------------------------------------------


@office_view
@require_http_methods(["GET", "POST"])
def holiday_list(request: HttpRequest) -> HttpResponse:
    """The year's national holidays (the lunar ones estimated until the platform confirms them) and the
    office's local closures, which it adds and removes here."""
    actor = _require(request)
    year = _year(request, timezone.localdate().year)
    if request.method == "POST":
        form = HolidayForm(request.POST)
        if form.is_valid():
            try:
                holiday = office.add_holiday(actor=actor, **form.cleaned_data)
            except CaseError as error:
                service_errors(form, error)
            else:
                messages.success(
                    request, _("Local closure of %(day)s added.") % {"day": holiday.day.strftime("%d/%m/%Y")}
                )
                return redirect(f"{request.path}?year={holiday.day.year}")
    else:
        form = HolidayForm()
    national = calendar.national_holidays(year)
    return render(
        request,
        "cases/office/holiday_list.html",
        {
            "section": "office",
            "form": form,
            "year": year,
            "previous_year": year - 1,
            "next_year": year + 1,
            "national": national,
            "estimated": sum(holiday.estimated for holiday in national),
            "closures": Holiday.objects.filter(day__year=year),
        },
        status=400 if request.method == "POST" else 200,
    )


@office_view
@require_http_methods(["GET", "POST"])
def holiday_delete(request: HttpRequest, holiday_id: int) -> HttpResponse:
    """GET asks to confirm; POST removes the local closure (deadlines computed later count the day again)."""
    actor = _require(request)
    holiday = get_object_or_404(Holiday, pk=holiday_id)
    if request.method == "POST":
        office.remove_holiday(actor=actor, holiday=holiday)
        messages.success(request, _("Local closure of %(day)s removed.") % {"day": holiday.day.strftime("%d/%m/%Y")})
        return redirect(f"{reverse('holiday_list')}?year={holiday.day.year}")
    return render(request, "cases/office/holiday_delete.html", {"section": "office", "holiday": holiday})


# --- Campaigns -------------------------------------------------------------------


@office_view
def campaign_list(request: HttpRequest) -> HttpResponse:
    _require(request)
    campaigns = Campaign.objects.annotate(case_count=Count("cases")).order_by("-starts_on", "-id")
    return render(
        request,
        "cases/office/campaign_list.html",
        {"section": "office", "page": paginate(request, campaigns), "today": timezone.localdate()},
    )


@office_view
@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, campaign_id: int | None = None) -> HttpResponse:
    actor = _require(request)
    campaign = (
        get_object_or_404(Campaign.objects.annotate(case_count=Count("cases")), pk=campaign_id)
        if campaign_id is not None
        else None
    )
    if request.method == "POST":
        form = CampaignForm(request.POST)
        if form.is_valid():
            try:
                saved = office.save_campaign(actor=actor, campaign=campaign, **form.cleaned_data)
            except CaseError as error:
                service_errors(form, error)
            else:
                messages.success(request, _("Campaign “%(name)s” saved.") % {"name": saved.name})
                return redirect("campaign_list")
    else:
        form = CampaignForm.of(campaign) if campaign else CampaignForm()
    return render(
        request,
        "cases/office/campaign_edit.html",
        {"section": "office", "form": form, "campaign": campaign},
        status=400 if request.method == "POST" else 200,
    )


# --- Activity log ----------------------------------------------------------------


@office_view
@require_http_methods(["GET", "POST"])
def activity_list(request: HttpRequest) -> HttpResponse:
    """Meetings, trainings, radio programmes, open days: newest first, by year.

    Agents log activities too (they run the open days): the page needs the
    right to work on cases, not to manage the office.
    """
    actor = _require(request, Action.EDIT_CASES)
    if request.method == "POST":
        form = ActivityForm(request.POST)
        if form.is_valid():
            try:
                activity = office.log_activity(actor=actor, **form.cleaned_data)
            except CaseError as error:
                service_errors(form, error)
            else:
                messages.success(request, _("Activity “%(subject)s” recorded.") % {"subject": activity.subject})
                return redirect(f"{request.path}?year={activity.day.year}")
    else:
        form = ActivityForm(initial={"day": timezone.localdate()})
    years = sorted({day.year for day in Activity.objects.dates("day", "year")} | {timezone.localdate().year})
    year = _year(request, years[-1])
    kind = request.GET.get("kind", "")
    activities = Activity.objects.filter(day__year=year).select_related("recorded_by").order_by("-day", "-id")
    if kind in Activity.Kind.values:
        activities = activities.filter(kind=kind)
    else:
        kind = ""
    return render(
        request,
        "cases/office/activity_list.html",
        {
            "section": "office",
            "form": form,
            "year": year,
            "years": years,
            "kind": kind,
            "kinds": Activity.Kind.choices,
            "page": paginate(request, activities),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- Directory of services -----------------------------------------------------


@office_view
def service_list(request: HttpRequest) -> HttpResponse:
    _require(request)
    show_all = request.GET.get("show") == "all"
    local = LocalService.objects.all() if show_all else LocalService.objects.filter(active=True)
    local_rows = [(service, kind_label(service.kind)) for service in local]
    return render(
        request,
        "cases/office/service_list.html",
        {
            "section": "office",
            "local": local_rows,
            "show_all": show_all,
            "inactive_count": LocalService.objects.filter(active=False).count(),
            "regional": selectors.regional_services(),
        },
    )


@office_view
@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, service_id: int | None = None) -> HttpResponse:
    """The office's own entries only: the network's directory is read-only here."""
    actor = _require(request)
    service = get_object_or_404(LocalService, pk=service_id) if service_id is not None else None
    current_kind = service.kind if service else ""
    if request.method == "POST":
        form = LocalServiceForm(request.POST, current_kind=current_kind)
        if form.is_valid():
            try:
                saved = office.save_local_service(actor=actor, service=service, **form.cleaned_data)
            except CaseError as error:
                service_errors(form, error)
            else:
                messages.success(request, _("Service “%(name)s” saved.") % {"name": saved.name})
                return redirect("service_list")
    else:
        form = LocalServiceForm.of(service) if service else LocalServiceForm(initial={"active": True})
    return render(
        request,
        "cases/office/service_edit.html",
        {"section": "office", "form": form, "service": service},
        status=400 if request.method == "POST" else 200,
    )


# --- Staff -----------------------------------------------------------------------


def _pending_invitations() -> QuerySet[Invitation]:
    return accounts.pending_invitations().filter(expires_at__gt=timezone.now()).select_related("invited_by")


@office_view
@require_http_methods(["GET", "POST"])
def staff_list(request: HttpRequest) -> HttpResponse:
    """The office's accounts and its invitations; only the office head invites."""
    actor = _require(request)
    if request.method == "POST":
        form = InvitationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                invitation = invite_staff(
                    email=data["email"],
                    role=data["role"],
                    full_name=data["full_name"],
                    language=data["language"],
                    invited_by=actor,
                )
            except AccountError as error:
                service_errors(form, error)
            else:
                messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
                return redirect("staff_list")
    else:
        form = InvitationForm(initial={"language": request.LANGUAGE_CODE})
    return render(
        request,
        "cases/office/staff_list.html",
        {
            "section": "office",
            "form": form,
            "staff": accounts.office_staff(),
            "invitations": _pending_invitations(),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- Audit log -----------------------------------------------------------------


def _target_labels() -> dict[str, str]:
    """What the audit log names its targets by: the models' names, translated."""
    names = {model._meta.model_name: str(model._meta.verbose_name) for model in apps.get_models()}
    kinds = AuditEntry.objects.order_by().values_list("target_type", flat=True).distinct()
    return {kind: names.get(kind, kind) for kind in kinds}


@office_view
def audit_list(request: HttpRequest) -> HttpResponse:
    """Who viewed or changed whom; filters that do not parse are shown as errors and left out."""
    actor = _require(request, Action.VIEW_AUDIT)
    labels = _target_labels()
    form = AuditFilterForm(
        request.GET or None,
        staff=list(User.objects.order_by("full_name", "email")),
        target_types=sorted(labels.items(), key=lambda item: item[1]),
    )
    filters: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        filters = form.cleaned_data
    entries = selectors.audit_log(
        actor=actor,
        who=filters.get("who") or "",
        action=filters.get("action") or "",
        target_type=filters.get("target_type") or "",
        target_id=str(filters.get("target_id") or ""),
    )
    if filters.get("date_from"):
        entries = entries.filter(at__gte=_start_of(filters["date_from"]))
    if filters.get("date_to"):
        entries = entries.filter(at__lt=_start_of(filters["date_to"] + timedelta(days=1)))
    page = paginate(request, entries, per_page=AUDIT_PAGE_SIZE)
    for entry in page:
        entry.target_kind = labels.get(entry.target_type, entry.target_type)
    return render(
        request,
        "cases/office/audit_list.html",
        {"section": "audit", "form": form, "page": page, "filtered": any(filters.values())},
    )


def _start_of(day: date) -> datetime:
    """Midnight of `day` in the office's time zone (the log stores UTC)."""
    return timezone.make_aware(datetime.combine(day, time.min))


@office_view
def consent_list(request: HttpRequest) -> HttpResponse:
    """The consent register (Law 09.08): every consent recorded, with totals per purpose; as CSV too."""
    actor = _require(request, Action.VIEW_AUDIT)
    form = ConsentFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        filters = form.cleaned_data
    consents = selectors.consent_register(
        actor=actor,
        purpose=filters.get("purpose") or "",
        state=filters.get("state") or "",
        given_from=filters.get("date_from"),
        given_to=filters.get("date_to"),
    )
    if request.GET.get("format") == "csv":
        return _consents_csv(consents, csv_form(request.GET))
    context = {
        "section": "audit",
        "form": form,
        "page": paginate(request, consents, per_page=AUDIT_PAGE_SIZE),
        "totals": selectors.consent_totals(consents),
        "filtered": any(filters.values()),
        "query": request.GET.urlencode(),
    }
    return render(request, "cases/office/consent_list.html", context)


def _consents_csv(consents: QuerySet[Any], form: CsvForm) -> HttpResponse:
    """The register as CSV, UTF-8 with a BOM: commas, or semicolons for Excel in French (`sep=semicolon`)."""
    header = [_("person"), _("number"), _("purpose"), _("how it was given"), _("given on"), _("withdrawn on")]
    rows = (
        [
            consent.person.display_name,
            consent.person_id,
            consent.get_purpose_display(),
            consent.get_channel_display(),
            consent.given_on.isoformat(),
            consent.withdrawn_on.isoformat() if consent.withdrawn_on else "",
        ]
        for consent in consents
    )
    name = csv_filename(f"consents-{timezone.localdate().isoformat()}.csv", form)
    return attachment(csv_bytes([header, *rows], form), name, cache_control="no-store")


@office_view
def processing_register(request: HttpRequest) -> HttpResponse:
    """The register of processing (Law 09.08), generated: what personal data, why, how long, who sees it."""
    _require(request, Action.VIEW_AUDIT)
    commune = current_commune()
    years = commune.retention_years if commune else 0
    return render(
        request,
        "cases/office/processing_register.html",
        {"section": "audit", "commune": commune, "lines": processing.lines(years), "years": years},
    )
