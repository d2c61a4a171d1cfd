"""A programme's indicators for a year: actual values from the facts, next to the programme's targets.

The facts counted are those of the communes that were members of the programme's networks
in each month (memberships are dated: a commune that joined in May counts from May, one
that left in March until March). Every count is published by the cell key method
(analytics.disclosure): the year's count is one cell (a calendar year is one block), each
month's one cell, each value of a disaggregation one cell. A share, median or mean is
computed from published counts, and given when its published base is at least
disclosure.MIN_BASE.

The formulas are here, one function per indicator of analytics.indicators; they read the
year's facts summed over communes, which are small (a few hundred rows for a programme).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from analytics import disclosure
from analytics.dimensions import COUNTRY_GROUPS
from analytics.disclosure import Counts, Keyed, PublishedTable
from analytics.indicators import DIMENSIONS, INDICATORS, Indicator
from analytics.labels import country_name
from analytics.models import AnswerTimeFact, CaseFact, PeopleFact, ReferralFact, SatisfactionFact, Target
from cases.models import AGE_BAND_CODES, Person, Referral
from network import selectors as network_selectors
from network.models import Network, Programme
from tenants.models import Commune

# Progress is shown up to twice the target: beyond, the bar is full and the figure says "200 %".
PROGRESS_CAP = 2.0

HIDDEN = "hidden"  # rests on fewer than disclosure.MIN_BASE (published)
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

    cases: tuple[tuple[date, int, Keyed, Keyed, Keyed], ...] = ()  # month, commune, cases, answered, in time
    people: tuple[tuple[date, str, str, str, Keyed], ...] = ()  # month, sex, age band, country group, cases
    times: tuple[tuple[date, int, Keyed], ...] = ()  # month, days to answer, cases
    referrals: tuple[tuple[date, str, Keyed], ...] = ()  # month, outcome, referrals
    scores: tuple[tuple[date, int, Keyed], ...] = ()  # month, score, answers

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
    """The facts of the year of the communes that were members of the networks, month by month, with the key
    sums of what they count."""
    members = members_by_month(networks, year)
    if not any(members.values()):
        return Facts()

    def without_commune(model: type, *fields: str) -> tuple[Any, ...]:
        return tuple(
            (*row[1:-2], Keyed.of_sums(row[-2], row[-1])) for row in _rows(model, members, fields, ("count", "key_sum"))
        )

    measures = ("count", "key_sum", "answered", "answered_key_sum", "answered_in_time", "in_time_key_sum")
    cases = _rows(CaseFact, members, (), measures)
    return Facts(
        cases=tuple(
            (
                month,
                commune,
                Keyed.of_sums(n, key),
                Keyed.of_sums(answered, answered_key),
                Keyed.of_sums(in_time, in_time_key),
            )
            for commune, month, n, key, answered, answered_key, in_time, in_time_key in cases
        ),
        people=without_commune(PeopleFact, "sex", "age_band", "country_group"),
        times=without_commune(AnswerTimeFact, "days"),
        referrals=without_commune(ReferralFact, "outcome"),
        scores=without_commune(SatisfactionFact, "score"),
    )


# --- The formulas ---------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """An indicator's value over some facts, or None with why: HIDDEN (a base under MIN_BASE) or EMPTY."""

    value: float | None
    why: str | None = None


def _published(parts: Iterable[Keyed]) -> int:
    """The published count of the records of `parts`, summed: one cell (the facts given are one block)."""
    return disclosure.publish(disclosure.total(parts))


def _count(parts: Iterable[Keyed]) -> Figure:
    return Figure(float(_published(parts)))


def _share(part: Iterable[Keyed], whole: Iterable[Keyed]) -> Figure:
    """part ÷ whole in percent, from published counts, when the published whole is at least MIN_BASE."""
    whole_keyed = disclosure.total(whole)
    if whole_keyed.count == 0:
        return Figure(None, EMPTY)
    shown = disclosure.share(_published(part), disclosure.publish(whole_keyed))
    return Figure(None, HIDDEN) if shown is None else Figure(100 * shown)


def _spread_figure(rows: Iterable[tuple[int, Keyed]], *, mean: bool) -> Figure:
    """The median (or mean) of the published count of each value."""
    by_value: dict[int, Keyed] = defaultdict(Keyed)
    for value, keyed in rows:
        by_value[value] += keyed
    if not any(keyed.count for keyed in by_value.values()):
        return Figure(None, EMPTY)
    spread = {value: disclosure.publish(keyed) for value, keyed in by_value.items()}
    shown = disclosure.mean(spread) if mean else disclosure.median(spread)
    return Figure(None, HIDDEN) if shown is None else Figure(shown)


