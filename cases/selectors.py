"""Reads of the office workspace, already checked against the reader's role.

Reading a person or a case to show it is itself recorded in the audit log.
"""

from __future__ import annotations

import contextlib
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median
from typing import Any

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import Case as Case_
from django.db.models import Count, Exists, Expression, F, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Greatest, TruncWeek
from django.utils import timezone

from cases import names
from cases.appointments.models import Booking
from cases.models import (
    AuditEntry,
    Case,
    CaseEvent,
    Category,
    Consent,
    IncomingTransfer,
    LocalService,
    OutgoingTransfer,
    Person,
    Referral,
)
from cases.permissions import Action, authorize
from cases.services import audit, transfers
from jisr import crypto
from jisr.accounts.models import User
from jisr.outbox.models import Message
from network.models import ExternalService, Membership
from network.selectors import current_members
from tenants.models import Commune
from tenants.selectors import current_commune

SEARCH_LIMIT = 10


# --- People ----------------------------------------------------------------


def people(*, actor: User) -> QuerySet[Person]:
    authorize(actor, Action.VIEW_PEOPLE)
    return Person.objects.all()


def search_people(*, actor: User, query: str, limit: int = SEARCH_LIMIT) -> list[Person]:
    """Likely matches for what was typed: a name in either script, any spelling, or a phone number.

    Three trigram-indexed columns answer (cases.names): names as written,
    their phonetic skeleton, the digits of the phone numbers. Best first.
    """
    authorize(actor, Action.VIEW_PEOPLE)
    query = query.strip()
    if len(query) < 2:
        return []
    conditions = Q()
    scores: list[Expression] = []
    digits = names.phone_digits(query)
    if len(digits) >= 6 and len(digits) >= len(query.replace(" ", "")) - 3:  # mostly digits: a phone number
        for form in _phone_forms(query, digits):
            conditions |= Q(search_phones__contains=form)
        scores.append(Value(1.0))
    else:
        # Word similarity: how well the typed words match the best part of the stored names,
        # so "Idrissi" finds "Mohamed El Idrissi" without the first name.
        normalized, skeleton = names.normalize(query), names.keys(query)
        if normalized:
            conditions |= Q(search_names__trigram_word_similar=normalized)
            scores.append(TrigramWordSimilarity(normalized, "search_names"))
        if skeleton:
            conditions |= Q(search_keys__trigram_word_similar=skeleton)
            scores.append(TrigramWordSimilarity(skeleton, "search_keys") * Value(0.9))
    if identity_matches := _identity_match(query):  # an identity number, typed in full
        conditions |= Q(pk__in=identity_matches)
        scores.append(Case_(When(pk__in=identity_matches, then=Value(1.0)), default=Value(0.0)))
    if not scores:
        return []
    score = Greatest(*scores) if len(scores) > 1 else scores[0]
    return list(Person.objects.filter(conditions).annotate(score=score).order_by("-score", "-created_at")[:limit])


def _phone_forms(query: str, digits: str) -> set[str]:
    from cases.services.people import normalize_phone

    forms = {digits.lstrip("0")}
    with contextlib.suppress(ValueError):  # not a whole number: its digits alone will do
        forms.add(names.phone_digits(normalize_phone(query)))
    return {form for form in forms if len(form) >= 6}


def _identity_match(query: str) -> list[int]:
    from cases.models import IdentityDocument
    from cases.services.people import IDENTITY_NUMBER, normalize_identity_number

    clean = normalize_identity_number(query)
    if not IDENTITY_NUMBER.match(clean) or not any(char.isdigit() for char in clean):
        return []
    index = crypto.blind_index("identity", clean)
    return list(IdentityDocument.objects.filter(number_index=index).values_list("person_id", flat=True))


