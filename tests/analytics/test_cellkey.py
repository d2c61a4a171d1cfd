"""The cell key method itself: the perturbation table, the cells it publishes, the calendar blocks of a period.

Properties over random tables (hypothesis): the same records give the same number whatever question gathers
them; no count moves by more than D; nothing is published below zero; a zero stays a zero.
"""

from __future__ import annotations

import json
import random
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics import disclosure
from analytics.disclosure import Counts, Keyed, Parameters, blocks, maximum_entropy_table, read_table

TABLE = disclosure.table()
D = TABLE.parameters.maximum


def test_the_committed_table_is_what_its_parameters_build() -> None:
    """analytics/data/ptable.json is data with its parameters: rebuilding it from them gives it again."""
    committed = read_table()
    rebuilt = maximum_entropy_table(committed.parameters)
    assert len(rebuilt.rows) == len(committed.rows)
    for built, kept in zip(rebuilt.rows, committed.rows, strict=True):
        assert [v for v, _p in built] == [v for v, _p in kept]
        assert [p for _v, p in built] == pytest.approx([p for _v, p in kept], abs=1e-12)
    assert json.loads(disclosure.PTABLE.read_text())["parameters"]["version"] == committed.parameters.version


@pytest.mark.parametrize("count", range(8))
def test_each_row_is_a_bounded_unbiased_distribution_with_the_documented_variance(count: int) -> None:
    row = TABLE.row(count)
    perturbations = [v for v, _p in row]
    probabilities = [p for _v, p in row]
    assert sum(probabilities) == pytest.approx(1, abs=1e-12)
    assert all(p > 0 for p in probabilities)
    assert all(-D <= v <= D for v in perturbations)
    assert all(count + v >= 0 for v in perturbations)  # never below zero
    mean = sum(v * p for v, p in row)
    assert mean == pytest.approx(0, abs=1e-12)  # unbiased
    variance = sum(v * v * p for v, p in row)
    expected = 0 if count == 0 else TABLE.parameters.variance_of(count)
    assert variance == pytest.approx(expected, abs=1e-9)


def test_a_zero_stays_a_zero_and_a_small_count_is_not_published_as_itself_with_certainty() -> None:
    assert TABLE.row(0) == ((0, 1.0),)
    for count in (1, 2):
        as_itself = dict(TABLE.row(count))[0]
        assert 0 < as_itself < 0.5
        assert len(TABLE.row(count)) >= 4  # at least four published values are possible


def test_the_table_has_maximum_entropy_among_its_neighbours() -> None:
    """Moving probability in any direction that keeps the sum, the mean and the variance lowers the entropy."""

    def entropy(probabilities: np.ndarray) -> float:
        return float(-(probabilities * np.log(probabilities)).sum())

    rng = np.random.default_rng(7)
    for count in (1, 2, 3, 5):
        values = np.array([v for v, _p in TABLE.row(count)], dtype=float)
        probabilities = np.array([p for _v, p in TABLE.row(count)])
        constraints = np.vstack([np.ones_like(values), values, values**2])
        # The projection onto the directions that change none of the three constraints.
        keeps = np.eye(len(values)) - constraints.T @ np.linalg.pinv(constraints @ constraints.T) @ constraints
        best, moved_at_all = entropy(probabilities), 0
        for _attempt in range(200):
            step = keeps @ rng.normal(size=len(values))
            step *= 1e-3 / max(float(np.abs(step).max()), 1e-12)
            moved = probabilities + step
            if moved.min() <= 0:
                continue
            moved_at_all += 1
            assert entropy(moved) <= best + 1e-12
        assert moved_at_all > 100


