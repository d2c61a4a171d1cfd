"""What coordinators get to read: yesterday's suppression against the cell key method, side by side.

    python3 dev.py bench disclosure [--facts-database jisr_bench_facts] [--network 60]

On the README's demo (its communes seeded as `dev.py demo` seeds them, in a database of the benchmark's own)
and, with --facts-database, on the 1,503 communes `bench facts --reuse` left behind (a network of its first
--network communes), each network's comparison is asked for one-month periods (each of the last twelve months),
for the calendar year and for the last twelve months, three ways over the same facts:

- the truth: the comparison as suppression computed it, with k = 1 (nothing hidden, nothing moved);
- suppression, k = 5: the regional layer until issue 20 (`suppressed_comparison` below is its code, reading
  analytics.suppression), every figure a number or hidden;
- the cell key method: analytics.selectors.comparison, as the pages, files and API publish it.

Printed per method and kind of period: the share of figures shown as a number (counts: received, answered,
referrals, each month of the trend, countries, generations; and all figures, shares, medians and means
included); the mean absolute error and the maximum error of the counts shown against the truth; the share of
the communes' totals (received) within ±D of the truth. A benchmark, not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from statistics import median
from typing import Any

sys.path[:0] = [str(Path(__file__).resolve().parent)]
from common import database_exists, prepare_database, setup_django, use_database  # noqa: E402

BENCH_DATABASE = "jisr_bench_disclosure"
K = 5
COUNTS = ("received", "answered", "referred")
DERIVED = ("answered_share", "median_days", "referrals_answered_share", "women_share", "satisfaction")


# --- Yesterday's comparison (analytics.selectors.comparison before the cell key method) --------------------


@dataclass
class Figures:
    """One comparison as plain figures, whichever method made it."""

    rows: dict[int, Any] = field(default_factory=dict)  # analytics.selectors.CommuneRow by commune id
    trend: dict[int, list[int | None]] = field(default_factory=dict)
    countries: dict[str, int | None] = field(default_factory=dict)
    generations: dict[str, int | None] = field(default_factory=dict)


def suppressed_comparison(communes: Sequence[Any], period: Any, k: int) -> Figures:
    """The comparison as the regional layer computed it until issue 20, on analytics.suppression."""
    from django.db.models import Sum

    from analytics.models import AnswerTimeFact, CaseFact, PeopleFact, ReferralFact, SatisfactionFact
    from analytics.selectors import CommuneRow
    from analytics.suppression import Table, protect
    from cases.models import Referral

    ids = [commune.pk for commune in communes]
    by_pk = {commune.pk: commune for commune in communes}

    def facts(model: type) -> Any:
        return model.objects.filter(  # type: ignore[attr-defined]
            commune__in=communes, month__gte=period.first, month__lte=period.last
        )

    def counted(query: Any, *fields: str) -> Any:
        return query.values_list(*fields).annotate(n=Sum("count"))

    def side_by_side(columns: Sequence[Any], counts: Iterable[tuple[Any, Any, int]]) -> Any:
        cells: dict[tuple[Any, Any], int] = defaultdict(int)
        for row, column, n in counts:
            if row in ids and column in columns:
                cells[(row, column)] += n
        return protect(Table(rows=tuple(ids), columns=tuple(columns), cells=dict(cells)), k, column_totals=False)

    def spreads(query: Any, name: str) -> dict[int, Counter[int]]:
        found: dict[int, Counter[int]] = defaultdict(Counter)
        for commune_id, value, n in counted(query, "commune_id", name):
            found[commune_id][value] += n
        return found

    def share(part: int | None, whole: int | None) -> float | None:
        return None if part is None or whole is None or whole < k else part / whole

    cases = facts(CaseFact)
    per_commune = cases.values("commune_id").annotate(n=Sum("count"), answered=Sum("answered"))
    outcome = side_by_side(
        ("answered", "open"),
        (
            cell
            for row in per_commune
            for cell in (
                (row["commune_id"], "answered", row["answered"]),
                (row["commune_id"], "open", row["n"] - row["answered"]),
            )
        ),
    )
    trend = side_by_side(period.months, counted(cases, "commune_id", "month"))
    referrals = side_by_side(tuple(Referral.Outcome.values), counted(facts(ReferralFact), "commune_id", "outcome"))
    people = facts(PeopleFact)
    sexes = side_by_side(("female", "male", ""), counted(people, "commune_id", "sex"))
    times, scores = spreads(facts(AnswerTimeFact), "days"), spreads(facts(SatisfactionFact), "score")
    figures = Figures()
    for pk in ids:
        spread, score_n = times[pk], sum(scores[pk].values())
        received, answered = outcome.row_totals[pk], outcome.cells[(pk, "answered")]
        figures.rows[pk] = CommuneRow(
            commune=by_pk[pk],
            received=received,
            answered=answered,
            answered_share=share(answered, received),
            median_days=float(median(sorted(spread.elements())))
            if sum(spread.values()) >= k and answered is not None
            else None,
            referred=referrals.row_totals[pk],
            referrals_answered_share=share(referrals.cells[(pk, Referral.Outcome.ANSWERED)], referrals.row_totals[pk]),
            women_share=share(sexes.cells[(pk, "female")], sexes.row_totals[pk]),
            satisfaction=sum(s * n for s, n in scores[pk].items()) / score_n if score_n >= k else None,
        )
        figures.trend[pk] = [trend.cells[(pk, month)] for month in period.months]
    for name, dimension in (("countries", "country_group"), ("generations", "generation")):
        table = protect(Table.one_row(Counter(dict(counted(people, dimension)))), k)
        getattr(figures, name).update({str(c): table.cells[("total", c)] for c in table.columns})
    return figures


def cell_key_comparison(communes: Sequence[Any], period: Any) -> Figures:
    from analytics import selectors

    result = selectors.comparison(communes, selectors.Filters(period=period))
    figures = Figures()
    for row in result.rows:
        figures.rows[row.commune.pk] = row
        figures.trend[row.commune.pk] = result.trend[row.commune.name]
    for name in ("countries", "generations"):
        table = getattr(result, name)
        getattr(figures, name).update({str(c): table.cells[("total", c)] for c in table.columns})
    return figures


# --- Measures ------------------------------------------------------------------------------------------


@dataclass
class Tally:
    counts: int = 0
    counts_shown: int = 0
    figures: int = 0
    figures_shown: int = 0
    errors: list[int] = field(default_factory=list)
    totals: int = 0
    totals_within_d: int = 0

    def add(self, truth: Figures, shown: Figures, d: int) -> None:
        for pk, true_row in truth.rows.items():
            row = shown.rows[pk]
            pairs = [(getattr(true_row, name), getattr(row, name)) for name in COUNTS]
            pairs += list(zip(truth.trend[pk], shown.trend[pk], strict=True))
            self._counts(pairs)
            for name in DERIVED:
                if getattr(true_row, name) is not None:  # a figure there is something to compute on
                    self.figures += 1
                    self.figures_shown += getattr(row, name) is not None
            if true_row.received is not None and row.received is not None:
                self.totals += 1
                self.totals_within_d += abs(row.received - true_row.received) <= d
            elif true_row.received is not None:
                self.totals += 1
        for name in ("countries", "generations"):
            true_table, table = getattr(truth, name), getattr(shown, name)
            self._counts([(n, table.get(code)) for code, n in true_table.items()])

    def _counts(self, pairs: Iterable[tuple[int | None, int | None]]) -> None:
        for true, shown in pairs:
            if true is None:
                continue
            self.counts += 1
            self.figures += 1
            if shown is not None:
                self.counts_shown += 1
                self.figures_shown += 1
                self.errors.append(abs(shown - true))

    def line(self, name: str, d: int) -> str:
        mean = sum(self.errors) / len(self.errors) if self.errors else 0.0
        return (
            f"  {name:24} counts shown {100 * self.counts_shown / max(self.counts, 1):5.1f} %"
            f" · all figures shown {100 * self.figures_shown / max(self.figures, 1):5.1f} %"
            f" · mean |error| {mean:4.2f}, max {max(self.errors, default=0)}"
            f" · totals within ±{d} {100 * self.totals_within_d / max(self.totals, 1):5.1f} %"
            f" ({self.counts} counts, {self.figures} figures)"
        )


def measure(label: str, networks: Sequence[tuple[str, Sequence[Any]]], bases: Sequence[int]) -> None:
    from django.utils import timezone

    from analytics import disclosure
    from analytics.forms import months_before
    from analytics.models import CaseFact
    from analytics.selectors import Period

    d = disclosure.table().parameters.maximum
    ids = [commune.pk for _name, communes in networks for commune in communes]
    latest = CaseFact.objects.filter(commune_id__in=ids).order_by("-month").values_list("month", flat=True).first()
    last = latest or timezone.localdate().replace(day=1)
    year = last.year if last.month == 12 else last.year - 1  # the last calendar year with its December
    before = months_before(last, 1)
    kinds = {
        "one month (x12)": [Period(first=months_before(last, n), last=months_before(last, n)) for n in range(12)],
        f"calendar year {year}": [Period(first=date(year, 1, 1), last=date(year, 12, 1))],
        f"twelve months to {before:%Y-%m}": [Period(first=months_before(before, 11), last=before)],
    }
    print(f"\n{label}: {len(networks)} network(s), {len(ids)} communes, months up to {last:%Y-%m}; D = {d}, k = {K}")
    for kind, periods in kinds.items():
        tallies = {"suppression k=5": Tally()} | {f"cell key, base >= {base}": Tally() for base in bases}
        for _name, communes in networks:
            for period in periods:
                truth = suppressed_comparison(communes, period, 1)
                tallies["suppression k=5"].add(truth, suppressed_comparison(communes, period, K), d)
                for base in bases:  # the minimum base of shares, medians and means (disclosure.MIN_BASE)
                    disclosure.MIN_BASE = base
                    tallies[f"cell key, base >= {base}"].add(truth, cell_key_comparison(communes, period), d)
        disclosure.MIN_BASE = bases[0]
        blocks = len(disclosure.blocks(periods[0].first, periods[0].last))
        print(f" {kind} ({blocks} calendar block{'s' if blocks > 1 else ''}):")
        for name, tally in tallies.items():
            print(tally.line(name, d))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--facts-database", help="the database `bench facts --reuse` left (1,503 communes)")
    parser.add_argument("--network", type=int, default=60, help="communes of the national network compared")
    parser.add_argument("--no-demo", action="store_true", help="skip the demo communes")
    parser.add_argument(
        "--min-base", default="5", help="minimum bases of shares, medians and means to compare, e.g. 5,3,1"
    )
    args = parser.parse_args()
    bases = [int(base) for base in args.min_base.split(",")]
    if not args.no_demo:
        prepare_database(BENCH_DATABASE)
        setup_django(migrate=True)
        from django.core.management import call_command

        from network import selectors as network_selectors
        from network.models import Network

        call_command("seed_demo", verbosity=0, stdout=io.StringIO())
        networks = [
            (network.code, list(network_selectors.members_of(network)))
            for network in Network.objects.order_by("code")
            if network_selectors.members_of(network).exists()
        ]
        measure("The demo", networks, bases)
    if args.facts_database:
        if not database_exists(args.facts_database):
            sys.exit(f"No database {args.facts_database}: run `python3 dev.py bench facts --reuse` first")
        if args.no_demo:
            use_database(args.facts_database)
            setup_django(migrate=False)
        else:  # Django is set up on the demo's database: the same server, another database
            from django.db import connections

            connections.close_all()
            connections["default"].settings_dict["NAME"] = args.facts_database
        from tenants.models import Commune

        communes = list(Commune.objects.filter(status=Commune.Status.ACTIVE).order_by("pk")[: args.network])
        measure(f"National scale ({args.facts_database})", [("national", communes)], bases)


if __name__ == "__main__":
    main()