def person_for_display(*, actor: User, person_id: int) -> Person:
    """A person's record, for someone who may read it; the reading is audited."""
    authorize(actor, Action.VIEW_PEOPLE)
    person = Person.objects.prefetch_related("documents", "consents", "links__other", "linked_from__person").get(
        pk=person_id
    )
    audit.record(actor=actor, action=AuditEntry.Action.VIEW, target=person)
    return person


# --- Cases -----------------------------------------------------------------


@dataclass(frozen=True)
class CaseFilters:
    status: str = ""
    category: str = ""
    channel: str = ""
    kind: str = ""
    assigned: str = ""  # "me", "none", or a user id
    overdue: bool = False
    campaign: str = ""
    query: str = ""
    opened_from: date | None = None
    opened_to: date | None = None


SAVED_VIEWS = {
    "mine": CaseFilters(assigned="me", status="open"),
    "overdue": CaseFilters(overdue=True),
    "waiting": CaseFilters(status=Case.Status.WAITING_EXTERNAL),
}


def cases(*, actor: User, filters: CaseFilters | None = None) -> QuerySet[Case]:
    authorize(actor, Action.VIEW_CASES)
    queryset = Case.objects.select_related("person", "category", "assigned_to")
    f = filters or CaseFilters()
    if f.status == "open":
        queryset = queryset.filter(status__in=Case.OPEN_STATUSES)
    elif f.status:
        queryset = queryset.filter(status=f.status)
    if f.category:
        queryset = queryset.filter(category__code=f.category)
    if f.channel:
        queryset = queryset.filter(channel=f.channel)
    if f.kind:
        queryset = queryset.filter(kind=f.kind)
    if f.assigned == "me":
        queryset = queryset.filter(assigned_to=actor)
    elif f.assigned == "none":
        queryset = queryset.filter(assigned_to__isnull=True)
    elif f.assigned.isdigit():
        queryset = queryset.filter(assigned_to_id=int(f.assigned))
    if f.overdue:
        queryset = queryset.filter(status__in=Case.OPEN_STATUSES, due_on__lt=timezone.localdate())
    if f.campaign.isdigit():
        queryset = queryset.filter(campaigns__id=int(f.campaign))
    if f.opened_from:
        queryset = queryset.filter(opened_on__gte=f.opened_from)
    if f.opened_to:
        queryset = queryset.filter(opened_on__lte=f.opened_to)
    if f.query.strip():
        term = f.query.strip()
        queryset = queryset.filter(
            Q(reference__iexact=term)
            | Q(subject__icontains=term)
            | Q(person__search_names__icontains=names.normalize(term))
        )
    return queryset


def case_for_display(*, actor: User, case_id: int) -> Case:
    """A case with its timeline, documents and referrals; the reading is audited."""
    authorize(actor, Action.VIEW_CASES)
    case = (
        Case.objects.select_related("person", "category", "assigned_to")
        .prefetch_related(
            Prefetch("events", queryset=CaseEvent.objects.select_related("actor")),
            "attachments",
            Prefetch("referrals", queryset=Referral.objects.select_related("regional_service", "local_service")),
            "campaigns",
        )
        .get(pk=case_id)
    )
    audit.record(actor=actor, action=AuditEntry.Action.VIEW, target=case)
    return case


def assignable_staff() -> QuerySet[User]:
    from cases.services.cases import ASSIGNABLE_ROLES

    return User.objects.filter(is_active=True, role__in=ASSIGNABLE_ROLES).order_by("full_name", "email")


def active_categories() -> QuerySet[Category]:
    return Category.objects.filter(active=True)


# --- Dashboard -------------------------------------------------------------


@dataclass
class Dashboard:
    open_cases: int
    overdue: int
    waiting_external: int
    opened_this_month: int
    median_days_to_answer: float | None
    per_week: list[tuple[str, int]]
    by_category: list[tuple[str, int]]
    by_channel: list[tuple[str, int]]
    # The surveys answered after portal requests were closed (cases.portal): mean score 1-5, and how many.
    satisfaction_mean: float | None = None
    satisfaction_count: int = 0


