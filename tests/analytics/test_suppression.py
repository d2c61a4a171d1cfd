"""Disclosure control: small counts are hidden and cannot be recovered from what is shown.

The properties run on random tables; for each hidden entry a linear program over everything
hidden (non-negative, every line summing to its total) proves that it can take another value.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from analytics.suppression import PublishedTable, Suppressed, Table, apply, protect, suppress

BUDGET = settings(max_examples=300, deadline=None)

counts = st.one_of(st.just(0), st.integers(1, 9), st.integers(10, 60))


@st.composite
def tables(draw: st.DrawFn, max_side: int = 7) -> Table:
    n = draw(st.integers(0, max_side))
    m = draw(st.integers(0, max_side))
    rows = tuple(f"r{i}" for i in range(n))
    columns = tuple(f"c{j}" for j in range(m))
    cells = {(row, column): draw(counts) for row in rows for column in columns}
    return Table(rows=rows, columns=columns, cells=cells)


thresholds = st.integers(2, 10)


def possible_range(table: Table, suppressed: Suppressed) -> dict[Any, tuple[float, float]]:
    """For every hidden entry, its smallest and largest value given all that is published.

    Keys are ("cell", row, column), ("row", row), ("column", column) and ("grand",).
    A largest value of inf means unbounded.
    """
    view = apply(table, suppressed)
    unknowns: list[Any] = [("cell", *cell) for cell in sorted(suppressed.cells)]
    unknowns += [("row", row) for row in sorted(suppressed.row_totals)]
    unknowns += [("column", column) for column in sorted(suppressed.column_totals)]
    unknowns += [("grand",)] if suppressed.grand_total else []
    if not unknowns:
        return {}
    index = {unknown: i for i, unknown in enumerate(unknowns)}

    # Each equation: sum of the parts == the whole, terms as (known value | unknown key).
    def term(key: Any, shown: int | None) -> Any:
        return key if shown is None else shown

    equations = []
    for row in table.rows:
        parts = [term(("cell", row, column), view.cells[row, column]) for column in table.columns]
        equations.append((parts, term(("row", row), view.row_totals[row])))
    for column in table.columns:
        parts = [term(("cell", row, column), view.cells[row, column]) for row in table.rows]
        equations.append((parts, term(("column", column), view.column_totals[column])))
    grand = term(("grand",), view.grand_total)
    equations.append(([term(("row", row), view.row_totals[row]) for row in table.rows], grand))
    equations.append(([term(("column", column), view.column_totals[column]) for column in table.columns], grand))

    a_eq, b_eq = [], []
    for parts, whole in equations:
        coefficients = np.zeros(len(unknowns))
        constant = 0.0
        for part in parts:
            if isinstance(part, int):
                constant -= part
            else:
                coefficients[index[part]] += 1
        if isinstance(whole, int):
            constant += whole
        else:
            coefficients[index[whole]] -= 1
        if coefficients.any():
            a_eq.append(coefficients)
            b_eq.append(constant)
        else:
            assert constant == 0, "the published numbers contradict each other"

    ranges = {}
    for unknown, i in index.items():
        objective = np.zeros(len(unknowns))
        objective[i] = 1
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        assert low.status == 0, low.message
        assert high.status in (0, 3), high.message  # 3: unbounded
        ranges[unknown] = (low.fun, np.inf if high.status == 3 else -high.fun)
    return ranges


def true_value(table: Table, unknown: Any) -> int:
    kind, *labels = unknown
    if kind == "cell":
        return table.cells[labels[0], labels[1]]
    if kind == "row":
        return table.row_total(labels[0])
    if kind == "column":
        return table.column_total(labels[0])
    return table.grand_total


def assert_nothing_recoverable(table: Table, suppressed: Suppressed) -> None:
    for unknown, (low, high) in possible_range(table, suppressed).items():
        value = true_value(table, unknown)
        assert low <= value - 1 + 1e-6, f"{unknown} = {value} cannot go lower (min {low})"
        assert high >= value + 1 - 1e-6, f"{unknown} = {value} cannot go higher (max {high})"


def published_numbers(view: PublishedTable) -> list[int | None]:
    numbers = list(view.cells.values()) + list(view.row_totals.values()) + list(view.column_totals.values())
    return [*numbers, view.grand_total]


@BUDGET
@given(tables(), thresholds)
def test_small_counts_and_small_totals_are_never_shown(table: Table, k: int) -> None:
    suppressed = suppress(table, k)
    view = apply(table, suppressed)
    for cell, count in table.cells.items():
        if 0 < count < k:
            assert cell in suppressed.primary
            assert view.cells[cell] is None
    assert all(n is None or n == 0 or n >= k for n in published_numbers(view))
    # Only non-zero counts are hidden: a zero is shown as what it is.
    assert all(table.cells[cell] > 0 for cell in suppressed.cells)
    assert not suppressed.primary & suppressed.secondary


@BUDGET
@given(tables(), thresholds)
def test_no_hidden_count_or_total_can_be_recovered_from_what_is_shown(table: Table, k: int) -> None:
    assert_nothing_recoverable(table, suppress(table, k))


@BUDGET
@given(tables(), thresholds)
def test_what_is_shown_is_true(table: Table, k: int) -> None:
    view = protect(table, k)
    assert view.rows == table.rows
    assert view.columns == table.columns
    for cell, shown in view.cells.items():
        assert shown is None or shown == table.cells[cell]
    for row, shown in view.row_totals.items():
        assert shown is None or shown == table.row_total(row)
    for column, shown in view.column_totals.items():
        assert shown is None or shown == table.column_total(column)
    assert view.grand_total is None or view.grand_total == table.grand_total


@BUDGET
@given(tables(), thresholds, st.randoms(use_true_random=False))
def test_same_table_same_suppression_whatever_the_order_of_its_cells(table: Table, k: int, random: Any) -> None:
    cells = list(table.cells.items())
    random.shuffle(cells)
    shuffled = Table(rows=table.rows, columns=table.columns, cells=dict(cells))
    assert suppress(table, k) == suppress(shuffled, k) == suppress(table, k)
    assert protect(table, k).as_dict() == protect(shuffled, k).as_dict()


@BUDGET
@given(tables(), thresholds, st.data())
def test_a_table_with_no_small_count_hides_nothing(table: Table, k: int, data: st.DataObject) -> None:
    big = Table(
        rows=table.rows,
        columns=table.columns,
        cells={cell: data.draw(st.integers(k, 100)) for cell in table.cells},
    )
    assert suppress(big, k).nothing_hidden
    assert None not in published_numbers(protect(big, k))


@settings(max_examples=50, deadline=None)
@given(tables())
def test_threshold_one_hides_nothing(table: Table) -> None:
    assert suppress(table, 1).nothing_hidden


def grid(rows: list[list[int]]) -> Table:
    return Table(
        rows=tuple(f"r{i}" for i in range(len(rows))),
        columns=tuple(f"c{j}" for j in range(len(rows[0]) if rows else 0)),
        cells={(f"r{i}", f"c{j}"): n for i, line in enumerate(rows) for j, n in enumerate(line)},
    )


def test_one_small_cell_is_protected_by_the_cheapest_rectangle_of_three_more() -> None:
    table = grid([[20, 3, 15], [12, 30, 8], [9, 11, 25]])
    suppressed = suppress(table)
    assert suppressed.primary == {("r0", "c1")}
    # Of the four rectangles through the 3, the one through 20, 9 and 11 hides the fewest people.
    assert suppressed.secondary == {("r0", "c0"), ("r2", "c0"), ("r2", "c1")}
    assert not suppressed.row_totals
    assert not suppressed.column_totals
    assert not suppressed.grand_total
    assert protect(table).as_dict()["cells"] == [[None, None, 15], [12, 30, 8], [None, None, 25]]
    assert_nothing_recoverable(table, suppressed)


def test_a_zero_is_shown_and_never_used_to_protect_a_cell() -> None:
    # The only rectangle of inner cells through the 2 runs through a zero, which could not go down.
    table = grid([[2, 0], [9, 7]])
    suppressed = suppress(table)
    view = protect(table).as_dict()
    assert view["cells"] == [[None, 0], [None, 7]]
    # The row of the 2 totals 2: hidden as small; the other row's total closes the cycle.
    assert view["row_totals"] == [None, None]
    assert view["column_totals"] == [11, 7]
    assert view["grand_total"] == 18
    assert suppressed.secondary == {("r1", "c0")}
    assert_nothing_recoverable(table, suppressed)


def test_a_total_is_hidden_when_no_other_cell_of_its_line_can_protect_the_small_one() -> None:
    table = grid([[3, 0, 0], [10, 20, 30], [0, 40, 50]])
    suppressed = suppress(table)
    view = protect(table).as_dict()
    # The 3 is alone in its row: its row total (also 3) is hidden, and protected in turn
    # through the next row's cell and total.
    assert view["cells"][0] == [None, 0, 0]
    assert view["row_totals"][0] is None
    assert suppressed.secondary == {("r1", "c0")}
    assert suppressed.row_totals == {"r0", "r1"}
    assert view["column_totals"] == [13, 60, 80]
    assert_nothing_recoverable(table, suppressed)


def test_a_total_below_the_threshold_is_hidden_even_when_its_cells_are_zero_or_hidden() -> None:
    table = grid([[1, 2], [0, 0]])
    view = protect(table).as_dict()
    assert view["cells"] == [[None, None], [0, 0]]
    assert view["row_totals"] == [None, 0]
    assert view["column_totals"] == [None, None]
    assert view["grand_total"] is None
    assert_nothing_recoverable(table, suppress(table))


def test_counts_by_one_category_hide_the_small_one_and_the_next_smallest() -> None:
    table = Table.one_row({"women": 2, "men": 30, "unknown": 7})
    suppressed = suppress(table)
    assert suppressed.primary == {("total", "women")}
    assert suppressed.secondary == {("total", "unknown")}
    assert suppressed.row_totals == set()
    assert not suppressed.grand_total
    view = protect(table)
    assert [view.cells["total", column] for column in table.columns] == [None, 30, None]
    assert view.row_totals["total"] == view.grand_total == 39
    # In one row the column totals are the cells themselves, hidden alike.
    assert [view.column_totals[column] for column in table.columns] == [None, 30, None]
    assert_nothing_recoverable(table, suppressed)


def test_counts_by_one_category_with_a_small_total_hide_everything_but_zeros() -> None:
    table = Table.one_row({"women": 2, "men": 1, "unknown": 0})
    view = protect(table).as_dict()
    assert view["cells"] == [[None, None, 0]]
    assert view["row_totals"] == [None]
    assert view["grand_total"] is None


def test_a_single_column_behaves_as_a_single_row() -> None:
    table = Table(rows=("a", "b", "c"), columns=("n",), cells={("a", "n"): 2, ("b", "n"): 30, ("c", "n"): 7})
    suppressed = suppress(table)
    assert suppressed.primary == {("a", "n")}
    assert suppressed.secondary == {("c", "n")}
    assert suppressed.row_totals == {"a", "c"}
    assert protect(table).column_totals["n"] == 39


@pytest.mark.parametrize(
    "table",
    [
        Table(rows=(), columns=()),
        Table(rows=("a",), columns=()),
        Table(rows=(), columns=("x",)),
        grid([[0, 0], [0, 0]]),
    ],
)
def test_empty_tables_hide_nothing(table: Table) -> None:
    assert suppress(table).nothing_hidden
    assert protect(table).grand_total == 0


def test_every_count_below_the_threshold_hides_every_non_zero_number_but_a_large_grand_total() -> None:
    table = grid([[1, 2, 0], [3, 4, 1]])
    view = protect(table, k=10).as_dict()
    assert view["cells"] == [[None, None, 0], [None, None, None]]
    assert view["row_totals"] == [None, None]
    assert view["column_totals"] == [None, None, None]
    assert view["grand_total"] == 11
    assert protect(table, k=12).grand_total is None


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({("a", "x"): -1}, "non-negative"),
        ({("a", "x"): 1.5}, "non-negative"),
        ({("b", "x"): 1}, "outside"),
    ],
)
def test_a_malformed_table_is_refused(cells: dict[Any, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Table(rows=("a",), columns=("x",), cells=cells)


def test_threshold_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        suppress(grid([[1]]), k=0)


@BUDGET
@given(tables(), thresholds)
def test_without_the_column_totals_no_hidden_count_can_be_recovered_from_what_is_shown(table: Table, k: int) -> None:
    """Communes side by side, each with its own total and no total of the network: the column totals and the
    grand total are not published, so they are unknowns to the reader too."""
    suppressed = suppress(table, k, column_totals=False)
    assert not suppressed.column_totals
    assert not suppressed.grand_total
    as_read = replace(suppressed, column_totals=frozenset(table.columns), grand_total=True)
    for unknown, (low, high) in possible_range(table, as_read).items():
        if unknown[0] in ("column", "grand"):
            continue  # not published: knowing them is not a disclosure of a small count
        value = true_value(table, unknown)
        assert low <= value - 1 + 1e-6, f"{unknown} = {value} cannot go lower (min {low})"
        assert high >= value + 1 - 1e-6, f"{unknown} = {value} cannot go higher (max {high})"
    view = protect(table, k, column_totals=False)
    assert all(total is None for total in view.column_totals.values())
    assert view.grand_total is None
    assert all(n is None or n == 0 or n >= k for n in [*view.cells.values(), *view.row_totals.values()])
    assert all(table.cells[cell] > 0 for cell in suppressed.cells)


def test_two_communes_one_small_the_large_one_stays_shown_when_the_network_total_is_not() -> None:
    table = grid([[40, 12], [0, 3]])
    view = protect(table, 5, column_totals=False)
    assert dict(view.row_totals) == {"r0": 52, "r1": None}
    assert view.cells["r0", "c0"] == 40
    assert view.cells["r0", "c1"] == 12
    assert view.cells["r1", "c1"] is None
    # With the network's totals published, something of the large commune or of the totals must go too.
    published = protect(table, 5)
    assert None in (published.cells["r0", "c1"], published.column_totals["c1"])
