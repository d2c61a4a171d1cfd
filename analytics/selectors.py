"""The regional layer's figures, read from the facts and passed through disclosure control.

Every count shown outside a commune comes out of `disclosure.protect` with the
threshold of the programmes concerned (network.selectors.threshold_for); a
share, a median or a mean is shown only when the count it rests on is shown
and is at least k. A hidden figure is None, and the page says why.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median

from django.db.models import QuerySet, Sum

from analytics.disclosure import PublishedTable, Table, protect
from analytics.models import AnswerTimeFact, CaseFact, PeopleFact, ReferralFact, SatisfactionFact
from cases.models import Referral
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
    rank: int | None = None  # when ranked by a figure, and that figure is shown


@dataclass
class Comparison:
    k: int
    rows: list[CommuneRow]
    months: list[date]
    # Cases per month and commune, for the trend chart: one series per commune, None where hidden.
    trend: dict[str, list[int | None]] = field(default_factory=dict)
    countries: PublishedTable | None = None
    generations: PublishedTable | None = None


def _share(part: int | None, whole: int | None, k: int) -> float | None:
    if part is None or whole is None or whole < k:
        return None
    return part / whole


def median_of(spread: Counter[int]) -> float | None:
    """The median of counted values (days: a few thousand per commune at most)."""
    values = sorted(spread.elements())
    return float(median(values)) if values else None


def _table(rows: Sequence[object], columns: Sequence[object], counts: Iterable[tuple[object, object, int]]) -> Table:
    cells: dict[tuple[object, object], int] = defaultdict(int)
    for row, column, n in counts:
        if row in rows and column in columns:
            cells[(row, column)] += n
    return Table(rows=tuple(rows), columns=tuple(columns), cells=dict(cells))


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
    """(field values..., count summed over the facts) rows."""
    return facts.values_list(*fields).annotate(n=Sum("count"))


def _side_by_side(
    ids: Sequence[int], columns: Sequence[object], counts: Iterable[tuple[object, object, int]], k: int
) -> PublishedTable:
    """Communes as the rows, each with its own total; the network's totals are not shown (column_totals=False),
    so a small commune never costs a large one its figures."""
    return protect(_table(ids, columns, counts), k, column_totals=False)


def _spreads(facts: QuerySet, field: str) -> dict[int, Counter[int]]:
    """Per commune, how many counted each value of `field` (days to answer, a score)."""
    spreads: dict[int, Counter[int]] = defaultdict(Counter)
    for commune_id, value, n in counted(facts, "commune_id", field):
        spreads[commune_id][value] += n
    return spreads


def ranked(rows: list[CommuneRow], by: str, *, more_is_better: bool) -> list[CommuneRow]:
    """The rows best first by one figure; those whose figure is hidden last, by name (a hidden figure has no rank)."""
    shown = [row for row in rows if getattr(row, by) is not None]
    hidden = [row for row in rows if getattr(row, by) is None]
    shown.sort(key=lambda row: (-getattr(row, by) if more_is_better else getattr(row, by), row.commune.name))
    for position, row in enumerate(shown, start=1):  # equal figures share a rank: 1, 2, 2, 4
        before = shown[position - 2] if position > 1 else None
        row.rank = before.rank if before and getattr(before, by) == getattr(row, by) else position
    return shown + sorted(hidden, key=lambda row: row.commune.name)


def comparison(communes: Sequence[Commune], filters: Filters, *, k: int) -> Comparison:
    """The communes side by side over the period, every figure protected with threshold k."""
    ids = [commune.pk for commune in communes]
    cases = facts_in(CaseFact, communes, filters, case_filters=True)
    # Received and answered: communes × (answered, not yet).
    per_commune = cases.values("commune_id").annotate(n=Sum("count"), answered=Sum("answered"))
    outcome = _side_by_side(
        ids,
        ("answered", "open"),
        (
            cell
            for row in per_commune
            for cell in (
                (row["commune_id"], "answered", row["answered"]),
                (row["commune_id"], "open", row["n"] - row["answered"]),
            )
        ),
        k,
    )
    trend = _side_by_side(ids, filters.period.months, counted(cases, "commune_id", "month"), k)
    referrals = _side_by_side(
        ids,
        tuple(Referral.Outcome.values),
        counted(facts_in(ReferralFact, communes, filters, case_filters=False), "commune_id", "outcome"),
        k,
    )
    people = facts_in(PeopleFact, communes, filters, case_filters=False)
    sexes = _side_by_side(ids, ("female", "male", ""), counted(people, "commune_id", "sex"), k)
    times = _spreads(facts_in(AnswerTimeFact, communes, filters, case_filters=True), "days")
    scores = _spreads(facts_in(SatisfactionFact, communes, filters, case_filters=False), "score")

    rows = []
    for commune in communes:
        received = outcome.row_totals[commune.pk]
        answered_n = outcome.cells[(commune.pk, "answered")]
        spread = times[commune.pk]
        answered_total = sum(spread.values())
        referred = referrals.row_totals[commune.pk]
        score_n = sum(scores[commune.pk].values())
        rows.append(
            CommuneRow(
                commune=commune,
                received=received,
                answered=answered_n,
                answered_share=_share(answered_n, received, k),
                median_days=median_of(spread) if answered_total >= k and answered_n is not None else None,
                referred=referred,
                referrals_answered_share=_share(referrals.cells[(commune.pk, Referral.Outcome.ANSWERED)], referred, k),
                women_share=_share(sexes.cells[(commune.pk, "female")], sexes.row_totals[commune.pk], k),
                satisfaction=(
                    sum(score * n for score, n in scores[commune.pk].items()) / score_n if score_n >= k else None
                ),
            )
        )
    return Comparison(
        k=k,
        rows=rows,
        months=filters.period.months,
        trend={
            commune.name: [trend.cells[(commune.pk, month)] for month in filters.period.months] for commune in communes
        },
        countries=protect(Table.one_row(Counter(dict(counted(people, "country_group")))), k),
        generations=protect(Table.one_row(Counter(dict(counted(people, "generation")))), k),
    )