@pytest.mark.parametrize(
    ("parameters", "why"),
    [
        (Parameters(version="x", maximum=1, variance=1.0, small=4, small_variance=2.0), "out of reach"),
        (Parameters(version="x", maximum=3, variance=9.5, small=4, small_variance=2.0), "out of reach"),
    ],
)
def test_parameters_a_row_cannot_reach_are_refused(parameters: Parameters, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        maximum_entropy_table(parameters)


def test_the_cell_key_picks_the_perturbation_by_the_rows_cumulative_probabilities() -> None:
    row = TABLE.row(10)
    reached = 0.0
    for perturbation, probability in row:
        assert TABLE.perturbation(10, reached) == perturbation
        assert TABLE.perturbation(10, reached + probability * 0.999) == perturbation
        reached += probability
    with pytest.raises(ValueError, match="cell key"):
        TABLE.perturbation(10, 1.0)
    with pytest.raises(ValueError, match="never negative"):
        TABLE.perturbation(-1, 0.5)


# --- Properties over random records -------------------------------------------------------

MODULUS = disclosure.MODULUS
records = st.lists(
    st.tuples(st.integers(0, 5), st.integers(0, 3), st.integers(0, MODULUS - 1)),  # (month, category, key)
    max_size=60,
)


def _keyed(rows: list[tuple[int, int, int]]) -> Keyed:
    return disclosure.total(Keyed(1, key) for _month, _category, key in rows)


@settings(max_examples=300, deadline=None)
@given(records, st.randoms(use_true_random=False))
def test_the_same_records_give_the_same_number_whatever_the_question(
    rows: list[tuple[int, int, int]], rng: random.Random
) -> None:
    """Gathered by month, by category, record by record, in any order: one cell, one key, one number."""
    whole = disclosure.publish(_keyed(rows))
    by_month: dict[int, Keyed] = {}
    for month, _category, key in rows:
        by_month[month] = by_month.get(month, disclosure.ZERO) + Keyed(1, key)
    assert disclosure.publish(disclosure.total(by_month.values())) == whole
    shuffled = list(rows)
    rng.shuffle(shuffled)
    assert disclosure.publish(_keyed(shuffled)) == whole
    # The open ones are the whole less the answered ones: the same key as summing them directly.
    answered = [row for row in rows if row[1] == 0]
    open_ = [row for row in rows if row[1] != 0]
    assert _keyed(rows) - _keyed(answered) == _keyed(open_)


@settings(max_examples=500, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, MODULUS - 1))
def test_a_published_count_is_within_d_never_negative_and_zero_exactly_when_the_truth_is(count: int, key: int) -> None:
    published = disclosure.publish(Keyed(count, key))
    assert abs(published - count) <= D
    assert published >= 0
    if count == 0:
        assert published == 0


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 1)),
    st.integers(0, 47),
)
def test_a_period_is_cut_into_whole_calendar_years_quarters_and_months(first: date, length: int) -> None:
    first = first.replace(day=1)
    index = first.year * 12 + first.month - 1 + length
    last = date(index // 12, index % 12 + 1, 1)
    cut = blocks(first, last)
    months = [month for block in cut for month in disclosure.block_of([block])]
    assert months == sorted(months)
    assert (months[0], months[-1]) == (first, last)
    assert len(months) == length + 1 == len(set(months))
    for start, end in cut:
        span = (end.year - start.year) * 12 + end.month - start.month + 1
        assert span in (1, 3, 12)
        if span == 12:
            assert start.month == 1
        if span == 3:
            assert start.month in (1, 4, 7, 10)
    # The fewest blocks of this kind: no three months of a quarter left apart, nor four quarters of a year.
    assert len(cut) <= 2 * 2 + 2 * 3 + length // 12 + 1


def test_a_calendar_year_a_quarter_and_a_month_are_one_block_each() -> None:
    assert blocks(date(2026, 1, 1), date(2026, 12, 1)) == [(date(2026, 1, 1), date(2026, 12, 1))]
    assert blocks(date(2026, 4, 1), date(2026, 6, 1)) == [(date(2026, 4, 1), date(2026, 6, 1))]
    assert blocks(date(2026, 5, 1), date(2026, 5, 1)) == [(date(2026, 5, 1), date(2026, 5, 1))]
    assert blocks(date(2025, 12, 1), date(2026, 11, 1)) == [
        (date(2025, 12, 1), date(2025, 12, 1)),
        (date(2026, 1, 1), date(2026, 3, 1)),
        (date(2026, 4, 1), date(2026, 6, 1)),
        (date(2026, 7, 1), date(2026, 9, 1)),
        (date(2026, 10, 1), date(2026, 10, 1)),
        (date(2026, 11, 1), date(2026, 11, 1)),
    ]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 12), st.integers(0, MODULUS - 1)), max_size=80), st.integers(1, 12))
def test_every_span_of_months_is_a_sum_of_the_same_block_cells(rows: list[tuple[int, int]], end: int) -> None:
    """However a year's spans are asked, their numbers come from the same few cells: a span's count is the sum of
    its blocks' published counts, and two spans that share a block share its number."""
    year = Counts.over(date(2026, 1, 1), date(2026, 12, 1))
    for month, key in rows:
        year.add("all", date(2026, month, 1), Keyed(1, key))
    for start in range(1, end + 1):
        span = Counts.over(date(2026, start, 1), date(2026, end, 1))
        for month, key in rows:
            span.add("all", date(2026, month, 1), Keyed(1, key))
        assert span.published(["all"]) == sum(disclosure.publish(keyed) for keyed in span.keyed(["all"]).values())
        assert abs(span.published(["all"]) - span.true_count(["all"])) <= D * len(span.keyed(["all"]))
    assert abs(year.published(["all"]) - year.true_count(["all"])) <= D  # a calendar year: one cell


@pytest.mark.parametrize(
    ("spread", "median", "mean"),
    [({}, None, None), ({3: 4}, None, None), ({1: 2, 3: 3}, 3.0, 2.2), ({2: 5, 10: 5}, 6.0, 6.0)],
)
def test_medians_and_means_need_a_published_base_of_at_least_five(
    spread: dict[int, int], median: float | None, mean: float | None
) -> None:
    assert disclosure.median(spread) == median
    assert disclosure.mean(spread) == (None if mean is None else pytest.approx(mean))
    assert disclosure.share(2, 4) is None
    assert disclosure.share(3, 5) == 0.6
    assert disclosure.share(7, 6) == 1.0  # perturbed parts can pass their whole: a share stays a share
