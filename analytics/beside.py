"""A commune's own figures, unsuppressed, beside those of each network it belongs to.

The office sees its own facts as they are: they are its own data. The network's
figures are the sum over every member, and the office could subtract its own
figures from them: what it would get is the rest of the network, so the rest
is what passes disclosure control (threshold k of the network's programmes,
with secondary suppression), and a network figure is shown only when the rest
it includes is shown. A network of two offices therefore never tells one
office a small count of the other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet, Sum

from analytics.disclosure import PublishedTable, Table, protect
from analytics.models import AnswerTimeFact, CaseFact, PeopleFact, ReferralFact, SatisfactionFact
from analytics.selectors import Filters, Period, counted, facts_in, median_of
from cases.models import Referral
from network import selectors as network_selectors
from network.models import Membership, Network
from tenants.models import Commune


@dataclass(frozen=True)
class Counts:
    """The counts a set of communes' figures are computed from."""

    received: int = 0
    answered: int = 0
    referred: int = 0
    referrals_answered: int = 0
    people: int = 0
    women: int = 0
    times: Counter[int] = field(default_factory=Counter)
    scores: Counter[int] = field(default_factory=Counter)
    months: Counter[date] = field(default_factory=Counter)


@dataclass(frozen=True)
class Figures:
    received: int | None
    answered_share: float | None
    median_days: float | None
    referred: int | None
    referrals_answered_share: float | None
    women_share: float | None
    satisfaction: float | None


@dataclass(frozen=True)
class NetworkSide:
    network: Network
    offices: int  # members, this office included
    k: int
    figures: Figures
    per_office: list[float | None]  # cases a month per office, for the trend chart


@dataclass(frozen=True)
class Beside:
    period: Period
    own: Figures
    own_months: list[int]
    networks: list[NetworkSide]


def counts(communes: Sequence[Commune], period: Period) -> Counts:
    """The counts over these communes' facts in the period (the comparison's queries, without its filters)."""
    everything = Filters(period=period)

    def by(model: type, field: str) -> Counter[Any]:
        return Counter(dict(counted(facts_in(model, communes, everything, case_filters=False), field)))

    cases = facts_in(CaseFact, communes, everything, case_filters=False).aggregate(
        n=Sum("count"), answered=Sum("answered")
    )
    referrals, sexes = by(ReferralFact, "outcome"), by(PeopleFact, "sex")
    return Counts(
        received=cases["n"] or 0,
        answered=cases["answered"] or 0,
        referred=sum(referrals.values()),
        referrals_answered=referrals[Referral.Outcome.ANSWERED],
        people=sum(sexes.values()),
        women=sexes["female"],
        times=by(AnswerTimeFact, "days"),
        scores=by(SatisfactionFact, "score"),
        months=by(CaseFact, "month"),
    )


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _mean(scores: Counter[int]) -> float | None:
    total = sum(scores.values())
    return sum(score * n for score, n in scores.items()) / total if total else None


def own_figures(own: Counts) -> Figures:
    return Figures(
        received=own.received,
        answered_share=_share(own.answered, own.received),
        median_days=median_of(own.times),
        referred=own.referred,
        referrals_answered_share=_share(own.referrals_answered, own.referred),
        women_share=_share(own.women, own.people),
        satisfaction=_mean(own.scores),
    )


def _shown(n: int, k: int) -> bool:
    return n == 0 or n >= k


def network_figures(own: Counts, rest: Counts, k: int) -> Figures:
    """The network's figures (own + rest), each shown only when the rest's counts it rests on are."""

    def rest_row(cells: dict[Hashable, int]) -> PublishedTable:
        return protect(Table.one_row(cells), k)

    cases = rest_row({"answered": rest.answered, "open": rest.received - rest.answered})
    referrals = rest_row({"answered": rest.referrals_answered, "other": rest.referred - rest.referrals_answered})
    sexes = rest_row({"women": rest.women, "others": rest.people - rest.women})

    def total(table: PublishedTable, own_total: int) -> int | None:
        rest_total = table.row_totals["total"]
        return None if rest_total is None else own_total + rest_total

    def share(table: PublishedTable, column: str, own_part: int, own_whole: int) -> float | None:
        part, whole = table.cells[("total", column)], total(table, own_whole)
        if part is None or whole is None:
            return None
        return _share(own_part + part, whole)

    answered_n = sum(rest.times.values())
    scored_n = sum(rest.scores.values())
    return Figures(
        received=total(cases, own.received),
        answered_share=share(cases, "answered", own.answered, own.received),
        median_days=median_of(own.times + rest.times) if _shown(answered_n, k) else None,
        referred=total(referrals, own.referred),
        referrals_answered_share=share(referrals, "answered", own.referrals_answered, own.referred),
        women_share=share(sexes, "women", own.women, own.people),
        satisfaction=_mean(own.scores + rest.scores) if _shown(scored_n, k) else None,
    )


def networks_of(commune: Commune) -> QuerySet[Network]:
    """The networks the commune is a member of today."""
    today = Membership.objects.filter(network_selectors.current_members(None), commune=commune)
    return Network.objects.filter(pk__in=today.values("network_id")).select_related("programme").order_by("name_fr")


def beside_networks(commune: Commune, period: Period) -> Beside:
    own = counts([commune], period)
    sides = []
    for network in networks_of(commune):
        others = list(network_selectors.members_of(network).exclude(pk=commune.pk))
        k = network_selectors.threshold_for(network)
        rest = counts(others, period)
        monthly = protect(Table.one_row(Counter({m: rest.months[m] for m in period.months})), k)
        offices = len(others) + 1
        per_office: list[float | None] = []
        for month in period.months:
            cell = monthly.cells[("total", month)]
            per_office.append(None if cell is None else (own.months[month] + cell) / offices)
        sides.append(
            NetworkSide(
                network=network,
                offices=offices,
                k=k,
                figures=network_figures(own, rest, k),
                per_office=per_office,
            )
        )
    return Beside(
        period=period,
        own=own_figures(own),
        own_months=[own.months[month] for month in period.months],
        networks=sides,
    )
