"""Disclosure control for every figure that leaves a commune: the cell key method.

Why not suppression any more. Hiding small counts protects one answer at a time. The regional layer answers
many: a coordinator cuts the comparison by any span of months, any category and channel; funders read the
same facts summed over a programme; anybody reads the open data. Answers that share totals, or overlap in
time, give hidden counts back (issue 20: a linear program recovered 37 of 211 hidden cells exactly from 120
ordinary requests, and a second run worked out 639 hidden figures from publications set side by side). And
it cost the reader most of the table: a one-month comparison was mostly dashes. (analytics.suppression keeps
that method, as the baseline the attack test and bench/disclosure.py measure this one against.)

The method, as statistical offices use it for tables users cut as they like (the Australian Bureau of
Statistics' TableBuilder, Eurostat's recommendation for the census; the `ptable` and `cellKey` packages):

- **Record keys.** Every record a fact counts (a case, which also stands for the person who brought it; a
  referral; a survey answer) holds a key drawn uniformly from 0 to 2^32 - 1 by the database when the row is
  written (cases.models.record_key_field). It stays in the commune's schema: no page, file, API or log shows
  it. The facts carry, beside each count, the sum of the keys of what it counts, modulo 2^32
  (analytics.extraction keeps it exact through the triggers and the nightly recount, as it keeps the counts).
- **Cell keys.** A published cell's key is the sum of the record keys it covers, modulo 2^32, read as a
  fraction of 2^32: computed from the facts' key sums, so the same records give the same key whatever
  question produced the cell, and any other set of records gives a key that is uniform and independent.
- **The perturbation table** (analytics/data/ptable.json: versioned data with its parameters). For a true
  count n and a cell key u, the published count is n + v, where v is read from row n (the last row serves
  every count beyond it) at u: each row is a distribution of v over -D..D, and u picks v by the row's
  cumulative probabilities. Each row is the distribution of maximum entropy under the constraints (the ABS's
  construction): probabilities sum to 1; mean 0 (unbiased); variance V (for counts of 1 to SMALL, a larger
  variance V_small, because those are the counts to protect); n + v >= 0 (never negative); row 0 is v = 0
  (zeros stay zeros: an empty cell identifies nobody, and inventing cases would only mislead). Row 1 thus
  publishes a single case as 0, 1, 2, 3 or 4, and as itself with probability 0.16 only.
- **Periods.** The months of a period are cut into calendar blocks, the longest first: whole years, then
  whole quarters, then months (`blocks`). Each block's cell is perturbed from its own key and a period's count
  is the sum of its blocks'. Without blocks every span of months would be a cell of its own with noise of its
  own, and the 78 spans of a year give a reader 78 independent noisy views of the same twelve months, which a
  least-squares fit averages back to the truth (measured: the mean error on counts of 1 to 4 falls to 0.2).
  With blocks, however many spans are asked, a year holds 17 noisy cells (12 months, 4 quarters, the year).
  A calendar year, a quarter and a month are one block each: their figures are within D of the truth.
- **Totals are cells of their own**, perturbed from their own key: a commune's received cases is not the sum
  of its published categories. Rows need not add up exactly, and the pages say so.
- **Shares, medians and means** are computed from perturbed counts only (a median from the perturbed
  counts of each number of days, a mean score from the perturbed counts of each score), so they give away
  nothing the counts do not; they are shown when their perturbed base is at least MIN_BASE (five), because a
  share of two or three perturbed cases says nothing reliable. That minimum is all that stays of suppression.

What it promises: the same cell always gives the same number (asking a hundred times gains nothing); every
published count of a block is within D of the truth, is never negative, and is 0 whenever the truth is
(a published 0 may also stand for a few: a single case is published as 0 more often than not);
no set of questions narrows a cell down to one value (tests/analytics/test_attack.py, against every span of a
year, category, channel and their crossings, the countries and generations, the indicators and the open
data, and prints the same attack against suppression). What it does not promise: a count of 1 to 4 is
published as some number, so a reader learns that a commune had "a few" cases of a kind, never how many;
figures that change (a case answered later) are new cells with new noise, so someone who records every
version of a figure sees each change as a fresh draw; a period of many blocks adds their noise up (at most
D per block), which is why the comparison suggests whole quarters and years; the combination of the margins
of one table (a category over all channels, a channel over all categories) gives a fitted estimate of an
inner cell somewhat better than its own published value, though never exact.
"""