def dashboard(*, actor: User, weeks: int = 12, today: date | None = None) -> Dashboard:
    authorize(actor, Action.VIEW_DASHBOARD)
    today = today or timezone.localdate()
    since = today - timedelta(weeks=weeks)
    recent = Case.objects.filter(opened_on__gte=since)
    counts = Case.objects.aggregate(
        open_cases=Count("id", filter=Q(status__in=Case.OPEN_STATUSES)),
        overdue=Count("id", filter=Q(status__in=Case.OPEN_STATUSES, due_on__lt=today)),
        waiting_external=Count("id", filter=Q(status=Case.Status.WAITING_EXTERNAL)),
        opened_this_month=Count("id", filter=Q(opened_on__gte=today.replace(day=1))),
    )
    per_week = {
        row["week"].date() if hasattr(row["week"], "date") else row["week"]: row["n"]
        for row in recent.annotate(week=TruncWeek("opened_on")).values("week").annotate(n=Count("id"))
    }
    first_monday = since - timedelta(days=since.weekday())
    weeks_axis = [first_monday + timedelta(weeks=i) for i in range(weeks + 1)]
    answered = Case.objects.filter(answered_at__isnull=False, opened_on__gte=since).values_list(
        "opened_on", "answered_at"
    )
    durations = [(timezone.localtime(at).date() - opened).days for opened, at in answered]
    category_names = {category.pk: category.name for category in Category.objects.all()}
    by_category = [
        (category_names[row["category"]], row["n"])
        for row in recent.values("category").annotate(n=Count("id")).order_by("-n")
    ]
    channel_labels = dict(Case.Channel.choices)
    by_channel = [
        (str(channel_labels.get(row["channel"], row["channel"])), row["n"])
        for row in recent.values("channel").annotate(n=Count("id")).order_by("-n")
    ]
    from cases.portal.selectors import satisfaction

    surveys = satisfaction()
    return Dashboard(
        satisfaction_mean=surveys.mean,
        satisfaction_count=surveys.count,
        median_days_to_answer=median(durations) if durations else None,
        per_week=[(week.isoformat(), per_week.get(week, 0)) for week in weeks_axis],
        by_category=by_category,
        by_channel=by_channel,
        **counts,
    )


def audit_log(
    *, actor: User, who: str = "", action: str = "", target_type: str = "", target_id: str = ""
) -> QuerySet[AuditEntry]:
    """Who viewed or changed whom, for the office head and the auditor."""
    authorize(actor, Action.VIEW_AUDIT)
    entries = AuditEntry.objects.select_related("actor")
    if who.isdigit():
        entries = entries.filter(actor_id=int(who))
    if action:
        entries = entries.filter(action=action)
    if target_type:
        entries = entries.filter(target_type=target_type)
    if target_id.isdigit():
        entries = entries.filter(target_id=int(target_id))
    return entries


def silent_referrals() -> QuerySet[Referral]:
    return (
        Referral.objects.filter(outcome__in=Referral.OPEN_OUTCOMES)
        .annotate(case_open=Exists(Case.objects.filter(pk=OuterRef("case_id"), status__in=Case.OPEN_STATUSES)))
        .filter(case_open=True)
        .order_by(F("last_reminder_on").asc(nulls_first=True), "sent_on")
    )


def all_categories() -> QuerySet[Category]:
    return Category.objects.all()


def regional_services() -> QuerySet[ExternalService]:
    """The network's directory as this commune sees it: national entries, its region's, its province's."""
    scope = Q(region__isnull=True, province__isnull=True)
    commune = current_commune()
    province = commune.province if commune is not None else None
    if province is not None:
        scope |= Q(province=province) | Q(province__isnull=True, region_id=province.region_id)
    return ExternalService.objects.filter(scope, active=True).select_related("province", "region")


