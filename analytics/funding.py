"""A programme's indicators for a year: actual values from the facts, next to the programme's targets.

The facts counted are those of the communes that were members of the programme's networks
in each month (memberships are dated: a commune that joined in May counts from May, one
that left in March until March). Every figure passes disclosure control with the
programme's threshold k, or a stricter one of another programme its communes belong to:
a count of people between 1 and k-1 is hidden, and so is a share, median or mean that rests
on fewer than k people, or whose part or remainder is such a count (it would give it away).
Disaggregation tables and the months of a count go through `disclosure.protect`, with
secondary suppression, so that their totals do not give a hidden cell away.

The formulas are here, one function per indicator of analytics.indicators; they read the
year's facts summed over communes, which are small (a few hundred rows for a programme).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from statistics import median
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from analytics.dimensions import COUNTRY_GROUPS
from analytics.disclosure import PublishedTable, Table, protect
from analytics.indicators import DIMENSIONS, INDICATORS, Indicator
from analytics.labels import country_name
from analytics.models import AnswerTimeFact, CaseFact, PeopleFact, ReferralFact, SatisfactionFact, Target
from cases.models import AGE_BAND_CODES, Person, Referral
from network import selectors as network_selectors
from network.models import Network, Programme
from tenants.models import Commune

# Progress is shown up to twice the target: beyond, the bar is full and the figure says "200 %".
PROGRESS_CAP = 2.0

HIDDEN = "hidden"  # rests on fewer than k people
EMPTY = "empty"  # nothing to compute it on (no case, no answer, no survey)


def months_of(year: int) -> list[date]:
    return [date(year, month, 1) for month in range(1, 13)]


def month_end(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)


# --- The facts of a year --------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """The facts of the member communes in the months they were members, summed per month (cases also per
    commune, for the active offices); the month first in every row."""

    cases: tuple[tuple[date, int, int, int, int], ...] = ()  # month, commune, count, answered, in time
    people: tuple[tuple[date, str, str, str, int], ...] = ()  # month, sex, age band, country group, count
    times: tuple[tuple[date, int, int], ...] = ()  # month, days to answer, count
    referrals: tuple[tuple[date, str, int], ...] = ()  # month, outcome, count
    scores: tuple[tuple[date, int, int], ...] = ()  # month, score, count

    def of_month(self, month: date) -> Facts:
        return Facts(
            cases=tuple(row for row in self.cases if row[0] == month),
            people=tuple(row for row in self.people if row[0] == month),
            times=tuple(row for row in self.times if row[0] == month),
            referrals=tuple(row for row in self.referrals if row[0] == month),
            scores=tuple(row for row in self.scores if row[0] == month),
        )


def members_by_month(networks: Iterable[Network], year: int) -> dict[date, set[int]]:
    """The communes that were members of one of the networks during each month of the year
    (on its first or its last day: a commune that joined or left during the month counts)."""
    networks = list(networks)
    return {
        month: {
            pk
            for network in networks
            for day in (month, month_end(month))
            for pk in network_selectors.members_of(network, on=day).values_list("pk", flat=True)
        }
        for month in months_of(year)
    }


def _rows(model: type, members: dict[date, set[int]], fields: Sequence[str], sums: Sequence[str]) -> list[Any]:
    """(commune, month, *fields, *sums) rows of the facts of the months, each commune's kept only for the months
    it was a member."""
    communes = set().union(*members.values())
    months = sorted(members)
    rows = (
        model.objects.filter(  # type: ignore[attr-defined]
            commune_id__in=communes, month__gte=months[0], month__lte=months[-1]
        )
        .values_list("commune_id", "month", *fields)
        .annotate(**{f"sum_{column}": Sum(column) for column in sums})
        .order_by()
    )
    return [row for row in rows if row[0] in members.get(row[1], ())]


def year_facts(networks: Iterable[Network], year: int) -> Facts:
    """The facts of the year of the communes that were members of the networks, month by month."""
    members = members_by_month(networks, year)
    if not any(members.values()):
        return Facts()

    def without_commune(model: type, *fields: str) -> tuple[Any, ...]:
        return tuple(row[1:] for row in _rows(model, members, fields, ("count",)))

    cases = _rows(CaseFact, members, (), ("count", "answered", "answered_in_time"))
    return Facts(
        cases=tuple((month, commune, n, answered, in_time) for commune, month, n, answered, in_time in cases),
        people=without_commune(PeopleFact, "sex", "age_band", "country_group"),
        times=without_commune(AnswerTimeFact, "days"),
        referrals=without_commune(ReferralFact, "outcome"),
        scores=without_commune(SatisfactionFact, "score"),
    )


# --- The formulas ---------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """An indicator's value over some facts, or None with why: HIDDEN (fewer than k) or EMPTY."""

    value: float | None
    why: str | None = None