def received(facts: Facts) -> Figure:
    return _count(row[2] for row in facts.cases)


def answered_share(facts: Facts) -> Figure:
    return _share((row[3] for row in facts.cases), (row[2] for row in facts.cases))


def answered_in_time_share(facts: Facts) -> Figure:
    return _share((row[4] for row in facts.cases), (row[3] for row in facts.cases))


def median_days_to_answer(facts: Facts) -> Figure:
    return _spread_figure(((days, keyed) for _month, days, keyed in facts.times), mean=False)


def referrals_sent(facts: Facts) -> Figure:
    return _count(row[2] for row in facts.referrals)


def referrals_answered_share(facts: Facts) -> Figure:
    return _share(
        (keyed for _month, outcome, keyed in facts.referrals if outcome == Referral.Outcome.ANSWERED),
        (row[2] for row in facts.referrals),
    )


def women_share(facts: Facts) -> Figure:
    return _share((row[4] for row in facts.people if row[1] == Person.Sex.FEMALE), (row[4] for row in facts.people))


def satisfaction_mean(facts: Facts) -> Figure:
    return _spread_figure(((score, keyed) for _month, score, keyed in facts.scores), mean=True)


def active_communes(facts: Facts) -> Figure:
    """Counts offices, not people: not perturbed."""
    return Figure(float(len({commune for _month, commune, keyed, _a, _t in facts.cases if keyed.count > 0})))


FORMULAS: dict[str, Callable[[Facts], Figure]] = {
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
    """One disaggregation of an indicator: a one-row table over the dimension's values, each a published cell."""

    dimension: str
    table: PublishedTable
    names: dict[str, str]

    @property
    def label(self) -> str:
        return str(DIMENSIONS[self.dimension])

    @property
    def rows(self) -> list[tuple[str, str, int | None]]:
        """(value code, value name, published count), in the dimension's order."""
        row = self.table.rows[0]
        return [(str(code), self.names[str(code)], self.table.cells[row, code]) for code in self.table.columns]


def breakdown(facts: Facts, dimension: str) -> Breakdown:
    column, values, name = _DIMENSION_VALUES[dimension]
    year = date(1, 1, 1)  # the year's facts are one block: one cell per value
    counts = Counts.each_month([year])
    codes = values()
    for row in facts.people:
        code = str(row[column])
        if code not in codes:
            codes.append(code)
        counts.add(code, year, row[4])
    table = disclosure.one_row(counts, codes)
    return Breakdown(dimension=dimension, table=table, names={code: name(code) for code in codes})


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


def _monthly(indicator: Indicator, facts: Facts, year: int) -> list[float | None]:
    """The indicator over each month's facts alone: each month's counts are cells of their own."""
    formula = FORMULAS[indicator.slug]
    return [formula(facts.of_month(month)).value for month in months_of(year)]


def indicator_values(
    programme: Programme, year: int, *, networks: Sequence[Network] | None = None
) -> list[IndicatorValue]:
    """Every indicator of the programme for the year, over the communes of `networks` (by default all the
    programme's networks: a coordinator sees only the part of the programme in its own networks)."""
    if networks is None:
        networks = list(programme.networks.all())
    facts = year_facts(networks, year)
    targets = {target.indicator: target for target in Target.objects.filter(programme=programme, year=year)}
    values = []
    for indicator in INDICATORS:
        figure = FORMULAS[indicator.slug](facts)
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
                breakdowns=[breakdown(facts, dimension) for dimension in indicator.disaggregations],
                monthly=_monthly(indicator, facts, year),
            )
        )
    return values


def years_of(programme: Programme, networks: Iterable[Network], *, today: date) -> list[int]:
    """The years one may ask about: this one, those with targets, those with facts of a commune ever a member."""
    communes = Commune.objects.filter(networks__in=list(networks))
    fact_years = {day.year for day in CaseFact.objects.filter(commune__in=communes).dates("month", "year")}
    target_years = set(Target.objects.filter(programme=programme).values_list("year", flat=True))
    return sorted({today.year} | fact_years | target_years, reverse=True)


HIDDEN_REASON = _("Not given: it rests on fewer than %(base)s (published) cases.")
EMPTY_REASON = _("Nothing to compute it on this year.")