from __future__ import annotations

import functools
import json
import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from cases.models import RECORD_KEY_MODULUS

MODULUS = RECORD_KEY_MODULUS
PTABLE = Path(__file__).resolve().parent / "data" / "ptable.json"
# Shares, medians and means are shown when the perturbed count they rest on is at least this.
MIN_BASE = 5

Label = Any


# --- Keyed counts -------------------------------------------------------------------------


class Keyed:
    """A true count and the sum of its records' keys modulo MODULUS: what a cell is published from. Immutable by
    convention; a plain class with slots, since a comparison adds up tens of thousands of them."""

    __slots__ = ("count", "key")

    def __init__(self, count: int = 0, key: int = 0) -> None:
        self.count = count
        self.key = key

    def __add__(self, other: Keyed) -> Keyed:
        return Keyed(self.count + other.count, (self.key + other.key) % MODULUS)

    def __sub__(self, other: Keyed) -> Keyed:
        """The records of `self` that are not in `other` (a part of it): received less answered is the open ones."""
        return Keyed(self.count - other.count, (self.key - other.key) % MODULUS)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Keyed) and (self.count, self.key) == (other.count, other.key)

    def __hash__(self) -> int:
        return hash((self.count, self.key))

    def __repr__(self) -> str:
        return f"Keyed(count={self.count}, key={self.key})"

    @property
    def cell_key(self) -> float:
        return self.key / MODULUS

    @classmethod
    def of_sums(cls, count: int, key_sum: int) -> Keyed:
        """From SQL sums over facts: a count and a sum of key sums, not yet reduced modulo MODULUS."""
        return cls(count, int(key_sum) % MODULUS)


ZERO = Keyed()


def total(parts: Iterable[Keyed]) -> Keyed:
    result = ZERO
    for part in parts:
        result += part
    return result


# --- The perturbation table ---------------------------------------------------------------


@dataclass(frozen=True)
class Parameters:
    version: str
    maximum: int  # D: no count moves by more
    variance: float  # V, for counts above `small`
    small: int  # counts 1..small get `small_variance`
    small_variance: float

    def variance_of(self, count: int) -> float:
        return self.small_variance if 1 <= count <= self.small else self.variance


@dataclass(frozen=True)
class PerturbationTable:
    parameters: Parameters
    # Row n: (perturbation, probability) by increasing perturbation; the last row serves every larger count.
    rows: tuple[tuple[tuple[int, float], ...], ...]

    def row(self, count: int) -> tuple[tuple[int, float], ...]:
        return self.rows[min(count, len(self.rows) - 1)]

    def perturbation(self, count: int, cell_key: float) -> int:
        """The perturbation of a true count for a cell key in [0, 1): the row's cumulative probabilities cut
        [0, 1) into one interval per perturbation."""
        if count < 0:
            raise ValueError("a count is never negative")
        if not 0 <= cell_key < 1:
            raise ValueError("a cell key is in [0, 1)")
        row = self.row(count)
        reached = 0.0
        for perturbation, probability in row:
            reached += probability
            if cell_key < reached:
                return perturbation
        return row[-1][0]  # rounding left the top of [0, 1) uncovered: the last interval's

    def publish(self, keyed: Keyed) -> int:
        if keyed.count == 0:
            return 0
        return keyed.count + self.perturbation(keyed.count, keyed.cell_key)

    def as_json(self) -> dict[str, Any]:
        return {
            "parameters": self.parameters.__dict__,
            "method": (
                "Each row n is the distribution of maximum entropy over perturbations max(-n, -D)..D with mean 0 "
                "and variance V (V_small for n = 1..small); row 0 is 0 with probability 1; the last row serves "
                "every count beyond it. Built by analytics.disclosure.maximum_entropy_table."
            ),
            "rows": {str(n): [[v, p] for v, p in row] for n, row in enumerate(self.rows)},
        }


