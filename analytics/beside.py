"""A commune's own figures, exact, beside those of each network it belongs to, published.

The office sees its own facts as they are: they are its own data. A network's figures count the records of
every member, this office's included, and are published by the cell key method like any figure of the
regional layer (analytics.disclosure): the office could subtract its own exact figures from them, and what it
would get is the rest of the network give or take the perturbation, which is what anybody may know of it.
A network of two offices therefore never tells one office the exact small counts of the other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet, Sum

from analytics import disclosure
from analytics.models import AnswerTimeFact, CaseFact, PeopleFact, ReferralFact, SatisfactionFact
from analytics.selectors import Filters, Period, case_counts, counted, facts_in, keyed_counts, median_of
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


def network_figures(communes: Sequence[Commune], period: Period) -> tuple[Figures, list[int]]:
    """The network's figures over all its members (this office's included), every count a published cell of
    the network's records, and its cases of each month (published)."""
    everything = Filters(period=period)

    def keyed(model: type, field: str, count: str = "count", key: str = "key_sum") -> disclosure.Counts:
        return keyed_counts(
            facts_in(model, communes, everything, case_filters=False), period, field, count=count, key=key
        )

    cases, answered, by_month = case_counts(facts_in(CaseFact, communes, everything, case_filters=False), period)
    referrals, sexes = keyed(ReferralFact, "outcome"), keyed(PeopleFact, "sex")
    times, scores = keyed(AnswerTimeFact, "days"), keyed(SatisfactionFact, "score")
    received = cases.published(cases.labels())
    referred = referrals.published(referrals.labels())
    figures = Figures(
        received=received,
        answered_share=disclosure.share(answered.published(answered.labels()), received),
        median_days=disclosure.median({days: times.published([days]) for days in times.labels()}),
        referred=referred,
        referrals_answered_share=disclosure.share(referrals.published([Referral.Outcome.ANSWERED]), referred),
        women_share=disclosure.share(sexes.published(["female"]), sexes.published(sexes.labels())),
        satisfaction=disclosure.mean({score: scores.published([score]) for score in scores.labels()}),
    )
    monthly = by_month.keyed(by_month.labels())  # every member's cases, month by month
    return figures, [disclosure.publish(monthly.get((month, month), disclosure.ZERO)) for month in period.months]


def networks_of(commune: Commune) -> QuerySet[Network]:
    """The networks the commune is a member of today."""
    today = Membership.objects.filter(network_selectors.current_members(None), commune=commune)
    return Network.objects.filter(pk__in=today.values("network_id")).select_related("programme").order_by("name_fr")


def beside_networks(commune: Commune, period: Period) -> Beside:
    own = counts([commune], period)
    sides = []
    for network in networks_of(commune):
        members = list(network_selectors.members_of(network))
        if commune not in members:
            members.append(commune)
        figures, monthly = network_figures(members, period)
        offices = len(members)
        sides.append(
            NetworkSide(
                network=network,
                offices=offices,
                figures=figures,
                per_office=[n / offices for n in monthly],
            )
        )
    return Beside(
        period=period,
        own=own_figures(own),
        own_months=[own.months[month] for month in period.months],
        networks=sides,
    )
