"""An office's figures for a period: what the monthly statistics report (نموذج تقرير شهري لإحصائيات الاستقبال)
shows, counted from the commune's own tables.

These are the office's own data, so nothing is suppressed here (the regional layer's disclosure control is
for figures that leave the commune). Counts are kept with their codes and the objects they name; labels
are read when a file is drawn, in its language (`label`), so the Arabic and French reports of a run
show the same counts.

Definitions, for the report's notes and for its tests:
- *received*: cases opened in the period; *people received*: the distinct people those cases are for,
  counted once each by sex, age band (age reached in the period's last year), generation and country;
- *answered*: cases answered in the period, *on time* when answered on or before their due date;
- *overdue at the end*: cases opened by the last day, due before it, and neither answered nor closed by
  its end (cancelled cases are not counted);
- *referrals*: referrals sent in the period, by service and by their outcome today;
- *satisfaction*: portal surveys answered in the period;
- *on duty*: the rota's shifts in the period; *activities*: the activity log's entries in the period.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import median
from typing import Any

from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from cases.guide.models import DutyShift
from cases.models import AGE_BAND_CODES, Activity, Case, Category, Person, Referral, age_band
from cases.portal.models import Survey

UNKNOWN = ""


@dataclass(frozen=True)
class Row:
    """One line of a breakdown: its code (or "" when not known), how many, and what it names if it is a row."""

    key: str
    n: int
    named: Any = None


@dataclass(frozen=True)
class Breakdown:
    dimension: str
    rows: list[Row]

    @property
    def total(self) -> int:
        return sum(row.n for row in self.rows)

    def count(self, key: str) -> int:
        return sum(row.n for row in self.rows if row.key == key)


@dataclass(frozen=True)
class ServiceLine:
    """The referrals sent to one service in the period, by their outcome today."""

    named: Any
    outcomes: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.outcomes.values())


@dataclass(frozen=True)
class StaffDuty:
    name: str
    shifts: int
    hours: float


@dataclass(frozen=True)
class OfficeFigures:
    first: date
    last: date
    received: int
    people: int
    registered: int  # people registered in the period (new records)
    answered: int
    answered_on_time: int
    median_days_to_answer: float | None
    overdue_at_end: int
    open_at_end: int
    received_by: dict[str, Breakdown]  # kind, category, channel
    people_by: dict[str, Breakdown]  # sex, age_band, generation, country
    series: list[tuple[date, int]]  # cases received per day (a month or less) or per month
    series_unit: str  # "day" or "month"
    referrals_sent: int
    referral_outcomes: Breakdown
    referrals_by_service: list[ServiceLine]
    surveys_answered: int
    satisfaction_mean: float | None
    scores: list[tuple[int, int]]  # (score 1-5, answers), every score present
    duty_shifts: int
    duty_hours: float
    duty_by_kind: Breakdown
    duty_by_staff: list[StaffDuty]
    activities: list[Activity] = field(default_factory=list)

    @property
    def on_time_share(self) -> float | None:
        return self.answered_on_time / self.answered if self.answered else None


def _bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The period as aware instants: from the first day's midnight to the midnight after the last day."""
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(first, time.min), zone),
        timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), zone),
    )


def _ordered(dimension: str, counts: Counter[str], order: Iterable[str] | None = None, named: Any = None) -> Breakdown:
    """Rows in the dimension's own order when it has one, else largest first; unknown always last."""
    if order is not None:
        keys = [key for key in order if counts.get(key)]
    else:
        keys = sorted((key for key in counts if key != UNKNOWN), key=lambda key: (-counts[key], key))
    rows = [Row(key, counts[key], (named or {}).get(key)) for key in keys]
    if counts.get(UNKNOWN):
        rows.append(Row(UNKNOWN, counts[UNKNOWN]))
    return Breakdown(dimension, rows)


