"""The regional layer's figures, read from the facts and published by the cell key method.

Every count shown outside a commune comes out of `disclosure.publish`, cell by cell, over the calendar blocks
of the period (analytics.disclosure); a share, a median or a mean is computed from published counts and shown
when its published base is at least disclosure.MIN_BASE. A figure a filter cannot follow (referrals, people,
surveys are not counted by category or channel) is absent from a filtered answer, and the answer says which.

Transfers between communes' offices (cases.services.transfers) are read from the case facts' own dimensions:
a case the receiving office accepted has the channel "transferred" there, in the month it accepted it; the
case it came from has the status "transferred" in the sending office, in the month it was opened there. Each
is a cell of its own per commune and block, published like every count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median

from django.db.models import Case, IntegerField, QuerySet, Sum, Value, When

from analytics import disclosure
from analytics.dimensions import COUNTRY_GROUPS
from analytics.disclosure import Counts, Keyed, PublishedTable
from analytics.models import AnswerTimeFact, CaseFact, PeopleFact, ReferralFact, SatisfactionFact
from cases.models import Case as OfficeCase
from cases.models import Person, Referral
from tenants.models import Commune


@dataclass(frozen=True)
class Period:
    first: date  # first day of the first month
    last: date  # first day of the last month

    @property
    def months(self) -> list[date]:
        months, month = [], self.first
        while month <= self.last:
            months.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        return months


@dataclass(frozen=True)
class Filters:
    period: Period
    category: str = ""
    channel: str = ""


# The figures of a comparison that a category or channel filter cannot follow: absent from a filtered answer.
UNFILTERED = ("referred", "referrals_answered_share", "women_share", "satisfaction", "countries", "generations")


@dataclass
class CommuneRow:
    commune: Commune
    received: int | None = None
    answered: int | None = None
    answered_share: float | None = None
    median_days: float | None = None
    referred: int | None = None
    referrals_answered_share: float | None = None
    women_share: float | None = None
    satisfaction: float | None = None
    transferred_in: int | None = None  # received from another commune's office (channel "transferred")
    transferred_out: int | None = None  # handed to another commune's office (status "transferred")
    rank: int | None = None  # when ranked by a figure, and that figure is shown


@dataclass
class Comparison:
    rows: list[CommuneRow]
    months: list[date]
    # Cases per month and commune, for the trend chart: one series per commune (a month is a cell of its own).
    trend: dict[str, list[int | None]] = field(default_factory=dict)
    countries: PublishedTable | None = None
    generations: PublishedTable | None = None
    # The figures this answer leaves out because its filters cannot apply to them (UNFILTERED, when filtered).
    absent: tuple[str, ...] = ()
    blocks: list[disclosure.Block] = field(default_factory=list)

    @property
    def one_block(self) -> bool:
        """Whether the period is one calendar block (a month, a quarter, a year): every count within D."""
        return len(self.blocks) == 1


def median_of(spread: Counter[int]) -> float | None:
    """The median of counted values (an office's own days, exact: a few thousand per commune at most)."""
    values = sorted(spread.elements())
    return float(median(values)) if values else None


def facts_in(model: type, communes: Sequence[Commune], filters: Filters, *, case_filters: bool) -> QuerySet:
    facts = model.objects.filter(  # type: ignore[attr-defined]
        commune__in=communes, month__gte=filters.period.first, month__lte=filters.period.last
    )
    if case_filters and filters.category:
        facts = facts.filter(category=filters.category)
    if case_filters and filters.channel:
        facts = facts.filter(channel=filters.channel)
    return facts


def counted(facts: QuerySet, *fields: str) -> QuerySet:
    """(field values..., count summed over the facts) rows: true counts, for an office's own figures."""
    return facts.values_list(*fields).annotate(n=Sum("count"))


def keyed_counts(
    facts: QuerySet,
    period: Period,
    *fields: str,
    count: str = "count",
    key: str = "key_sum",
    by_month: bool = False,
) -> Counts:
    """The facts' counts and key sums by the values of `fields` (one value: the value itself; several: a
    tuple) and by the period's calendar blocks (`by_month`: each month a cell of its own, for a trend line),
    ready to be published. PostgreSQL sums them by block: a handful of rows per label, not one per month."""
    counts = Counts.each_month(period.months) if by_month else Counts.over(period.first, period.last)
    blocks = sorted(set(counts.months.values()))
    block = Case(
        *(When(month__gte=first, month__lte=last, then=Value(index)) for index, (first, last) in enumerate(blocks)),
        output_field=IntegerField(),
    )
    rows = facts.annotate(block=block).values_list(*fields, "block").annotate(n=Sum(count), k=Sum(key)).order_by()
    for *labels, index, n, k in rows:
        if n and index is not None:
            label = labels[0] if len(labels) == 1 else tuple(labels)
            counts.add_to_block(label, blocks[index], Keyed.of_sums(n, k))
    return counts


def case_counts(cases: QuerySet, period: Period) -> tuple[Counts, Counts, Counts]:
    """Cases received and answered by commune and block, and received by commune and month (the trend): one
    query over the case facts, by commune and month."""
    received, answered = Counts.over(period.first, period.last), Counts.over(period.first, period.last)
    by_month = Counts.each_month(period.months)
    rows = (
        cases.values_list("commune_id", "month")
        .annotate(n=Sum("count"), k=Sum("key_sum"), a=Sum("answered"), ak=Sum("answered_key_sum"))
        .order_by()
    )
    for commune_id, month, n, k, a, ak in rows:
        whole = Keyed.of_sums(n, k)
        received.add(commune_id, month, whole)
        by_month.add(commune_id, month, whole)
        if a:
            answered.add(commune_id, month, Keyed.of_sums(a, ak))
    return received, answered, by_month


def monthly_series(counts: Counts, label: object, months: Sequence[date]) -> list[int | None]:
    """A label's published count in each month of `Counts.each_month` counts."""
    cells = counts.cells.get(label, {})
    return [disclosure.publish(cells.get((month, month), disclosure.ZERO)) for month in months]


def ordered(present: Iterable[object], order: Sequence[object]) -> list[object]:
    """The values present, in the order given, then any other in sorted order."""
    present = set(present)
    return [value for value in order if value in present] + sorted(
        (value for value in present if value not in order), key=str
    )


def published_spread(counts: Counts, commune_id: int, values: Iterable[int]) -> dict[int, int]:
    """A commune's published count of each value (days to answer, a score): the spread a median or mean reads."""
    return {value: counts.published([(commune_id, value)]) for value in values}


def ranked(rows: list[CommuneRow], by: str, *, more_is_better: bool) -> list[CommuneRow]:
    """The rows best first by one figure; those without it last, by name (a figure not shown has no rank)."""
    shown = [row for row in rows if getattr(row, by) is not None]
    hidden = [row for row in rows if getattr(row, by) is None]
    shown.sort(key=lambda row: (-getattr(row, by) if more_is_better else getattr(row, by), row.commune.name))
    for position, row in enumerate(shown, start=1):  # equal figures share a rank: 1, 2, 2, 4
        before = shown[position - 2] if position > 1 else None
        row.rank = before.rank if before and getattr(before, by) == getattr(row, by) else position
    return shown + sorted(hidden, key=lambda row: row.commune.name)


def comparison(communes: Sequence[Commune], filters: Filters) -> Comparison:
    """The communes side by side over the period, every count published by the cell key method."""
    period = filters.period
    filtered = bool(filters.category or filters.channel)
    cases = facts_in(CaseFact, communes, filters, case_filters=True)
    received, answered, by_month = case_counts(cases, period)
    transferred_in = keyed_counts(cases.filter(channel=OfficeCase.Channel.TRANSFERRED), period, "commune_id")
    transferred_out = keyed_counts(cases.filter(status=OfficeCase.Status.TRANSFERRED), period, "commune_id")
    times = keyed_counts(facts_in(AnswerTimeFact, communes, filters, case_filters=True), period, "commune_id", "days")
    days = sorted({label[1] for label in times.labels()})
    if not filtered:
        referrals = keyed_counts(
            facts_in(ReferralFact, communes, filters, case_filters=False), period, "commune_id", "outcome"
        )
        people = facts_in(PeopleFact, communes, filters, case_filters=False)
        sexes = keyed_counts(people, period, "commune_id", "sex")
        scores = keyed_counts(
            facts_in(SatisfactionFact, communes, filters, case_filters=False), period, "commune_id", "score"
        )
    outcomes, all_sexes = tuple(Referral.Outcome.values), ("female", "male", "")

    rows = []
    for commune in communes:
        pk = commune.pk
        row = CommuneRow(commune=commune, received=received.published([pk]), answered=answered.published([pk]))
        row.transferred_in, row.transferred_out = transferred_in.published([pk]), transferred_out.published([pk])
        # Of the cases that stayed: one handed to another office is answered there, not here.
        stayed = max((row.received or 0) - (row.transferred_out or 0), 0)
        row.answered_share = disclosure.share(row.answered or 0, stayed)
        row.median_days = disclosure.median(published_spread(times, pk, days))
        if not filtered:
            row.referred = referrals.published([(pk, outcome) for outcome in outcomes])
            row.referrals_answered_share = disclosure.share(
                referrals.published([(pk, Referral.Outcome.ANSWERED)]), row.referred
            )
            row.women_share = disclosure.share(
                sexes.published([(pk, "female")]), sexes.published([(pk, sex) for sex in all_sexes])
            )
            row.satisfaction = disclosure.mean(published_spread(scores, pk, range(1, 6)))
        rows.append(row)
    result = Comparison(
        rows=rows,
        months=period.months,
        trend={commune.name: monthly_series(by_month, commune.pk, period.months) for commune in communes},
        absent=UNFILTERED if filtered else (),
        blocks=disclosure.blocks(period.first, period.last),
    )
    if not filtered:
        countries = keyed_counts(people, period, "country_group")
        generations = keyed_counts(people, period, "generation")
        result.countries = disclosure.one_row(countries, ordered(countries.labels(), list(COUNTRY_GROUPS)))
        result.generations = disclosure.one_row(
            generations, ordered(generations.labels(), [*Person.Generation.values, ""])
        )
    return result
