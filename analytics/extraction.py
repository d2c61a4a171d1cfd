"""Taking a commune's facts out of its schema, incrementally.

A run reads, in the commune's schema, which months have changed since the last
run (cases and their people edited, referrals edited, surveys answered), counts
those months again over the facts' dimensions, and replaces them in the public
schema in one transaction: a month is always whole, never half old and half new.
Counting a month again is harmless, so a run looks back a little before its
watermark (OVERLAP) for changes that committed late.

Deleted rows are not seen by an incremental run (cases are anonymised, never
deleted, by the data-protection tools); `extract(commune, full=True)` and the
`rebuild_facts` command count everything again.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Count, DateField, F, Func, IntegerField, Q, QuerySet, Sum
from django.db.models.functions import Cast, TruncDate, TruncMonth
from django.utils import timezone
from django_tenants.utils import schema_context

from analytics.dimensions import DAYS_CAP, band_at, country_group, target_type
from analytics.models import AnswerTimeFact, CaseFact, Extraction, PeopleFact, ReferralFact, SatisfactionFact
from cases.models import Case, Referral
from cases.portal.models import Survey
from tenants.models import Commune

logger = logging.getLogger(__name__)

OVERLAP = timedelta(minutes=10)
CASE_TABLES = (CaseFact, PeopleFact, AnswerTimeFact)


@dataclass(frozen=True)
class Extracted:
    commune: str
    months: int  # months counted again, over the three themes
    rows: int  # fact rows written


class DaysBetween(Func):
    """`later - earlier` in whole days, for two dates (PostgreSQL's date subtraction)."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = IntegerField()


def first_day(day: date | datetime) -> date:
    return date(day.year, day.month, 1)


def _months(values: Iterable[date | datetime | None]) -> set[date]:
    return {first_day(value) for value in values if value is not None}


def _in_months(queryset: QuerySet, field: str, months: set[date]) -> QuerySet:
    """Rows whose `field` falls in one of the months (a range per month, so indexes serve)."""
    condition = Q()
    for month in months:
        following = (month + timedelta(days=32)).replace(day=1)
        condition |= Q(**{f"{field}__gte": month, f"{field}__lt": following})
    return queryset.filter(condition)


# --- What changed ----------------------------------------------------------------


@dataclass
class Changed:
    cases: set[date]  # months of opening
    referrals: set[date]  # months of sending
    surveys: set[date]  # months of answering


def changed_months(since: datetime | None) -> Changed:
    """In the current schema: the months whose facts may differ from the last run's."""
    cases = Case.objects.all()
    referrals = Referral.objects.all()
    surveys = Survey.objects.filter(answered_at__isnull=False)
    if since is not None:
        cases = cases.filter(Q(updated_at__gt=since) | Q(person__updated_at__gt=since))
        referrals = referrals.filter(updated_at__gt=since)
        surveys = surveys.filter(answered_at__gt=since)
    return Changed(
        cases=_months(cases.values_list("opened_on", flat=True).distinct()),
        referrals=_months(referrals.values_list("sent_on", flat=True).distinct()),
        surveys=_months(timezone.localtime(at) for at in surveys.values_list("answered_at", flat=True)),
    )


# --- Counting --------------------------------------------------------------------


def case_facts(commune: Commune, months: set[date]) -> tuple[list[CaseFact], list[PeopleFact], list[AnswerTimeFact]]:
    """In the current schema: the case, people and answer-time facts of the months."""
    cases = _in_months(Case.objects.all(), "opened_on", months).annotate(
        month=TruncMonth("opened_on", output_field=DateField()),
        answered_on=TruncDate("answered_at"),
    )
    answered = Q(answered_at__isnull=False)
    by_case = cases.values("month", "kind", "category__code", "channel", "status").annotate(
        n=Count("id"),
        n_answered=Count("id", filter=answered),
        n_in_time=Count("id", filter=answered & Q(answered_on__lte=F("due_on"))),
        days=Sum(DaysBetween(Cast("answered_on", DateField()), F("opened_on")), filter=answered),
    )
    case_rows = [
        CaseFact(
            commune=commune,
            month=row["month"],
            kind=row["kind"],
            category=row["category__code"],
            channel=row["channel"],
            status=row["status"],
            count=row["n"],
            answered=row["n_answered"],
            answered_in_time=row["n_in_time"],
            days_to_answer=max(row["days"] or 0, 0),
        )
        for row in by_case
    ]
    people: Counter[tuple[date, str, str, str, str]] = Counter()
    for row in cases.values(
        "month", "person__sex", "person__birth_year", "person__generation", "person__residence_country"
    ).annotate(n=Count("id")):
        month = row["month"]
        key = (
            month,
            row["person__sex"],
            band_at(row["person__birth_year"], month.year),
            row["person__generation"],
            country_group(str(row["person__residence_country"] or "")),
        )
        people[key] += row["n"]
    people_rows = [
        PeopleFact(commune=commune, month=m, sex=s, age_band=a, generation=g, country_group=c, count=n)
        for (m, s, a, g, c), n in sorted(people.items())
    ]
    times: Counter[tuple[date, str, str, int]] = Counter()
    for row in (
        cases.filter(answered)
        .annotate(days=DaysBetween(Cast("answered_on", DateField()), F("opened_on")))
        .values("month", "category__code", "channel", "days")
        .annotate(n=Count("id"))
    ):
        days = min(max(row["days"], 0), DAYS_CAP)
        times[(row["month"], row["category__code"], row["channel"], days)] += row["n"]
    time_rows = [
        AnswerTimeFact(commune=commune, month=m, category=c, channel=ch, days=d, count=n)
        for (m, c, ch, d), n in sorted(times.items())
    ]
    return case_rows, people_rows, time_rows


def referral_facts(commune: Commune, months: set[date]) -> list[ReferralFact]:
    referrals = _in_months(Referral.objects.all(), "sent_on", months).annotate(
        month=TruncMonth("sent_on", output_field=DateField())
    )
    decided = Q(outcome_on__isnull=False)
    counted: dict[tuple[date, str, str], list[int]] = {}
    for row in referrals.values("month", "regional_service__kind", "local_service__kind", "outcome").annotate(
        n=Count("id"),
        n_decided=Count("id", filter=decided),
        days=Sum(DaysBetween(F("outcome_on"), F("sent_on")), filter=decided),
    ):
        key = (row["month"], target_type(row["regional_service__kind"], row["local_service__kind"]), row["outcome"])
        totals = counted.setdefault(key, [0, 0, 0])
        totals[0] += row["n"]
        totals[1] += row["n_decided"]
        totals[2] += max(row["days"] or 0, 0)
    return [
        ReferralFact(commune=commune, month=m, target_type=t, outcome=o, count=n, with_outcome=d, days_to_outcome=s)
        for (m, t, o), (n, d, s) in sorted(counted.items())
    ]


def satisfaction_facts(commune: Commune, months: set[date]) -> list[SatisfactionFact]:
    answered = _in_months(Survey.objects.filter(answered_at__isnull=False), "answered_at__date", months)
    scores: Counter[tuple[date, int]] = Counter()
    for answered_at, score in answered.values_list("answered_at", "score"):
        scores[(first_day(timezone.localtime(answered_at)), score)] += 1
    return [SatisfactionFact(commune=commune, month=m, score=s, count=n) for (m, s), n in sorted(scores.items())]


# --- A run -----------------------------------------------------------------------


def extract(commune: Commune, *, full: bool = False) -> Extracted:
    """Bring the commune's facts up to date; `full` counts every month again."""
    state, _created = Extraction.objects.get_or_create(commune=commune)
    started = timezone.now()
    since = None if full or state.changes_until is None else state.changes_until - OVERLAP
    with schema_context(commune.schema_name):
        changed = changed_months(since)
        cases, people, times = case_facts(commune, changed.cases) if changed.cases else ([], [], [])
        referrals = referral_facts(commune, changed.referrals) if changed.referrals else []
        surveys = satisfaction_facts(commune, changed.surveys) if changed.surveys else []
    with transaction.atomic():
        if full:
            for model in (*CASE_TABLES, ReferralFact, SatisfactionFact):
                model.objects.filter(commune=commune).delete()
        else:
            for model in CASE_TABLES:
                model.objects.filter(commune=commune, month__in=changed.cases).delete()
            ReferralFact.objects.filter(commune=commune, month__in=changed.referrals).delete()
            SatisfactionFact.objects.filter(commune=commune, month__in=changed.surveys).delete()
        written = sum(
            len(rows)
            for rows in (
                CaseFact.objects.bulk_create(cases),
                PeopleFact.objects.bulk_create(people),
                AnswerTimeFact.objects.bulk_create(times),
                ReferralFact.objects.bulk_create(referrals),
                SatisfactionFact.objects.bulk_create(surveys),
            )
        )
        months = len(changed.cases) + len(changed.referrals) + len(changed.surveys)
        state.changes_until, state.ran_at, state.months_rebuilt = started, timezone.now(), months
        state.save()
    logger.info("Facts of %s: %s months counted again, %s rows", commune.schema_name, months, written)
    return Extracted(commune=commune.schema_name, months=months, rows=written)