def _count(n: int, k: int) -> Figure:
    return Figure(None, HIDDEN) if 0 < n < k else Figure(float(n))


def _share(part: int, whole: int, k: int) -> Figure:
    """part ÷ whole in percent, shown when neither the part nor the rest is a hidden count and whole >= k."""
    if whole == 0:
        return Figure(None, EMPTY)
    published = protect(Table.one_row({"part": part, "rest": whole - part}), k)
    if published.grand_total is None or whole < k or None in published.cells.values():
        return Figure(None, HIDDEN)
    return Figure(100 * part / whole)


def _spread_figure(spread: Counter[int], k: int, mean: bool) -> Figure:
    n = sum(spread.values())
    if n == 0:
        return Figure(None, EMPTY)
    if n < k:
        return Figure(None, HIDDEN)
    if mean:
        return Figure(sum(value * count for value, count in spread.items()) / n)
    return Figure(float(median(sorted(spread.elements()))))


def received(facts: Facts, k: int) -> Figure:
    return _count(sum(row[2] for row in facts.cases), k)


def answered_share(facts: Facts, k: int) -> Figure:
    return _share(sum(row[3] for row in facts.cases), sum(row[2] for row in facts.cases), k)


def answered_in_time_share(facts: Facts, k: int) -> Figure:
    return _share(sum(row[4] for row in facts.cases), sum(row[3] for row in facts.cases), k)


def median_days_to_answer(facts: Facts, k: int) -> Figure:
    spread: Counter[int] = Counter()
    for _month, days, n in facts.times:
        spread[days] += n
    return _spread_figure(spread, k, mean=False)


def referrals_sent(facts: Facts, k: int) -> Figure:
    return _count(sum(row[2] for row in facts.referrals), k)


def referrals_answered_share(facts: Facts, k: int) -> Figure:
    answered = sum(n for _month, outcome, n in facts.referrals if outcome == Referral.Outcome.ANSWERED)
    return _share(answered, sum(row[2] for row in facts.referrals), k)


def women_share(facts: Facts, k: int) -> Figure:
    women = sum(row[4] for row in facts.people if row[1] == Person.Sex.FEMALE)
    return _share(women, sum(row[4] for row in facts.people), k)


def satisfaction_mean(facts: Facts, k: int) -> Figure:
    spread: Counter[int] = Counter()
    for _month, score, n in facts.scores:
        spread[score] += n
    return _spread_figure(spread, k, mean=True)


def active_communes(facts: Facts, k: int) -> Figure:
    """Counts offices, not people: never hidden."""
    return Figure(float(len({commune for _month, commune, n, _a, _t in facts.cases if n > 0})))


FORMULAS: dict[str, Callable[[Facts, int], Figure]] = {
    "received": received,
    "answered_share": answered_share,
    "answered_in_time_share": answered_in_time_share,
    "median_days_to_answer": median_days_to_answer,
    "referrals_sent": referrals_sent,
    "referrals_answered_share": referrals_answered_share,
    "women_share": women_share,
    "satisfaction_mean": satisfaction_mean,
    "active_communes": active_communes,
}

# Counts of people whose months add up to the year: their months are one table, protected together,
# so that the year's figure and the shown months do not give a hidden month away.
SUMMED_BY_MONTH: dict[str, Callable[[Facts], Iterable[tuple[date, int]]]] = {
    "received": lambda facts: ((row[0], row[2]) for row in facts.cases),
    "referrals_sent": lambda facts: ((row[0], row[2]) for row in facts.referrals),
}


# --- Disaggregations -------------------------------------------------------------------


def _sex_name(code: str) -> str:
    return str(dict(Person.Sex.choices).get(code, COUNTRY_GROUPS[""]))


def _band_name(code: str) -> str:
    return code or str(COUNTRY_GROUPS[""])


# Per dimension: its column in the people facts' rows, its values in order, and their names.
_DIMENSION_VALUES: dict[str, tuple[int, Callable[[], list[str]], Callable[[str], str]]] = {
    "sex": (1, lambda: [*Person.Sex.values, ""], _sex_name),
    "age_band": (
        2,
        lambda: [*AGE_BAND_CODES, ""],
        _band_name,
    ),
    "country_group": (3, lambda: list(COUNTRY_GROUPS), country_name),
}