def referrals(*, actor: User, case_id: int | None = None, outcome: str = "") -> QuerySet[Referral]:
    """Referrals of the office's cases, newest first, optionally of one case or with one outcome."""
    authorize(actor, Action.VIEW_CASES)
    queryset = Referral.objects.select_related("case", "regional_service", "local_service")
    if case_id is not None:
        queryset = queryset.filter(case_id=case_id)
    if outcome:
        queryset = queryset.filter(outcome=outcome)
    return queryset


@dataclass(frozen=True)
class DirectoryEntry:
    """A service people can be referred to: from the network's directory ("regional") or the office's ("local")."""

    scope: str
    id: int
    name: str
    name_fr: str
    name_ar: str
    kind: str
    address: str
    phone: str
    email: str
    website: str
    contact_person: str


def service_directory(*, actor: User, scope: str = "", kind: str = "", query: str = "") -> list[DirectoryEntry]:
    """The services in use that this office can refer to, both directories together, by name."""
    authorize(actor, Action.VIEW_CASES)
    words = query.strip()
    entries: list[DirectoryEntry] = []
    if scope in ("", "regional"):
        regional = regional_services()
        if kind:
            regional = regional.filter(kind=kind)
        if words:
            regional = regional.filter(
                Q(name_fr__icontains=words) | Q(name_ar__icontains=words) | Q(name_en__icontains=words)
            )
        entries += [
            DirectoryEntry("regional", s.pk, s.name, s.name_fr, s.name_ar, s.kind, s.address, s.phone, s.email,
                           s.website, "")
            for s in regional
        ]  # fmt: skip
    if scope in ("", "local"):
        local = LocalService.objects.filter(active=True)
        if kind:
            local = local.filter(kind=kind)
        if words:
            local = local.filter(Q(name_fr__icontains=words) | Q(name_ar__icontains=words))
        entries += [
            DirectoryEntry("local", s.pk, s.name, s.name_fr, s.name_ar, s.kind, s.address, s.phone, s.email, "",
                           s.contact_person)
            for s in local
        ]  # fmt: skip
    return sorted(entries, key=lambda entry: (entry.name.casefold(), entry.scope, entry.id))


# --- Consents ----------------------------------------------------------------


def consent_register(
    *, actor: User, purpose: str = "", state: str = "", given_from: date | None = None, given_to: date | None = None
) -> QuerySet[Consent]:
    """Every consent the office recorded (Law 09.08), newest first, for the office head and the auditor.
    `state`: "in_force" or "withdrawn"."""
    authorize(actor, Action.VIEW_AUDIT)
    consents = Consent.objects.select_related("person").order_by("-given_on", "-pk")
    if purpose:
        consents = consents.filter(purpose=purpose)
    if state == "in_force":
        consents = consents.filter(withdrawn_on__isnull=True)
    elif state == "withdrawn":
        consents = consents.filter(withdrawn_on__isnull=False)
    if given_from:
        consents = consents.filter(given_on__gte=given_from)
    if given_to:
        consents = consents.filter(given_on__lte=given_to)
    return consents


def consent_totals(consents: QuerySet[Consent]) -> list[dict[str, Any]]:
    """Per purpose: how many consents are in force and how many were withdrawn."""
    rows = (
        consents.order_by()
        .values("purpose")
        .annotate(
            current=Count("pk", filter=Q(withdrawn_on__isnull=True)),
            ended=Count("pk", filter=Q(withdrawn_on__isnull=False)),
        )
    )
    labels = dict(Consent.Purpose.choices)
    return [
        row | {"label": labels.get(row["purpose"], row["purpose"])} for row in sorted(rows, key=lambda r: r["purpose"])
    ]


# --- What reached a person by their contacts -------------------------------------


def person_contacts(person: Person) -> set[str]:
    """The person's phones and e-mail: what bookings and messages are made with (the public books without an
    account)."""
    return {value for value in (person.phone, person.whatsapp, person.email) if value}