def office_figures(first: date, last: date) -> OfficeFigures:
    """Every figure of the report for the period `first`..`last` (both included), in the current commune."""
    start, end = _bounds(first, last)
    received = Case.objects.filter(opened_on__gte=first, opened_on__lte=last)
    received_by = {
        "kind": _ordered("kind", Counter(dict(received.values_list("kind").annotate(n=Count("id")))), Case.Kind.values),
        "channel": _ordered(
            "channel", Counter(dict(received.values_list("channel").annotate(n=Count("id")))), Case.Channel.values
        ),
    }
    categories = Counter({str(k): n for k, n in received.values_list("category").annotate(n=Count("id"))})
    received_by["category"] = _ordered(
        "category", categories, named={str(c.pk): c for c in Category.objects.filter(pk__in=list(categories))}
    )

    people = Person.objects.filter(cases__in=received).distinct()
    year_of_band = date(last.year, 7, 1)
    sexes: Counter[str] = Counter()
    bands: Counter[str] = Counter()
    generations: Counter[str] = Counter()
    places: Counter[str] = Counter()
    for sex, birth_year, generation, country in people.values_list(
        "sex", "birth_year", "generation", "residence_country"
    ):
        sexes[sex or UNKNOWN] += 1
        bands[age_band(birth_year, today=year_of_band)] += 1
        generations[generation or UNKNOWN] += 1
        places[str(country) or UNKNOWN] += 1
    people_by = {
        "sex": _ordered("sex", sexes, Person.Sex.values),
        "age_band": _ordered("age_band", bands, AGE_BAND_CODES),
        "generation": _ordered("generation", generations, Person.Generation.values),
        "country": _ordered("country", places),
    }

    answered = list(
        Case.objects.filter(answered_at__gte=start, answered_at__lt=end).values_list(
            "opened_on", "due_on", "answered_at"
        )
    )
    answered_days = [(timezone.localtime(at).date() - opened).days for opened, _due, at in answered]
    on_time = sum(1 for _opened, due, at in answered if timezone.localtime(at).date() <= due)
    still_open = (
        Case.objects.filter(opened_on__lte=last)
        .exclude(status=Case.Status.CANCELLED)
        .filter(Q(answered_at__isnull=True) | Q(answered_at__gte=end))
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=end))
    )
    open_figures = still_open.aggregate(open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=last)))

    referrals = Referral.objects.filter(sent_on__gte=first, sent_on__lte=last).select_related(
        "regional_service", "local_service"
    )
    by_service: dict[tuple[str, int], ServiceLine] = {}
    outcomes: Counter[str] = Counter()
    for referral in referrals:
        service = referral.regional_service or referral.local_service
        key = ("regional" if referral.regional_service_id else "local", service.pk if service else 0)
        line = by_service.setdefault(key, ServiceLine(named=service, outcomes={}))
        line.outcomes[referral.outcome] = line.outcomes.get(referral.outcome, 0) + 1
        outcomes[referral.outcome] += 1

    surveys = Survey.objects.filter(answered_at__gte=start, answered_at__lt=end)
    survey_figures = surveys.aggregate(mean=Avg("score"), count=Count("id"))
    per_score = Counter(dict(surveys.values_list("score").annotate(n=Count("id"))))

    shifts = list(DutyShift.objects.filter(day__gte=first, day__lte=last).select_related("staff"))
    hours_of = {shift.pk: _hours(shift) for shift in shifts}
    staff_shifts: dict[int, list[DutyShift]] = {}
    for shift in shifts:
        staff_shifts.setdefault(shift.staff_id, []).append(shift)
    duty_by_staff = sorted(
        (
            StaffDuty(name=str(own[0].staff), shifts=len(own), hours=sum(hours_of[shift.pk] for shift in own))
            for own in staff_shifts.values()
        ),
        key=lambda duty: (-duty.hours, duty.name),
    )

    series, unit = _series(received, first, last)
    mean = survey_figures["mean"]
    return OfficeFigures(
        first=first,
        last=last,
        received=received.count(),
        people=sum(sexes.values()),
        registered=Person.objects.filter(created_at__gte=start, created_at__lt=end).count(),
        answered=len(answered),
        answered_on_time=on_time,
        median_days_to_answer=float(median(answered_days)) if answered_days else None,
        overdue_at_end=open_figures["overdue"],
        open_at_end=open_figures["open"],
        received_by=received_by,
        people_by=people_by,
        series=series,
        series_unit=unit,
        referrals_sent=sum(outcomes.values()),
        referral_outcomes=_ordered("outcome", outcomes, Referral.Outcome.values),
        referrals_by_service=sorted(
            by_service.values(), key=lambda line: (-line.total, str(line.named.name if line.named else ""))
        ),
        surveys_answered=survey_figures["count"],
        satisfaction_mean=float(mean) if mean is not None else None,
        scores=[(score, per_score.get(score, 0)) for score in range(1, 6)],
        duty_shifts=len(shifts),
        duty_hours=sum(hours_of.values()),
        duty_by_kind=_ordered("duty_kind", Counter(shift.kind for shift in shifts), DutyShift.Kind.values),
        duty_by_staff=duty_by_staff,
        activities=list(Activity.objects.filter(day__gte=first, day__lte=last).order_by("day", "id")),
    )


def _hours(shift: DutyShift) -> float:
    start = datetime.combine(shift.day, shift.starts_at)
    return round((datetime.combine(shift.day, shift.ends_at) - start).total_seconds() / 3600, 2)


def _series(received: Any, first: date, last: date) -> tuple[list[tuple[date, int]], str]:
    """Cases received per day for a month or less, per month beyond; every day or month present."""
    if (last - first).days <= 31:
        per_day = Counter(dict(received.values_list("opened_on").annotate(n=Count("id"))))
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        return [(day, per_day.get(day, 0)) for day in days], "day"
    per_month: Counter[date] = Counter()
    for opened_on, n in received.values_list("opened_on").annotate(n=Count("id")):
        per_month[opened_on.replace(day=1)] += n
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return [(month, per_month.get(month, 0)) for month in months], "month"


# --- Labels, in the active language -------------------------------------------------------


def label(dimension: str, row: Row) -> str:
    """What a row is called in the report's language."""
    if row.key == UNKNOWN:
        return _("not known")
    if row.named is not None:
        return str(row.named.name)
    choices: dict[str, Any] = {
        "kind": dict(Case.Kind.choices),
        "channel": dict(Case.Channel.choices),
        "sex": dict(Person.Sex.choices),
        "generation": dict(Person.Generation.choices),
        "outcome": dict(Referral.Outcome.choices),
        "duty_kind": dict(DutyShift.Kind.choices),
    }
    if dimension in choices:
        return str(choices[dimension].get(row.key, row.key))
    if dimension == "country":
        return str(countries.name(row.key)) or row.key
    if dimension == "score":
        return _("%(score)s out of 5") % {"score": row.key}
    if dimension == "age_band":
        return _("%(band)s years") % {"band": row.key}
    return row.key


def dimension_title(dimension: str) -> str:
    return {
        "kind": _("Kind of case"),
        "category": _("Category"),
        "channel": _("Channel"),
        "sex": _("Sex"),
        "age_band": _("Age"),
        "generation": _("Generation"),
        "country": _("Country of residence"),
        "outcome": _("Outcome"),
        "duty_kind": _("Kind of shift"),
        "score": _("Score"),
    }[dimension]