@dataclass(frozen=True)
class Breakdown:
    """One disaggregation of an indicator: a protected one-row table over the dimension's values."""

    dimension: str
    table: PublishedTable
    names: dict[str, str]

    @property
    def label(self) -> str:
        return str(DIMENSIONS[self.dimension])

    @property
    def rows(self) -> list[tuple[str, str, int | None]]:
        """(value code, value name, count or None where hidden), in the dimension's order."""
        row = self.table.rows[0]
        return [(str(code), self.names[str(code)], self.table.cells[row, code]) for code in self.table.columns]


def breakdown(facts: Facts, dimension: str, k: int) -> Breakdown:
    column, values, name = _DIMENSION_VALUES[dimension]
    counts: dict[Hashable, int] = dict.fromkeys(values(), 0)
    for row in facts.people:
        counts[str(row[column])] = counts.get(str(row[column]), 0) + int(row[4])
    table = protect(Table.one_row(counts), k)
    return Breakdown(dimension=dimension, table=table, names={str(code): name(str(code)) for code in counts})


# --- A programme's indicators ------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorValue:
    indicator: Indicator
    actual: float | None
    why: str | None  # why there is no actual value: HIDDEN or EMPTY
    target: Decimal | None
    target_note: str
    progress: float | None  # actual ÷ target (target ÷ actual when lower is better), capped at PROGRESS_CAP
    breakdowns: list[Breakdown] = field(default_factory=list)
    monthly: list[float | None] = field(default_factory=list)  # one per month of the year

    @property
    def progress_bar(self) -> float | None:
        """The progress as a bar shows it: full at the target."""
        return None if self.progress is None else min(self.progress, 1.0)


def progress(actual: float | None, target: Decimal | None, *, higher_is_better: bool) -> float | None:
    """How far the actual value has come towards the target, 1.0 when it is reached."""
    if actual is None or target is None:
        return None
    done, aim = (actual, float(target)) if higher_is_better else (float(target), actual)
    if aim == 0:
        return PROGRESS_CAP if done > 0 else 1.0
    return min(done / aim, PROGRESS_CAP)


def _monthly(indicator: Indicator, facts: Facts, year: int, k: int) -> list[float | None]:
    months = months_of(year)
    summed = SUMMED_BY_MONTH.get(indicator.slug)
    if summed is None:
        formula = FORMULAS[indicator.slug]
        return [formula(facts.of_month(month), k).value for month in months]
    counts: dict[Hashable, int] = dict.fromkeys(months, 0)
    for month, n in summed(facts):
        counts[month] = counts.get(month, 0) + n
    cells = protect(Table.one_row(counts), k).cells
    return [None if (shown := cells["total", month]) is None else float(shown) for month in months]


def indicator_values(
    programme: Programme, year: int, *, k: int, networks: Sequence[Network] | None = None
) -> list[IndicatorValue]:
    """Every indicator of the programme for the year, over the communes of `networks` (by default all the
    programme's networks: a coordinator sees only the part of the programme in its own networks)."""
    if networks is None:
        networks = list(programme.networks.all())
    facts = year_facts(networks, year)
    targets = {target.indicator: target for target in Target.objects.filter(programme=programme, year=year)}
    values = []
    for indicator in INDICATORS:
        figure = FORMULAS[indicator.slug](facts, k)
        target = targets.get(indicator.code)
        values.append(
            IndicatorValue(
                indicator=indicator,
                actual=figure.value,
                why=figure.why,
                target=target.value if target else None,
                target_note=target.note if target else "",
                progress=progress(
                    figure.value, target.value if target else None, higher_is_better=indicator.higher_is_better
                ),
                breakdowns=[breakdown(facts, dimension, k) for dimension in indicator.disaggregations],
                monthly=_monthly(indicator, facts, year, k),
            )
        )
    return values


def threshold(programme: Programme, networks: Iterable[Network]) -> int:
    """The programme's k, or a stricter one that a programme of its communes asks (network_selectors.threshold_for)."""
    return max([network_selectors.threshold_for(programme), *(network_selectors.threshold_for(n) for n in networks)])


def years_of(programme: Programme, networks: Iterable[Network], *, today: date) -> list[int]:
    """The years one may ask about: this one, those with targets, those with facts of a commune ever a member."""
    communes = Commune.objects.filter(networks__in=list(networks))
    fact_years = {day.year for day in CaseFact.objects.filter(commune__in=communes).dates("month", "year")}
    target_years = set(Target.objects.filter(programme=programme).values_list("year", flat=True))
    return sorted({today.year} | fact_years | target_years, reverse=True)


HIDDEN_REASON = _("Hidden: it rests on fewer than %(k)s people.")
EMPTY_REASON = _("Nothing to compute it on this year.")