def bookings_made_by(person: Person) -> QuerySet[Booking]:
    contacts = person_contacts(person)
    return Booking.objects.filter(Q(phone__in=contacts) | Q(email__in=contacts))


def messages_sent_to(person: Person) -> QuerySet[Message]:
    return Message.objects.filter(recipient__in=person_contacts(person))


# --- Transfers between offices (written by cases.services.transfers) ---------------


@dataclass(frozen=True)
class ReceivingOffices:
    """The communes a case may be transferred to: those sharing a network with this one, then the others."""

    in_networks: list[Commune]
    others: list[Commune]

    @property
    def all(self) -> list[Commune]:
        return [*self.in_networks, *self.others]


def receiving_offices() -> ReceivingOffices:
    """Every active commune of the platform but the current one, the members of its networks today first (the
    offices it works with most), each part by name in the reader's language."""
    here = current_commune()
    others = Commune.objects.filter(status=Commune.Status.ACTIVE)
    partners: set[int] = set()
    if here is not None:
        others = others.exclude(pk=here.pk)
        networks = Membership.objects.filter(current_members(), commune_id=here.pk).values("network_id")
        partners = set(
            Membership.objects.filter(current_members(), network_id__in=networks).values_list("commune_id", flat=True)
        )
    ordered = sorted(others, key=lambda commune: _by_name(commune.name))
    return ReceivingOffices(
        in_networks=[commune for commune in ordered if commune.pk in partners],
        others=[commune for commune in ordered if commune.pk not in partners],
    )


def _by_name(name: str) -> str:
    """Aït after Agadir and before Azilal, as a reader looks for it: accents and case set aside."""
    return "".join(char for char in unicodedata.normalize("NFD", name) if not unicodedata.combining(char)).casefold()


def incoming_transfers(*, actor: User) -> QuerySet[IncomingTransfer]:
    """The transfers waiting for this office's answer: for those who may answer them (office head, agents)."""
    authorize(actor, Action.TRANSFER_CASES)
    return transfers.incoming_pending()


def outgoing_transfers(*, actor: User) -> QuerySet[OutgoingTransfer]:
    """The transfers this office sent that wait for the other office's answer, oldest first."""
    authorize(actor, Action.TRANSFER_CASES)
    return (
        OutgoingTransfer.objects.filter(status=OutgoingTransfer.Status.PENDING)
        .select_related("case")
        .order_by("created_at", "pk")
    )


def same_category(incoming: IncomingTransfer) -> Category | None:
    """This office's category in use of the transferred case's code; None when accepting needs a choice."""
    return Category.objects.filter(code=incoming.category_code, active=True).first()


@dataclass(frozen=True)
class CaseTransfers:
    """Where a case stands between offices, for its page: the transfer waiting, the one accepted (with how the
    receiving office stands with the case now), the last declined, and the one that brought it here."""

    pending: OutgoingTransfer | None
    accepted: OutgoingTransfer | None
    outcome: transfers.Outcome | None
    declined: OutgoingTransfer | None
    received: IncomingTransfer | None

    @property
    def frozen(self) -> bool:
        """The case accepts no edits: it waits for another office, or it went there."""
        return self.pending is not None or self.accepted is not None


def case_transfers(case: Case) -> CaseTransfers:
    sent = list(transfers.outgoing_for(case))
    pending = next((item for item in sent if item.status == OutgoingTransfer.Status.PENDING), None)
    accepted = next((item for item in sent if item.status == OutgoingTransfer.Status.ACCEPTED), None)
    latest = sent[0] if sent else None
    return CaseTransfers(
        pending=pending,
        accepted=accepted,
        outcome=transfers.outcome_of(accepted) if accepted is not None else None,
        declined=latest if latest is not None and latest.status == OutgoingTransfer.Status.DECLINED else None,
        received=transfers.received_from(case),
    )