def _maximum_entropy_row(support: Sequence[int], variance: float) -> tuple[tuple[int, float], ...]:
    """The distribution over `support` of maximum entropy with mean 0 and the given variance.

    It has the form p(v) ∝ exp(a·v + b·v²) (Lagrange multipliers of the two moment constraints); a and b are
    found by Newton's method on the two moments, whose Jacobian is their covariance matrix."""
    a = b = 0.0

    def moments(a: float, b: float) -> tuple[list[float], list[float]]:
        exponents = [a * v + b * v * v for v in support]
        top = max(exponents)
        weights = [math.exp(e - top) for e in exponents]
        whole = sum(weights)
        probabilities = [w / whole for w in weights]
        return probabilities, [
            sum(p * v**power for v, p in zip(support, probabilities, strict=True)) for power in (1, 2, 3, 4)
        ]

    for _step in range(200):
        probabilities, (m1, m2, m3, m4) = moments(a, b)
        f1, f2 = m1, m2 - variance
        if abs(f1) < 1e-14 and abs(f2) < 1e-14:
            break
        j11, j12, j22 = m2 - m1 * m1, m3 - m1 * m2, m4 - m2 * m2
        determinant = j11 * j22 - j12 * j12
        a -= (j22 * f1 - j12 * f2) / determinant
        b -= (-j12 * f1 + j11 * f2) / determinant
    else:  # pragma: no cover - the parameters are checked against what a row can reach
        raise ValueError(f"no distribution over {list(support)} has mean 0 and variance {variance}")
    return tuple((v, p) for v, p in zip(support, probabilities, strict=True))


def maximum_entropy_table(parameters: Parameters) -> PerturbationTable:
    """The table for these parameters: rows 0 to small + 1 (the last one serves every larger count)."""
    d = parameters.maximum
    rows: list[tuple[tuple[int, float], ...]] = [((0, 1.0),)]
    for count in range(1, parameters.small + 2):
        support = list(range(-min(count, d), d + 1))
        # The largest variance a mean of 0 allows when v >= -count: all on -count and D.
        reachable = min(count, d) * d
        variance = parameters.variance_of(count)
        if variance >= reachable:
            raise ValueError(f"variance {variance} is out of reach for a count of {count} with D = {d}")
        rows.append(_maximum_entropy_row(support, variance))
    return PerturbationTable(parameters=parameters, rows=tuple(rows))


def read_table(path: Path = PTABLE) -> PerturbationTable:
    data = json.loads(path.read_text())
    rows = data["rows"]
    return PerturbationTable(
        parameters=Parameters(**data["parameters"]),
        rows=tuple(tuple((int(v), float(p)) for v, p in rows[str(n)]) for n in range(len(rows))),
    )


@functools.cache
def table() -> PerturbationTable:
    return read_table()


def publish(keyed: Keyed) -> int:
    """The published count of one cell: the only way a count leaves a commune."""
    return table().publish(keyed)


# --- Periods ----------------------------------------------------------------------------------

Block = tuple[date, date]  # its first and last months


def _month_index(month: date) -> int:
    return month.year * 12 + month.month - 1


def _month(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def blocks(first: date, last: date) -> list[Block]:
    """The months first..last (first days of months) cut into calendar blocks, the longest first: whole years,
    then whole quarters, then single months. The same month always falls in the same block for a given period,
    and a period that is a calendar year, a quarter or a month is one block."""
    cut: list[Block] = []
    index, end = _month_index(first), _month_index(last)
    while index <= end:
        for length in (12, 3, 1):
            if index % length == 0 and index + length - 1 <= end:
                cut.append((_month(index), _month(index + length - 1)))
                index += length
                break
    return cut


def block_of(blocks_: Sequence[Block]) -> dict[date, Block]:
    """Each month of the blocks, with its block."""
    found: dict[date, Block] = {}
    for block in blocks_:
        for index in range(_month_index(block[0]), _month_index(block[1]) + 1):
            found[_month(index)] = block
    return found


@dataclass
class Counts:
    """Keyed counts by labels and block: a period's facts, ready to be published as any sum of labels.

    `add` takes a fact's (or a sum of facts') month; `published` sums the chosen labels within each block,
    publishes each block's cell and adds the blocks up.
    """

    months: Mapping[date, Block]
    cells: dict[Label, dict[Block, Keyed]] = field(default_factory=dict)

    @classmethod
    def over(cls, first: date, last: date) -> Counts:
        return cls(months=MappingProxyType(block_of(blocks(first, last))))

    @classmethod
    def each_month(cls, months: Iterable[date]) -> Counts:
        """Every month a block of its own: a trend line's points, each the month's own cell."""
        return cls(months=MappingProxyType({month: (month, month) for month in months}))

    def add(self, label: Label, month: date, keyed: Keyed) -> None:
        block = self.months.get(month)
        if block is not None:  # else a fact outside the period
            self.add_to_block(label, block, keyed)

    def add_to_block(self, label: Label, block: Block, keyed: Keyed) -> None:
        """Keyed counts already summed over one of the period's blocks (by the database)."""
        by_block = self.cells.setdefault(label, {})
        by_block[block] = by_block[block] + keyed if block in by_block else keyed

    def keyed(self, labels: Iterable[Label]) -> dict[Block, Keyed]:
        summed: dict[Block, Keyed] = {}
        for label in labels:
            for block, keyed in self.cells.get(label, {}).items():
                summed[block] = summed.get(block, ZERO) + keyed
        return summed

    def true_count(self, labels: Iterable[Label]) -> int:
        return sum(keyed.count for keyed in self.keyed(labels).values())

    def published(self, labels: Iterable[Label]) -> int:
        return sum(publish(keyed) for keyed in self.keyed(labels).values())

    def labels(self) -> list[Label]:
        return list(self.cells)


def share(part: int, whole: int) -> float | None:
    """part ÷ whole from published counts, when the whole is at least MIN_BASE (capped at 1: perturbed parts can
    pass their whole)."""
    if whole < MIN_BASE:
        return None
    return min(part / whole, 1.0)


def median(spread: Mapping[int, int]) -> float | None:
    """The median of published counts of values (days to answer), when they count at least MIN_BASE."""
    n = sum(spread.values())
    if n < MIN_BASE:
        return None
    return float(statistics.median(Counter(spread).elements()))


def mean(spread: Mapping[int, int]) -> float | None:
    """The mean of published counts of values (survey scores), when they count at least MIN_BASE."""
    n = sum(spread.values())
    if n < MIN_BASE:
        return None
    return sum(value * count for value, count in spread.items()) / n


# --- Published tables -------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedTable:
    """Counts by (row, column) with row totals, column totals and a grand total, each published as a cell of its
    own: rows need not add up exactly. Column totals are None where the page publishes none."""

    rows: tuple[Label, ...]
    columns: tuple[Label, ...]
    cells: Mapping[tuple[Label, Label], int]
    row_totals: Mapping[Label, int]
    column_totals: Mapping[Label, int | None]
    grand_total: int | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": list(self.rows),
            "columns": list(self.columns),
            "cells": [[self.cells[row, column] for column in self.columns] for row in self.rows],
            "row_totals": [self.row_totals[row] for row in self.rows],
            "column_totals": [self.column_totals[column] for column in self.columns],
            "grand_total": self.grand_total,
        }


def published_table(
    counts: Counts, rows: Sequence[Label], columns: Sequence[Label], *, column_totals: bool = True
) -> PublishedTable:
    """The table of `counts` whose labels are (row, column) pairs, every cell and total published from its own
    key (over the period's blocks)."""
    return PublishedTable(
        rows=tuple(rows),
        columns=tuple(columns),
        cells=MappingProxyType({(r, c): counts.published([(r, c)]) for r in rows for c in columns}),
        row_totals=MappingProxyType({r: counts.published([(r, c) for c in columns]) for r in rows}),
        column_totals=MappingProxyType(
            {c: counts.published([(r, c) for r in rows]) if column_totals else None for c in columns}
        ),
        grand_total=counts.published([(r, c) for r in rows for c in columns]) if column_totals else None,
    )


def one_row(counts: Counts, columns: Sequence[Label], *, row: Label = "total") -> PublishedTable:
    """Counts by one category (labels are the columns) as a table of one row: its row total is the grand total."""
    by_pair = Counts(months=counts.months, cells={(row, c): counts.cells.get(c, {}) for c in columns})
    return published_table(by_pair, [row], columns)
